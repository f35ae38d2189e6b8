"""No export reveals what coordinators may not read: notes, confidential terms, a meeting's
words, safe-way-out requests, sensitive attributes, another organisation's rows."""

from __future__ import annotations

import pytest
from django.test import Client

from remento.enrollment.models import Enrollment
from remento.people.models import Employee
from remento.relationships.models import PairStatus
from tests.conftest import client_for
from tests.factories import EmployeeFactory, OrganizationFactory, make_pair, make_program
from tests.outcomes.exports.conftest import CHECKIN_WORDS, NEVER, World, _checkin
from tests.outcomes.exports.helpers import SLUGS, column, download, rows_of, xlsx_text


def _text(data: bytes, fmt: str) -> str:
    return data.decode("utf-8") if fmt == "csv" else xlsx_text(data)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("slug", SLUGS)
def test_no_export_contains_a_note_confidential_field_or_sensitive_attribute(
    world: World, coordinator_client: Client, slug: str, fmt: str
) -> None:
    text = _text(download(coordinator_client, world.program, slug, fmt), fmt)

    leaked = [what for what, marker in NEVER.items() if marker in text]
    assert leaked == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_check_in_export_holds_the_answers_coordinators_read(
    world: World, coordinator_client: Client, fmt: str
) -> None:
    rows = rows_of(download(coordinator_client, world.program, "checkins", fmt), fmt)

    assert column(rows, "Anything else") == [CHECKIN_WORDS]
    assert column(rows, "Name") == ["Martin Senior"]


def test_a_coordinator_in_a_pair_gets_no_check_in_of_their_own_pair(
    world: World, coordinator: Employee, coordinator_client: Client
) -> None:
    their_mentor = EmployeeFactory.create(organization=world.program.organization, level=2)
    own_pair = make_pair(world.program, their_mentor, coordinator, status=PairStatus.ACTIVE)
    _checkin(own_pair, their_mentor, "mentor", comments="Said about my own mentee.", rating=1)

    rows = rows_of(download(coordinator_client, world.program, "checkins", "csv"), "csv")

    assert column(rows, "Pair id") == [str(world.pair.pk)]
    assert "Said about my own mentee." not in str(rows)


def test_another_organisations_people_are_never_exported(
    world: World, coordinator_client: Client
) -> None:
    other = OrganizationFactory.create(name="Other Corp", slug="other")
    outsider = EmployeeFactory.create(organization=other, first_name="Oscar", last_name="Out")
    # A row that should not exist (another organisation's person enrolled here) is left out.
    Enrollment.objects.create(
        program=world.program, employee=outsider, role="mentor", status="enrolled"
    )
    theirs = make_program(other, "launching")
    make_pair(
        theirs,
        EmployeeFactory.create(organization=other, first_name="Olga", level=2),
        EmployeeFactory.create(organization=other, first_name="Otto", level=9),
    )

    for slug in SLUGS:
        text = download(coordinator_client, world.program, slug, "csv").decode()
        assert [name for name in ("Oscar", "Olga", "Otto") if name in text] == [], slug


def test_another_organisations_coordinator_cannot_export_our_program(
    world: World, stranger: Employee
) -> None:
    client = client_for(stranger)
    for slug in SLUGS:
        response = client.get(f"/outcomes/programs/{world.program.pk}/exports/{slug}.csv")
        assert response.status_code == 404
