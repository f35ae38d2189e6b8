"""Participant choice: a mentee asks a suggested mentor, the mentor accepts or declines.

A mentee has one request waiting at a time (a database constraint). Accepting locks the
mentor's enrolment row, so two acceptances at once cannot take more mentees than the
mentor's capacity. A request left unanswered past ``expires_at`` expires, and the mentee's
next-ranked available mentor is asked on their behalf.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.errors import ServiceError
from remento.core.models import User
from remento.core.notifications import notify
from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.matching import adapters
from remento.matching.models import MentorRequest, RequestStatus
from remento.matching.services.common import (
    actor_employee,
    require_choice_mode,
    require_matching_open,
)
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.models import OPEN_PAIR, Pair, PairSource, PairStatus

logger = logging.getLogger(__name__)

MESSAGE_MAX = 2000


def _enrolled(*, program: Program, employee: Employee, role: str, lock: bool = False) -> Enrollment:
    queryset = Enrollment.objects.filter(
        program=program, employee=employee, role=role, status=EnrollmentStatus.ENROLLED
    )
    if lock:
        queryset = queryset.select_for_update()
    enrollment = queryset.first()
    if enrollment is None:
        raise ServiceError(f"{employee} is not enrolled as a {role} in {program.name}.")
    return enrollment


def _check_message(message: str) -> str:
    message = message.strip()
    if len(message) > MESSAGE_MAX:
        raise ServiceError(f"message: keep it under {MESSAGE_MAX} characters.")
    return message


def _has_open_pair(*, program: Program, mentee: Employee) -> bool:
    return Pair.objects.filter(OPEN_PAIR, program=program, mentee=mentee).exists()


def already_asked(*, program: Program, mentee: Employee) -> set[int]:
    """Mentors this mentee asked before, whatever came of it: never suggested again."""
    return set(
        MentorRequest.objects.filter(program=program, mentee=mentee).values_list(
            "mentor_id", flat=True
        )
    )


def _send(
    *,
    actor: User | None,
    program: Program,
    mentee: Employee,
    suggestion: adapters.SuggestionResult,
    mentor: Employee,
    message: str,
    automatic: bool,
) -> MentorRequest:
    request = MentorRequest.objects.create(
        program=program,
        mentee=mentee,
        mentor=mentor,
        message=message,
        rank=suggestion.rank,
        score=suggestion.score,
        reasons=suggestion.reasons,
        expires_at=timezone.now() + timedelta(days=program.request_expiry_days),
        automatic=automatic,
    )
    notify(
        to=mentor,
        subject=f"{program.name}: {mentee.display_name} asks you to be their mentor",
        template="matching/email/request_received.txt",
        context={"request": request, "program": program, "mentee": mentee},
    )
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="mentor_request.create",
        target=request,
        data={"mentor": mentor.pk, "mentee": mentee.pk, "rank": request.rank, "auto": automatic},
    )
    return request


@transaction.atomic
def mentor_request_create(
    *, actor: User, program: Program, mentor: Employee, message: str = ""
) -> MentorRequest:
    """The signed-in mentee asks ``mentor`` to pair up; the mentor is emailed.

    Refused with a clear ``ServiceError`` when the program is not open for choice, the
    mentee already has a mentor or a request waiting, or the mentor is not one of their
    available suggestions (full, asked before, or breaking a hard constraint).
    """
    mentee = actor_employee(actor)
    if mentee.organization_id != program.organization_id:
        raise PermissionDenied("This program belongs to another organisation.")
    require_matching_open(program)
    require_choice_mode(program)
    # The mentee's own enrolment row serialises their requests: two tabs, one request.
    _enrolled(program=program, employee=mentee, role=EnrollmentRole.MENTEE, lock=True)
    message = _check_message(message)
    if _has_open_pair(program=program, mentee=mentee):
        raise ServiceError("You already have a mentor in this program.")
    pending = MentorRequest.objects.filter(
        program=program, mentee=mentee, status=RequestStatus.PENDING
    ).first()
    if pending is not None:
        raise ServiceError(
            f"You already asked {pending.mentor}; withdraw that request before asking someone "
            "else, or wait for their answer."
        )
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
    return _send(
        actor=actor,
        program=program,
        mentee=mentee,
        suggestion=suggestion,
        mentor=mentor,
        message=message,
        automatic=False,
    )


def _request_for_update(request: MentorRequest) -> MentorRequest:
    return (
        MentorRequest.objects.select_for_update(of=("self",))
        .select_related("program", "mentor", "mentee")
        .get(pk=request.pk)
    )


def _require_pending(request: MentorRequest, now: datetime) -> None:
    if request.status != RequestStatus.PENDING:
        raise ServiceError(f"This request is {request.get_status_display().lower()} already.")
    if request.expires_at <= now:
        raise ServiceError(
            f"This request expired on {timezone.localtime(request.expires_at):%d %b %Y}."
        )


@transaction.atomic
def mentor_request_accept(*, actor: User, request: MentorRequest, message: str = "") -> Pair:
    """The mentor accepts: the pair is created (source choice) and the mentee is emailed.

    The mentor's enrolment row is locked while their free places are counted, so racing
    acceptances never exceed the capacity. Once full, their other waiting requests are
    declined and those mentees move on to their next choice.
    """
    mentor = actor_employee(actor)
    if mentor.pk != request.mentor_id:
        raise PermissionDenied("Only the mentor asked may answer this request.")
    message = _check_message(message)
    program = request.program
    require_matching_open(program)
    # Lock order: the mentor's enrolment first, then requests. Every acceptance for this
    # mentor queues on the enrolment, so none holds a request another one waits for.
    enrollment = _enrolled(program=program, employee=mentor, role=EnrollmentRole.MENTOR, lock=True)
    request = _request_for_update(request)
    now = timezone.now()
    _require_pending(request, now)
    taken = Pair.objects.filter(OPEN_PAIR, program=program, mentor=mentor).count()
    if taken >= enrollment.capacity:
        raise ServiceError(
            f"You already mentor {taken} people in {program.name}, your limit; "
            "decline this request or ask the coordinator to raise your capacity."
        )
    if _has_open_pair(program=program, mentee=request.mentee):
        raise ServiceError(f"{request.mentee} has a mentor already; decline this request.")
    pair = Pair.objects.create(
        program=program,
        mentor=mentor,
        mentee=request.mentee,
        status=PairStatus.LAUNCHING,
        source=PairSource.CHOICE,
        score=request.score,
        reasons=request.reasons,
        created_by=actor,
    )
    request.status = RequestStatus.ACCEPTED
    request.answered_at = now
    request.response = message
    request.pair = pair
    request.save(update_fields=["status", "answered_at", "response", "pair", "updated_at"])
    notify(
        to=request.mentee,
        subject=f"{program.name}: {mentor.display_name} accepted your request",
        template="matching/email/request_accepted.txt",
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
        others = (
            MentorRequest.objects.select_for_update(of=("self",))
            .select_related("program", "mentor", "mentee")
            .filter(program=program, mentor=mentor, status=RequestStatus.PENDING)
        )
        for other in others:
            _close(other, status=RequestStatus.DECLINED, now=now, response="No free place left.")
            _tell_declined(other)
            next_choice(previous=other)
    return pair


def _close(request: MentorRequest, *, status: str, now: datetime, response: str) -> None:
    request.status = status
    request.answered_at = now
    request.response = response
    request.save(update_fields=["status", "answered_at", "response", "updated_at"])


def _tell_declined(request: MentorRequest) -> None:
    notify(
        to=request.mentee,
        subject=f"{request.program.name}: {request.mentor.display_name} declined your request",
        template="matching/email/request_declined.txt",
        context={"request": request, "program": request.program, "mentor": request.mentor},
    )


@transaction.atomic
def mentor_request_decline(*, actor: User, request: MentorRequest, message: str = "") -> None:
    """The mentor declines, optionally saying why; the mentee is emailed and may ask again."""
    request = _request_for_update(request)
    if actor_employee(actor).pk != request.mentor_id:
        raise PermissionDenied("Only the mentor asked may answer this request.")
    message = _check_message(message)
    now = timezone.now()
    _require_pending(request, now)
    _close(request, status=RequestStatus.DECLINED, now=now, response=message)
    _tell_declined(request)
    audit_log(
        actor=actor,
        organization=request.program.organization,
        verb="mentor_request.decline",
        target=request,
    )


@transaction.atomic
def mentor_request_withdraw(*, actor: User, request: MentorRequest) -> None:
    """The mentee takes back a request still waiting for an answer."""
    request = _request_for_update(request)
    if actor_employee(actor).pk != request.mentee_id:
        raise PermissionDenied("Only the mentee who asked may withdraw this request.")
    if request.status != RequestStatus.PENDING:
        raise ServiceError(f"This request is {request.get_status_display().lower()} already.")
    _close(request, status=RequestStatus.WITHDRAWN, now=timezone.now(), response="")
    audit_log(
        actor=actor,
        organization=request.program.organization,
        verb="mentor_request.withdraw",
        target=request,
    )


def next_choice(*, previous: MentorRequest) -> MentorRequest | None:
    """Ask the mentee's next-ranked available mentor on their behalf and tell the mentee.

    Call inside a transaction. Nothing is sent when the mentee has a mentor already, left
    the program, or has no available mentor left (they are told so).
    """
    program, mentee = previous.program, previous.mentee
    if program.matching_mode not in ("choice", "hybrid") or _has_open_pair(
        program=program, mentee=mentee
    ):
        return None
    if not Enrollment.objects.filter(
        program=program,
        employee=mentee,
        role=EnrollmentRole.MENTEE,
        status=EnrollmentStatus.ENROLLED,
    ).exists():
        return None
    suggestions = adapters.mentee_suggestions(
        program=program,
        mentee=mentee,
        exclude_mentor_ids=already_asked(program=program, mentee=mentee),
        k=1,
    )
    request = None
    if suggestions:
        mentor = Employee.objects.get(pk=suggestions[0].mentor_id)
        try:
            with transaction.atomic():
                request = _send(
                    actor=None,
                    program=program,
                    mentee=mentee,
                    suggestion=suggestions[0],
                    mentor=mentor,
                    message=previous.message,
                    automatic=True,
                )
        except IntegrityError:
            # The mentee asked someone themselves in the meantime: their choice stands.
            return None
    subject = (
        f"{program.name}: we asked {request.mentor.display_name} for you"
        if request is not None
        else f"{program.name}: your request to {previous.mentor.display_name} ended"
    )
    notify(
        to=mentee,
        subject=subject,
        template="matching/email/request_moved_on.txt",
        context={"previous": previous, "request": request, "program": program},
    )
    return request


def mentor_requests_expire(*, now: datetime | None = None, program: Program | None = None) -> int:
    """Expire every waiting request past its deadline and move each mentee to their next
    choice; returns how many expired. One short transaction per request, so a long run
    never holds many locks; safe to run from cron and from page loads at once."""
    now = now or timezone.now()
    due = MentorRequest.objects.filter(status=RequestStatus.PENDING, expires_at__lte=now)
    if program is not None:
        due = due.filter(program=program)
    expired = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            request = (
                MentorRequest.objects.select_for_update(of=("self",))
                .select_related("program__organization", "mentor", "mentee")
                .filter(pk=pk, status=RequestStatus.PENDING, expires_at__lte=now)
                .first()
            )
            if request is None:  # answered or expired by someone else meanwhile
                continue
            _close(request, status=RequestStatus.EXPIRED, now=now, response="")
            audit_log(
                actor=None,
                organization=request.program.organization,
                verb="mentor_request.expire",
                target=request,
            )
            next_choice(previous=request)
            expired += 1
    if expired:
        logger.info("expired %d mentor request(s)", expired)
    return expired
