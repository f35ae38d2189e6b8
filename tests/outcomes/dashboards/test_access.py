"""Who reaches the dashboards: the organisation's coordinators and admins; never a
participant, nor anyone of another organisation."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from remento.core.models import Organization
from remento.people.models import Employee
from remento.programs.models import Status
from tests.conftest import client_for
from tests.factories import UserFactory, make_program
from tests.outcomes.kpis.builders import HandMade


def program_url(made: HandMade) -> str:
    return reverse("outcomes:program_dashboard", args=[made.program.pk])


ORGANIZATION_URL = reverse("outcomes:organization_dashboard")


@pytest.mark.parametrize("who", ["coordinator", "admin"])
def test_coordinators_and_admins_open_the_program_dashboard(
    made: HandMade, who: str, request: pytest.FixtureRequest
) -> None:
    employee: Employee = request.getfixturevalue(who)

    response = client_for(employee).get(program_url(made))

    assert response.status_code == 200
    assert made.program.name in response.content.decode()


@pytest.mark.parametrize("who", ["mentor", "mentee"])
def test_participants_are_refused_the_program_dashboard(
    made: HandMade, who: str, request: pytest.FixtureRequest
) -> None:
    employee: Employee = request.getfixturevalue(who)

    assert client_for(employee).get(program_url(made)).status_code == 403


def test_a_mentor_of_the_program_itself_is_refused_its_dashboard(made: HandMade) -> None:
    mentor = made.pairs["a"].mentor
    mentor.user = UserFactory.create(email=mentor.email)
    mentor.save(update_fields=["user"])
    assert client_for(mentor).get(program_url(made)).status_code == 403


def test_another_organisations_coordinator_gets_a_404(made: HandMade, stranger: Employee) -> None:
    assert client_for(stranger).get(program_url(made)).status_code == 404


def test_the_anonymous_are_sent_to_sign_in(made: HandMade) -> None:
    response = Client().get(program_url(made))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_participants_are_refused_the_organisation_dashboard(
    mentor_client: Client, organization: Organization
) -> None:
    assert mentor_client.get(ORGANIZATION_URL).status_code == 403


@pytest.mark.parametrize("who", ["coordinator", "admin"])
def test_coordinators_and_admins_open_the_organisation_dashboard(
    made: HandMade, who: str, request: pytest.FixtureRequest
) -> None:
    response = client_for(request.getfixturevalue(who)).get(ORGANIZATION_URL)

    assert response.status_code == 200
    assert made.program.name in response.content.decode()


def test_another_organisations_coordinator_sees_only_their_own_programs(
    made: HandMade, stranger: Employee
) -> None:
    theirs = make_program(stranger.organization, name="Their own program")

    page = client_for(stranger).get(ORGANIZATION_URL).content.decode()

    assert theirs.name in page
    assert made.program.name not in page


def test_the_results_link_shows_on_active_and_closed_programs_only(
    coordinator_client: Client, organization: Organization
) -> None:
    for status, shown in (
        (Status.ACTIVE, True),
        (Status.CLOSED, True),
        (Status.MATCHING, False),
        (Status.RECRUITING, False),
    ):
        program = make_program(organization, name=f"Program {status}", status=status)
        page = coordinator_client.get(reverse("programs:detail", args=[program.pk]))
        link = f'href="{reverse("outcomes:program_dashboard", args=[program.pk])}"'
        assert (link in page.content.decode()) is shown, status


def test_the_main_menu_offers_results_to_coordinators_only(
    coordinator_client: Client, mentor_client: Client
) -> None:
    link = f'href="{ORGANIZATION_URL}"'

    assert link in coordinator_client.get(reverse("home")).content.decode()
    assert link not in mentor_client.get(reverse("home")).content.decode()
