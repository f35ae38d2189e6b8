"""Reading enrolments: a program's participants for its coordinators, a person's own
programs, and the people a coordinator may invite.

Every selector stays inside one organisation and issues a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Subquery, prefetch_related_objects

from remento.core.paging import KeysetPage, keyset_page
from remento.enrollment.hooks import open_pairs_of
from remento.enrollment.models import Answer, Enrollment, EnrollmentRole, EnrollmentStatus
from remento.enrollment.services.rules import (
    LIVE_STATUSES,
    SIGNUP_STATUSES,
    eligible_roles,
    ineligibility_reason,
)
from remento.people.models import Employee
from remento.people.search import person_text_filter
from remento.people.selectors import DirectoryFilters, employee_search
from remento.programs.models import EnrollmentMode, Program
from remento.programs.models import Status as ProgramStatus

CANDIDATES_SHOWN = 25
PARTICIPANTS_PAGE_SIZE = 50
# The person's name as copied onto the enrolment (``people.sort_names``): an index on
# (program, role, status, sort_name, id) serves any page without reading the whole program.
PARTICIPANTS_ORDER = ("role", "status", "sort_name", "id")


def _attach_positions(enrollments: Iterable[Enrollment]) -> None:
    """Set ``waitlist_position`` on each enrolment (None unless waitlisted), in one query."""
    rows = list(enrollments)
    waiting = [e for e in rows if e.status == EnrollmentStatus.WAITLISTED]
    positions: dict[int, int] = {}
    if waiting:
        queue = (
            Enrollment.objects.filter(
                program_id__in={e.program_id for e in waiting}, status=EnrollmentStatus.WAITLISTED
            )
            .order_by("program_id", "role", "waitlisted_at", "pk")
            .values_list("pk", "program_id", "role")
        )
        counters: dict[tuple[int, str], int] = defaultdict(int)
        for pk, program_id, role in queue:
            counters[(program_id, role)] += 1
            positions[pk] = counters[(program_id, role)]
    for enrollment in rows:
        enrollment.waitlist_position = positions.get(enrollment.pk)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ParticipantFilters:
    """What the participants page filters by; every part optional."""

    role: str = ""
    status: str = ""
    text: str = ""


@dataclass
class ParticipantsOverview:
    """Counts by role and status (``counts[role][status]``), and one page of the filtered
    rows (``rows`` are that page's enrolments, with their waitlist positions)."""

    counts: dict[str, dict[str, int]]
    rows: list[Enrollment]
    page: KeysetPage[Enrollment]
    max_pairs: int | None
    free_seats: dict[str, int | None] = field(default_factory=dict)

    def total(self, status: str) -> int:
        return sum(by_status.get(status, 0) for by_status in self.counts.values())


def program_participants(
    *, program: Program, filters: ParticipantFilters, cursor: str | None = None
) -> ParticipantsOverview:
    """Everyone with a place (or a request for one) in ``program``, for its coordinators,
    50 a page from ``cursor`` (keyset pages: the last as quick as the first; a bad cursor
    gives the first page). The text matches as the directory's search does.

    Three queries whatever the size of the program: the counts (which give the total), the
    page, the waitlist positions (when someone on the page is waitlisted); a search by
    text counts the rows it finds as well."""
    counts: dict[str, dict[str, int]] = {
        role: dict.fromkeys(EnrollmentStatus.values, 0) for role in EnrollmentRole.values
    }
    for row in (
        Enrollment.objects.filter(program=program)
        .values("role", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[row["role"]][row["status"]] = row["n"]
    queryset = Enrollment.objects.filter(program=program).select_related(
        "employee", "employee__department"
    )
    if filters.role:
        queryset = queryset.filter(role=filters.role)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.text.strip():
        queryset = queryset.filter(person_text_filter(filters.text, prefix="employee__"))
    # The counts by role and status already hold the total unless the words narrow it.
    total = (
        None
        if filters.text.strip()
        else sum(
            n
            for role, by_status in counts.items()
            if not filters.role or role == filters.role
            for status, n in by_status.items()
            if not filters.status or status == filters.status
        )
    )
    page = keyset_page(
        queryset, order=PARTICIPANTS_ORDER, size=PARTICIPANTS_PAGE_SIZE, cursor=cursor, total=total
    )
    rows = page.rows
    _attach_positions(rows)
    free: dict[str, int | None] = {
        role: None
        if program.max_pairs is None
        else max(program.max_pairs - counts[role][EnrollmentStatus.ENROLLED], 0)
        for role in EnrollmentRole.values
    }
    return ParticipantsOverview(
        counts=counts, rows=rows, page=page, max_pairs=program.max_pairs, free_seats=free
    )


def application_queue(*, program: Program) -> list[Enrollment]:
    """Applications awaiting a decision, oldest first, with their answers."""
    return list(
        Enrollment.objects.filter(program=program, status=EnrollmentStatus.APPLIED)
        .select_related("employee", "employee__department")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("question")))
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class OpenProgram:
    """A program taking sign-ups, with the roles the viewer may take (or why none)."""

    program: Program
    roles: list[str]
    reason: str


@dataclass
class MyPrograms:
    enrollments: list[Enrollment]
    open_programs: list[OpenProgram]


def my_programs(*, employee: Employee) -> MyPrograms:
    """The viewer's own enrolments (with waitlist positions) and the programs of their
    organisation open for sign-up that they are not already in."""
    # The open pair each place is in, if any: it decides whether "Withdraw" can work.
    open_pair = open_pairs_of(employee).filter(program=OuterRef("program"))
    enrollments: list[Enrollment] = list(
        Enrollment.objects.filter(
            employee=employee, program__organization_id=employee.organization_id
        )
        .annotate(open_pair_id=Subquery(open_pair.values("pk")[:1]))
        .select_related("program")
        .order_by("-program__created_at", "pk")
    )
    _attach_positions(enrollments)
    taken = {e.program_id for e in enrollments if e.status in LIVE_STATUSES}
    programs = (
        Program.objects.filter(
            organization_id=employee.organization_id,
            status__in=SIGNUP_STATUSES,
            enrollment_mode__in=[EnrollmentMode.OPEN, EnrollmentMode.APPLICATION],
        )
        .exclude(pk__in=taken)
        .select_related("organization")
        .prefetch_related("departments")
        .order_by("name")
    )
    open_programs = [
        OpenProgram(
            program=program,
            roles=eligible_roles(program=program, employee=employee),
            reason=ineligibility_reason(program=program, employee=employee),
        )
        for program in programs
    ]
    return MyPrograms(enrollments=enrollments, open_programs=open_programs)


def own_enrollment(*, program: Program, employee: Employee) -> Enrollment | None:
    """The viewer's enrolment in ``program``, if any, with its waitlist position."""
    enrollment = Enrollment.objects.filter(program=program, employee=employee).first()
    if enrollment is not None:
        _attach_positions([enrollment])
    return enrollment


@dataclass(frozen=True)
class Candidate:
    """A person the coordinator may invite, the roles they fit, and any current place."""

    employee: Employee
    roles: list[str]
    status: str


def nomination_candidates(*, viewer: Employee, program: Program, text: str) -> list[Candidate]:
    """People of the directory matching ``text`` (name, email, ...), at most 25, each with
    the roles they fit in ``program`` and their current enrolment status, if any."""
    if not text.strip():
        return []
    current = Enrollment.objects.filter(program=program, employee=OuterRef("pk")).values("status")[
        :1
    ]
    people = (
        employee_search(viewer=viewer, filters=DirectoryFilters(text=text))
        .annotate(enrollment_status=Subquery(current))
        .select_related("organization")[:CANDIDATES_SHOWN]
    )
    # Once: the role checks read the program's departments for every candidate.
    prefetch_related_objects([program], "departments")
    return [
        Candidate(
            employee=person,
            roles=eligible_roles(program=program, employee=person),
            status=person.enrollment_status or "",
        )
        for person in people
    ]


@dataclass(frozen=True)
class Withdrawal:
    """What leaving a program means for the person, or why they cannot leave yet."""

    enrollment: Enrollment
    blocker: str
    pair: Any  # the person's open pair in the program (a relationships Pair), or None

    @property
    def possible(self) -> bool:
        return not self.blocker


def withdrawal_for(*, enrollment: Enrollment) -> Withdrawal:
    """Whether the person may leave ``enrollment``'s program now: not once the place is
    already gone or the program is closed, and not while in an open pair (the pair belongs
    to two people: they end it first, from the pair's page). Two queries."""
    program = enrollment.program
    person = enrollment.employee
    pair = open_pairs_of(person).filter(program=program).select_related("mentor", "mentee").first()
    blocker = ""
    if enrollment.status not in LIVE_STATUSES:
        blocker = (
            f"You have no place to leave in {program.name}: your place is "
            f"{enrollment.get_status_display().lower()}."
        )
    elif program.status == ProgramStatus.CLOSED:
        blocker = f"{program.name} is closed: there is nothing left to leave, and its records stay."
    elif pair is not None:
        partner = pair.partner_of(person.pk)
        blocker = (
            f"You are paired with {partner.display_name} in {program.name}. End the pair "
            f"first (both of you are told by email), then you can leave the program."
        )
    return Withdrawal(enrollment=enrollment, blocker=blocker, pair=pair)
