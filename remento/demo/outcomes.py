"""The demo's KPI series: the weekly snapshots of its Active and Closed programs, back-filled;
and the weekly pair-health records of its programs with pairs (``demo_health_snapshots``).

In an organisation that runs Remento, the weekly ``snapshot-kpis`` task measures every KPI of
every running program each week. The demo's programs are built in one go, so this step
writes what that task would have written by now: each week from the program's start to
today (to the week it closed, for the Closed program), measured from what had happened by
the end of that week, and the last week with every KPI as it stands today (skill gain and
retention included). It runs after the HRIS history (``people.history``), so the Closed
program's retention is measured against it, and only for a program without snapshots: a
second run adds nothing.
"""

from __future__ import annotations

from django.utils import timezone

from remento.demo.steps import DemoContext
from remento.outcomes.dashboards.health_snapshots import (
    record_this_week,
    snapshot_program_health,
)
from remento.outcomes.kept.services import keep_figures_of
from remento.outcomes.kpis.models import KpiSnapshot
from remento.outcomes.kpis.series import closed_days
from remento.outcomes.kpis.snapshots import snapshot_program
from remento.programs.models import Program, Status


def demo_kpi_snapshots(context: DemoContext) -> None:
    """Back-fill the weekly KPI snapshots of the demo organisation's Active and Closed
    programs that have none (see the module's docstring)."""
    programs = list(
        Program.objects.filter(
            organization=context.organization, status__in=[Status.ACTIVE, Status.CLOSED]
        )
        .exclude(pk__in=KpiSnapshot.objects.values("program_id"))
        .order_by("pk")
    )
    closed = closed_days(program.pk for program in programs)
    now = timezone.now()
    for program in programs:
        rows = snapshot_program(
            program, today=context.today, closed_on=closed.get(program.pk), now=now
        )
        context.log(f"KPI snapshots of {program.name}: {rows} weekly figures.")


def demo_health_snapshots(context: DemoContext) -> None:
    """Record the ended weeks of pair health of the demo organisation's programs, as the
    nightly ``snapshot-health`` task would have by now, so that the results pages read them
    from the first view. A week recorded already is left as it is: a second run adds
    nothing."""
    now = timezone.now()
    programs = Program.objects.filter(
        organization=context.organization, pairs__isnull=False
    ).distinct()
    for program in programs.order_by("pk"):
        if weeks := snapshot_program_health(program, now=now):
            context.log(f"Pair health of {program.name}: {weeks} weeks recorded.")
        # As the hourly ``record-health-this-week`` would have: this week, as of now.
        record_this_week(program, now=now)


def demo_kept_figures(context: DemoContext) -> None:
    """Keep the figures the nightly ``keep-figures`` task keeps (the organisation
    dashboard's funnel and breakdowns, each program's KPIs, funnel and comparisons), so that
    the pages read them from the first view. A second run replaces them."""
    kept = keep_figures_of(context.organization, now=timezone.now())
    context.log(f"Figures kept for the pages: {kept} sets.")
