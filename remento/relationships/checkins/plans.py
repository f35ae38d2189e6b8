"""A program's check-in plan and questions: made with the defaults on first use, edited by
the organisation's coordinators (the questionnaire builder's rules, for check-ins)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max

from remento.core.audit import audit_delete, audit_log
from remento.core.errors import FieldErrors, ServiceError
from remento.core.models import User
from remento.enrollment.models import QuestionAudience, QuestionKind
from remento.enrollment.services.questions import question_wording_errors
from remento.people.access import coordinator_of
from remento.programs.models import Program, Status
from remento.relationships.checkins.models import (
    CHECKIN_KINDS,
    EVERY_DAYS_MAX,
    EVERY_DAYS_MIN,
    REMIND_DAYS_MAX,
    REMIND_DAYS_MIN,
    CheckInPlan,
    CheckInQuestion,
    QuestionMoment,
)

MANAGE_REFUSAL = "Only coordinators of this organisation may change its check-ins."
CHOICE_MAX = 100

# The seed's three questions (step 6, "Review and measure"), asked while the pair runs until
# a coordinator changes them: the mentee on the experience and on progress, the mentor on
# support. The closing check-in asks the same looking back.
DEFAULT_QUESTIONS: tuple[dict[str, Any], ...] = (
    {
        "text": "How is the experience going so far?",
        "help_text": "What works, what surprised you, what you would change.",
        "kind": QuestionKind.TEXT,
        "audience": QuestionAudience.MENTEE,
        "asked_at": QuestionMoment.DURING,
        "required": True,
    },
    {
        "text": "Are you getting closer to the goals you set together?",
        "help_text": "",
        "kind": QuestionKind.SCALE,
        "audience": QuestionAudience.MENTEE,
        "asked_at": QuestionMoment.DURING,
        "required": True,
    },
    {
        "text": "What support, if any, would help you make this pair more effective?",
        "help_text": "Training, time, advice on a conversation, anything your coordinator can do.",
        "kind": QuestionKind.TEXT,
        "audience": QuestionAudience.MENTOR,
        "asked_at": QuestionMoment.DURING,
        "required": False,
    },
    {
        "text": "Looking back, what did the experience give you?",
        "help_text": "What you use now, what surprised you, what you would have changed.",
        "kind": QuestionKind.TEXT,
        "audience": QuestionAudience.MENTEE,
        "asked_at": QuestionMoment.CLOSING,
        "required": True,
    },
    {
        "text": "How close did you come to the goals you set together?",
        "help_text": "",
        "kind": QuestionKind.SCALE,
        "audience": QuestionAudience.MENTEE,
        "asked_at": QuestionMoment.CLOSING,
        "required": True,
    },
    {
        "text": "What support would have made this pair more effective?",
        "help_text": "For the program's next round: training, time, anything your coordinator "
        "could have done.",
        "kind": QuestionKind.TEXT,
        "audience": QuestionAudience.MENTOR,
        "asked_at": QuestionMoment.CLOSING,
        "required": False,
    },
)


def plans_for(program_ids: Iterable[int]) -> dict[int, CheckInPlan]:
    """Each program's plan, made with the defaults (and the default questions) for programs
    that have none yet. Two queries, three more when some are new."""
    wanted = set(program_ids)
    plans = {plan.program_id: plan for plan in CheckInPlan.objects.filter(program_id__in=wanted)}
    missing = sorted(wanted - plans.keys())
    if missing:
        CheckInPlan.objects.bulk_create(
            [CheckInPlan(program_id=pk) for pk in missing], ignore_conflicts=True
        )
        CheckInQuestion.objects.bulk_create(
            [
                CheckInQuestion(program_id=pk, position=position, **question)
                for pk in missing
                for position, question in enumerate(DEFAULT_QUESTIONS, start=1)
            ]
        )
        plans |= {
            plan.program_id: plan for plan in CheckInPlan.objects.filter(program_id__in=missing)
        }
    return plans


def checkin_plan_for(program: Program) -> CheckInPlan:
    """The program's plan, made with the defaults the first time it is asked for."""
    with transaction.atomic():
        return plans_for([program.pk])[program.pk]


def _editable(*, actor: User, program: Program) -> None:
    coordinator_of(actor, program.organization_id, refusal=MANAGE_REFUSAL)
    if program.status == Status.CLOSED:
        raise ServiceError(f"{program.name} is closed; its check-ins stay as they were.")


@dataclass(frozen=True)
class PlanData:
    after_first_meeting: bool
    every_days: int
    closing: bool
    remind_after_days: int


@transaction.atomic
def checkin_plan_update(*, actor: User, program: Program, data: PlanData) -> CheckInPlan:
    """Change when the program's pairs check in; check-ins already open keep their dates."""
    _editable(actor=actor, program=program)
    errors: dict[str, str] = {}
    if data.every_days != 0 and not EVERY_DAYS_MIN <= data.every_days <= EVERY_DAYS_MAX:
        errors["every_days"] = (
            f"Choose 0 (no regular check-ins) or {EVERY_DAYS_MIN} to {EVERY_DAYS_MAX} days."
        )
    if not REMIND_DAYS_MIN <= data.remind_after_days <= REMIND_DAYS_MAX:
        errors["remind_after_days"] = f"Remind after {REMIND_DAYS_MIN} to {REMIND_DAYS_MAX} days."
    if not errors and not data.after_first_meeting and data.every_days == 0 and not data.closing:
        errors[""] = "Ask at least once: after the first meeting, regularly or at the end."
    if errors:
        raise FieldErrors(errors)
    plan = plans_for([program.pk])[program.pk]
    plan = CheckInPlan.objects.select_for_update().get(pk=plan.pk)
    plan.after_first_meeting, plan.every_days = data.after_first_meeting, data.every_days
    plan.closing, plan.remind_after_days = data.closing, data.remind_after_days
    plan.save()
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="checkin_plan.updated",
        target=program,
        data={
            "after_first_meeting": plan.after_first_meeting,
            "every_days": plan.every_days,
            "closing": plan.closing,
            "remind_after_days": plan.remind_after_days,
        },
    )
    return plan


@dataclass(frozen=True)
class CheckInQuestionData:
    text: str
    kind: str
    audience: str = ""
    asked_at: str = QuestionMoment.EVERY
    required: bool = False
    help_text: str = ""
    choices: Sequence[str] = ()
    position: int | None = None


def _validate(data: CheckInQuestionData) -> tuple[list[str], dict[str, str]]:
    errors = question_wording_errors(
        text=data.text,
        help_text=data.help_text,
        kind=data.kind,
        kinds=CHECKIN_KINDS,
        audience=data.audience,
        position=data.position,
    )
    if data.asked_at not in QuestionMoment.values:
        errors["asked_at"] = "Choose which check-ins ask the question."
    choices = [c.strip() for c in data.choices if c.strip()]
    if data.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if len(choices) < 2:
            errors["choices"] = "Give at least two choices, one per line."
        elif len(set(choices)) != len(choices):
            errors["choices"] = "Each choice once, please: one is listed twice."
        elif any(len(c) > CHOICE_MAX for c in choices):
            errors["choices"] = f"Keep each choice under {CHOICE_MAX} characters."
    elif choices:
        errors["choices"] = "Only single and multiple choice questions have choices."
    return choices, errors


def _write(question: CheckInQuestion, data: CheckInQuestionData, choices: list[str]) -> None:
    question.text, question.help_text = data.text.strip(), data.help_text.strip()
    question.kind, question.audience, question.asked_at = data.kind, data.audience, data.asked_at
    question.required, question.choices = data.required, choices
    if data.position is not None:
        question.position = data.position
    question.save()


@transaction.atomic
def checkin_question_create(
    *, actor: User, program: Program, data: CheckInQuestionData
) -> CheckInQuestion:
    """Add a question to the program's check-ins (last unless ``data.position`` says)."""
    _editable(actor=actor, program=program)
    plans_for([program.pk])
    choices, errors = _validate(data)
    if errors:
        raise FieldErrors(errors)
    last = CheckInQuestion.objects.filter(program=program).aggregate(last=Max("position"))
    question = CheckInQuestion(program=program, position=(last["last"] or 0) + 1)
    _write(question, data, choices)
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="checkin_question.created",
        target=question,
        data={"text": question.text, "kind": question.kind},
    )
    return question


@transaction.atomic
def checkin_question_update(
    *, actor: User, question: CheckInQuestion, data: CheckInQuestionData
) -> CheckInQuestion:
    """Change a question. Answers given already keep the question as it read then."""
    _editable(actor=actor, program=question.program)
    question = CheckInQuestion.objects.select_for_update().get(pk=question.pk)
    choices, errors = _validate(data)
    if errors:
        raise FieldErrors(errors)
    _write(question, data, choices)
    audit_log(
        actor=actor,
        organization=question.program.organization,
        verb="checkin_question.updated",
        target=question,
        data={"text": question.text, "kind": question.kind},
    )
    return question


@transaction.atomic
def checkin_question_delete(*, actor: User, question: CheckInQuestion) -> None:
    """Stop asking a question; answers given already keep it."""
    program = question.program
    _editable(actor=actor, program=program)
    audit_delete(
        actor=actor,
        organization=program.organization,
        verb="checkin_question.deleted",
        target=question,
        data={"text": question.text},
    )
