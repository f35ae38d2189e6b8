"""The dated facts every KPI is measured from, read in a fixed number of queries.

A KPI is a small computation over a handful of facts (pairs with their start and end,
meetings held, check-in ratings, goals and milestones, enrolments). Reading them once, each
with its date, lets the same code measure a program now, "as of" any past day (the weekly
series, back-filled without a query per week) and across many programs at once (the
organisation's breakdowns): six queries whatever the number of programs, pairs or weeks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from remento.enrollment.models import Enrollment
from remento.outcomes.confidential import countable
from remento.relationships.checkins.models import CheckIn, CheckInStatus
from remento.relationships.goals.models import Goal, Milestone
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.models import Pair


def cutoff_of(as_of: date) -> datetime:
    """The first instant after ``as_of`` (midnight that ends it, in the site's time zone):
    a fact counts "as of" a day when it happened before this."""
    return timezone.make_aware(datetime.combine(as_of + timedelta(days=1), time.min))


@dataclass(frozen=True)
class PairFact:
    id: int
    program_id: int
    mentor_id: int
    mentee_id: int
    created_at: datetime
    started_at: datetime | None
    ended_at: datetime | None
    completed: bool | None

    def started_by(self, cutoff: datetime) -> bool:
        return self.started_at is not None and self.started_at < cutoff

    def closed_by(self, cutoff: datetime) -> bool:
        return self.ended_at is not None and self.ended_at < cutoff


@dataclass(frozen=True)
class RatingFact:
    pair_id: int
    employee_id: int
    answered_at: datetime
    rating: int


@dataclass
class GoalFact:
    """A goal and its milestones' completion times (None: not done)."""

    id: int
    pair_id: int
    owner_id: int
    created_at: datetime
    updated_at: datetime
    progress: int
    milestones_done_at: list[datetime | None] = field(default_factory=list)

    def achieved_by(self, cutoff: datetime) -> bool:
        """Achieved by then: every milestone done before ``cutoff``; a goal without
        milestones at 100 % and last changed before it (its progress has no history)."""
        if self.milestones_done_at:
            return all(done is not None and done < cutoff for done in self.milestones_done_at)
        return self.progress >= 100 and self.updated_at < cutoff


@dataclass(frozen=True)
class EnrollmentFact:
    program_id: int
    employee_id: int
    role: str
    status: str
    created_at: datetime


@dataclass
class ProgramFacts:
    """Everything the KPIs read of one program (or of several: see ``split``)."""

    pairs: list[PairFact] = field(default_factory=list)
    held_meetings: list[tuple[int, datetime]] = field(default_factory=list)  # (pair, start)
    ratings: list[RatingFact] = field(default_factory=list)
    goals: list[GoalFact] = field(default_factory=list)
    enrollments: list[EnrollmentFact] = field(default_factory=list)

    @property
    def pair_by_id(self) -> dict[int, PairFact]:
        return {pair.id: pair for pair in self.pairs}

    def first_day(self) -> date | None:
        """The first day with any fact: an enrolment, or a pair made without one."""
        moments = [e.created_at for e in self.enrollments]
        moments += [p.started_at for p in self.pairs if p.started_at is not None]
        return timezone.localdate(min(moments)) if moments else None


def load_facts(
    program_ids: Iterable[int], *, viewer_id: int | None = None
) -> dict[int, ProgramFacts]:
    """The facts of each program in ``program_ids``, keyed by program id (a program with
    no rows at all is missing); six queries, however many programs and rows. For a
    ``viewer_id``, the ratings they may not count are left out (``outcomes.confidential``:
    their own partner's)."""
    ids = list(program_ids)
    facts: dict[int, ProgramFacts] = defaultdict(ProgramFacts)
    program_of_pair: dict[int, int] = {}
    for row in Pair.objects.filter(program_id__in=ids).values_list(
        "id",
        "program_id",
        "mentor_id",
        "mentee_id",
        "created_at",
        "started_at",
        "ended_at",
        "completed",
    ):
        pair = PairFact(*row)
        program_of_pair[pair.id] = pair.program_id
        facts[pair.program_id].pairs.append(pair)
    for pair_id, starts_at in Meeting.objects.filter(
        pair__program_id__in=ids, status=MeetingStatus.HELD
    ).values_list("pair_id", "starts_at"):
        facts[program_of_pair[pair_id]].held_meetings.append((pair_id, starts_at))
    answered = CheckIn.objects.filter(
        pair__program_id__in=ids,
        status=CheckInStatus.ANSWERED,
        rating__isnull=False,
        answered_at__isnull=False,
    )
    for pair_id, employee_id, answered_at, value in countable(answered, viewer_id).values_list(
        "pair_id", "employee_id", "answered_at", "rating"
    ):
        assert answered_at is not None  # filtered above
        assert value is not None
        rating = RatingFact(pair_id, employee_id, answered_at, value)
        facts[program_of_pair[pair_id]].ratings.append(rating)
    _load_goals(ids, facts, program_of_pair)
    for enrollment_row in Enrollment.objects.filter(program_id__in=ids).values_list(
        "program_id", "employee_id", "role", "status", "created_at"
    ):
        enrollment = EnrollmentFact(*enrollment_row)
        facts[enrollment.program_id].enrollments.append(enrollment)
    return facts


def _load_goals(
    ids: list[int], facts: dict[int, ProgramFacts], program_of_pair: dict[int, int]
) -> None:
    goals: dict[int, GoalFact] = {}
    for row in Goal.objects.filter(pair__program_id__in=ids).values_list(
        "id", "pair_id", "owner_id", "created_at", "updated_at", "progress"
    ):
        goal = GoalFact(*row)
        goals[goal.id] = goal
        facts[program_of_pair[goal.pair_id]].goals.append(goal)
    for goal_id, done_at in Milestone.objects.filter(goal__pair__program_id__in=ids).values_list(
        "goal_id", "done_at"
    ):
        goals[goal_id].milestones_done_at.append(done_at)


def program_facts(program_id: int, *, viewer_id: int | None = None) -> ProgramFacts:
    """The facts of one program (six queries), for ``viewer_id`` where given."""
    return load_facts([program_id], viewer_id=viewer_id).get(program_id, ProgramFacts())
