"""Participant choice: a mentee asks a suggested mentor, the mentor accepts or declines, the
mentee may withdraw.

A mentee has one request waiting at a time (a database constraint). Asking and accepting
lock the program row first (``remento.programs.locks.program_lock``, the lock a bulk publish
takes too), so acceptances and publishes racing for a mentor's last place, or the program's
last one under “pairs at once”, are served one after the other and each counts what the
other made. Requests that end unanswered (past their deadline, someone leaving, the program
closing) are ``services.expiry``'s; pages only read: they show a request past its deadline as
expired, and a mentee who asks someone else closes their own overdue request first.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.errors import ServiceError
from remento.core.models import User
from remento.core.notifications import notify
from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.matching import adapters
from remento.matching.models import MentorRequest, RequestStatus
from remento.matching.services.common import (
    require_choice_mode,
    require_matching_open,
    require_room,
)
from remento.matching.services.sending import (
    already_asked,
    decline_waiting_for_full_mentor,
    has_open_pair,
    is_enrolled,
    request_close,
    request_for_update,
    request_send,
    tell_declined,
)
from remento.people.access import acting_employee, member_of
from remento.people.models import Employee
from remento.programs.locks import program_lock
from remento.programs.models import Program
from remento.relationships.models import Pair, PairSource
from remento.relationships.selectors import open_pair_counts
from remento.relationships.services import pair_create

MESSAGE_MAX = 2000
MENTOR_ONLY = "Only the mentor asked may answer this request."


def _check_message(message: str) -> str:
    message = message.strip()
    if len(message) > MESSAGE_MAX:
        raise ServiceError(f"message: keep it under {MESSAGE_MAX} characters.")
    return message


def _enrolled_mentor(*, program: Program, mentor: Employee) -> Enrollment | None:
    """The mentor's enrolment, locked (the lock order: program, then enrolments)."""
    return (
        Enrollment.objects.select_for_update()
        .filter(
            program=program,
            employee=mentor,
            role=EnrollmentRole.MENTOR,
            status=EnrollmentStatus.ENROLLED,
        )
        .first()
    )


@transaction.atomic
def mentor_request_create(
    *, actor: User, program: Program, mentor: Employee, message: str = ""
) -> MentorRequest:
    """The signed-in mentee asks ``mentor`` to pair up; the mentor is emailed.

    Refused with a clear ``ServiceError`` when the program is not open for choice or is
    full (“pairs at once”), the mentee already has a mentor or a request waiting, or the
    mentor is not one of their available suggestions (full, asked before, or breaking a
    hard constraint).
    """
    mentee = member_of(
        actor, program.organization_id, refusal="This program belongs to another organisation."
    )
    # The program row first: a withdrawal or the program closing meanwhile is seen here,
    # and two tabs of one mentee make one request.
    program = program_lock(program)
    require_matching_open(program)
    require_choice_mode(program)
    enrollment = (
        Enrollment.objects.select_for_update()
        .filter(program=program, employee=mentee, role=EnrollmentRole.MENTEE)
        .filter(status=EnrollmentStatus.ENROLLED)
        .first()
    )
    if enrollment is None:
        raise ServiceError(f"{mentee} is not enrolled as a mentee in {program.name}.")
    message = _check_message(message)
    require_room(program)
    if has_open_pair(program=program, mentee=mentee):
        raise ServiceError("You already have a mentor in this program.")
    _clear_own_pending(actor=actor, program=program, mentee=mentee)
    suggestions = adapters.mentee_suggestions(
        program=program,
        mentee=mentee,
        exclude_mentor_ids=already_asked(program=program, mentee=mentee),
    )
    suggestion = next((s for s in suggestions if s.mentor_id == mentor.pk), None)
    if suggestion is None:
        raise ServiceError(
            f"{mentor} is not among your available mentors: they may be full, you may have "
            "asked them before, or the program's rules keep you apart."
        )
    return request_send(
        actor=actor,
        program=program,
        mentee=mentee,
        suggestion=suggestion,
        mentor=mentor,
        message=message,
        automatic=False,
    )


def _clear_own_pending(*, actor: User, program: Program, mentee: Employee) -> None:
    """Refuse while the mentee's own request waits; one left past its deadline before the
    expiry task reached it is closed here instead: the mentee is choosing again themselves,
    so nobody is asked on their behalf."""
    pending = MentorRequest.objects.filter(
        program=program, mentee=mentee, status=RequestStatus.PENDING
    ).first()
    if pending is None:
        return
    if not pending.is_overdue:
        raise ServiceError(
            f"You already asked {pending.mentor}; withdraw that request before asking someone "
            "else, or wait for their answer."
        )
    pending = request_for_update(pending)
    request_close(pending, status=RequestStatus.EXPIRED, now=timezone.now(), response="")
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="mentor_request.expire",
        target=pending,
        data={"closed_by": "mentee_asking_again"},
    )


def _require_pending(request: MentorRequest, now: datetime) -> None:
    if request.status != RequestStatus.PENDING:
        raise ServiceError(f"This request is {request.get_status_display().lower()} already.")
    if request.expires_at <= now:
        raise ServiceError(
            f"This request expired on {timezone.localtime(request.expires_at):%d %b %Y}."
        )


def _acceptable(
    *, program: Program, request: MentorRequest, enrollment: Enrollment | None, now: datetime
) -> tuple[Enrollment, int]:
    """Check, under the locks, that the mentor may accept now: the request waits, both are
    still enrolled, the mentor has a free place, the mentee no mentor and the program room.
    Returns the mentor's enrolment and how many mentees they have now."""
    require_matching_open(program)
    _require_pending(request, now)
    if enrollment is None:
        raise ServiceError(
            f"You are no longer enrolled as a mentor in {program.name}, so you cannot accept."
        )
    if not is_enrolled(program=program, employee=request.mentee, role=EnrollmentRole.MENTEE):
        raise ServiceError(
            f"{request.mentee} is no longer enrolled in {program.name}; there is no one to "
            "pair with. Decline this request."
        )
    taken = open_pair_counts(program=program, mentor_ids=[request.mentor_id]).get(
        request.mentor_id, 0
    )
    if taken >= enrollment.capacity:
        raise ServiceError(
            f"You already mentor {taken} people in {program.name}, your limit; "
            "decline this request or ask the coordinator to raise your capacity."
        )
    if has_open_pair(program=program, mentee=request.mentee):
        raise ServiceError(f"{request.mentee} has a mentor already; decline this request.")
    require_room(program)
    return enrollment, taken


@transaction.atomic
def mentor_request_accept(*, actor: User, request: MentorRequest, message: str = "") -> Pair:
    """The mentor accepts: the pair is created (source choice) and the mentee is emailed.

    The program row is locked first, as a bulk publish does, so racing acceptances and
    publishes never exceed the mentor's capacity or the program's “pairs at once”; both
    enrolments are checked again under it (someone who left the program cannot be paired).
    Once the mentor is full, their other waiting requests are declined and those mentees
    move on to their next choice.
    """
    mentor = acting_employee(actor)
    if mentor.pk != request.mentor_id:
        raise PermissionDenied(MENTOR_ONLY)
    message = _check_message(message)
    # The lock order of remento.programs.locks: program, enrolments, then the request.
    program = program_lock(request.program)
    enrollment = _enrolled_mentor(program=program, mentor=mentor)
    request = request_for_update(request)
    request.program = program
    now = timezone.now()
    enrollment, taken = _acceptable(
        program=program, request=request, enrollment=enrollment, now=now
    )
    pair = pair_create(
        actor=actor,
        program=program,
        mentor=mentor,
        mentee=request.mentee,
        source=PairSource.CHOICE,
        score=request.score,
        reasons=request.reasons,
    )
    request_close(request, status=RequestStatus.ACCEPTED, now=now, response=message, pair=pair)
    notify(
        to=request.mentee,
        template="matching/email/request_accepted",
        context={"request": request, "program": program, "mentor": mentor},
    )
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="mentor_request.accept",
        target=request,
        data={"pair": pair.pk},
    )
    if taken + 1 >= enrollment.capacity:
        decline_waiting_for_full_mentor(program=program, mentor=mentor)
    return pair


@transaction.atomic
def mentor_request_decline(*, actor: User, request: MentorRequest, message: str = "") -> None:
    """The mentor declines, optionally saying why; the mentee is emailed and may ask again."""
    request = request_for_update(request)
    if acting_employee(actor).pk != request.mentor_id:
        raise PermissionDenied(MENTOR_ONLY)
    message = _check_message(message)
    now = timezone.now()
    _require_pending(request, now)
    request_close(request, status=RequestStatus.DECLINED, now=now, response=message)
    tell_declined(request)
    audit_log(
        actor=actor,
        organization=request.program.organization,
        verb="mentor_request.decline",
        target=request,
    )


@transaction.atomic
def mentor_request_withdraw(*, actor: User, request: MentorRequest) -> None:
    """The mentee takes back a request still waiting for an answer."""
    request = request_for_update(request)
    if acting_employee(actor).pk != request.mentee_id:
        raise PermissionDenied("Only the mentee who asked may withdraw this request.")
    if request.status != RequestStatus.PENDING:
        raise ServiceError(f"This request is {request.get_status_display().lower()} already.")
    request_close(request, status=RequestStatus.WITHDRAWN, now=timezone.now(), response="")
    audit_log(
        actor=actor,
        organization=request.program.organization,
        verb="mentor_request.withdraw",
        target=request,
    )
