"""A scale answer reads with its meaning ("4 — Quite a lot"), never as a bare number."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from remento.enrollment.forms import _question_field
from remento.enrollment.models import (
    Answer,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Question,
    QuestionKind,
)
from remento.enrollment.services.answers import clean_answers
from remento.people.models import Employee
from remento.programs.models import EnrollmentMode, Program
from tests.enrollment.conftest import make_program, person


def _scale(program: Program) -> Question:
    return Question.objects.create(
        program=program, text="How much do you use chat tools?", kind=QuestionKind.SCALE
    )


def test_the_coordinator_reads_a_scale_answer_with_its_label(
    coordinator: Employee, coordinator_client: Client
) -> None:
    program = make_program(coordinator.organization, enrollment_mode=EnrollmentMode.APPLICATION)
    question = _scale(program)
    applicant = person(coordinator.organization, "Farid", 2)
    enrollment = Enrollment.objects.create(
        program=program,
        employee=applicant,
        role=EnrollmentRole.MENTOR,
        status=EnrollmentStatus.APPLIED,
    )
    # Saved before scales had labels: the display is the bare number.
    Answer.objects.create(enrollment=enrollment, question=question, value=4, display="4")

    page = coordinator_client.get(reverse("enrollment:applications", args=[program.pk])).text

    assert "<dd>4 — Quite a lot</dd>" in page


def test_a_new_scale_answer_is_saved_with_its_label_and_offered_with_labels(
    coordinator: Employee,
) -> None:
    program = make_program(coordinator.organization)
    question = _scale(program)

    cleaned, errors = clean_answers(
        questions=[question], answers={question.pk: "1"}, organization_id=program.organization_id
    )
    field = _question_field(question, [])

    assert errors == {}
    assert cleaned[question.pk].display == "1 — Not at all"
    assert list(field.choices)[4] == ("5", "5 — Very much")  # type: ignore[attr-defined]
