"""Two people with the same name are told apart in every coordinator table: their job title
and department stand beside the name (the run review has its own test in tests/matching)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.people.models import Employee
from remento.programs.models import EnrollmentMode, MatchingMode, Program, Status
from tests.factories import DepartmentFactory, EmployeeFactory
from tests.relationships.builders import enroll, make_module, make_pair, make_program

NAME = "Farid Lee"


@pytest.fixture
def namesakes(coordinator: Employee) -> list[Employee]:
    """Two Farid Lees, mentees by level: a data analyst and a brand designer."""
    organization = coordinator.organization
    return [
        EmployeeFactory(
            organization=organization,
            first_name="Farid",
            last_name="Lee",
            title=title,
            department=DepartmentFactory(organization=organization, name=department),
            email=f"farid.lee{index}@acme.example",
            level=8,
        )
        for index, (title, department) in enumerate(
            [("Data analyst", "Data"), ("Brand designer", "Marketing")]
        )
    ]


def _told_apart(page: str, namesakes: list[Employee]) -> None:
    assert page.count(NAME) >= 2
    for person in namesakes:
        assert person.title in page
        assert person.department is not None
        assert person.department.name in page


def _program(coordinator: Employee, **fields: object) -> Program:
    return make_program(coordinator.organization, **fields)


def test_in_the_directory(coordinator_client: Client, namesakes: list[Employee]) -> None:
    page = coordinator_client.get(reverse("people:directory"), {"q": "Farid"}).content.decode()

    _told_apart(page, namesakes)


def test_among_participants_pairs_and_training_compliance(
    coordinator: Employee, coordinator_client: Client, namesakes: list[Employee]
) -> None:
    program = _program(coordinator)
    for mentee in namesakes:
        mentor = EmployeeFactory(organization=coordinator.organization, level=2)
        make_pair(program, mentor, mentee)
    make_module(program)

    for name in (
        "enrollment:participants",
        "relationships:program_pairs",
        "training:compliance",
    ):
        response = coordinator_client.get(reverse(name, args=[program.pk]))
        assert response.status_code == 200, name
        _told_apart(response.content.decode(), namesakes)


def test_among_applications(
    coordinator: Employee, coordinator_client: Client, namesakes: list[Employee]
) -> None:
    program = _program(
        coordinator, status=Status.RECRUITING, enrollment_mode=EnrollmentMode.APPLICATION
    )
    for person in namesakes:
        Enrollment.objects.create(
            program=program,
            employee=person,
            role=EnrollmentRole.MENTEE,
            status=EnrollmentStatus.APPLIED,
        )

    page = coordinator_client.get(reverse("enrollment:applications", args=[program.pk]))

    _told_apart(page.content.decode(), namesakes)


def test_among_mentees_who_have_not_chosen(
    coordinator: Employee, coordinator_client: Client, namesakes: list[Employee]
) -> None:
    program = _program(coordinator, status=Status.MATCHING, matching_mode=MatchingMode.CHOICE)
    for person in namesakes:
        enroll(program, person, EnrollmentRole.MENTEE)

    page = coordinator_client.get(reverse("matching:requests_overview", args=[program.pk]))

    _told_apart(page.content.decode(), namesakes)


def test_in_the_invitation_preview(
    coordinator: Employee, coordinator_client: Client, namesakes: list[Employee]
) -> None:
    program = _program(coordinator, status=Status.RECRUITING)

    page = coordinator_client.post(
        reverse("enrollment:invite_many", args=[program.pk]),
        {
            "role": "mentee",
            "addresses": "\n".join(person.email for person in namesakes),
            "preview": "1",
        },
    ).content.decode()

    assert "Invite 2 people" in page
    _told_apart(page, namesakes)
