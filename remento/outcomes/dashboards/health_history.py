"""A program's pair health week by week: how many open pairs were in each state.

The states come from the health board's own rules (``relationships.health.rules.evaluate``),
applied to each pair's facts as they stood at the end of each week: meetings held, cancelled
and missed by then, the check-ins answered by then, the goals set and milestones done by then.
Two facts have no history and are read as they are now: the pair's agreed cadence, and the
progress of a goal without milestones (set by hand).

Weeks that have ended are recorded once by the ``snapshot-health`` task
(``health_snapshots``, the ``HealthSnapshot`` rows); ``pair_health_by_week`` reads those and
works out only the weeks not recorded yet (the current one, usually), from the pairs open in
them. A fixed number of queries whatever the size of the program.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from remento.outcomes.dashboards.models import HealthSnapshot
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
    """One week (``week`` is its Monday): open pairs in each state at the week's end, or
    at ``as_of`` for the current week read from its record (None: as of the end, or now)."""

    week: date
    counts: dict[HealthState, int]
    as_of: datetime | None = field(default=None, compare=False)

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


def _weeks(first: date, last: date) -> list[date]:
    """The Mondays from the week of ``first`` to that of ``last``, the latest ``MAX_WEEKS``."""
    monday = first - timedelta(days=first.weekday())
    weeks = []
    while monday <= last:
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks[-MAX_WEEKS:]


@dataclass(frozen=True)
class _Span:
    """A program's weeks of pairs, and whether the viewer is in one of its pairs."""

    weeks: list[date]
    viewer_in_a_pair: bool


def _span(program: Program, viewer: Employee | None, today: date) -> _Span:
    """The weeks from the first pair's creation to the last open day (today, or the day the
    last pair ended when none is open), the latest ``MAX_WEEKS``. One query."""
    mine: dict[str, Count] = {}
    if viewer is not None:
        mine["mine"] = Count("pk", filter=Q(mentor=viewer) | Q(mentee=viewer))
    found = Pair.objects.filter(program=program).aggregate(
        pairs=Count("pk"),
        first=Min("created_at"),
        last_end=Max("ended_at"),
        open=Count("pk", filter=Q(ended_at__isnull=True)),
        **mine,
    )
    if not found["pairs"]:
        return _Span([], viewer_in_a_pair=False)
    last = today if found["open"] else min(today, timezone.localdate(found["last_end"]))
    weeks = _weeks(timezone.localdate(found["first"]), last)
    return _Span(weeks, viewer_in_a_pair=bool(found.get("mine")))


def program_weeks(program: Program, *, now: datetime) -> list[date]:
    """``program``'s weeks of pairs (Mondays, see ``_span``) as of ``now``. One query."""
    return _span(program, None, timezone.localdate(now)).weeks


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


def _of_pairs(program: Program, open_after: datetime | None, path: str = "") -> Q:
    """The rows of ``program``'s pairs (through ``path``, e.g. ``pair__``), only those still
    open after ``open_after`` when given: a week's states read the pairs open at its end."""
    rows = Q(**{f"{path}program": program})
    if open_after is not None:
        rows &= Q(**{f"{path}ended_at__isnull": True}) | Q(**{f"{path}ended_at__gt": open_after})
    return rows


def _load(program: Program, viewer: Employee | None, open_after: datetime | None) -> list[_Facts]:
    pairs = list(
        Pair.objects.filter(_of_pairs(program, open_after))
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
    _load_meetings(_of_pairs(program, open_after, "pair__"), facts)
    for pair_id, employee_id, remind_at, answered_at, rating, fit in (
        CheckIn.objects.filter(_of_pairs(program, open_after, "pair__"))
        .exclude(status=CheckInStatus.CANCELLED)
        .values_list("pair_id", "employee_id", "remind_at", "answered_at", "rating", "fit")
    ):
        facts[pair_id].checkins[employee_id].append((remind_at, answered_at, rating, fit))
    _load_goals(program, open_after, facts)
    for one in facts.values():
        one.held.sort()
    return list(facts.values())


def _load_meetings(of_pairs: Q, facts: dict[int, _Facts]) -> None:
    rows = Meeting.objects.filter(of_pairs).values_list(
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


def _load_goals(program: Program, open_after: datetime | None, facts: dict[int, _Facts]) -> None:
    done: dict[int, list[datetime | None]] = defaultdict(list)
    for goal_id, done_at in Milestone.objects.filter(
        _of_pairs(program, open_after, "goal__pair__")
    ).values_list("goal_id", "done_at"):
        done[goal_id].append(done_at)
    for goal_id, pair_id, created_at, progress in Goal.objects.filter(
        _of_pairs(program, open_after, "pair__")
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


def week_end(monday: date) -> datetime:
    """The end of the week of ``monday``: the next Monday's midnight, local time."""
    zone = timezone.get_current_timezone()
    return datetime.combine(monday + timedelta(days=7), time.min, tzinfo=zone)


def health_weeks_computed(
    program: Program, weeks: list[date], *, viewer: Employee | None, now: datetime
) -> list[HealthWeek]:
    """``weeks`` of ``program`` (Mondays) worked out from the pairs' records: the open pairs
    in each state at each week's end, or ``now`` for a week not over. Reads only the pairs
    open at the first of those ends (five queries; none without weeks)."""
    if not weeks:
        return []
    ends = {monday: min(week_end(monday), now) for monday in weeks}
    pairs = _load(program, viewer, open_after=min(ends.values()))
    result = []
    for monday in weeks:
        at = ends[monday]
        counts = dict.fromkeys(HealthState, 0)
        for one in pairs:
            if _open_at(one.pair, at):
                counts[_state_at(one, at)] += 1
        result.append(HealthWeek(monday, counts))
    return result


def _is_final(row: HealthSnapshot) -> bool:
    """Whether ``row`` records its week as it stood at its end (not an earlier "as of")."""
    return row.computed_at >= week_end(row.week)


def recorded_weeks(program: Program, weeks: list[date]) -> dict[date, HealthWeek]:
    """The recorded (``HealthSnapshot``) weeks of ``program`` among ``weeks``, as of their
    end; a week recorded before it ended (``health_snapshots.record_this_week``) is left
    out. One query."""
    if not weeks:
        return {}
    rows = HealthSnapshot.objects.filter(program=program, week__gte=weeks[0], week__lte=weeks[-1])
    return {row.week: HealthWeek(row.week, row.counts) for row in rows if _is_final(row)}


def this_week_recorded(program: Program, monday: date, *, now: datetime) -> HealthWeek | None:
    """The current week of ``program`` (``monday``) as the worker last recorded it, with
    its ``as_of``, when it has not ended by ``now`` and a record of it is there. One query."""
    if week_end(monday) <= now:
        return None
    row = HealthSnapshot.objects.filter(program=program, week=monday).first()
    if row is None or row.computed_at > now:
        return None
    return HealthWeek(row.week, row.counts, as_of=row.computed_at)


def pair_health_by_week(
    program: Program, *, viewer: Employee | None = None, now: datetime | None = None
) -> list[HealthWeek]:
    """For each week of ``program`` (its Monday), how many of its pairs open at the week's
    end (or now, for the current week) were in each health state, by the health board's
    rules. For the program's coordinators (the caller checks); a coordinator's own pair is
    judged without its check-ins, as on the health board.

    Recorded weeks are read, not worked out again; the others (the current week, and any
    week the ``snapshot-health`` task has not recorded yet) are worked out from the pairs
    open in them; the current week is read from its record too when the worker keeps one
    (``health_snapshots.record_this_week``; its ``as_of`` says when). A coordinator in a
    pair of the program gets every week worked out, since the records judge every pair with
    its check-ins. At most eight queries."""
    now = now or timezone.now()
    span = _span(program, viewer, timezone.localdate(now))
    if span.viewer_in_a_pair:
        return health_weeks_computed(program, span.weeks, viewer=viewer, now=now)
    recorded = recorded_weeks(program, span.weeks)
    # The current week, judged pair by pair, is the one figure here that grows with the
    # program: read it as the worker last recorded it (``record_this_week``) when it did.
    if span.weeks and (this_week := this_week_recorded(program, span.weeks[-1], now=now)):
        recorded[this_week.week] = this_week
    missing = [monday for monday in span.weeks if monday not in recorded]
    computed = {
        week.week: week for week in health_weeks_computed(program, missing, viewer=None, now=now)
    }
    return [recorded.get(monday) or computed[monday] for monday in span.weeks]
