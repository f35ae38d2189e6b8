"""The KPI series export: each KPI the program committed to, week by week, beside its target.

The weekly figures come from the KPIs' own ``kpi_series`` (one source of truth for how each
is measured); this module only lays them out. A series is at most a row a week per KPI, so
it is read once and kept for the count and the rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from remento.outcomes.kpis.series import kpi_series
from remento.programs.models import KpiKind, Program, ProgramKpi

from .tables import Row, Table, columns

KPI_COLUMNS = columns(
    ("KPI", 40),
    ("Week of (Monday)", 14),
    ("Value", 10),
    ("Target", 10),
    ("Target met", 10),
    ("People or pairs behind it", 12),
)


def _met(value: Any, target: Decimal | None) -> bool | None:
    if value is None or target is None:
        return None
    return Decimal(str(value)) >= target


def kpi_series_table(program: Program, viewer_id: int | None = None) -> Table:
    """One row per KPI and week, in the catalogue's order and oldest week first, with the
    program's target where it committed to one and whether the week's value reaches it; an
    empty value is a week without enough data. The series is the KPIs' own
    (``kpi_series``: the weekly snapshots, or worked out from the dated records), without
    the check-in answers ``viewer_id`` may not count (``outcomes.confidential``)."""
    built: list[list[Row]] = []

    def build() -> list[Row]:
        labels = dict(KpiKind.choices)
        targets = {kpi.kind: kpi.target for kpi in ProgramKpi.objects.filter(program=program)}
        return [
            (
                labels.get(kind, kind),
                point.week,
                point.value,
                targets.get(kind),
                _met(point.value, targets.get(kind)),
                point.sample,
            )
            for kind, points in kpi_series(program, viewer_id=viewer_id).items()
            for point in points
        ]

    def cached() -> list[Row]:
        if not built:
            built.append(build())
        return built[0]

    def rows() -> Iterator[Row]:
        return iter(cached())

    return Table(KPI_COLUMNS, count=lambda: len(cached()), rows=rows)
