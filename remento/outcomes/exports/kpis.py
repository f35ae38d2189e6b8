"""The KPI series export: each KPI the program committed to, week by week, beside its target.

The weekly figures come from the KPIs' own ``kpi_series`` (one source of truth for how each
is measured); this module only lays them out. A series is at most a row a week per KPI, so
it is read once and kept for the count and the rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from remento.outcomes.kpis.series import kpi_series
from remento.outcomes.results import verdict_of
from remento.programs.models import KpiKind, Program, ProgramKpi, Status

from .tables import Row, Table, columns

KPI_COLUMNS = columns(
    ("KPI", 40),
    ("Week of (Monday)", 14),
    ("Value", 10),
    ("Target", 10),
    ("Against the target", 12),
    ("People or pairs behind it", 12),
)


def _verdict(value: float | None, target: Decimal, *, final: bool) -> str:
    """The week's value against the target, in the words of every page (``verdict_of``);
    empty for a week without enough data."""
    if value is None:
        return ""
    return verdict_of(value, target, final=final).label


def kpi_series_table(program: Program, viewer_id: int | None = None) -> Table:
    """One row per KPI the program committed to and week, in the catalogue's order and
    oldest week first, with its target and where the week's value stands against it: "Not
    met" only for the last week of a closed program, "Not yet" before (the same rule as
    the report's, ``results.verdict_of``); an empty value is a week without enough data.
    The series is the KPIs' own (``kpi_series``: the weekly snapshots, or worked out from
    the dated records), without the check-in answers ``viewer_id`` may not count
    (``outcomes.confidential``)."""
    built: list[list[Row]] = []

    def build() -> list[Row]:
        labels = dict(KpiKind.choices)
        targets = {kpi.kind: kpi.target for kpi in ProgramKpi.objects.filter(program=program)}
        closed = program.status == Status.CLOSED
        series = kpi_series(program, viewer_id=viewer_id)
        return [
            (
                labels.get(kind, kind),
                point.week,
                point.value,
                targets[kind],
                _verdict(point.value, targets[kind], final=closed and index == len(points) - 1),
                point.sample,
            )
            for kind, points in series.items()
            if kind in targets
            for index, point in enumerate(points)
        ]

    def cached() -> list[Row]:
        if not built:
            built.append(build())
        return built[0]

    def rows() -> Iterator[Row]:
        return iter(cached())

    return Table(KPI_COLUMNS, count=lambda: len(cached()), rows=rows)
