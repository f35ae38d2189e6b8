"""The participation funnel: how many people each step of a program keeps, from the first
invitation to a pair that ran its course.

A person counts once per program, on the side they enrolled on (or the side of their pair):
reached (invited, nominated, applied or signed up) → enrolled → matched → started (their
pair began) → completed (their pair ran its course). Each step is a subset of the one
before: someone matched was enrolled, even if they later withdrew. Two queries, whatever
the size; the caller has fetched the program or organisation for the viewer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from remento.core.models import Organization
from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.outcomes.kpis.facts import ProgramFacts
from remento.programs.models import Program
from remento.relationships.models import Pair

STAGES: tuple[tuple[str, str, str], ...] = (
    ("reached", "Invited or applied", "Invited, nominated, applied or signed up."),
    ("enrolled", "Enrolled", "Enrolled, or matched and withdrew later."),
    ("matched", "Matched", "In a pair, whether it started or not."),
    ("started", "Started", "In a pair that started."),
    ("completed", "Completed", "In a pair that ran its course."),
)


@dataclass(frozen=True)
class FunnelStage:
    key: str
    label: str
    description: str
    people: int
    mentors: int
    mentees: int

    def share_of(self, first: FunnelStage) -> float | None:
        """This stage as a percentage of ``first`` (the funnel's top); None when empty."""
        return 100 * self.people / first.people if first.people else None


@dataclass(frozen=True)
class Funnel:
    """The stages in order, and where the others stopped: on the waitlist now, declined
    (by them or a coordinator), withdrawn."""

    stages: tuple[FunnelStage, ...]
    waitlisted: int
    declined: int
    withdrawn: int
    method: str

    def stage(self, key: str) -> FunnelStage:
        return next(stage for stage in self.stages if stage.key == key)


PROGRAM_METHOD = (
    "Each person counts once, on their side of the program; every step is a subset of the "
    "one before."
)
ORGANIZATION_METHOD = (
    "Each person counts once per program they took part in, on their side of it; every "
    "step is a subset of the one before."
)


EnrollmentRow = tuple[int, int, str, str]  # program, employee, role, status
PairRow = tuple[int, int, int, datetime | None, bool | None]  # program, mentor, mentee, …


def _funnel(programs: Q, method: str) -> Funnel:
    """The funnel of the programs that ``programs`` (a ``Q`` on ``program``) selects."""
    enrollments = Enrollment.objects.filter(programs).values_list(
        "program_id", "employee_id", "role", "status"
    )
    pairs = Pair.objects.filter(programs).values_list(
        "program_id", "mentor_id", "mentee_id", "started_at", "completed"
    )
    return _funnel_of(enrollments, pairs, method)


def _funnel_of(
    enrollments: Iterable[EnrollmentRow], pairs: Iterable[PairRow], method: str
) -> Funnel:
    """The funnel of these enrolments and pairs (each in the models' order)."""
    stage_of: dict[tuple[int, int], set[str]] = {}
    role_of: dict[tuple[int, int], str] = {}
    statuses: dict[tuple[int, int], str] = {}
    for program_id, employee_id, role, status in enrollments:
        key = (program_id, employee_id)
        role_of[key], statuses[key] = role, status
        stage_of[key] = {"reached"} | (
            {"enrolled"} if status == EnrollmentStatus.ENROLLED else set()
        )
    for program_id, mentor_id, mentee_id, started_at, completed in pairs:
        reached = {"reached", "enrolled", "matched"}
        reached |= {"started"} if started_at is not None else set()
        reached |= {"completed"} if completed else set()
        for employee_id, side in (
            (mentor_id, EnrollmentRole.MENTOR),
            (mentee_id, EnrollmentRole.MENTEE),
        ):
            key = (program_id, employee_id)
            role_of.setdefault(key, side)
            stage_of[key] = stage_of.get(key, set()) | reached
    stages = tuple(_stage(key, label, text, stage_of, role_of) for key, label, text in STAGES)
    # Where the others stopped: by their enrolment's status, the matched excepted.
    stopped = [statuses[key] for key, done in stage_of.items() if "matched" not in done]
    return Funnel(
        stages=stages,
        waitlisted=stopped.count(EnrollmentStatus.WAITLISTED),
        declined=stopped.count(EnrollmentStatus.DECLINED),
        withdrawn=stopped.count(EnrollmentStatus.WITHDRAWN),
        method=method,
    )


def _stage(
    key: str,
    label: str,
    text: str,
    stage_of: dict[tuple[int, int], set[str]],
    role_of: dict[tuple[int, int], str],
) -> FunnelStage:
    people: Iterable[tuple[int, int]] = [who for who, done in stage_of.items() if key in done]
    roles = [role_of[who] for who in people]
    mentors = roles.count(EnrollmentRole.MENTOR)
    return FunnelStage(
        key=key,
        label=label,
        description=text,
        people=len(roles),
        mentors=mentors,
        mentees=len(roles) - mentors,
    )


def participation_funnel(program: Program, *, facts: ProgramFacts | None = None) -> Funnel:
    """``program``'s participation funnel (see the module): two queries, none when the
    caller passes the program's ``facts`` (``kpis.facts``, already read for its KPIs)."""
    if facts is None:
        return _funnel(Q(program=program), PROGRAM_METHOD)
    return _funnel_of(
        ((e.program_id, e.employee_id, e.role, e.status) for e in facts.enrollments),
        ((p.program_id, p.mentor_id, p.mentee_id, p.started_at, p.completed) for p in facts.pairs),
        PROGRAM_METHOD,
    )


def organization_funnel(organization: Organization) -> Funnel:
    """The funnel of every program of ``organization``, a person counting once per program
    they took part in: two queries, however many programs."""
    return _funnel(Q(program__organization=organization), ORGANIZATION_METHOD)
