"""Participant choice: a mentee asks a suggested mentor, the mentor accepts or declines.

A mentee has one request waiting at a time (a database constraint). Asking, accepting and
expiring lock the program row first (the lock a bulk publish takes too; see
``services.common`` for the order), so acceptances and publishes racing for a mentor's last
place, or the program's last one under “pairs at once”, are served one after the other and
each counts what the other made. A request left unanswered past ``expires_at`` expires, and
the mentee's next-ranked available mentor is asked on their behalf: a delayed task does it
at the deadline when a worker runs, and ``remento expire-requests`` from cron as a safety
net. Pages only read: they show a request past its deadline as expired, and a mentee who
asks someone else closes their own overdue request first.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
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
    pairs_room,
    program_locked,
    require_choice_mode,
    require_matching_open,
    require_room,
)
from remento.people.models import Employee
from remento.programs.models import PAIRING_STATUSES, Program
from remento.relationships.models import OPEN_PAIR, Pair, PairSource, PairStatus

logger = logging.getLogger(__name__)

MESSAGE_MAX = 2000
# The delayed expiry task runs this long after the deadline, so the request is due by then.
EXPIRY_SLACK = timedelta(seconds=5)


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


def _is_enrolled(*, program: Program, employee: Employee, role: str) -> bool:
    return Enrollment.objects.filter(
        program=program, employee=employee, role=role, status=EnrollmentStatus.ENROLLED
    ).exists()


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


def schedule_expiry(when: datetime) -> bool:
    """Have the task worker expire requests just after ``when``; False (nothing queued) when
    the task backend cannot run work later (the immediate backend of tests): then
    ``remento expire-requests`` from cron expires them."""
    from remento.matching.tasks import expire_requests  # the task module imports this one

    if not expire_requests.get_backend().supports_defer:
        return False
    expire_requests.using(run_after=when + EXPIRY_SLACK).enqueue()
    return True


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
    expires_at = request.expires_at
    transaction.on_commit(lambda: schedule_expiry(expires_at), robust=True)
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

    Refused with a clear ``ServiceError`` when the program is not open for choice or is
    full (“pairs at once”), the mentee already has a mentor or a request waiting, or the
    mentor is not one of their available suggestions (full, asked before, or breaking a
    hard constraint).
    """
    mentee = actor_employee(actor)
    if mentee.organization_id != program.organization_id:
        raise PermissionDenied("This program belongs to another organisation.")
    # The program row first (see services.common): a withdrawal or the program closing
    # meanwhile is seen here, and two tabs of one mentee make one request.
    program = program_locked(program)
    require_matching_open(program)
    require_choice_mode(program)
    _enrolled(program=program, employee=mentee, role=EnrollmentRole.MENTEE, lock=True)
    message = _check_message(message)
    require_room(program)
    if _has_open_pair(program=program, mentee=mentee):
        raise ServiceError("You already have a mentor in this program.")
    pending = MentorRequest.objects.filter(
        program=program, mentee=mentee, status=RequestStatus.PENDING
    ).first()
    if pending is not None and pending.is_overdue:
        _expire_own_overdue(actor=actor, request=pending)
        pending = None
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


def _expire_own_overdue(*, actor: User, request: MentorRequest) -> None:
    """Close the mentee's request left past its deadline before the expiry task reached it:
    the mentee is choosing again themselves, so nobody is asked on their behalf."""
    request = _request_for_update(request)
    _close(request, status=RequestStatus.EXPIRED, now=timezone.now(), response="")
    audit_log(
        actor=actor,
        organization=request.program.organization,
        verb="mentor_request.expire",
        target=request,
        data={"closed_by": "mentee_asking_again"},
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

    The program row is locked first, as a bulk publish does, so racing acceptances and
    publishes never exceed the mentor's capacity or the program's “pairs at once”; both
    enrolments are checked again under it (someone who left the program cannot be paired).
    Once the mentor is full, their other waiting requests are declined and those mentees
    move on to their next choice.
    """
    mentor = actor_employee(actor)
    if mentor.pk != request.mentor_id:
        raise PermissionDenied("Only the mentor asked may answer this request.")
    message = _check_message(message)
    # Lock order (services.common): program, enrolments, requests.
    program = program_locked(request.program)
    enrollment = (
        Enrollment.objects.select_for_update()
        .filter(
            program=program,
            employee=mentor,
            role=EnrollmentRole.MENTOR,
            status=EnrollmentStatus.ENROLLED,
        )
        .first()
    )
    request = _request_for_update(request)
    request.program = program
    require_matching_open(program)
    now = timezone.now()
    _require_pending(request, now)
    if enrollment is None:
        raise ServiceError(
            f"You are no longer enrolled as a mentor in {program.name}, so you cannot accept."
        )
    if not _is_enrolled(program=program, employee=request.mentee, role=EnrollmentRole.MENTEE):
        raise ServiceError(
            f"{request.mentee} is no longer enrolled in {program.name}; there is no one to "
            "pair with. Decline this request."
        )
    taken = Pair.objects.filter(OPEN_PAIR, program=program, mentor=mentor).count()
    if taken >= enrollment.capacity:
        raise ServiceError(
            f"You already mentor {taken} people in {program.name}, your limit; "
            "decline this request or ask the coordinator to raise your capacity."
        )
    if _has_open_pair(program=program, mentee=request.mentee):
        raise ServiceError(f"{request.mentee} has a mentor already; decline this request.")
    require_room(program)
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
        decline_waiting_for_full_mentor(program=program, mentor=mentor)
    return pair


def decline_waiting_for_full_mentor(*, program: Program, mentor: Employee) -> int:
    """Decline the requests still waiting for a mentor who has just become full, telling
    each mentee and moving them on to their next choice; returns how many.

    Call holding the program row: after an acceptance, or a publish that filled the mentor.
    """
    now = timezone.now()
    others = list(
        MentorRequest.objects.select_for_update(of=("self",))
        .select_related("program", "mentor", "mentee")
        .filter(program=program, mentor=mentor, status=RequestStatus.PENDING)
        .order_by("pk")
    )
    for other in others:
        other.program = program
        _close(other, status=RequestStatus.DECLINED, now=now, response="No free place left.")
        _tell_declined(other)
        next_choice(previous=other)
    return len(others)


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

    Call inside a transaction, holding the program row (``program_locked``). Nothing is
    sent when the program is no longer matching, the mentee has a mentor already or left
    the program; when no mentor is available, or the program is full, they are told so.
    """
    program, mentee = previous.program, previous.mentee
    if (
        program.status not in PAIRING_STATUSES
        or program.matching_mode not in ("choice", "hybrid")
        or _has_open_pair(program=program, mentee=mentee)
    ):
        return None
    if not _is_enrolled(program=program, employee=mentee, role=EnrollmentRole.MENTEE):
        return None
    room = pairs_room(program)
    suggestions = (
        adapters.mentee_suggestions(
            program=program,
            mentee=mentee,
            exclude_mentor_ids=already_asked(program=program, mentee=mentee),
            k=1,
        )
        if room is None or room > 0
        else []
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
    never holds many locks; safe to run from the task worker, cron and page loads at once.

    The delayed task that each new request schedules calls it at the deadline, and
    ``remento expire-requests`` from cron; pages never do (they only read).
    """
    now = now or timezone.now()
    due = MentorRequest.objects.filter(status=RequestStatus.PENDING, expires_at__lte=now)
    if program is not None:
        due = due.filter(program=program)
    expired = 0
    for pk, program_id in list(due.values_list("pk", "program_id")):
        with transaction.atomic():
            # The program row first (services.common): the next choice sent below counts
            # free places as an acceptance or a publish would.
            locked = Program.objects.select_for_update().filter(pk=program_id).first()
            request = (
                MentorRequest.objects.select_for_update(of=("self",))
                .select_related("program__organization", "mentor", "mentee")
                .filter(pk=pk, status=RequestStatus.PENDING, expires_at__lte=now)
                .first()
            )
            if request is None or locked is None:  # answered or expired meanwhile
                continue
            request.program = locked
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


@transaction.atomic
def mentor_requests_close_for_leaver(
    *, actor: User | None, program: Program, employee: Employee
) -> list[MentorRequest]:
    """Close the waiting requests of someone who leaves ``program``; returns them.

    Call holding the program row (the withdrawal does). A mentee's own requests are
    withdrawn; requests to a mentor who leaves are cancelled and each mentee moves on to
    their next choice (and is told), as when a mentor has no free place left. The request
    keeps, as its answer, who left, so both people's pages say what happened.
    """
    now = timezone.now()
    requests = list(
        MentorRequest.objects.select_for_update(of=("self",))
        .select_related("program", "mentor", "mentee")
        .filter(program=program, status=RequestStatus.PENDING)
        .filter(Q(mentee=employee) | Q(mentor=employee))
        .order_by("pk")
    )
    left = f"{employee.display_name} left the program."
    for request in requests:
        request.program = program
        if request.mentee_id == employee.pk:
            _close(request, status=RequestStatus.WITHDRAWN, now=now, response=left)
        else:
            _close(request, status=RequestStatus.CANCELLED, now=now, response=left)
        audit_log(
            actor=actor,
            organization=program.organization,
            verb="mentor_request.close",
            target=request,
            data={"status": request.status, "left": employee.pk},
        )
    for request in requests:
        if request.status == RequestStatus.CANCELLED:
            next_choice(previous=request)
    return requests


def mentor_requests_close_for_program(*, actor: User | None, program: Program) -> int:
    """Expire every waiting request of a program that closes; returns how many.

    Call holding the program row (the transition to Closed does). Nobody is asked next:
    the program makes no more pairs.
    """
    requests = list(
        MentorRequest.objects.select_for_update(of=("self",)).filter(
            program=program, status=RequestStatus.PENDING
        )
    )
    now = timezone.now()
    for request in requests:
        _close(
            request,
            status=RequestStatus.EXPIRED,
            now=now,
            response="The program closed before this request was answered.",
        )
    if requests:
        audit_log(
            actor=actor,
            organization=program.organization,
            verb="mentor_request.close_all",
            target=program,
            data={"expired": [request.pk for request in requests]},
        )
    return len(requests)
