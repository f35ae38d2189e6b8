"""A program's dashboard: every measured figure of the program, drawn and tabulated.

KPIs against targets (``outcomes.kpis``), the participation funnel (``outcomes.selectors``),
pair health week by week, meetings per pair and check-in ratings (this package), skill gain
per skill (``outcomes.assessments.gains``), retention and promotion against comparable
colleagues (``outcomes.comparison``) and the KPIs by group (``outcomes.kpis.breakdowns``,
small groups hidden). For the program's coordinators (the view checks); a fixed number of
queries whatever the program's size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from remento.outcomes.charts import Chart
from remento.outcomes.comparison.cohorts import mentors_read_once
from remento.outcomes.dashboards import figures
from remento.outcomes.dashboards.health_history import pair_health_by_week
from remento.outcomes.dashboards.selectors import meetings_per_pair, ratings_distribution
from remento.outcomes.kpis.breakdowns import program_breakdowns
from remento.outcomes.kpis.inputs import ProgramInputs
from remento.outcomes.kpis.selectors import program_kpis
from remento.outcomes.kpis.series import kpi_series
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
    for a viewer the caller has checked coordinates the program."""
    with mentors_read_once():  # retention and promotion follow the same mentors
        return _program_dashboard(program, viewer=viewer, today=today or timezone.localdate())


def _program_dashboard(
    program: Program, *, viewer: Employee | None, today: date
) -> ProgramDashboard:
    # Each input read or worked out once, for the KPIs, their weekly series (whose last week
    # measures every kind again), the skill-gain and retention sections and the breakdowns.
    # The comparison group is the whole organisation: read as the worker last counted it.
    inputs = ProgramInputs(program, today=today, kept=True)
    kpis = program_kpis(program, inputs=inputs)
    funnel = participation_funnel(program, facts=inputs.facts)
    comparisons = [inputs.retention, inputs.promotion]
    return ProgramDashboard(
        program=program,
        kpis=kpis,
        kpi_chart=figures.kpi_chart(kpis),
        series_chart=figures.kpi_series_chart(kpi_series(program, inputs=inputs), kpis),
        funnel=funnel,
        funnel_chart=figures.funnel_chart(funnel),
        health_chart=figures.health_chart(pair_health_by_week(program, viewer=viewer)),
        meetings_chart=figures.meetings_chart(meetings_per_pair(program, facts=inputs.facts)),
        ratings_chart=figures.ratings_chart(ratings_distribution(program)),
        skill_gain=inputs.skill_gain,
        skill_chart=figures.skill_chart(inputs.skill_gain),
        comparisons=comparisons,
        comparison_chart=figures.comparison_chart(comparisons),
        breakdown_charts=[
            figures.breakdown_chart(b) for b in program_breakdowns(program, facts=inputs.facts)
        ],
    )
