"""The health rules of ``rules.py`` written as SQL, for ``states.py``: the state's rank,
a goal's rounded percent, the lowest rating, whole days, and the first moment time alone
could change a state. Each piece names the rule it follows; ``rules.evaluate`` stays the
reference, and ``tests/relationships/health/test_states.py`` checks both agree on varied
pairs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import connection

from remento.core.day_counts import whole_days_sql
from remento.relationships.health.rules import (
    CANCEL_WINDOW_DAYS,
    FALLING_RATING_CEILING,
    GAP_AT_RISK_FACTOR,
    GOALS_GRACE_DAYS,
    LOW_RATING,
    PARTNER_CANCELS_ATTENTION,
    SENIOR_CANCELS_AT_RISK,
    SENIOR_CANCELS_ATTENTION,
    UNANSWERED_ATTENTION,
    HealthState,
)

AT_RISK, ATTENTION, TOO_EARLY, ON_TRACK = (
    HealthState.AT_RISK.rank,
    HealthState.NEEDS_ATTENTION.rank,
    HealthState.TOO_EARLY.rank,
    HealthState.ON_TRACK.rank,
)


# A goal's percent as ``Goal.progress_percent`` rounds it: Python's round() of
# 100 * done / total, half to even, in integers (no float on either database).
# ("%%" is the modulo operator once the parameters are bound.)
GOAL_PERCENT = """CASE WHEN total > 0 THEN 100 * done / total + CASE
    WHEN 2 * (100 * done %% total) > total THEN 1
    WHEN 2 * (100 * done %% total) = total AND (100 * done / total) %% 2 = 1 THEN 1
    ELSE 0 END ELSE goal_progress END"""


def whole_days(column: str, now: datetime) -> tuple[str, list[Any]]:
    """SQL for ``max((now - column).days, 0)`` (NULL stays NULL on SQLite, reads 0 on
    PostgreSQL: only a started pair's days are judged), exact to the microsecond."""
    sql, params = whole_days_sql(column, [], now=now, vendor=connection.vendor)
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    return f"{greatest}({sql}, 0)", params


def _cancels(role: str, at_least: int) -> str:
    return f"{role}_cancels >= {int(at_least)}"


def rank_sql() -> str:
    """``rules.evaluate`` over the columns of ``timed``, as a state's rank."""
    senior = " OR ".join(
        f"(senior = '{role}' AND {role}_cancels >= {{n}})" for role in ("mentor", "mentee")
    )
    partner = " OR ".join(
        f"((senior IS NULL OR senior <> '{role}') AND {_cancels(role, PARTNER_CANCELS_ATTENTION)})"
        for role in ("mentor", "mentee")
    )
    low = f"(mentor_latest <= {LOW_RATING} OR mentee_latest <= {LOW_RATING})"
    falling = " OR ".join(
        f"({role}_latest < {role}_previous AND {role}_latest <= {FALLING_RATING_CEILING})"
        for role in ("mentor", "mentee")
    )
    unanswered = (
        f"(mentor_unanswered >= {UNANSWERED_ATTENTION}"
        f" OR mentee_unanswered >= {UNANSWERED_ATTENTION})"
    )
    at_risk = " OR ".join(
        [
            f"meeting_days > {GAP_AT_RISK_FACTOR} * cadence",
            senior.format(n=SENIOR_CANCELS_AT_RISK),
            f"(confidential = 1 AND ({low} OR no_fit))",
        ]
    )
    attention = " OR ".join(
        [
            "(meeting_days > cadence AND next_start IS NULL)",
            senior.format(n=SENIOR_CANCELS_ATTENTION),
            partner,
            f"(confidential = 1 AND ({falling} OR {unanswered}))",
            f"(start_days >= {GOALS_GRACE_DAYS} AND (goals = 0 OR 2 * goal_percents <= goals))",
        ]
    )
    return f"""CASE
        WHEN active = 0 THEN {TOO_EARLY}
        WHEN {at_risk} THEN {AT_RISK}
        WHEN {attention} THEN {ATTENTION}
        WHEN start_days < cadence AND last_held IS NULL THEN {TOO_EARLY}
        ELSE {ON_TRACK} END"""


LOWEST_RATING = """CASE WHEN confidential = 0 THEN NULL
    WHEN mentor_latest IS NULL THEN mentee_latest
    WHEN mentee_latest IS NULL OR mentor_latest < mentee_latest THEN mentor_latest
    ELSE mentee_latest END"""


def _plus_days(column: str, days: str) -> str:
    """SQL for ``column`` + ``days`` days; on SQLite rounded up to the next whole second
    (``datetime()`` drops the fraction): a row is judged again at most a second late."""
    if connection.vendor == "postgresql":
        return f"({column} + ({days}) * INTERVAL '1 day')"
    return f"datetime({column}, '+' || ({days}) || ' days', '+1 second')"


def valid_until_sql() -> str:
    """SQL for the first moment after ``%(now)s`` the state could change with time alone,
    at most ``%(cap)s`` (a day ahead): every threshold of the rules that passes with time."""
    moments = [
        _plus_days("since", "cadence + 1"),  # meeting_gap: more than the cadence
        _plus_days("since", f"{GAP_AT_RISK_FACTOR} * cadence + 1"),  # more than twice
        _plus_days("started", "cadence"),  # "just started" ends
        _plus_days("started", str(GOALS_GRACE_DAYS)),  # goals_stalled starts to judge
        _plus_days("next_start", "0"),  # the next meeting starts: no longer scheduled
        "next_remind",  # a check-in becomes overdue (unanswered)
        _plus_days("window_exit", str(CANCEL_WINDOW_DAYS)),  # a cancellation leaves
    ]
    future = [f"CASE WHEN {m} > %(now)s THEN {m} ELSE %(cap)s END" for m in moments]
    least = "LEAST" if connection.vendor == "postgresql" else "MIN"
    return f"{least}({', '.join(future)})"
