"""The enrolment pages take as many queries for 3N rows as for N (see tests/queries.py)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from remento.core.models import Organization
from remento.enrollment.models import Answer, EnrollmentStatus, Question, QuestionKind
from remento.people.models import Employee
from remento.programs.models import EnrollmentMode, Status
from tests.factories import EmployeeFactory, EnrollmentFactory, PairFactory, make_program
from tests.queries import queries_do_not_grow


def test_my_programs_page(
    organization: Organization,
    mentor: Employee,
    mentee: Employee,
    mentor_client: Client,
    django_assert_num_queries: Any,
) -> None:
    """Per round: a program the mentor is paired in, one they wait for, one open to join."""

    def grow(count: int) -> None:
        for _ in range(count):
            active = make_program(organization, "launching", name=f"Active {_grow_id()}")
            EnrollmentFactory(program=active, employee=mentor, role="mentor")
            PairFactory(program=active, mentor=mentor, mentee=mentee)
            full = make_program(organization, "signup", name=f"Full {_grow_id()}", max_pairs=1)
            EnrollmentFactory(
                program=full,
                employee=mentor,
                role="mentor",
                status=EnrollmentStatus.WAITLISTED,
                waitlisted_at=timezone.now(),
            )
            make_program(organization, "signup", name=f"Open {_grow_id()}")

    response = queries_do_not_grow(
        mentor_client, reverse("enrollment:my_programs"), grow, django_assert_num_queries
    )
    content = response.content.decode()
    assert content.count("Active ") >= 6
    assert content.count("Open ") >= 6


def test_the_applications_page(
    organization: Organization, coordinator_client: Client, django_assert_num_queries: Any
) -> None:
    """Each application with its answers to two questions."""
    program = make_program(
        organization, "signup", enrollment_mode=EnrollmentMode.APPLICATION, status=Status.RECRUITING
    )
    questions = [
        Question.objects.create(
            program=program, text=f"Question {n}", kind=QuestionKind.TEXT, position=n
        )
        for n in (1, 2)
    ]

    def grow(count: int) -> None:
        for _ in range(count):
            person = EmployeeFactory(organization=organization, last_name=f"Applicant{_grow_id()}")
            enrollment = EnrollmentFactory(
                program=program, employee=person, role="mentee", status=EnrollmentStatus.APPLIED
            )
            for question in questions:
                Answer.objects.create(
                    enrollment=enrollment, question=question, value="Yes", display="Yes"
                )

    response = queries_do_not_grow(
        coordinator_client,
        reverse("enrollment:applications", args=[program.pk]),
        grow,
        django_assert_num_queries,
    )
    assert response.content.decode().count("Applicant") >= 6


_counter = iter(range(1_000_000))


def _grow_id() -> int:
    return next(_counter)
