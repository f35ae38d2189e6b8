"""Break-glass: an admin states a reason before seeing a pair's confidential content."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from remento.core.errors import FieldErrors
from remento.core.models import AuditEvent
from remento.people.models import Employee
from remento.relationships.confidential import VERB, pair_confidential_view
from remento.relationships.models import Pair
from remento.relationships.services import pair_close
from tests.conftest import client_for
from tests.relationships.builders import fill_terms, make_pair

GOALS = "Martin learns to run a retrospective."
REASON = "Complaint HR-2291 about missed meetings."


@pytest.fixture
def secret_pair(pair: Pair, mentor: Employee) -> Pair:
    fill_terms(pair, goals=GOALS)
    pair_close(actor=mentor.user, pair=pair, reason="Personal matters we keep between us.")
    return pair


def _page(client: Client, pair: Pair) -> str:
    response = client.get(reverse("relationships:pair_detail", args=[pair.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_two_people_see_their_confidential_content(
    secret_pair: Pair, mentor: Employee, mentee: Employee
) -> None:
    for person in (mentor, mentee):
        page = _page(client_for(person), secret_pair)
        assert GOALS in page
        assert "Personal matters" in page


def test_an_admin_sees_nothing_confidential_until_stating_a_reason(
    secret_pair: Pair, admin: Employee
) -> None:
    client = client_for(admin)
    page = _page(client, secret_pair)
    assert GOALS not in page
    assert "Personal matters" not in page
    unlock = reverse("relationships:pair_confidential_unlock", args=[secret_pair.pk])
    assert unlock in page

    refused = client.post(unlock, {"reason": "because"})
    assert refused.status_code == 400
    assert not AuditEvent.objects.filter(verb=VERB).exists()
    assert GOALS not in _page(client, secret_pair)

    done = client.post(unlock, {"reason": REASON})

    assert done.status_code == 302
    page = _page(client, secret_pair)
    assert GOALS in page
    assert "Personal matters" in page
    event = AuditEvent.objects.get(verb=VERB)
    assert (event.actor, event.target_id, event.data["reason"]) == (
        admin.user,
        str(secret_pair.pk),
        REASON,
    )


def test_the_access_lasts_for_that_session_and_that_pair_only(
    secret_pair: Pair, admin: Employee, organization: object, program: object
) -> None:
    from tests.factories import EmployeeFactory

    other_pair = make_pair(
        program,  # type: ignore[arg-type]
        EmployeeFactory(organization=organization),
        EmployeeFactory(organization=organization),
    )
    fill_terms(other_pair, goals="The other pair's private goals.")
    client = client_for(admin)
    client.post(
        reverse("relationships:pair_confidential_unlock", args=[secret_pair.pk]),
        {"reason": REASON},
    )

    assert "The other pair's private goals." not in _page(client, other_pair)
    assert GOALS not in _page(client_for(admin), secret_pair)


def test_the_two_people_see_who_looked_when_and_why(
    secret_pair: Pair, admin: Employee, mentee: Employee
) -> None:
    client_for(admin).post(
        reverse("relationships:pair_confidential_unlock", args=[secret_pair.pk]),
        {"reason": REASON},
    )

    page = _page(client_for(mentee), secret_pair)

    assert "opened this pair" in page
    assert admin.display_name in page
    assert REASON in page


def test_a_coordinator_neither_sees_the_content_nor_may_break_the_glass(
    secret_pair: Pair, coordinator: Employee
) -> None:
    client = client_for(coordinator)
    page = _page(client, secret_pair)
    assert GOALS not in page
    assert "Personal matters" not in page
    unlock = reverse("relationships:pair_confidential_unlock", args=[secret_pair.pk])
    assert client.get(unlock).status_code == 404
    assert client.post(unlock, {"reason": REASON}).status_code == 404
    with pytest.raises(PermissionDenied):
        pair_confidential_view(actor=coordinator.user, pair=secret_pair, reason=REASON)


def test_members_and_strangers_cannot_break_the_glass(
    secret_pair: Pair, mentor: Employee, stranger: Employee
) -> None:
    unlock = reverse("relationships:pair_confidential_unlock", args=[secret_pair.pk])
    assert client_for(mentor).get(unlock).status_code == 404
    assert client_for(stranger).post(unlock, {"reason": REASON}).status_code == 404
    assert not AuditEvent.objects.filter(verb=VERB).exists()


def test_the_reason_must_say_something(secret_pair: Pair, admin: Employee) -> None:
    with pytest.raises(FieldErrors):
        pair_confidential_view(actor=admin.user, pair=secret_pair, reason="   why   ")
