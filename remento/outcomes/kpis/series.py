"""Every KPI of a program week by week: the weekly snapshots, or, for a program never
snapshotted, the same figures worked out "as of" the end of each past week.

The five KPIs the pairs' records hold (meetings, goals, check-ins, pair outcomes,
enrolments) are dated, so each past week is measured from what had happened by its Sunday.
Skill gain and mentor retention are measured from assessments and the HRIS history as they
are now, so a back-filled series has them for its last week only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, NamedTuple

from django.db.models import OuterRef
from django.utils import timezone

from remento.core.models import AuditEvent
from remento.outcomes.confidential import withheld_in
from remento.outcomes.kpis.facts import ProgramFacts, cutoff_of
from remento.outcomes.kpis.inputs import ProgramInputs
from remento.outcomes.kpis.measures import FACT_MEASURES
from remento.outcomes.kpis.models import KpiSnapshot
from remento.outcomes.kpis.selectors import CATALOGUE, FROM_ANSWERS, measure_kinds
from remento.outcomes.results import KpiResult
from remento.programs.models import Program, Status

# A back-filled series goes back at most this far (two years of weeks).
MAX_BACKFILL_WEEKS = 104


class SeriesPoint(NamedTuple):
    """One KPI in one ISO week (``week`` is its Monday); ``value`` None: not enough data."""

    week: date
    value: float | None
    sample: int


def week_of(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def closed_days(program_ids: Iterable[int]) -> dict[int, date]:
    """The day each of these programs was closed, from the audit of its transition (one
    query); a program closed without one (made closed in bulk) is missing."""
    found: dict[int, date] = {}
    events = (
        AuditEvent.objects.filter(
            verb="program.transition",
            target_type=Program._meta.label_lower,
            target_id__in=[str(pk) for pk in program_ids],
            data__to=Status.CLOSED,
        )
        .order_by("created_at")
        .values_list("target_id", "created_at")
    )
    for target_id, created_at in events:
        found[int(target_id)] = timezone.localdate(created_at)  # the last close wins
    return found


def last_day(program: Program, today: date, closed_on: date | None) -> date:
    """The last day a program's figures can move: today, or the day it closed (its end
    date when the close is not on record)."""
    if program.status != Status.CLOSED:
        return today
    return min(today, closed_on or program.end_date or today)


def backfill_points(
    program: Program,
    facts: ProgramFacts,
    *,
    today: date,
    closed_on: date | None,
    with_last: bool = True,
    inputs: ProgramInputs | None = None,
    kinds: tuple[str, ...] = CATALOGUE,
) -> dict[str, list[SeriesPoint]]:
    """The program's KPIs (``kinds`` of them) for each week from its first fact to its
    last day (see ``last_day``), each as of the end of that week, and the last day's week
    with every kind, measured ``today`` (without it when not ``with_last``; ``inputs``
    shares skill gain and retention with the caller's other figures)."""
    last = last_day(program, today, closed_on)
    first_day = facts.first_day() or program.start_date or last
    if program.start_date:
        first_day = min(first_day, program.start_date)
    first = max(week_of(first_day), week_of(last) - timedelta(weeks=MAX_BACKFILL_WEEKS))
    points: dict[str, list[SeriesPoint]] = defaultdict(list)
    week = first
    while week < week_of(last):
        cutoff = cutoff_of(week + timedelta(days=6))
        for kind, measure in FACT_MEASURES.items():
            if kind in kinds:
                points[kind].append(_point(week, measure(facts, cutoff)))
        week += timedelta(weeks=1)
    if with_last:
        # Measured now, not as of the last day: closing check-ins and assessments are
        # answered in the days after a program closes, and retention needs months.
        measured = measure_kinds(program, kinds, today=today, facts=facts, inputs=inputs)
        for result in measured:
            points[result.kind].append(_point(week_of(last), result))
    return {kind: points[kind] for kind in CATALOGUE if points[kind]}


def _point(week: date, result: KpiResult) -> SeriesPoint:
    value = None if result.value is None else round(result.value, 2)
    return SeriesPoint(week=week, value=value, sample=result.sample)


def kpi_series(
    program: Program,
    *,
    today: date | None = None,
    facts: ProgramFacts | None = None,
    inputs: ProgramInputs | None = None,
    viewer_id: int | None = None,
) -> dict[str, list[SeriesPoint]]:
    """Every KPI of ``program`` week by week, oldest first, keyed by kind (the catalogue's
    order; a kind never measured is missing): the weekly snapshots, or, while the program
    has none, the series worked out from its dated records (see the module). ``facts``
    saves reading them again when the caller has them; ``inputs`` (same program and day)
    shares the facts, skill gain and retention with the caller's other figures.

    For a viewer (``inputs.viewer_id``, else ``viewer_id``) the check-in answers they may
    not count are left out (``outcomes.confidential``): the snapshots were taken for
    everyone, so where they count one of those answers, the same query says so and the
    check-in rating's series is worked out again from the viewer's facts."""
    if inputs is not None:
        viewer_id = inputs.viewer_id
    snapshots = KpiSnapshot.objects.filter(program=program)
    fields = ("kind", "week", "value", "sample")
    rows: Iterable[tuple[Any, ...]]
    if viewer_id is None:
        rows = ((*row, False) for row in snapshots.order_by("week").values_list(*fields))
    else:
        withheld = withheld_in(viewer_id, pair__program_id=OuterRef("program_id"))
        rows = (
            snapshots.annotate(withheld=withheld).order_by("week").values_list(*fields, "withheld")
        )
    series: dict[str, list[SeriesPoint]] = defaultdict(list)
    recount = False
    for kind, week, value, sample, withheld_here in rows:
        series[kind].append(SeriesPoint(week, None if value is None else float(value), sample))
        recount = recount or withheld_here
    if inputs is None and (recount or not series):
        inputs = ProgramInputs(
            program, today=today or timezone.localdate(), facts=facts, viewer_id=viewer_id
        )
    if series and not recount:
        return {kind: series[kind] for kind in CATALOGUE if series[kind]}
    assert inputs is not None
    if series:
        return recounted_series(program, series, inputs)
    closed_on = closed_days([program.pk]).get(program.pk)
    return backfill_points(
        program, inputs.facts, today=inputs.today, closed_on=closed_on, inputs=inputs
    )


def recounted_series(
    program: Program, series: dict[str, list[SeriesPoint]], inputs: ProgramInputs
) -> dict[str, list[SeriesPoint]]:
    """``series`` (snapshots or kept, for everyone) with the series of the kinds measured
    from check-in answers (``FROM_ANSWERS``) worked out again from ``inputs``, the facts
    of a viewer who may not count some answers (``outcomes.confidential``)."""
    closed_on = closed_days([program.pk]).get(program.pk)
    again = backfill_points(
        program,
        inputs.facts,
        today=inputs.today,
        closed_on=closed_on,
        inputs=inputs,
        kinds=FROM_ANSWERS,
    )
    merged = {**series, **again}
    return {kind: merged[kind] for kind in CATALOGUE if merged.get(kind)}
