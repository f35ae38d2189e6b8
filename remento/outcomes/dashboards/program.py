"""A program's dashboard: every measured figure of the program, drawn and tabulated.

KPIs against targets (``outcomes.kpis``), the participation funnel (``outcomes.selectors``),
pair health week by week, meetings per pair and check-in ratings (this package), skill gain
per skill (``outcomes.assessments.gains``), retention and promotion against comparable
colleagues (``outcomes.comparison``) and the KPIs by group (``outcomes.kpis.breakdowns``,
small groups hidden). For the program's coordinators (the view checks); a fixed number of
queries whatever the program's size.

Those figures read every row of the program, so the task worker keeps them
(``outcomes.kept.results``) and the page reads them, saying as of when; it works them out
itself only while none are kept (a program the worker has not reached yet).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from remento.outcomes.charts import Chart
from remento.outcomes.comparison.cohorts import mentors_read_once
from remento.outcomes.dashboards import figures
from remento.outcomes.dashboards.health_history import pair_health_by_week
from remento.outcomes.dashboards.selectors import meetings_per_pair, ratings_distribution
from remento.outcomes.kept.results import KeptResults, ResultsFigures, kept_results
from remento.outcomes.kpis.breakdowns import program_breakdowns
from remento.outcomes.kpis.inputs import ProgramInputs
from remento.outcomes.kpis.selectors import FROM_ANSWERS, measure_kinds, program_kpis
from remento.outcomes.kpis.series import kpi_series, recounted_series
from remento.outcomes.results import Comparison, KpiResult, SkillGainSummary
from remento.outcomes.selectors import Funnel, participation_funnel
from remento.people.models import Employee
from remento.programs.models import Program


@dataclass(frozen=True)
class ProgramDashboard:
    """What the program's dashboard shows, figures and charts."""

    program: Program
    kpis: list[KpiResult]
    kpi_chart: Chart
    series_chart: Chart
    funnel: Funnel
    funnel_chart: Chart
    health_chart: Chart
    meetings_chart: Chart
    ratings_chart: Chart
    skill_gain: SkillGainSummary
    skill_chart: Chart
    comparisons: list[Comparison]
    comparison_chart: Chart
    breakdown_charts: list[Chart]
    # When the task worker worked out the figures shown (None: for this page; see
    # ``outcomes.kept.results``).
    as_of: datetime | None = None

    @property
    def kpis_met(self) -> int:
        return sum(1 for result in self.kpis if result.met)

    @property
    def kpis_measured(self) -> int:
        return sum(1 for result in self.kpis if result.met is not None)


def program_dashboard(
    program: Program, *, viewer: Employee | None = None, today: date | None = None
) -> ProgramDashboard:
    """Every figure of ``program``'s dashboard as of the end of ``today`` (default: today),
    for a viewer the caller has checked coordinates the program: the check-in answers of
    their own partner, should they be in a pair of it, are not counted
    (``outcomes.confidential``)."""
    with mentors_read_once():  # retention and promotion follow the same mentors
        return _program_dashboard(program, viewer=viewer, today=today or timezone.localdate())


def results_figures(program: Program, inputs: ProgramInputs) -> ResultsFigures:
    """The results page's figures besides the KPIs, the funnel and the comparisons, worked
    out now from ``inputs`` (what the page shows while none are kept, and what the worker
    keeps, ``outcomes.kept.results``), for ``inputs.viewer_id`` where given."""
    return ResultsFigures(
        series=kpi_series(program, inputs=inputs),
        meetings=meetings_per_pair(program, facts=inputs.facts),
        ratings=ratings_distribution(program, viewer_id=inputs.viewer_id),
        skill_gain=inputs.skill_gain,
        breakdowns=program_breakdowns(program, facts=inputs.facts),
    )


def recounted(program: Program, kept: KeptResults, inputs: ProgramInputs) -> KeptResults:
    """``kept`` (worked out for everyone) with every figure built from check-in answers
    worked out again from ``inputs``, for a viewer who may not count some of those answers
    (``outcomes.confidential``): the check-in rating KPI and its weekly series, the ratings
    chart and the KPIs by group. The other figures are read as kept."""
    again = measure_kinds(program, FROM_ANSWERS, today=inputs.today, inputs=inputs)
    figures = dataclasses.replace(
        kept.figures,
        series=recounted_series(program, kept.figures.series, inputs),
        ratings=ratings_distribution(program, viewer_id=inputs.viewer_id),
        breakdowns=program_breakdowns(program, facts=inputs.facts),
    )
    return dataclasses.replace(kept, kpis=kept.kpis.recounted(again), figures=figures)


def _program_dashboard(
    program: Program, *, viewer: Employee | None, today: date
) -> ProgramDashboard:
    # The figures that read every pair, meeting, check-in, goal, enrolment and assessment
    # of the program are read as the worker last kept them (one run, "as of" on the page);
    # only while it has kept none are they worked out here, each input read once
    # (``ProgramInputs``). The comparison group is the whole organisation: read as the
    # worker last counted it, too. Pair health has records of its own (``health_history``).
    viewer_id = None if viewer is None else viewer.pk
    inputs = ProgramInputs(program, today=today, kept=True, viewer_id=viewer_id)
    kept = kept_results(program, viewer_id=viewer_id)
    if kept is not None and kept.kpis.withheld:
        # The viewer is in a pair whose partner's answers the kept figures count.
        kept = recounted(program, kept, inputs)
    if kept is None:
        kpis = program_kpis(program, inputs=inputs)
        funnel = participation_funnel(program, facts=inputs.facts)
        shown, as_of = results_figures(program, inputs), None
    else:
        kpis, funnel = kept.kpis.of(program), kept.kpis.funnel
        shown, as_of = kept.figures, kept.computed_at
    comparisons = [inputs.retention, inputs.promotion]
    return ProgramDashboard(
        program=program,
        kpis=kpis,
        kpi_chart=figures.kpi_chart(kpis),
        series_chart=figures.kpi_series_chart(shown.series, kpis),
        funnel=funnel,
        funnel_chart=figures.funnel_chart(funnel),
        health_chart=figures.health_chart(pair_health_by_week(program, viewer=viewer)),
        meetings_chart=figures.meetings_chart(shown.meetings),
        ratings_chart=figures.ratings_chart(shown.ratings),
        skill_gain=shown.skill_gain,
        skill_chart=figures.skill_chart(shown.skill_gain),
        comparisons=comparisons,
        comparison_chart=figures.comparison_chart(comparisons),
        breakdown_charts=[figures.breakdown_chart(b) for b in shown.breakdowns],
        as_of=as_of,
    )
