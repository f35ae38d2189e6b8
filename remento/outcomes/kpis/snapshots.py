"""The weekly KPI snapshots: every KPI of every running program, once per ISO week.

``snapshot_kpis`` is what the background task and ``remento snapshot-kpis`` run. A program
is snapshotted while Active and for ``WEEKS_AFTER_CLOSE`` weeks after it closes (closing
check-ins, the "after" assessments and HRIS leavers still arrive then). A closed program's
series ends at the week it closed: that week's row is refreshed, no later week is added.
Running twice in a week replaces the week's rows. Past weeks without a row are back-filled
"as of" their Sunday (see ``series.backfill_points``): all of them at a program's first
snapshot, so its series starts at its beginning, and any week the task did not run.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from remento.outcomes.kpis.facts import program_facts
from remento.outcomes.kpis.models import KpiSnapshot
from remento.outcomes.kpis.selectors import CATALOGUE, measure_kinds
from remento.outcomes.kpis.series import backfill_points, closed_days, last_day, week_of
from remento.programs.locks import program_lock
from remento.programs.models import Program, Status

# How long a closed program's last week keeps being measured again.
WEEKS_AFTER_CLOSE = 8


def programs_to_snapshot(today: date) -> list[tuple[Program, date | None]]:
    """Active programs, and those closed in the last ``WEEKS_AFTER_CLOSE`` weeks, each with
    the day it closed (None when active, or when the close is not on record)."""
    programs = list(Program.objects.filter(status__in=[Status.ACTIVE, Status.CLOSED]))
    closed = closed_days(p.pk for p in programs if p.status == Status.CLOSED)
    since = today - timedelta(weeks=WEEKS_AFTER_CLOSE)
    chosen: list[tuple[Program, date | None]] = []
    for program in programs:
        closed_on = closed.get(program.pk)
        if program.status == Status.ACTIVE:
            chosen.append((program, None))
        elif (closed_on or program.end_date or timezone.localdate(program.updated_at)) >= since:
            chosen.append((program, closed_on))
    return chosen


def _row(
    program: Program, kind: str, week: date, value: float | None, sample: int, now: datetime
) -> KpiSnapshot:
    return KpiSnapshot(
        program=program,
        kind=kind,
        week=week,
        value=None if value is None else Decimal(str(round(value, 2))),
        sample=sample,
        computed_at=now,
    )


def snapshot_program(
    program: Program, *, today: date, closed_on: date | None, now: datetime
) -> int:
    """Write ``program``'s KPIs for its current week (the week it closed, once closed),
    replacing that week's rows, and back-fill every earlier week without a row (all of them
    the first time; a week the task missed later). Returns how many rows it wrote.

    The figures are worked out first; only the writing holds the program's lock, so two
    runs at once queue there and the second replaces the first's week."""
    facts = program_facts(program.pk)
    week = week_of(last_day(program, today, closed_on))
    past = backfill_points(program, facts, today=today, closed_on=closed_on, with_last=False)
    current = [
        _row(program, r.kind, week, r.value, r.sample, now)
        for r in measure_kinds(program, CATALOGUE, today=today, facts=facts)
    ]
    with transaction.atomic():
        program_lock(program)
        taken = set(KpiSnapshot.objects.filter(program=program).values_list("kind", "week"))
        rows = [
            _row(program, kind, point.week, point.value, point.sample, now)
            for kind, points in past.items()
            for point in points
            if (kind, point.week) not in taken
        ]
        KpiSnapshot.objects.filter(program=program, week=week).delete()
        KpiSnapshot.objects.bulk_create(rows + current)
    return len(rows) + len(current)


def snapshot_kpis(today: date | None = None) -> int:
    """Snapshot every KPI of every running program (see the module) for the ISO week of
    ``today`` (default: today). Safe to run twice: the week's rows are replaced. Returns
    how many rows were written."""
    today = today or timezone.localdate()
    now = timezone.now()
    return sum(
        snapshot_program(program, today=today, closed_on=closed_on, now=now)
        for program, closed_on in programs_to_snapshot(today)
    )
