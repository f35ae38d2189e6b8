"""scim2-tester's compliance checks against /scim/v2/, in process through Django's WSGI
application (scim2-client's WSGI engine): discovery, a random URL, and for Users and Groups
creation, reads (with ``attributes`` / ``excludedAttributes``), PUT, DELETE and PATCH add,
remove and replace of every attribute the schemas publish."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from typing import Annotated, Any

import pytest
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from pydantic import EmailStr, Field
from scim2_client.engines.wsgi import WSGISCIMClient
from scim2_models import Required, ResourceType, ScimProvider
from scim2_tester import Status, check_server

from remento.integrations.scim.resources import (
    PROVIDER,
    EnterpriseUser,
    Group,
    RementoUser,
    User,
    WorkEmail,
)
from tests.integrations.scim.conftest import Scim


class _FreshAcmeAddresses(list[str]):
    """Examples for the tester's email values: each pick a new address of Acme's domain.

    The tester makes up addresses at random domains, which Remento refuses by design (a
    person's email must be of the organisation's domains, as the import has it); it takes a
    field's examples instead when the model gives some."""

    def __len__(self) -> int:
        return 1_000_000

    def __getitem__(self, index: Any) -> Any:
        return f"{uuid.uuid4().hex}@acme.example"


class _AcmeEmail(WorkEmail):
    value: Annotated[EmailStr | None, Required.true] = Field(None, examples=_FreshAcmeAddresses())


class _AcmeUser(User):
    emails: Annotated[list[_AcmeEmail] | None, Required.true] = None  # type: ignore[assignment]


@pytest.fixture
def in_process() -> Iterator[Any]:
    """Django's WSGI application, its connection kept open between requests (as the test
    client does) so that the test's transaction holds everything."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_scim2_tester_finds_no_failure(scim: Scim, in_process: Any) -> None:
    user_type = ResourceType.from_resource(
        _AcmeUser[  # type: ignore[misc]
            Annotated[EnterpriseUser, Required.true] | Annotated[RementoUser, Required.true]
        ]
    )
    client = WSGISCIMClient(
        in_process,
        base_url="http://testserver/scim/v2",
        headers={"Authorization": f"Bearer {scim.secret}"},
        provider=ScimProvider(
            models=[_AcmeUser, EnterpriseUser, RementoUser, Group],
            resource_types=[user_type, *PROVIDER.resource_types[1:]],
            policy=PROVIDER.policy,
        ),
    )
    results = check_server(client)

    failures = [r for r in results if r.status in (Status.ERROR, Status.CRITICAL)]
    assert not failures, "\n".join(f"{r.title} ({r.resource_type}): {r.reason}" for r in failures)
    statuses = Counter(r.status.name for r in results)
    # Every check ran and succeeded: none skipped, none merely acceptable.
    assert statuses == {"SUCCESS": len(results)}, statuses
