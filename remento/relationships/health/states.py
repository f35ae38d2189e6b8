"""Every open pair's health state judged by the database, for the health board.

The board counts a program's open pairs per state and shows one page of them, sorted;
judging every pair in Python on each view cost time in proportion to the program. Here the
facts the rules read (``rules.HealthInputs``) are gathered by one statement, a subquery per
fact, and the rules' thresholds are the ``CASE`` below; ``refresh_records`` writes the
result into each pair's ``PairHealthRecord`` (with the moment time alone could change it),
for the pairs without a record valid now, so the board counts, filters and sorts the
records and evaluates in Python only the page's pairs, for the reasons it shows.

The ``CASE`` is ``rules.evaluate`` rule by rule, with the same constants (the table in
``rules.py``); ``tests/relationships/health/test_states.py`` checks both agree on varied
pairs. Whole days are counted as Python's ``timedelta.days`` counts them, to the
microsecond: never ``julianday`` arithmetic, whose rounding can put a pair on the wrong
side of a threshold at the second it crosses it.

``facts`` is materialised, so that each subquery runs once per pair, then ``judged`` gives
each pair's state rank, the date its meeting gap counts from, its lowest rating and
``valid_until``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from remento.programs.models import ProgramType
from remento.relationships.checkins.models import CheckIn, CheckInStatus, Fit
from remento.relationships.goals.models import Goal
from remento.relationships.health.models import PairHealthRecord
from remento.relationships.health.rules import (
    CANCEL_WINDOW_DAYS,
    HealthState,
)
from remento.relationships.health.rules_sql import (
    GOAL_PERCENT,
    LOWEST_RATING,
    rank_sql,
    valid_until_sql,
    whole_days,
)
from remento.relationships.meetings.models import OPEN_STATUSES, Meeting, MeetingStatus
from remento.relationships.models import OPEN_PAIR_STATUSES, Pair, PairStatus

STATE_OF_RANK = {state.rank: state for state in HealthState}
NO_RATING = 6  # sorts a pair without a rating after every rated one (ratings are 1-5)


def _count(queryset: QuerySet[Any]) -> Coalesce:
    """How many rows of a correlated ``queryset``, 0 for none."""
    counted = queryset.order_by().values("pair").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _senior() -> Case:
    """``selectors.senior_of`` as SQL: "mentor", "mentee" or NULL."""
    return Case(
        When(program__program_type=ProgramType.REVERSE, then=Value("mentee")),
        When(program__program_type=ProgramType.TRADITIONAL, then=Value("mentor")),
        When(mentee__level__gt=F("mentor__level"), then=Value("mentee")),
        When(mentor__level__gt=F("mentee__level"), then=Value("mentor")),
        default=None,
    )


def _person_facts(role: str, now: datetime) -> dict[str, object]:
    """One person's cancelled or missed meetings of the window, their two latest ratings and
    their unanswered check-ins (``sources.checkin_facts`` as SQL)."""
    person = OuterRef(f"{role}_id")
    window = Meeting.objects.filter(
        pair=OuterRef("pk"), starts_at__gte=now - timedelta(days=CANCEL_WINDOW_DAYS)
    )
    cancels = window.filter(
        Q(status=MeetingStatus.CANCELLED, cancelled_by=person)
        | Q(status=MeetingStatus.MISSED, missed_by__in=[role, "both"])
    )
    ratings = CheckIn.objects.filter(
        pair=OuterRef("pk"),
        employee=person,
        status=CheckInStatus.ANSWERED,
        rating__isnull=False,
    ).order_by("-answered_at", "-id")
    unanswered = CheckIn.objects.filter(pair=OuterRef("pk"), employee=person).filter(
        Q(status=CheckInStatus.MISSED) | Q(status=CheckInStatus.OPEN, remind_at__lte=now)
    )
    return {
        f"{role}_cancels": _count(cancels),
        f"{role}_latest": Subquery(ratings.values("rating")[:1]),
        f"{role}_previous": Subquery(ratings.values("rating")[1:2]),
        f"{role}_unanswered": _count(unanswered),
    }


def _facts(pairs: QuerySet[Pair], now: datetime) -> QuerySet[Any, Any]:
    """One row per pair with every fact the rules read, each named (no model column
    leaks into the statement around it)."""
    held = Meeting.objects.filter(pair=OuterRef("pk"), status=MeetingStatus.HELD)
    upcoming = Meeting.objects.filter(
        pair=OuterRef("pk"), status__in=OPEN_STATUSES, starts_at__gte=now
    )
    no_fit = CheckIn.objects.filter(pair=OuterRef("pk"), fit=Fit.NO).filter(
        Q(employee=OuterRef("mentor_id")) | Q(employee=OuterRef("mentee_id"))
    )
    reminders = CheckIn.objects.filter(
        pair=OuterRef("pk"), status=CheckInStatus.OPEN, remind_at__gt=now
    ).filter(Q(employee=OuterRef("mentor_id")) | Q(employee=OuterRef("mentee_id")))
    leaving = Meeting.objects.filter(
        pair=OuterRef("pk"),
        status__in=[MeetingStatus.CANCELLED, MeetingStatus.MISSED],
        starts_at__gte=now - timedelta(days=CANCEL_WINDOW_DAYS),
    )
    facts = {
        "pid": F("pk"),
        "program_ref": F("program_id"),
        "active": Case(
            When(status=PairStatus.ACTIVE, started_at__isnull=False, then=Value(1)),
            default=Value(0),
        ),
        "started": F("started_at"),
        "cadence": Coalesce(
            NullIf(F("agreement__cadence_days"), 0), F("program__meeting_cadence_days")
        ),
        "senior": _senior(),
        "mentor_pk": F("mentor_id"),
        "mentee_pk": F("mentee_id"),
        "mentor_last": F("mentor__last_name"),
        "mentor_first": F("mentor__first_name"),
        "last_held": Subquery(held.order_by("-starts_at").values("starts_at")[:1]),
        "next_start": Subquery(upcoming.order_by("starts_at").values("starts_at")[:1]),
        "next_remind": Subquery(reminders.order_by("remind_at").values("remind_at")[:1]),
        "window_exit": Subquery(leaving.order_by("starts_at").values("starts_at")[:1]),
        "no_fit": Exists(no_fit),
        **_person_facts("mentor", now),
        **_person_facts("mentee", now),
    }
    return pairs.order_by().annotate(**facts).values(*facts)


def _goal_rows(pairs: QuerySet[Pair]) -> QuerySet[Any, Any]:
    """Each goal of the pairs with its milestones, done and all (``selectors.goal_progress``)."""
    return (
        Goal.objects.filter(pair__in=pairs.order_by().values("pk"))
        .order_by()
        .annotate(
            goal_pair=F("pair_id"),
            goal_progress=F("progress"),
            total=Count("milestones"),
            done=Count("milestones", filter=Q(milestones__done_at__isnull=False)),
        )
        .values("goal_pair", "goal_progress", "total", "done")
    )


def _judged(
    pairs: QuerySet[Pair], *, now: datetime, viewer_id: int | None
) -> tuple[str, list[Any]]:
    """The ``WITH`` clause that ends in ``judged`` (id, program_ref, health_rank, since,
    meeting_days, rating, mentor_last, mentor_first, valid_until), and its parameters."""
    facts_sql, facts_params = _facts(pairs, now).query.sql_with_params()
    goals_sql, goals_params = _goal_rows(pairs).query.sql_with_params()
    meeting_days, meeting_params = whole_days("since", now)
    start_days, start_params = whole_days("started", now)
    # A coordinator in a pair of the program reads it as its people do: no check-in rule.
    confidential = "CASE WHEN mentor_pk = %s OR mentee_pk = %s THEN 0 ELSE 1 END"
    at = connection.ops.adapt_datetimefield_value(now)
    cap = connection.ops.adapt_datetimefield_value(now + timedelta(days=1))
    until = valid_until_sql().replace("%(now)s", "%s").replace("%(cap)s", "%s")
    until_params = [value for _moment in range(7) for value in (at, cap)]
    sql = f"""WITH facts AS MATERIALIZED ({facts_sql}),
    goal_rows AS MATERIALIZED ({goals_sql}),
    goal_sums AS (
        SELECT goal_pair, COUNT(*) AS goals, SUM({GOAL_PERCENT}) AS goal_percents
        FROM goal_rows GROUP BY goal_pair
    ),
    dated AS MATERIALIZED (
        SELECT facts.*, COALESCE(last_held, started) AS since,
            {confidential} AS confidential,
            COALESCE(goal_sums.goals, 0) AS goals,
            COALESCE(goal_sums.goal_percents, 0) AS goal_percents
        FROM facts LEFT JOIN goal_sums ON goal_sums.goal_pair = facts.pid
    ),
    timed AS MATERIALIZED (
        SELECT dated.*, {meeting_days} AS meeting_days, {start_days} AS start_days
        FROM dated
    ),
    judged AS MATERIALIZED (
        SELECT pid AS id, program_ref, {rank_sql()} AS health_rank, since, meeting_days,
            {LOWEST_RATING} AS rating, mentor_last, mentor_first, {until} AS valid_until
        FROM timed
    )"""
    params = [
        *facts_params,
        *goals_params,
        viewer_id,
        viewer_id,
        *meeting_params,
        *start_params,
        *until_params,
    ]
    return sql, params


def refresh_records(pairs: QuerySet[Pair], *, now: datetime) -> None:
    """Judge each of ``pairs`` without a ``PairHealthRecord`` valid at ``now`` and write its
    record: one statement, whether one pair needs it or all do (the worker's nightly run
    and a program's first view judge them all). Judged for coordinators (every rule). When
    every record is valid (a board's usual view) only a plain query asks: building the
    judging statement costs about 10 ms of Python."""
    stale = _stale(pairs, now)
    if stale.exists():
        judge_records(stale, now=now)


def _stale(pairs: QuerySet[Pair], now: datetime) -> QuerySet[Pair]:
    """Those of ``pairs`` without a record valid at ``now``."""
    return pairs.filter(
        ~Exists(
            PairHealthRecord.objects.filter(
                pair=OuterRef("pk"), judged_at__lte=now, valid_until__gt=now
            )
        )
    )


def judge_records(pairs: QuerySet[Pair], *, now: datetime) -> None:
    """``refresh_records`` without asking first, for a caller that knows some of ``pairs``
    have no record valid at ``now`` (``health.counts``): one statement."""
    stale = _stale(pairs, now)
    sql, params = _judged(stale, now=now, viewer_id=None)
    table = PairHealthRecord._meta.db_table
    columns = "program_id, rank, since, rating, judged_at, valid_until"
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns.split(", "))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""{sql} INSERT INTO {table} (pair_id, {columns})
            SELECT id, program_ref, health_rank, since, rating, %s, valid_until
            FROM judged WHERE 1 = 1
            ON CONFLICT (pair_id) DO UPDATE SET {updates}""",
            [*params, connection.ops.adapt_datetimefield_value(now)],
        )


def records_refresh_all(now: datetime | None = None) -> int:
    """``refresh_records`` for the open pairs of every program that has some (the worker's
    run, e.g. hourly: a board's view then judges only what changed since). How many
    programs."""
    now = now or timezone.now()
    open_pairs = Pair.objects.filter(status__in=OPEN_PAIR_STATUSES)
    program_ids = sorted(set(open_pairs.values_list("program_id", flat=True)))
    for program_id in program_ids:
        refresh_records(open_pairs.filter(program_id=program_id), now=now)
    return len(program_ids)


@dataclass(frozen=True)
class Seen:
    """A pair as a viewer sees it: its state and its lowest rating (``None`` where there is
    none, or where the viewer is in the pair and so reads no check-in answer)."""

    state: HealthState
    rating: int | None


def seen_by(pairs: QuerySet[Pair], *, now: datetime, viewer_id: int | None) -> dict[int, Seen]:
    """Pair id → the pair as ``viewer_id`` sees it, for every pair of ``pairs``: judged by
    the same statement as the records, except that a pair the viewer is in is judged as its
    people see it (no check-in rule, no rating). One query."""
    sql, params = _judged(pairs, now=now, viewer_id=viewer_id)
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} SELECT id, health_rank, rating FROM judged", params)
        return {
            pair_id: Seen(STATE_OF_RANK[rank], rating)
            for pair_id, rank, rating in cursor.fetchall()
        }


def states_of(
    pairs: QuerySet[Pair], *, now: datetime, viewer_id: int | None = None
) -> dict[int, HealthState]:
    """Pair id → state, for every pair of ``pairs`` (the tests compare it with the rules
    applied pair by pair; the board never loads every pair). One query."""
    return {
        pair_id: seen.state
        for pair_id, seen in seen_by(pairs, now=now, viewer_id=viewer_id).items()
    }
