"""Requests that end unanswered: past their deadline (``remento expire-requests`` and the
delayed task each request schedules), when someone leaves the program, when it closes.

Each takes the program row first (``remento.programs.locks.program_lock``), so the next
choice sent on a mentee's behalf counts free places as an acceptance or a publish would.
Pages never expire anything: they show a request past its deadline as expired.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.models import User
from remento.matching.models import MentorRequest, RequestStatus
from remento.matching.services.sending import next_choice, request_close
from remento.people.models import Employee
from remento.programs.locks import program_lock
from remento.programs.models import Program

logger = logging.getLogger(__name__)


def mentor_requests_expire(*, now: datetime | None = None, program: Program | None = None) -> int:
    """Expire every waiting request past its deadline and move each mentee to their next
    choice; returns how many expired. One short transaction per request, so a long run
    never holds many locks; safe to run from the task worker and cron at once.

    The delayed task that each new request schedules calls it at the deadline, and
    ``remento expire-requests`` from cron; pages never do (they only read).
    """
    now = now or timezone.now()
    due = MentorRequest.objects.filter(status=RequestStatus.PENDING, expires_at__lte=now)
    if program is not None:
        due = due.filter(program=program)
    expired = 0
    for pk, program_id in list(due.values_list("pk", "program_id")):
        if _expire_one(pk=pk, program_id=program_id, now=now):
            expired += 1
    if expired:
        logger.info("expired %d mentor request(s)", expired)
    return expired


@transaction.atomic
def _expire_one(*, pk: int, program_id: int, now: datetime) -> bool:
    """Expire one request if it still waits past its deadline, and ask the mentee's next
    choice; False when it was answered or expired meanwhile."""
    try:
        locked = program_lock(program_id)
    except Program.DoesNotExist:  # deleted meanwhile, with its requests
        return False
    request = (
        MentorRequest.objects.select_for_update(of=("self",))
        .select_related("program__organization", "mentor", "mentee")
        .filter(pk=pk, status=RequestStatus.PENDING, expires_at__lte=now)
        .first()
    )
    if request is None:
        return False
    request.program = locked
    request_close(request, status=RequestStatus.EXPIRED, now=now, response="")
    audit_log(
        actor=None,
        organization=locked.organization,
        verb="mentor_request.expire",
        target=request,
    )
    next_choice(previous=request)
    return True


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
            request_close(request, status=RequestStatus.WITHDRAWN, now=now, response=left)
        else:
            request_close(request, status=RequestStatus.CANCELLED, now=now, response=left)
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
        request_close(
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
