"""A program's pair health week by week: how many open pairs were in each state.

The states come from the health board's own rules (``relationships.health.rules.evaluate``),
applied to each pair's facts as they stood at the end of each week: meetings held, cancelled
and missed by then, the check-ins answered by then, the goals set and milestones done by then.
Two facts have no history and are read as they are now: the pair's agreed cadence, and the
progress of a goal without milestones (set by hand). Five queries whatever the size of the
program; the weeks are counted in memory.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.checkins.models import CheckInStatus, Fit
from remento.relationships.goals.models import Goal, Milestone
from remento.relationships.health.rules import (
    CANCEL_WINDOW_DAYS,
    HealthInputs,
    HealthState,
    PersonFacts,
    evaluate,
)
from remento.relationships.health.selectors import cadence_of, senior_of
from remento.relationships.meetings.models import OPEN_STATUSES, Meeting, MeetingStatus
from remento.relationships.models import CheckIn, Pair

# At most a year of weeks: a longer program shows its latest 52.
MAX_WEEKS = 52
# A person's columns the states read: the name the reasons give, the level ``senior_of``
# compares.
PERSON_FIELDS = ("first_name", "preferred_name", "last_name", "level")


@dataclass(frozen=True)
class HealthWeek:
    """One week (``week`` is its Monday): open pairs in each state at the week's end."""

    week: date
    counts: dict[HealthState, int]

    @property
    def open_pairs(self) -> int:
        return sum(self.counts.values())


@dataclass
class _Facts:
    """Everything dated about one pair, loaded once."""

    pair: Pair
    held: list[datetime]  # held meetings' starts, sorted
    upcoming: list[tuple[datetime, datetime, datetime | None]]  # (starts, created, cancelled)
    cancelled: list[tuple[datetime, datetime | None, int | None]]  # (starts, cancelled_at, by)
    missed: list[tuple[datetime, str]]  # (starts, by: mentor/mentee/both)
    # employee id -> (remind_at, answered_at, rating, fit) of each check-in still asked
    checkins: dict[int, list[tuple[datetime, datetime | None, int | None, str]]]
    goals: list[tuple[datetime, int, list[datetime | None]]]  # (created, progress, milestones)
    checkins_readable: bool
    # The same every week (no history): worked out once, not once per pair and week.
    cadence_days: int = 0
    senior: str | None = None


def _weeks(pairs: list[Pair], today: date) -> list[date]:
    """The Mondays from the first pair's creation to the last open day (today, or the day
    the last pair ended when none is open), the latest ``MAX_WEEKS``."""
    if not pairs:
        return []
    first = min(timezone.localdate(p.created_at) for p in pairs)
    if any(p.ended_at is None for p in pairs):
        last = today
    else:
        last = min(today, max(timezone.localdate(p.ended_at) for p in pairs if p.ended_at))
    monday = first - timedelta(days=first.weekday())
    weeks = []
    while monday <= last:
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks[-MAX_WEEKS:]


# What the weekly states read of a pair and its people: the columns, not whole rows (at a
# few thousand pairs, converting every column of every row was a third of the work).
PAIR_FIELDS = (
    "program_id",
    "mentor_id",
    "mentee_id",
    "created_at",
    "started_at",
    "ended_at",
    "agreement__cadence_days",
    *(f"{role}__{name}" for role in ("mentor", "mentee") for name in PERSON_FIELDS),
)


def _load(program: Program, viewer: Employee | None) -> list[_Facts]:
    pairs = list(
        Pair.objects.filter(program=program)
        .select_related("mentor", "mentee", "agreement")
        .only(*PAIR_FIELDS)
    )
    for pair in pairs:
        pair.program = program  # one object for every pair: its cadence and type
    facts = {
        pair.pk: _Facts(
            pair,
            [],
            [],
            [],
            [],
            defaultdict(list),
            [],
            # A coordinator who is in a pair never reads its check-ins (the health board's rule).
            checkins_readable=viewer is None or viewer.pk not in (pair.mentor_id, pair.mentee_id),
            cadence_days=cadence_of(pair),
            senior=senior_of(pair),
        )
        for pair in pairs
    }
    _load_meetings(program, facts)
    for pair_id, employee_id, remind_at, answered_at, rating, fit in (
        CheckIn.objects.filter(pair__program=program)
        .exclude(status=CheckInStatus.CANCELLED)
        .values_list("pair_id", "employee_id", "remind_at", "answered_at", "rating", "fit")
    ):
        facts[pair_id].checkins[employee_id].append((remind_at, answered_at, rating, fit))
    _load_goals(program, facts)
    for one in facts.values():
        one.held.sort()
    return list(facts.values())


def _load_meetings(program: Program, facts: dict[int, _Facts]) -> None:
    rows = Meeting.objects.filter(pair__program=program).values_list(
        "pair_id",
        "status",
        "starts_at",
        "created_at",
        "cancelled_at",
        "cancelled_by_id",
        "missed_by",
    )
    for pair_id, status, starts_at, created_at, cancelled_at, cancelled_by, missed_by in rows:
        one = facts[pair_id]
        if status == MeetingStatus.HELD:
            one.held.append(starts_at)
        elif status == MeetingStatus.CANCELLED:
            one.cancelled.append((starts_at, cancelled_at, cancelled_by))
        elif status == MeetingStatus.MISSED:
            one.missed.append((starts_at, missed_by))
        if status in (*OPEN_STATUSES, MeetingStatus.HELD, MeetingStatus.MISSED):
            one.upcoming.append((starts_at, created_at, None))
        elif status == MeetingStatus.CANCELLED:
            one.upcoming.append((starts_at, created_at, cancelled_at))


def _load_goals(program: Program, facts: dict[int, _Facts]) -> None:
    done: dict[int, list[datetime | None]] = defaultdict(list)
    for goal_id, done_at in Milestone.objects.filter(goal__pair__program=program).values_list(
        "goal_id", "done_at"
    ):
        done[goal_id].append(done_at)
    for goal_id, pair_id, created_at, progress in Goal.objects.filter(
        pair__program=program
    ).values_list("pk", "pair_id", "created_at", "progress"):
        facts[pair_id].goals.append((created_at, progress, done[goal_id]))


def _person(one: _Facts, role: str, at: datetime) -> PersonFacts:
    employee: Employee = getattr(one.pair, role)
    window = at - timedelta(days=CANCEL_WINDOW_DAYS)
    cancelled = sum(
        1
        for starts, cancelled_at, by in one.cancelled
        if by == employee.pk and starts >= window and (cancelled_at or starts) <= at
    )
    missed = sum(1 for starts, by in one.missed if window <= starts <= at and by in (role, "both"))
    answered = sorted(
        (answered_at, rating, fit)
        for _, answered_at, rating, fit in one.checkins.get(employee.pk, [])
        if answered_at is not None and answered_at <= at
    )
    ratings = [rating for _, rating, _ in answered if rating is not None]
    unanswered = sum(
        1
        for remind_at, answered_at, _, _ in one.checkins.get(employee.pk, [])
        if remind_at <= at and (answered_at is None or answered_at > at)
    )
    return PersonFacts(
        name=employee.display_name,
        role=role,
        cancelled=cancelled,
        missed=missed,
        latest_rating=ratings[-1] if ratings else None,
        previous_rating=ratings[-2] if len(ratings) > 1 else None,
        unanswered=unanswered,
        not_a_good_fit=any(fit == Fit.NO for _, _, fit in answered),
    )


def _goal_progress(one: _Facts, at: datetime) -> tuple[int, int | None]:
    percents = []
    for created_at, progress, milestones in one.goals:
        if created_at > at:
            continue
        if milestones:
            finished = sum(1 for done_at in milestones if done_at is not None and done_at <= at)
            percents.append(round(100 * finished / len(milestones)))
        else:
            percents.append(progress)
    if not percents:
        return 0, None
    return len(percents), round(sum(percents) / len(percents))


def _state_at(one: _Facts, at: datetime) -> HealthState:
    pair = one.pair
    started_at = pair.started_at if pair.started_at and pair.started_at <= at else None
    held = one.held[: bisect_right(one.held, at)]
    upcoming = [
        starts
        for starts, created, cancelled_at in one.upcoming
        if starts > at and created <= at and (cancelled_at is None or cancelled_at > at)
    ]
    count, progress = _goal_progress(one, at)
    facts = HealthInputs(
        now=at,
        started=started_at is not None,
        started_at=started_at,
        cadence_days=one.cadence_days,
        mentor=_person(one, "mentor", at),
        mentee=_person(one, "mentee", at),
        senior=one.senior,
        last_held_at=held[-1] if held else None,
        next_meeting_at=min(upcoming) if upcoming else None,
        goal_count=count,
        goal_progress=progress,
        checkins=one.checkins_readable,
    )
    return evaluate(facts).state


def _open_at(pair: Pair, at: datetime) -> bool:
    return pair.created_at <= at and (pair.ended_at is None or pair.ended_at > at)


def pair_health_by_week(
    program: Program, *, viewer: Employee | None = None, now: datetime | None = None
) -> list[HealthWeek]:
    """For each week of ``program`` (its Monday), how many of its pairs open at the week's
    end (or now, for the current week) were in each health state, by the health board's
    rules. For the program's coordinators (the caller checks); a coordinator's own pair is
    judged without its check-ins, as on the health board. Five queries."""
    now = now or timezone.now()
    pairs = _load(program, viewer)
    zone = timezone.get_current_timezone()
    result = []
    for monday in _weeks([one.pair for one in pairs], timezone.localdate(now)):
        at = min(datetime.combine(monday + timedelta(days=7), time.min, tzinfo=zone), now)
        counts = dict.fromkeys(HealthState, 0)
        for one in pairs:
            if _open_at(one.pair, at):
                counts[_state_at(one, at)] += 1
        result.append(HealthWeek(monday, counts))
    return result
