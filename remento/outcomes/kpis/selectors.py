"""A program's KPIs, measured: the ones it committed to (beside their targets) and every
kind of the catalogue (for the dashboards' extra figures).

The caller has already fetched the program for the viewer (``programs.access``): everything
here reads that one program's rows only, in a fixed number of queries whatever its size.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from django.utils import timezone

from remento.outcomes.kpis.facts import ProgramFacts, cutoff_of
from remento.outcomes.kpis.inputs import ProgramInputs
from remento.outcomes.kpis.measures import FACT_MEASURES, mentor_retention, skill_gain
from remento.outcomes.results import KpiResult
from remento.programs.models import KpiKind, Program, ProgramKpi, Status

CATALOGUE: tuple[str, ...] = tuple(KpiKind.values)
# The kinds measured from check-in answers: for a viewer who may not count some of them
# (``outcomes.confidential``), worked out again where the figures were kept for everyone.
FROM_ANSWERS: tuple[str, ...] = (KpiKind.CHECKIN_RATING,)


def measure_kinds(
    program: Program,
    kinds: tuple[str, ...],
    *,
    today: date,
    facts: ProgramFacts | None = None,
    inputs: ProgramInputs | None = None,
    viewer_id: int | None = None,
) -> list[KpiResult]:
    """``kinds`` of ``program`` measured as of the end of ``today``, without targets, in
    the catalogue's order. ``facts`` saves reading them again when the caller has them;
    ``inputs`` (the same program and day) shares the facts, skill gain and retention with
    the caller's other figures, so that each is worked out once. For ``viewer_id`` (when
    no ``inputs`` say who views), the check-in answers they may not count are left out
    (``outcomes.confidential``)."""
    wanted = [kind for kind in CATALOGUE if kind in kinds]
    if inputs is None:
        inputs = ProgramInputs(program, today=today, facts=facts, viewer_id=viewer_id)
    cutoff = cutoff_of(today)
    results = []
    for kind in wanted:
        if kind == KpiKind.SKILL_GAIN:
            results.append(skill_gain(inputs.skill_gain))
        elif kind == KpiKind.MENTOR_RETENTION:
            results.append(mentor_retention(inputs.retention))
        else:
            results.append(FACT_MEASURES[kind](inputs.facts, cutoff))
    return results


def with_targets(
    results: list[KpiResult],
    program: Program,
    *,
    kpis: list[ProgramKpi] | None = None,
    chosen_only: bool = True,
) -> list[KpiResult]:
    """``results`` beside ``program``'s targets (its ``kpis``, when the caller read them),
    final once it is closed (a value below target has then missed it; see
    ``results.verdict_of``). Only the kinds it committed to unless not ``chosen_only``
    (the others then have ``target`` None)."""
    chosen = kpis if kpis is not None else program.kpis.all()
    targets = {kpi.kind: kpi.target for kpi in chosen}
    final = program.status == Status.CLOSED
    return [
        dataclasses.replace(r, target=targets.get(r.kind), final=final)
        for r in results
        if r.kind in targets or not chosen_only
    ]


def program_kpis(
    program: Program,
    *,
    today: date | None = None,
    facts: ProgramFacts | None = None,
    inputs: ProgramInputs | None = None,
    viewer_id: int | None = None,
) -> list[KpiResult]:
    """Every KPI ``program`` committed to (its ``ProgramKpi`` rows), measured from what the
    app holds as of the end of ``today`` (default: today), each beside its target, with its
    method, sample and, where the data allow, a 95 % interval; in the catalogue's order.
    A program with no KPI gets an empty list. ``facts`` saves reading them again when the
    caller has them; ``inputs`` shares everything measured (see ``measure_kinds``);
    ``viewer_id``: who reads them, where no ``inputs`` say (see ``measure_kinds``)."""
    today = inputs.today if inputs is not None else today or timezone.localdate()
    kpis = list(program.kpis.all())
    if not kpis:
        return []
    kinds = tuple(kpi.kind for kpi in kpis)
    results = measure_kinds(
        program, kinds, today=today, facts=facts, inputs=inputs, viewer_id=viewer_id
    )
    return with_targets(results, program, kpis=kpis)


def measure_all(program: Program, today: date | None = None) -> list[KpiResult]:
    """Every kind of the KPI catalogue measured for ``program`` as of ``today``, the ones it
    committed to with their targets, the others with ``target`` None."""
    today = today or timezone.localdate()
    return with_targets(measure_kinds(program, CATALOGUE, today=today), program, chosen_only=False)
