"""The questionnaire builder: a coordinator writes the questions a program asks at sign-up."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from remento.core.audit import audit_delete, audit_log
from remento.core.errors import FieldErrors, ServiceError
from remento.core.models import User
from remento.enrollment.models import (
    Answer,
    Question,
    QuestionAudience,
    QuestionFeeds,
    QuestionKind,
)
from remento.enrollment.services.rules import HOURS_MAX, HOURS_MIN, MANAGE_REFUSAL
from remento.people.access import coordinator_of
from remento.people.models import Interest, Skill
from remento.programs.models import Program, Status

TEXT_MAX = Question._meta.get_field("text").max_length or 300
HELP_MAX = Question._meta.get_field("help_text").max_length or 300
CHOICE_MAX = 100
INTEREST_MAX = Interest._meta.get_field("name").max_length or 80
# Which kinds of question may feed each criterion (the answer must fit the profile field).
FEEDS_KINDS = {
    QuestionFeeds.SKILLS_WANTED: (QuestionKind.SKILLS,),
    QuestionFeeds.SKILLS_OFFERED: (QuestionKind.SKILLS,),
    QuestionFeeds.INTERESTS: (QuestionKind.SINGLE, QuestionKind.MULTIPLE),
    QuestionFeeds.EXTRAVERSION: (QuestionKind.SCALE,),
    QuestionFeeds.HOURS: (QuestionKind.SINGLE,),
}
# A profile field holds one value: one question per program may set it.
SINGLE_VALUE_FEEDS = (QuestionFeeds.EXTRAVERSION, QuestionFeeds.HOURS)


@dataclass(frozen=True)
class QuestionData:
    """What a question says; ``choices`` for choice questions, ``skills`` (optional) for a
    skill picker, ``position`` None = after the last question."""

    text: str
    kind: str
    required: bool = True
    help_text: str = ""
    audience: str = ""
    choices: Sequence[str] = ()
    skills: Sequence[Skill] = ()
    feeds: str = ""
    position: int | None = None


def _check_choices(data: QuestionData) -> tuple[list[str], dict[str, str]]:
    choices = [c.strip() for c in data.choices if c.strip()]
    if data.kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if choices:
            return [], {
                "choices": "Only single and multiple choice questions have choices; "
                "clear them or change the kind."
            }
        return [], {}
    if len(choices) < 2:
        return choices, {"choices": "Give at least two choices, one per line."}
    if len(set(choices)) != len(choices):
        twice = next(c for c in choices if choices.count(c) > 1)
        return choices, {"choices": f"“{twice}” is listed twice; keep one."}
    longest = INTEREST_MAX if data.feeds == QuestionFeeds.INTERESTS else CHOICE_MAX
    for number, choice in enumerate(choices, start=1):
        if len(choice) > longest:
            return choices, {"choices": f"Choice {number} is longer than {longest} characters."}
    if data.feeds == QuestionFeeds.HOURS:
        for choice in choices:
            if not choice.isdigit() or not HOURS_MIN <= int(choice) <= HOURS_MAX:
                return choices, {
                    "choices": f"Hours choices are whole numbers from {HOURS_MIN} to "
                    f"{HOURS_MAX}; “{choice}” is not."
                }
    return choices, {}


def question_wording_errors(
    *,
    text: str,
    help_text: str,
    kind: str,
    kinds: Collection[str],
    audience: str,
    position: int | None,
) -> dict[str, str]:
    """What is wrong with what every question has (a sign-up question's or a check-in's):
    its words, its help, its kind (one of ``kinds``), who is asked and its position."""
    errors: dict[str, str] = {}
    text = text.strip()
    if not text:
        errors["text"] = "Write the question."
    elif len(text) > TEXT_MAX:
        errors["text"] = f"Keep the question under {TEXT_MAX} characters."
    if len(help_text.strip()) > HELP_MAX:
        errors["help_text"] = f"Keep the help under {HELP_MAX} characters."
    if kind not in kinds:
        errors["kind"] = "Choose the kind of question."
    if audience not in QuestionAudience.values:
        errors["audience"] = "Choose who is asked."
    if position is not None and not 1 <= position <= 999:
        errors["position"] = "The position is a number from 1 to 999."
    return errors


def _validate(
    *, program: Program, data: QuestionData, question: Question | None
) -> tuple[list[str], dict[str, str]]:
    errors = question_wording_errors(
        text=data.text,
        help_text=data.help_text,
        kind=data.kind,
        kinds=QuestionKind.values,
        audience=data.audience,
        position=data.position,
    )
    choices, choice_errors = _check_choices(data)
    errors |= choice_errors
    if data.skills and data.kind != QuestionKind.SKILLS:
        errors["skills"] = "Only a skill picker offers skills; clear them or change the kind."
    elif any(skill.organization_id != program.organization_id for skill in data.skills):
        errors["skills"] = "Choose skills from your organisation's list."
    if data.feeds not in QuestionFeeds.values:
        errors["feeds"] = "Choose what the answer updates."
    elif data.feeds and data.kind not in FEEDS_KINDS[QuestionFeeds(data.feeds)]:
        kinds = " or ".join(
            QuestionKind(k).label.lower() for k in FEEDS_KINDS[QuestionFeeds(data.feeds)]
        )
        errors["feeds"] = f"{QuestionFeeds(data.feeds).label} are asked with a {kinds} question."
    elif data.feeds == QuestionFeeds.HOURS and not errors.get("choices") and not choices:
        errors["choices"] = "Give the hours to choose from, one per line."
    if data.feeds in SINGLE_VALUE_FEEDS:
        others = Question.objects.filter(program=program, feeds=data.feeds)
        if question is not None:
            others = others.exclude(pk=question.pk)
        if others.exists():
            errors["feeds"] = (
                f"Another question already sets {QuestionFeeds(data.feeds).label.lower()}; "
                "a person has one value, so ask it once."
            )
    if question is not None and not errors:
        errors |= _answered_changes(question=question, data=data, choices=choices)
    return choices, errors


def _answered_changes(
    *, question: Question, data: QuestionData, choices: list[str]
) -> dict[str, str]:
    """Changes that would make stored answers meaningless, once people have answered."""
    answered = Answer.objects.filter(question=question).count()
    if not answered:
        return {}
    if data.kind != question.kind:
        return {"kind": f"{answered} people answered already; the kind can no longer change."}
    if data.feeds != question.feeds:
        return {"feeds": f"{answered} people answered already; what it updates is fixed."}
    removed = [c for c in question.choices if c not in choices]
    if removed:
        return {
            "choices": f"{answered} people answered already; “{removed[0]}” can be renamed "
            "only by adding a new question."
        }
    return {}


def _editable(*, actor: User, program: Program) -> None:
    coordinator_of(actor, program.organization_id, refusal=MANAGE_REFUSAL)
    if program.status == Status.CLOSED:
        raise ServiceError(f"{program.name} is closed; its questionnaire stays as it was.")


def _write(
    question: Question,
    data: QuestionData,
    choices: list[str],
    *,
    actor: User,
    program: Program,
    verb: str,
) -> None:
    """Save the question as ``data`` says and record ``verb`` in the audit log."""
    question.text, question.help_text = data.text.strip(), data.help_text.strip()
    question.kind, question.audience, question.feeds = data.kind, data.audience, data.feeds
    question.required, question.choices = data.required, choices
    if data.position is not None:
        question.position = data.position
    question.save()
    question.skills.set(data.skills)
    audit_log(
        actor=actor,
        organization=program.organization,
        verb=verb,
        target=question,
        data={"text": question.text, "kind": question.kind, "feeds": question.feeds},
    )


@transaction.atomic
def question_create(*, actor: User, program: Program, data: QuestionData) -> Question:
    """Add a question to the program's questionnaire (at ``data.position``, else last).

    Raises FieldErrors keyed by field (text, kind, choices, skills, feeds, ...).
    """
    _editable(actor=actor, program=program)
    choices, errors = _validate(program=program, data=data, question=None)
    if errors:
        raise FieldErrors(errors)
    last = Question.objects.filter(program=program).aggregate(last=Max("position"))["last"]
    question = Question(program=program, position=(last or 0) + 1)
    _write(question, data, choices, actor=actor, program=program, verb="question.created")
    return question


@transaction.atomic
def question_update(*, actor: User, question: Question, data: QuestionData) -> Question:
    """Change a question; once answered, its kind, what it feeds and its existing choices
    stay fixed (the answers would lose their meaning)."""
    program = question.program
    _editable(actor=actor, program=program)
    question = Question.objects.select_for_update().get(pk=question.pk)
    choices, errors = _validate(program=program, data=data, question=question)
    if errors:
        raise FieldErrors(errors)
    _write(question, data, choices, actor=actor, program=program, verb="question.updated")
    return question


@transaction.atomic
def question_delete(*, actor: User, question: Question) -> None:
    """Remove a question nobody has answered yet (answers are part of people's records)."""
    program = question.program
    _editable(actor=actor, program=program)
    answered = Answer.objects.filter(question=question).count()
    if answered:
        raise ServiceError(
            f"{answered} people answered “{question.text}”; it cannot be removed. Make it "
            "optional instead, or ask for something new in another question."
        )
    audit_delete(
        actor=actor,
        organization=program.organization,
        verb="question.deleted",
        target=question,
        data={"text": question.text},
    )
