"""The one search over people (remento.people.search): the same people for the same words
on SQLite and PostgreSQL, in every search box (directory, roles, nominate, participants),
and never anyone of another organisation."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole
from remento.people.models import Employee
from remento.people.selectors import DirectoryFilters, employee_search
from remento.programs.models import EnrollmentMode
from tests.conftest import client_for
from tests.factories import EmployeeFactory, OrganizationFactory, enroll, make_program


@pytest.fixture
def people(organization: Organization) -> dict[str, Employee]:
    """A small company whose names, emails, titles and ids exercise every search rule."""
    rows = {
        "ana": ("Ana", "Lindqvist", "", "ana.lindqvist@acme.example", "Data Analyst", "AC-100"),
        "bo": ("Robert", "Anderson", "Bo", "bo@acme.example", "Head of Sales", "AC-101"),
        "cy": ("Cyrus", "O'Neil", "", "c.oneil@acme.example", "Analyst_2 (temp)", "ac-1000"),
        "di": ("Diana", "Percival", "", "diana@acme.example", "100% remote lead", "AC-102"),
        "ed": ("Ed", "Sanderson", "", "ed.s@acme.example", "", "AC-103"),
    }
    return {
        key: EmployeeFactory.create(
            organization=organization,
            first_name=first,
            last_name=last,
            preferred_name=preferred,
            email=email,
            title=title,
            employee_id=employee_id,
        )
        for key, (first, last, preferred, email, title, employee_id) in rows.items()
    }


# (words typed, who is found): the same on SQLite and on PostgreSQL.
EXPECTED = [
    ("anders", {"bo", "ed"}),  # inside a surname, either case
    ("ANDERSON", {"bo", "ed"}),
    ("bo", {"bo"}),  # the preferred name (and nothing else contains "bo")
    ("analyst", {"ana", "cy"}),  # the job title
    ("acme.example", {"ana", "bo", "cy", "di", "ed"}),  # the email
    ("lindqvist@", {"ana"}),
    ("ac-100", {"ana"}),  # an employee id matches whole, case aside: not "ac-1000"
    ("AC-1000", {"cy"}),
    ("ac-10", set()),  # part of an id finds nobody by the id
    ("ana analyst", {"ana", "cy"}),  # every word must match, each anywhere
    ("lindqvist analyst", {"ana"}),
    ("ana sales", set()),
    ("o'neil", {"cy"}),
    ("_", {"cy"}),  # LIKE's wildcards are searched as written
    ("100%", {"di"}),
    ("%", {"di"}),
    ("  di   ", {"di"}),  # spaces around words do not count
    ("zzz", set()),
]


@pytest.mark.parametrize(("text", "found"), EXPECTED)
def test_the_search_finds_the_same_people_on_every_database(
    coordinator: Employee, people: dict[str, Employee], text: str, found: set[str]
) -> None:
    results = employee_search(viewer=coordinator, filters=DirectoryFilters(text=text))
    ours = {person.pk for person in people.values()}  # leaves out the personas
    assert {person.pk for person in results} & ours == {people[key].pk for key in found}


@pytest.fixture
def twin(db: None) -> Employee:
    """Someone of another organisation with the same name, email words and title."""
    other = OrganizationFactory.create(name="Other Corp", slug="other-search")
    return EmployeeFactory.create(
        organization=other,
        first_name="Ana",
        last_name="Lindqvist",
        email="ana.lindqvist@other.example",
        title="Data Analyst",
        employee_id="AC-100",
    )


def test_the_directory_search_shows_our_person_and_never_the_twin_of_another_organisation(
    coordinator_client: Client, people: dict[str, Employee], twin: Employee
) -> None:
    for text in ("lindqvist", "AC-100", "analyst", "ana"):
        response = coordinator_client.get(reverse("people:directory"), {"q": text})
        listed = {person.pk for person in response.context["page"].rows}
        assert people["ana"].pk in listed
        assert twin.pk not in listed


def test_the_roles_search_finds_by_title_and_id_and_never_another_organisation(
    admin: Employee, people: dict[str, Employee], twin: Employee
) -> None:
    client = client_for(admin)
    for text in ("data analyst", "ac-100"):
        response = client.get(reverse("people:role_list"), {"q": text})
        assert [person.pk for person in response.context["page"].rows] == [people["ana"].pk]


def test_the_nominate_search_finds_by_title_and_id_and_never_another_organisation(
    organization: Organization,
    coordinator_client: Client,
    people: dict[str, Employee],
    twin: Employee,
) -> None:
    program = make_program(organization, "signup", enrollment_mode=EnrollmentMode.NOMINATION)
    url = reverse("enrollment:nominate", args=[program.pk])
    for text in ("data analyst", "AC-100", "lindqvist"):
        candidates = coordinator_client.get(url, {"q": text}).context["candidates"]
        assert [candidate.employee.pk for candidate in candidates] == [people["ana"].pk]


def test_the_participants_search_uses_the_same_rules(
    organization: Organization,
    coordinator_client: Client,
    people: dict[str, Employee],
    twin: Employee,
) -> None:
    program = make_program(organization, "signup")
    for person in people.values():
        enroll(program, person, EnrollmentRole.MENTOR)
    url = reverse("enrollment:participants", args=[program.pk])
    for text, found in EXPECTED:
        rows = coordinator_client.get(url, {"q": text}).context["overview"].rows
        assert {row.employee_id for row in rows} == {people[key].pk for key in found}, text
