"""The organisation's dashboard: every program with its KPIs against their targets, the
funnel of all programs together, and the KPIs by department, generation, location and
program type (small groups hidden, ``outcomes.kpis.breakdowns``).

For the organisation's coordinators and admins (the view checks). The programs are listed
a page at a time. What reads every enrolment, pair or person of the organisation is kept by
the task worker (``outcomes.kept``: each program's KPIs, the funnel, the breakdowns) and
shown "as of" its last run; only what it has not kept yet is worked out here: a page's KPIs
from facts loaded for all of its programs at once (``outcomes.kpis.facts.load_facts``),
skill gain and mentor retention with queries of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.utils import timezone

from remento.core.models import Organization
from remento.outcomes.charts import Chart
from remento.outcomes.dashboards import figures
from remento.outcomes.kept.kpis import kept_kpis
from remento.outcomes.kept.organization import organization_figures
from remento.outcomes.kpis.facts import ProgramFacts, load_facts
from remento.outcomes.kpis.inputs import ProgramInputs
from remento.outcomes.kpis.selectors import FROM_ANSWERS, measure_kinds, with_targets
from remento.outcomes.results import KpiResult
from remento.outcomes.selectors import Funnel
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
    # When the task worker worked out the funnel and breakdowns (None: for this page).
    figures_as_of: datetime | None = None
    # When the worker measured the oldest of the programs' KPIs shown (None: for this page).
    kpis_as_of: datetime | None = None


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


def _results(
    programs: list[Program], today: date, viewer_id: int | None
) -> tuple[list[ProgramResults], datetime | None]:
    """The KPIs of each of ``programs``, beside their targets, and since when: as the task
    worker kept them where it did (one query, ``outcomes.kept.kpis``), the others measured
    from facts loaded for all of them at once (see the module). The check-in answers
    ``viewer_id`` may not count are left out (``outcomes.confidential``): where the kept
    KPIs count one, those measured from answers are measured again from those facts."""
    kept = kept_kpis(programs, viewer_id=viewer_id)
    live = [p.pk for p in programs if p.pk not in kept or kept[p.pk].withheld]
    facts = load_facts(live, viewer_id=viewer_id) if live else {}
    rows = []
    for program in programs:
        targets = {kpi.kind: kpi.target for kpi in program.kpis.all()}
        measured: list[KpiResult] = []
        if not targets or program.status == Status.DRAFT:
            pass
        else:
            # Mentor retention reads the comparison the worker kept, if any.
            inputs = ProgramInputs(
                program,
                today=today,
                facts=facts.get(program.pk, ProgramFacts()),
                kept=True,
                viewer_id=viewer_id,
            )
            if program.pk not in kept:
                measured = measure_kinds(program, tuple(targets), today=today, inputs=inputs)
            elif kept[program.pk].withheld:
                again = measure_kinds(program, FROM_ANSWERS, today=today, inputs=inputs)
                measured = kept[program.pk].recounted(again).of(program)
            else:
                measured = kept[program.pk].of(program)
        rows.append(ProgramResults(program, with_targets(measured, program)))
    as_of = min((k.computed_at for k in kept.values()), default=None)
    return rows, as_of


def organization_dashboard(
    organization: Organization,
    *,
    page_number: str | int | None = None,
    today: date | None = None,
    viewer_id: int | None = None,
) -> OrganizationDashboard:
    """Every program of ``organization`` (``PAGE_SIZE`` a page, running and closed ones
    first) with its KPIs, the organisation's funnel and its KPIs by group; for
    ``viewer_id``, without the check-in answers they may not count (their own partner's,
    ``outcomes.confidential``)."""
    today = today or timezone.localdate()
    page = Paginator(_programs(organization), PAGE_SIZE).get_page(page_number)
    by_status = dict(
        Program.objects.filter(organization=organization)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # The funnel and breakdowns read every enrolment and pair: kept by the worker.
    kept = organization_figures(organization, viewer_id=viewer_id)
    funnel = kept.funnel
    programs, kpis_as_of = _results(list(page.object_list), today, viewer_id)
    return OrganizationDashboard(
        page=page,
        programs=programs,
        kpis_as_of=kpis_as_of,
        status_counts=[(status.label, by_status.get(status.value, 0)) for status in STATUS_ORDER],
        funnel=funnel,
        funnel_chart=figures.funnel_chart(funnel),
        breakdown_charts=[figures.breakdown_chart(b) for b in kept.breakdowns],
        figures_as_of=kept.as_of,
    )
