"""Who sees health: the program's coordinators see the board and nudge; the pair's two people
see their own pair's state and reasons (never the check-in answers); anyone else, and every
other organisation, gets nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from remento.core.models import Organization
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.health.models import NudgeSent
from remento.relationships.health.services import nudge_send, nudge_template_update
from remento.relationships.models import Pair
from tests.conftest import client_for
from tests.factories import employee_with_login, user_of
from tests.relationships.health.conftest import checkin, meeting, new_pair, start


@pytest.fixture
def rated(pair: Pair) -> Pair:
    start(pair, days_ago=60)
    meeting(pair, days_ago=3)
    checkin(pair, pair.mentee, rating=1, fit="no")
    return pair


def coordinator_urls(program: Program, pair: Pair) -> list[tuple[str, str]]:
    return [
        ("get", reverse("relationships:health_board", args=[program.pk])),
        ("get", reverse("relationships:health_nudge_template", args=[program.pk])),
        ("post", reverse("relationships:health_nudge_state", args=[program.pk])),
        ("post", reverse("relationships:health_nudge_pair", args=[program.pk, pair.pk])),
    ]


def test_participants_may_not_open_the_board_or_nudge(
    program: Program, rated: Pair, mentor_client: Client, mentee_client: Client
) -> None:
    for client in (mentor_client, mentee_client):
        for method, url in coordinator_urls(program, rated):
            response = getattr(client, method)(url, {"state": "at_risk"})
            assert response.status_code == 403, url
    assert not NudgeSent.objects.exists()


def test_another_organisation_gets_a_404(program: Program, rated: Pair, stranger: Employee) -> None:
    client = client_for(stranger)
    for method, url in coordinator_urls(program, rated):
        assert getattr(client, method)(url, {"state": "at_risk"}).status_code == 404, url
    pair_page = reverse("relationships:pair_health", args=[rated.pk])
    assert client.get(pair_page).status_code == 404


def test_a_pair_of_another_program_cannot_be_nudged_from_this_one(
    organization: Organization, program: Program, rated: Pair, coordinator_client: Client
) -> None:
    other = Program.objects.create(organization=organization, name="Other", status="active")
    url = reverse("relationships:health_nudge_pair", args=[other.pk, rated.pk])
    assert coordinator_client.post(url).status_code == 404


def test_services_refuse_a_coordinator_of_another_organisation(
    program: Program, rated: Pair, stranger: Employee
) -> None:
    with pytest.raises(PermissionDenied):
        nudge_send(actor=user_of(stranger), program=program, pair_ids=[rated.pk])
    with pytest.raises(PermissionDenied):
        nudge_template_update(actor=user_of(stranger), program=program, subject="x", body="y")


def test_the_pair_sees_its_state_without_the_confidential_check_ins(
    rated: Pair, mentor_client: Client, mentee_client: Client, coordinator_client: Client
) -> None:
    url = reverse("relationships:pair_health", args=[rated.pk])
    for client in (mentor_client, mentee_client):
        page = client.get(url).content.decode()
        assert "How the pair is doing" in page
        assert "Meeting rhythm" in page
        assert "rated it" not in page
        assert "not a good fit”." not in page
        assert "confidential to your coordinator" in page
        assert "Low rating" not in page
    coordinator_page = coordinator_client.get(url).content.decode()
    assert "Martin Senior rated it 1/5" in coordinator_page
    assert "At risk" in coordinator_page


def test_the_pair_page_loads_its_health(rated: Pair, mentor_client: Client) -> None:
    detail = mentor_client.get(reverse("relationships:pair_detail", args=[rated.pk]))
    assert reverse("relationships:pair_health", args=[rated.pk]) in detail.content.decode()
    fragment = mentor_client.get(
        reverse("relationships:pair_health", args=[rated.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" not in fragment
    assert 'id="health"' in fragment


def test_another_participant_cannot_see_a_pairs_health(
    organization: Organization, program: Program, rated: Pair
) -> None:
    other = new_pair(program, organization, "Else")
    outsider = employee_with_login(organization=organization, email="else@acme.example", level=2)
    url = reverse("relationships:pair_health", args=[rated.pk])
    assert client_for(outsider).get(url).status_code == 404
    assert other.pk != rated.pk


def test_the_program_nav_links_the_board_for_coordinators(
    program: Program, rated: Pair, coordinator_client: Client, mentor_client: Client
) -> None:
    detail = reverse("programs:detail", args=[program.pk])
    board = reverse("relationships:health_board", args=[program.pk])
    assert board in coordinator_client.get(detail).content.decode()
    assert board not in mentor_client.get(detail).content.decode()


def test_a_coordinator_in_a_pair_sees_no_confidential_facts_of_it(
    organization: Organization, program: Program, coordinator: Employee, mentee: Employee
) -> None:
    """A coordinator who mentors in the program sees their own pair as its people do."""
    own = start(new_pair(program, organization, "Own"), days_ago=60)
    own.mentor = coordinator
    own.save()
    meeting(own, days_ago=3)
    checkin(own, own.mentee, rating=1, fit="no")
    page = (
        client_for(coordinator)
        .get(reverse("relationships:health_board", args=[program.pk]))
        .content.decode()
    )
    assert "rated it 1/5" not in page
    assert "Mentee: —" in page
