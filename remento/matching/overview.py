"""The coordinator's view of participant choice in one program: requests waiting and
expired, mentees who have not chosen yet, and each mentor's places left.

Each list is a page of rows (``PAGE_SIZE``) read in a fixed number of queries: counts and
"places left" are computed by the database, never row by row in Python, and from indexes
alone: a page of names comes in order from an index ending (sort_name, id, employee), and
each enrolled mentee is tested against the pairs and requests by index probes (the pairs'
(program, mentee, status) and (program, mentor, status) indexes), so that no table row is
read per mentee (docs/performance.md, the requests overview). Takes a program already
fetched through ``program_get_for(manage=True)``, so scoped to the coordinator's
organisation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.matching.models import MentorRequest, Nudge, RequestStatus
from remento.programs.models import Program, Status
from remento.relationships.models import OPEN_PAIR, Pair
from remento.relationships.selectors import open_pair_counts

PAGE_SIZE = 25
# A person is not reminded twice within this time (``services.nudge``).
NUDGE_INTERVAL = timedelta(hours=24)
REQUEST_VIEWS = ("waiting", "expired")
# By the person's name as copied onto the enrolment (``people.sort_names``: last name, then
# first name): an index (program, role and status, sort_name, id, employee) gives a page in
# this order without reading and sorting the whole program.
BY_NAME = ("sort_name", "id")


def waiting_requests(program: Program, *, now: datetime) -> QuerySet[MentorRequest]:
    """Requests still open for an answer, the soonest deadline first."""
    return MentorRequest.objects.filter(
        program=program, status=RequestStatus.PENDING, expires_at__gt=now
    ).order_by("expires_at", "pk")


def expired_requests(program: Program, *, now: datetime) -> QuerySet[MentorRequest]:
    """Requests that ran out unanswered (including any past the deadline that the expiry
    task has not closed yet), the latest first."""
    return MentorRequest.objects.filter(
        Q(status=RequestStatus.EXPIRED) | Q(status=RequestStatus.PENDING, expires_at__lte=now),
        program=program,
    ).order_by("-expires_at", "-pk")


def _pairs_that_count(program: Program) -> Q:
    """The pairs that take a mentee or a mentor's place: the open ones, and once the program
    has closed every pair it made (the page then says where each person stood)."""
    return Q() if program.status == Status.CLOSED else OPEN_PAIR


def mentees_not_chosen(program: Program, *, now: datetime) -> QuerySet[Enrollment]:
    """Enrolled mentees with no pair (an open one, or any once the program has closed) and
    no request waiting for an answer."""
    has_pair = Pair.objects.filter(
        _pairs_that_count(program), program=program, mentee=OuterRef("employee")
    )
    waiting = MentorRequest.objects.filter(
        program=program,
        mentee=OuterRef("employee"),
        status=RequestStatus.PENDING,
        expires_at__gt=now,
    )
    return (
        Enrollment.objects.filter(
            program=program, role=EnrollmentRole.MENTEE, status=EnrollmentStatus.ENROLLED
        )
        .exclude(Exists(has_pair))
        .exclude(Exists(waiting))
        .select_related("employee__department")
        .order_by(*BY_NAME)
    )


def mentor_places(program: Program) -> QuerySet[Enrollment]:
    """Enrolled mentors, by name; ``with_places`` adds their counts to one page of them."""
    return (
        Enrollment.objects.filter(
            program=program, role=EnrollmentRole.MENTOR, status=EnrollmentStatus.ENROLLED
        )
        .select_related("employee__department")
        .order_by(*BY_NAME)
    )


def with_places(
    mentors: Sequence[Enrollment], *, program: Program, now: datetime
) -> list[Enrollment]:
    """Set ``taken`` (pairs: open ones, every one once the program has closed),
    ``places_left`` (capacity less taken, at least 0) and
    ``waiting`` (requests waiting for their answer) on each of ``mentors``: two grouped
    queries for the page, so a far page of a large program costs what the first does
    (per-row subqueries would run for every row skipped before it)."""
    ids = [e.employee_id for e in mentors]
    taken = open_pair_counts(program=program, mentor_ids=ids, pairs=_pairs_that_count(program))
    waiting = dict(
        MentorRequest.objects.filter(
            program=program, mentor_id__in=ids, status=RequestStatus.PENDING, expires_at__gt=now
        )
        .values_list("mentor_id")
        .annotate(n=Count("pk"))
        .values_list("mentor_id", "n")
    )
    rows = list(mentors)
    for enrollment in rows:
        enrollment.taken = taken.get(enrollment.employee_id, 0)  # type: ignore[attr-defined]
        enrollment.waiting = waiting.get(enrollment.employee_id, 0)  # type: ignore[attr-defined]
        enrollment.places_left = max(0, enrollment.capacity - enrollment.taken)  # type: ignore[attr-defined]
    return rows


@dataclass
class RequestsOverview:
    """One page of each list, and who was reminded within ``NUDGE_INTERVAL``."""

    view: str  # "waiting" or "expired"
    requests: Page[MentorRequest]
    waiting_count: int
    expired_count: int
    mentees: Page[Enrollment]
    mentors: Page[Enrollment]


def _last_nudge(program: Program, *, now: datetime, person: str) -> Subquery:
    """When the row's ``person`` was last reminded within ``NUDGE_INTERVAL`` (or None)."""
    return Subquery(
        Nudge.objects.filter(
            program=program,
            employee=OuterRef(person),
            created_at__gt=now - NUDGE_INTERVAL,
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )


def _page(queryset: QuerySet[Any], number: Any) -> Page[Any]:
    return Paginator(queryset, PAGE_SIZE).get_page(number)


def requests_overview(
    *, program: Program, view: str = "waiting", pages: dict[str, Any] | None = None
) -> RequestsOverview:
    """The coordinator's requests page of ``program``: the waiting or the expired requests
    (``view``), the mentees who have not chosen and the mentors' places, each paginated
    (``pages`` maps "requests", "mentees", "mentors" to a page number). A fixed number of
    queries, whatever the size of the program."""
    pages = pages or {}
    now = timezone.now()
    view = view if view in REQUEST_VIEWS else "waiting"
    waiting = waiting_requests(program, now=now)
    expired = expired_requests(program, now=now)
    shown = (
        (waiting if view == "waiting" else expired)
        .select_related("mentee__department", "mentor__department")
        .annotate(mentor_nudged_at=_last_nudge(program, now=now, person="mentor"))
    )
    requests = _page(shown, pages.get("requests"))
    mentees = _page(
        mentees_not_chosen(program, now=now).annotate(
            nudged_at=_last_nudge(program, now=now, person="employee")
        ),
        pages.get("mentees"),
    )
    mentors = _page(mentor_places(program), pages.get("mentors"))
    mentors.object_list = with_places(list(mentors), program=program, now=now)
    return RequestsOverview(
        view=view,
        requests=requests,
        waiting_count=waiting.count() if view != "waiting" else requests.paginator.count,
        expired_count=expired.count() if view != "expired" else requests.paginator.count,
        mentees=mentees,
        mentors=mentors,
    )
