"""The organisation's dashboard: every program with its KPIs against their targets, the
funnel of all programs together, and the KPIs by department, generation, location and
program type (small groups hidden, ``outcomes.kpis.breakdowns``).

For the organisation's coordinators and admins (the view checks). The programs are listed
a page at a time, and one page's KPIs are measured from facts loaded for all of its programs
at once (``outcomes.kpis.facts.load_facts``); only skill gain and mentor retention, when a
program committed to them, cost queries of their own.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.utils import timezone

from remento.core.models import Organization
from remento.outcomes.charts import Chart
from remento.outcomes.dashboards import figures
from remento.outcomes.kpis.breakdowns import organization_breakdowns
from remento.outcomes.kpis.facts import ProgramFacts, load_facts
from remento.outcomes.kpis.selectors import measure_kinds
from remento.outcomes.results import KpiResult
from remento.outcomes.selectors import Funnel, organization_funnel
from remento.programs.models import Program, Status

PAGE_SIZE = 10
# Programs with results first: running, then closed, then those still being prepared.
STATUS_ORDER = (Status.ACTIVE, Status.CLOSED, Status.MATCHING, Status.RECRUITING, Status.DRAFT)


@dataclass(frozen=True)
class ProgramResults:
    """One program of the list and its KPIs, measured, beside their targets."""

    program: Program
    kpis: list[KpiResult]

    @property
    def met(self) -> int:
        return sum(1 for result in self.kpis if result.met)

    @property
    def measured(self) -> int:
        return sum(1 for result in self.kpis if result.met is not None)

    @property
    def has_results(self) -> bool:
        return self.program.status in (Status.ACTIVE, Status.CLOSED)


@dataclass(frozen=True)
class OrganizationDashboard:
    page: Page[Program]
    programs: list[ProgramResults]
    status_counts: list[tuple[str, int]]
    funnel: Funnel
    funnel_chart: Chart
    breakdown_charts: list[Chart]


def _programs(organization: Organization) -> QuerySet[Program]:
    rank = Case(
        *(When(status=status, then=Value(i)) for i, status in enumerate(STATUS_ORDER)),
        output_field=IntegerField(),
    )
    return (
        Program.objects.filter(organization=organization)
        .annotate(rank=rank)
        .prefetch_related("kpis")
        .order_by("rank", "-start_date", "name", "pk")
    )


def _results(programs: list[Program], today: date) -> list[ProgramResults]:
    """The KPIs of each of ``programs``, beside their targets (see the module)."""
    facts = load_facts([p.pk for p in programs])
    rows = []
    for program in programs:
        targets = {kpi.kind: kpi.target for kpi in program.kpis.all()}
        measured = (
            measure_kinds(
                program, tuple(targets), today=today, facts=facts.get(program.pk, ProgramFacts())
            )
            if targets and program.status != Status.DRAFT
            else []
        )
        kpis = [dataclasses.replace(r, target=targets[r.kind]) for r in measured]
        rows.append(ProgramResults(program, kpis))
    return rows


def organization_dashboard(
    organization: Organization, *, page_number: str | int | None = None, today: date | None = None
) -> OrganizationDashboard:
    """Every program of ``organization`` (``PAGE_SIZE`` a page, running and closed ones
    first) with its KPIs, the organisation's funnel and its KPIs by group."""
    today = today or timezone.localdate()
    page = Paginator(_programs(organization), PAGE_SIZE).get_page(page_number)
    by_status = dict(
        Program.objects.filter(organization=organization)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    funnel = organization_funnel(organization)
    return OrganizationDashboard(
        page=page,
        programs=_results(list(page.object_list), today),
        status_counts=[(status.label, by_status.get(status.value, 0)) for status in STATUS_ORDER],
        funnel=funnel,
        funnel_chart=figures.funnel_chart(funnel),
        breakdown_charts=[
            figures.breakdown_chart(b) for b in organization_breakdowns(organization)
        ],
    )
