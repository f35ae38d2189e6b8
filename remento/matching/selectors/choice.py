"""Reading participant choice: a mentee's choices and requests, a mentor's inbox.

Participant selectors take the participant and show only their own requests; they only
read: a request past its deadline reads as expired until the expiry task closes it. Query
counts do not grow with the number of mentors or requests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.matching import adapters
from remento.matching.cards import MentorCard, mentee_wants_prefetch, mentor_cards
from remento.matching.models import MentorRequest
from remento.matching.services.common import pairs_room
from remento.matching.services.sending import already_asked
from remento.people.models import Employee, SkillOffer
from remento.programs.access import program_get_for
from remento.programs.models import Program
from remento.relationships.models import OPEN_PAIR, Pair
from remento.relationships.selectors import open_pair_counts

SUGGESTIONS_SHOWN = 10


def choice_program_get_for(*, viewer: Employee, program_pk: Any, enrolled: bool = False) -> Program:
    """A program whose choice pages the viewer may open: 404 for anyone else.

    The viewer must be a mentee of the program (any step of their enrolment, so they can
    follow their requests; coordinators of its organisation too). With ``enrolled=True``,
    to ask a mentor or see one by id, only an enrolled mentee passes: nobody else can list
    the program's mentors by trying ids.
    """
    program = program_get_for(viewer=viewer, program_pk=program_pk)
    own = Enrollment.objects.filter(program=program, employee=viewer, role=EnrollmentRole.MENTEE)
    if enrolled:
        own = own.filter(status=EnrollmentStatus.ENROLLED)
    elif viewer.is_coordinator:
        return program
    if not own.exists():
        raise Http404("Not a mentee of this program.")
    return program


@dataclass
class MenteeChoice:
    """A mentee's choice page: where they stand, and whom they may ask."""

    enrollment: Enrollment | None
    pair: Pair | None
    pending: MentorRequest | None
    history: list[MentorRequest]
    suggestions: list[tuple[Employee, adapters.SuggestionResult]]
    program_full: bool = False
    cards: list[MentorCard] = field(default_factory=list)


def _requests(queryset: QuerySet[MentorRequest]) -> QuerySet[MentorRequest]:
    return queryset.select_related("mentor__department", "mentee__department", "program")


def mentee_choice(*, program: Program, mentee: Employee) -> MenteeChoice:
    """The mentee's own enrolment, pair, waiting request, past requests and suggestions.

    Reads only: a request past its deadline that the expiry task has not closed yet reads
    as expired (never as waiting), and asking someone else closes it. When the program is
    full (“pairs at once”) no mentor is suggested and ``program_full`` says so. Each
    suggestion comes with its card (``cards.mentor_cards``), in a fixed number of queries.
    """
    enrollment = Enrollment.objects.filter(
        program=program, employee=mentee, role=EnrollmentRole.MENTEE
    ).first()
    pair = (
        Pair.objects.filter(OPEN_PAIR, program=program, mentee=mentee)
        .select_related("mentor")
        .first()
    )
    history = list(_requests(MentorRequest.objects.filter(program=program, mentee=mentee)))
    pending = next((r for r in history if r.status == "pending" and not r.is_overdue), None)
    cards: list[MentorCard] = []
    full = pairs_room(program) == 0
    if (
        enrollment is not None
        and enrollment.status == EnrollmentStatus.ENROLLED
        and pair is None
        and pending is None
        and not full
    ):
        found = adapters.mentee_suggestions(
            program=program,
            mentee=mentee,
            exclude_mentor_ids=already_asked(program=program, mentee=mentee),
            k=SUGGESTIONS_SHOWN,
        )
        cards = mentor_cards(
            program=program,
            mentee=mentee,
            mentee_timezone=enrollment.timezone or mentee.timezone,
            suggestions=found,
        )
    return MenteeChoice(
        enrollment=enrollment,
        pair=pair,
        pending=pending,
        history=history,
        suggestions=[(card.mentor, card.suggestion) for card in cards],
        program_full=full,
        cards=cards,
    )


@dataclass
class MentorInbox:
    enrollment: Enrollment | None
    pending: list[MentorRequest]
    answered: list[MentorRequest]
    mentees: int
    capacity: int
    # What the mentor teaches: the mentee's wanted skills among them are highlighted.
    teaches: set[str] = field(default_factory=set)


def mentor_inbox(*, program: Program, mentor: Employee) -> MentorInbox:
    """Requests to ``mentor`` in ``program``: waiting ones first, then the answered, each
    with what the mentee wants to learn; a fixed number of queries.

    Reads only: a request past its deadline that the expiry task has not closed yet is
    listed with the answered ones, as expired, and cannot be accepted.
    """
    enrollment = Enrollment.objects.filter(
        program=program, employee=mentor, role=EnrollmentRole.MENTOR
    ).first()
    rows = list(
        _requests(MentorRequest.objects.filter(program=program, mentor=mentor))
        .prefetch_related(mentee_wants_prefetch())
        .order_by("expires_at", "id")
    )
    waiting = [r for r in rows if r.status == "pending" and not r.is_overdue]
    return MentorInbox(
        enrollment=enrollment,
        pending=waiting,
        answered=[r for r in rows if r not in waiting],
        mentees=open_pair_counts(program=program, mentor_ids=[mentor.pk]).get(mentor.pk, 0),
        capacity=enrollment.capacity if enrollment else 0,
        teaches=set(
            SkillOffer.objects.filter(employee=mentor).values_list("skill__name", flat=True)
        ),
    )


def mentor_request_get_for(*, viewer: Employee, request_pk: Any) -> MentorRequest:
    """A request the viewer made or received (404 for anyone else, coordinators included:
    the message is between the two people)."""
    return get_object_or_404(
        _requests(MentorRequest.objects.filter(Q(mentee=viewer) | Q(mentor=viewer))),
        pk=request_pk,
    )
