"""Each program's KPIs (every kind of the catalogue, without targets) and participation
funnel as the task worker keeps them, so that the organisation dashboard's list of programs
and the sponsor's report read one row per program instead of every pair, meeting, goal,
check-in and enrolment of it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import OuterRef

from remento.outcomes.confidential import withheld_in
from remento.outcomes.kept.models import KeptFigures
from remento.outcomes.kept.organization import funnel_from
from remento.outcomes.kept.store import keep
from remento.outcomes.kpis.selectors import CATALOGUE, with_targets
from remento.outcomes.results import Interval, KpiResult
from remento.outcomes.selectors import Funnel
from remento.programs.models import Program

NAME = "program"


@dataclasses.dataclass(frozen=True)
class KeptKpis:
    results: dict[str, KpiResult]  # by kind
    funnel: Funnel
    computed_at: datetime
    # Whether the program holds check-in answers the viewer may not count (their partner's,
    # ``outcomes.confidential``), which the kept figures count: those built from check-in
    # answers are then worked out again for this viewer.
    withheld: bool = False

    def recounted(self, results: Iterable[KpiResult]) -> KeptKpis:
        """These KPIs with ``results`` (worked out again for the viewer) in place of the
        kept ones of the same kinds."""
        again = {result.kind: dataclasses.replace(result, target=None) for result in results}
        return dataclasses.replace(self, results={**self.results, **again})

    def of(self, program: Program) -> list[KpiResult]:
        """The KPIs ``program`` committed to, beside their targets, in the catalogue's order
        (as ``kpis.selectors.program_kpis`` gives them)."""
        return with_targets([self.results[k] for k in CATALOGUE if k in self.results], program)


def to_payload(results: Iterable[KpiResult], funnel: Funnel) -> dict[str, Any]:
    """``results`` as JSON, without their targets (read from the program at each view),
    and the funnel."""
    return {
        "kpis": [
            dataclasses.asdict(dataclasses.replace(r, target=None, final=False)) for r in results
        ],
        "funnel": dataclasses.asdict(funnel),
    }


def _results_from(payload: list[dict[str, Any]]) -> dict[str, KpiResult]:
    results = {}
    for data in payload:
        interval = data["interval"]
        result = KpiResult(
            **{**data, "interval": None if interval is None else Interval(**interval)}
        )
        results[result.kind] = result
    return results


def keep_kpis(program: Program, results: list[KpiResult], funnel: Funnel, *, now: datetime) -> None:
    """Keep ``program``'s measured ``results`` and ``funnel`` as of ``now``."""
    payload = to_payload(results, funnel)
    keep(program.organization_id, NAME, payload, now=now, program_id=program.pk)


def kept_kpis(programs: list[Program], *, viewer_id: int | None = None) -> dict[int, KeptKpis]:
    """The KPIs the worker kept of each of ``programs`` (of one organisation), by program
    id; a program without any is missing. For ``viewer_id``, each says whether it counts
    answers that viewer may not (``KeptKpis.withheld``). One query, however many programs."""
    if not programs:
        return {}
    kept = KeptFigures.objects.filter(
        organization_id=programs[0].organization_id,
        name=NAME,
        program_id__in=[program.pk for program in programs],
    ).order_by("program_id", "computed_at", "pk")
    fields = ("program_id", "payload", "computed_at")
    rows: Iterable[tuple[Any, ...]]
    if viewer_id is None:
        rows = ((*row, False) for row in kept.values_list(*fields))
    else:
        withheld = withheld_in(viewer_id, pair__program_id=OuterRef("program_id"))
        rows = kept.annotate(withheld=withheld).values_list(*fields, "withheld")
    # Ordered oldest first: the latest row of a program wins.
    return {
        pk: KeptKpis(
            _results_from(payload["kpis"]), funnel_from(payload["funnel"]), at, bool(withheld)
        )
        for pk, payload, at, withheld in rows
    }


def kept_program_kpis(program: Program, *, viewer_id: int | None = None) -> KeptKpis | None:
    """``kept_kpis`` of one program: one query."""
    return kept_kpis([program], viewer_id=viewer_id).get(program.pk)
