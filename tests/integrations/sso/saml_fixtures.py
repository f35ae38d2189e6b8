"""Fixtures of the SAML tests: a test identity provider per organisation, and a saved SAML
connection to it. Imported by the test modules (``from ... import *`` of fixtures)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from remento.core.models import Organization
from remento.integrations.sso.models import SsoConnection
from remento.integrations.sso.saml.services import SamlSettings, saml_connection_save
from remento.people.models import Employee
from tests.factories import user_of
from tests.integrations.sso.saml_idp import MISSING_XMLSEC, XMLSEC, SamlTestIdp


@pytest.fixture
def idp(tmp_path: Path) -> Iterator[SamlTestIdp]:
    """The identity provider of the organisation ``acme``."""
    if XMLSEC is None:
        pytest.skip(MISSING_XMLSEC)
    with SamlTestIdp(tmp_path / "idp-a") as running:
        yield running


@pytest.fixture
def other_idp(tmp_path: Path) -> Iterator[SamlTestIdp]:
    """The identity provider of another organisation."""
    if XMLSEC is None:
        pytest.skip(MISSING_XMLSEC)
    with SamlTestIdp(tmp_path / "idp-b") as running:
        yield running


def connect(
    admin: Employee, idp: SamlTestIdp, *, enabled: bool = True, **values: object
) -> SsoConnection:
    """Save ``admin``'s organisation's SAML connection to ``idp`` (metadata by URL)."""
    settings = SamlSettings(idp_metadata_url=idp.entity_id, enabled=enabled, **values)  # type: ignore[arg-type]
    return saml_connection_save(
        actor=user_of(admin), organization=admin.organization, values=settings
    )


def start_sign_in(client: Client, organization: Organization) -> str:
    """Ask Remento to start a sign-in; the AuthnRequest it sends (HTTP-Redirect's
    ``SAMLRequest``) from the redirect's location."""
    response = client.get(f"/sso/saml/{organization.slug}/login/")
    assert response.status_code == 302, response.content[:500]
    query = parse_qs(urlsplit(response["Location"]).query)
    return query["SAMLRequest"][0]
