"""The weekly pair-health records: each ended week of each program, once.

``snapshot_health`` is what the background task and ``remento snapshot-health`` run
(nightly from cron, beside ``snapshot-kpis``). For every program with pairs it records each
week of its pair-health history (``health_history``) that has ended and has no record yet,
as the open pairs' states at the week's end: all of them at a program's first run, then one
a week. The results page reads the records and works out only the weeks without one.

The current week can be recorded too, "as of" the run (``record_this_week``, hourly from
cron): the page then reads it instead of judging every open pair at each view, and says
when it was recorded; the nightly run replaces it with the final record once the week ends.

A recorded week is frozen, as a KPI's past week is (``kpis.snapshots``): a meeting, a
check-in or a pair's end logged later for a day of that week shows on the pair's own
pages, on the health board and in the current week's count, but does not change the
recorded week. The chart says so under it.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from remento.outcomes.dashboards.health_history import (
    HealthWeek,
    health_weeks_computed,
    program_weeks,
    recorded_weeks,
    week_end,
)
from remento.outcomes.dashboards.models import HealthSnapshot
from remento.programs.locks import program_lock
from remento.programs.models import Program


def _row(program: Program, week: HealthWeek, now: datetime) -> HealthSnapshot:
    return HealthSnapshot(
        program=program,
        week=week.week,
        computed_at=now,
        **{state.value: count for state, count in week.counts.items()},
    )


def ended_weeks_unrecorded(program: Program, *, now: datetime) -> list[date]:
    """``program``'s weeks (Mondays) that have ended by ``now`` and have no record. Two
    queries."""
    weeks = [monday for monday in program_weeks(program, now=now) if week_end(monday) <= now]
    recorded = recorded_weeks(program, weeks)
    return [monday for monday in weeks if monday not in recorded]


def snapshot_program_health(program: Program, *, now: datetime) -> int:
    """Record ``program``'s ended weeks that have no record yet (see the module), each as
    of its end. Returns how many weeks it recorded.

    The weeks are worked out first, from the pairs open in them; only the writing holds the
    program's lock, so two runs at once queue there and the second adds nothing twice."""
    missing = ended_weeks_unrecorded(program, now=now)
    if not missing:
        return 0
    weeks = health_weeks_computed(program, missing, viewer=None, now=now)
    with transaction.atomic():
        program_lock(program)
        taken = set(recorded_weeks(program, missing))
        # A week recorded while it ran (``record_this_week``) gives way to its final record.
        HealthSnapshot.objects.filter(program=program, week__in=missing).exclude(
            week__in=taken
        ).delete()
        rows = [_row(program, week, now) for week in weeks if week.week not in taken]
        HealthSnapshot.objects.bulk_create(rows)
    return len(rows)


def record_this_week(program: Program, *, now: datetime) -> bool:
    """Record ``program``'s current week as of ``now`` (its open pairs by state), replacing
    an earlier record of it; the results page then reads it, "as of" ``now``, instead of
    judging every open pair at each view. False when the program has no week running.

    Run often (hourly) by ``snapshot-health --this-week``; once the week ends, the nightly
    run replaces the record with the week as it stood at its end."""
    weeks = program_weeks(program, now=now)
    if not weeks or week_end(weeks[-1]) <= now:
        return False
    (week,) = health_weeks_computed(program, weeks[-1:], viewer=None, now=now)
    with transaction.atomic():
        program_lock(program)
        HealthSnapshot.objects.filter(program=program, week=week.week).delete()
        _row(program, week, now).save()
    return True


def record_health_this_week(now: datetime | None = None) -> int:
    """Record the current week of every program with pairs still running, as of ``now``
    (see ``record_this_week``). Returns how many programs' weeks were recorded."""
    now = now or timezone.now()
    programs = Program.objects.filter(pairs__isnull=False).distinct().order_by("pk")
    return sum(record_this_week(program, now=now) for program in programs)


def snapshot_health(now: datetime | None = None) -> int:
    """Record every ended, unrecorded week of every program with pairs (see the module),
    as of ``now`` (default: now). Safe to run twice: a recorded week is left as it is.
    Returns how many weeks were recorded."""
    now = now or timezone.now()
    programs = Program.objects.filter(pairs__isnull=False).distinct().order_by("pk")
    return sum(snapshot_program_health(program, now=now) for program in programs)
