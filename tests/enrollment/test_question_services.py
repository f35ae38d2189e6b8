from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from remento.core.errors import FieldErrors, ServiceError
from remento.enrollment.models import Question
from remento.enrollment.services import (
    QuestionData,
    question_create,
    question_delete,
    question_update,
)
from remento.programs.models import Program, Status
from tests.enrollment.conftest import submit
from tests.factories import OrganizationFactory, SkillFactory


def _create(coordinator, program: Program, **fields) -> Question:
    data = {"text": "Which tools would you like to learn?", "kind": "skills", **fields}
    return question_create(actor=coordinator.user, program=program, data=QuestionData(**data))


def test_questions_are_added_in_order(program: Program, coordinator, ai_skill) -> None:
    first = _create(coordinator, program, feeds="skills_wanted", skills=[ai_skill])
    second = _create(
        coordinator, program, text="Team", kind="single", choices=["Red ", "Blue", " "]
    )

    assert (first.position, second.position) == (1, 2)
    assert list(first.skills.all()) == [ai_skill]
    assert second.choices == ["Red", "Blue"]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"text": " "}, "text", "Write the question."),
        ({"kind": "essay"}, "kind", "Choose the kind of question."),
        ({"kind": "single", "choices": ["Only"]}, "choices", "Give at least two choices"),
        ({"kind": "single", "choices": ["A", "A"]}, "choices", "“A” is listed twice"),
        ({"kind": "text", "choices": ["A", "B"]}, "choices", "Only single and multiple"),
        ({"kind": "scale", "feeds": "skills_wanted"}, "feeds", "asked with a skill picker"),
        ({"kind": "text", "feeds": "extraversion"}, "feeds", "asked with a scale from 1 to 5"),
        (
            {"kind": "single", "feeds": "hours_per_month", "choices": ["2", "lots"]},
            "choices",
            "“lots” is not",
        ),
        ({"feeds": "shoe_size"}, "feeds", "Choose what the answer updates."),
        ({"audience": "boss"}, "audience", "Choose who is asked."),
        ({"position": 0}, "position", "from 1 to 999"),
    ],
)
def test_bad_questions_say_what_is_wrong_and_write_nothing(
    program: Program, coordinator, fields, field, message
) -> None:
    with pytest.raises(FieldErrors) as caught:
        _create(coordinator, program, **fields)

    assert message in caught.value.errors[field]
    assert not Question.objects.exists()


def test_skills_of_another_organisation_are_refused(program: Program, coordinator) -> None:
    foreign = SkillFactory(organization=OrganizationFactory(slug="else"), name="X", slug="x")

    with pytest.raises(FieldErrors) as caught:
        _create(coordinator, program, skills=[foreign])
    assert caught.value.errors == {"skills": "Choose skills from your organisation's list."}


def test_one_question_per_program_sets_extraversion(program: Program, coordinator) -> None:
    _create(coordinator, program, text="Outgoing?", kind="scale", feeds="extraversion")

    with pytest.raises(FieldErrors, match="Another question already sets"):
        _create(coordinator, program, text="Again?", kind="scale", feeds="extraversion")


def test_an_answered_question_keeps_its_kind_and_choices(
    program: Program, coordinator, mentee
) -> None:
    question = _create(coordinator, program, text="Team", kind="single", choices=["A", "B"])
    submit(mentee, program, answers={question.pk: "A"})

    base = {"text": "Team?", "kind": "single", "choices": ["A", "B", "C"]}
    updated = question_update(actor=coordinator.user, question=question, data=QuestionData(**base))
    assert (updated.text, updated.choices) == ("Team?", ["A", "B", "C"])

    for change, field in (
        ({"kind": "text", "choices": []}, "kind"),
        ({"choices": ["B", "C"]}, "choices"),
    ):
        with pytest.raises(FieldErrors) as caught:
            question_update(
                actor=coordinator.user, question=question, data=QuestionData(**{**base, **change})
            )
        assert "1 people answered already" in caught.value.errors[field]


def test_an_answered_question_cannot_be_deleted(program: Program, coordinator, mentee) -> None:
    question = _create(coordinator, program, text="Why?", kind="text")
    submit(mentee, program, answers={question.pk: "Curious"})

    with pytest.raises(ServiceError, match="1 people answered"):
        question_delete(actor=coordinator.user, question=question)
    assert Question.objects.exists()


def test_an_unanswered_question_is_deleted(program: Program, coordinator) -> None:
    question = _create(coordinator, program, text="Why?", kind="text")

    question_delete(actor=coordinator.user, question=question)

    assert not Question.objects.exists()


def test_participants_and_strangers_cannot_edit_questionnaires(
    program: Program, mentee, stranger
) -> None:
    for actor in (mentee, stranger):
        with pytest.raises(PermissionDenied):
            _create(actor, program)


def test_a_closed_programs_questionnaire_is_frozen(program: Program, coordinator) -> None:
    Program.objects.filter(pk=program.pk).update(status=Status.CLOSED)
    program.refresh_from_db()

    with pytest.raises(ServiceError, match="is closed"):
        _create(coordinator, program)
