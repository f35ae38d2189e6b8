"""Sending a mentor request and moving a mentee on: shared by the participant's requests
(``services.requests``) and the requests that end unanswered (``services.expiry``).

Call every function here inside a transaction holding the program row
(``remento.programs.locks.program_lock``): the free places counted for a next choice are
then those an acceptance or a publish would count.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.models import User
from remento.core.notifications import notify
from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.matching import adapters
from remento.matching.models import MentorRequest, RequestStatus
from remento.matching.services.common import CHOICE_MODES, pairs_room
from remento.matching.signals import mentor_request_sent
from remento.people.models import Employee
from remento.programs.models import PAIRING_STATUSES, Program
from remento.relationships.models import OPEN_PAIR, Pair


def already_asked(*, program: Program, mentee: Employee) -> set[int]:
    """Mentors this mentee asked before, whatever came of it: never suggested again."""
    return set(
        MentorRequest.objects.filter(program=program, mentee=mentee).values_list(
            "mentor_id", flat=True
        )
    )


def is_enrolled(*, program: Program, employee: Employee, role: str) -> bool:
    return Enrollment.objects.filter(
        program=program, employee=employee, role=role, status=EnrollmentStatus.ENROLLED
    ).exists()


def has_open_pair(*, program: Program, mentee: Employee) -> bool:
    return Pair.objects.filter(OPEN_PAIR, program=program, mentee=mentee).exists()


def request_for_update(request: MentorRequest) -> MentorRequest:
    """The request re-read under a row lock, with its program and both people."""
    return (
        MentorRequest.objects.select_for_update(of=("self",))
        .select_related("program", "mentor", "mentee")
        .get(pk=request.pk)
    )


def request_send(
    *,
    actor: User | None,
    program: Program,
    mentee: Employee,
    suggestion: adapters.SuggestionResult,
    mentor: Employee,
    message: str,
    automatic: bool,
) -> MentorRequest:
    """Create the request with its deadline, email the mentor and audit it; the task module
    schedules its expiry on ``mentor_request_sent``."""
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
    mentor_request_sent.send(sender=MentorRequest, request=request)
    notify(
        to=mentor,
        template="matching/email/request_received",
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


def request_close(
    request: MentorRequest,
    *,
    status: str,
    now: datetime,
    response: str,
    pair: Pair | None = None,
) -> None:
    """End a waiting request with ``status`` and the answer (or reason) ``response``; an
    accepted one also keeps the ``pair`` it made."""
    request.status = status
    request.answered_at = now
    request.response = response
    fields = ["status", "answered_at", "response", "updated_at"]
    if pair is not None:
        request.pair = pair
        fields.append("pair")
    request.save(update_fields=fields)


def tell_declined(request: MentorRequest) -> None:
    notify(
        to=request.mentee,
        template="matching/email/request_declined",
        context={"request": request, "program": request.program, "mentor": request.mentor},
    )


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
        request_close(other, status=RequestStatus.DECLINED, now=now, response="No free place left.")
        tell_declined(other)
        next_choice(previous=other)
    return len(others)


def _next_suggestion(*, program: Program, mentee: Employee) -> adapters.SuggestionResult | None:
    """The mentee's best available mentor not asked before; None when none is, or when
    the program has no free place under its “pairs at once”."""
    room = pairs_room(program)
    if room is not None and room <= 0:
        return None
    suggestions = adapters.mentee_suggestions(
        program=program,
        mentee=mentee,
        exclude_mentor_ids=already_asked(program=program, mentee=mentee),
        k=1,
    )
    return suggestions[0] if suggestions else None


def next_choice(*, previous: MentorRequest) -> MentorRequest | None:
    """Ask the mentee's next-ranked available mentor on their behalf and tell the mentee.

    Call inside a transaction, holding the program row (``program_lock``). Nothing is
    sent when the program is no longer matching, the mentee has a mentor already or left
    the program; when no mentor is available, or the program is full, they are told so.
    """
    program, mentee = previous.program, previous.mentee
    if (
        program.status not in PAIRING_STATUSES
        or program.matching_mode not in CHOICE_MODES
        or has_open_pair(program=program, mentee=mentee)
        or not is_enrolled(program=program, employee=mentee, role=EnrollmentRole.MENTEE)
    ):
        return None
    suggestion = _next_suggestion(program=program, mentee=mentee)
    request = None
    if suggestion is not None:
        try:
            with transaction.atomic():
                request = request_send(
                    actor=None,
                    program=program,
                    mentee=mentee,
                    suggestion=suggestion,
                    mentor=Employee.objects.get(pk=suggestion.mentor_id),
                    message=previous.message,
                    automatic=True,
                )
        except IntegrityError:
            # The mentee asked someone themselves in the meantime: their choice stands.
            return None
    notify(
        to=mentee,
        template="matching/email/request_moved_on",
        context={"previous": previous, "request": request, "program": program},
    )
    return request
