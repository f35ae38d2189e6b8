"""Writing check-ins: a person answers their own, and a pair's ending opens the closing ones.

The plan and the questions are edited in ``plans``; the scheduled opening, reminders and
missed check-ins are in ``schedule``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.errors import FieldErrors, ServiceError
from remento.core.models import User
from remento.enrollment.models import QuestionKind, scale_label
from remento.people.access import acting_employee
from remento.relationships.checkins.emails import send_checkin_email
from remento.relationships.checkins.models import (
    CheckIn,
    CheckInKind,
    CheckInQuestion,
    CheckInStatus,
    Fit,
)
from remento.relationships.checkins.plans import plans_for
from remento.relationships.checkins.schedule import new_checkins
from remento.relationships.models import Pair, PairStatus

ANSWER_MAX = 4000
REFUSAL = "Only the person a check-in is for may answer it."


def questions_for(*, program_id: int, role: str, kind: str) -> list[CheckInQuestion]:
    """The program's questions asked of ``role`` ("mentor" or "mentee") at a check-in of
    ``kind`` (a ``CheckInKind``), in order."""
    questions = CheckInQuestion.objects.filter(program_id=program_id).order_by("position", "id")
    return [q for q in questions if q.asked_of(role) and q.asked_in(kind)]


def _answer_of(question: CheckInQuestion, value: Any) -> tuple[Any, str, str]:
    """(value, how it reads, error) for one question; an empty answer is (None, "", "")."""
    if value in (None, "", []):
        return None, "", "Answer this question." if question.required else ""
    if question.kind == QuestionKind.SCALE:
        number = int(value) if str(value).isdigit() else 0
        if not 1 <= number <= 5:
            return None, "", "Choose a number from 1 to 5."
        return number, scale_label(number), ""
    if question.kind == QuestionKind.SINGLE:
        if value not in question.choices:
            return None, "", "Choose one of the answers offered."
        return value, str(value), ""
    if question.kind == QuestionKind.MULTIPLE:
        chosen = [v for v in question.choices if v in value]
        if len(chosen) != len(set(value)):
            return None, "", "Choose among the answers offered."
        return chosen, ", ".join(chosen), ""
    text = str(value).strip()
    if len(text) > ANSWER_MAX:
        return None, "", f"Keep it under {ANSWER_MAX} characters."
    return (
        (text, text, "")
        if text
        else (None, "", "Answer this question." if question.required else "")
    )


def _check_answers(
    questions: list[CheckInQuestion], values: Mapping[int, Any]
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    rows, errors = [], {}
    for question in questions:
        value, display, error = _answer_of(question, values.get(question.pk))
        if error:
            errors[f"q{question.pk}"] = error
        elif value is not None:
            rows.append(
                {
                    "question_id": question.pk,
                    "question": question.text,
                    "kind": question.kind,
                    "value": value,
                    "display": display,
                }
            )
    return rows, errors


@transaction.atomic
def checkin_answer(
    *,
    actor: User,
    checkin: CheckIn,
    rating: int | None,
    fit: str = "",
    comments: str = "",
    answers: Mapping[int, Any] | None = None,
    quote_allowed: bool = False,
) -> CheckIn:
    """Answer one's own open check-in: a rating from 1 to 5, whether the pair is a good fit
    (first check-in only), the program's questions for one's role (keyed by question id) and
    free text. The answers go to the program's coordinators only; the partner is not told.
    At a closing check-in, ``quote_allowed`` lets the program's report quote the comments,
    without the person's name (ignored at any other check-in).

    Raises FieldErrors keyed ``rating``, ``fit``, ``comments`` and ``q<question id>``.
    """
    employee = acting_employee(actor)
    locked = (
        CheckIn.objects.select_for_update(of=("self",))
        .select_related("pair__program__organization")
        .get(pk=checkin.pk)
    )
    if employee.pk != locked.employee_id:
        raise PermissionDenied(REFUSAL)
    if locked.status != CheckInStatus.OPEN:
        raise ServiceError(f"This check-in is {locked.get_status_display().lower()}.")
    errors: dict[str, str] = {}
    if rating is None or not 1 <= rating <= 5:
        errors["rating"] = "Rate your relationship from 1 to 5."
    if locked.asks_fit and fit not in Fit.values:
        errors["fit"] = "Say whether the pair is a good fit (or that you are not sure yet)."
    if len(comments.strip()) > ANSWER_MAX:
        errors["comments"] = f"Keep it under {ANSWER_MAX} characters."
    questions = questions_for(program_id=locked.pair.program_id, role=locked.role, kind=locked.kind)
    rows, question_errors = _check_answers(questions, answers or {})
    if errors or question_errors:
        raise FieldErrors(errors | question_errors)
    locked.rating, locked.fit = rating, fit if locked.asks_fit else ""
    locked.comments, locked.answers = comments.strip(), rows
    locked.quote_allowed = bool(quote_allowed) and locked.kind == CheckInKind.CLOSING
    locked.status, locked.answered_at = CheckInStatus.ANSWERED, timezone.now()
    locked.save()
    # The audit trail says that it was answered, never what: answers are the coordinator's.
    audit_log(
        actor=actor,
        organization=locked.pair.program.organization,
        verb="checkin.answered",
        target=locked,
        data={
            "pair": locked.pair_id,
            "kind": locked.kind,
            "number": locked.number,
            "quote_allowed": locked.quote_allowed,
        },
    )
    return locked


def closing_checkins_open(*, pair: Pair) -> list[CheckIn]:
    """Open the closing check-in of both people of ``pair``, which has just ended (call it
    inside the ending's transaction: the emails go once it commits). Check-ins still open
    are no longer asked. Nothing happens when the program's plan asks no closing check-in,
    the pair never started, or they are open already; returns the ones opened now."""
    if pair.status != PairStatus.CLOSED or pair.started_at is None:
        return []
    now = timezone.now()
    CheckIn.objects.filter(pair=pair, status=CheckInStatus.OPEN).exclude(
        kind=CheckInKind.CLOSING
    ).update(status=CheckInStatus.CANCELLED, updated_at=now)
    plan = plans_for([pair.program_id])[pair.program_id]
    if not plan.closing:
        return []
    existing = set(
        CheckIn.objects.filter(pair=pair, kind=CheckInKind.CLOSING).values_list(
            "employee_id", flat=True
        )
    )
    rows = [(pair.pk, pair.mentor_id, pair.mentor.is_active, pair.mentee_id, pair.mentee.is_active)]
    made = [
        checkin
        for checkin in new_checkins(rows, plan=plan, kind=CheckInKind.CLOSING, now=now)
        if checkin.employee_id not in existing
    ]
    for checkin in made:
        checkin.notified_at = now
        checkin.save()
        checkin.pair = pair
        checkin.employee = pair.mentor if checkin.role == "mentor" else pair.mentee
        send_checkin_email(checkin, reminder=0)
    return made


def erase_checkin_answers(sender: Any, *, employee: Any, **kwargs: Any) -> None:
    """An erased person's words go (free text and answers); the ratings stay, anonymous
    with the person, for the program's figures. Receiver of ``people.lifecycle.person_erasing``."""
    CheckIn.objects.filter(employee=employee).update(comments="", answers=[])
