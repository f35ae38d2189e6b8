"""What the task worker keeps (``remento keep-figures``, nightly beside ``snapshot-kpis``):
for every organisation, its dashboard's funnel and KPIs by group; for every program past
its draft, every KPI of the catalogue, its funnel, the retention and promotion of its mentors
against matched non-participants and the rest of its results page (``kept.results``). Each
run replaces what the previous one kept; the pages read it and say "as of". One program's
figures are kept again, too, when one of its pairs starts or ends and when a coordinator
asks (``kept.refresh``).
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from remento.core.models import Organization
from remento.outcomes.comparison.cohorts import mentors_read_once
from remento.outcomes.comparison.kept import kept_name, to_payload
from remento.outcomes.dashboards.program import results_figures
from remento.outcomes.kept.kpis import keep_kpis
from remento.outcomes.kept.organization import keep_organization_figures
from remento.outcomes.kept.results import NAME as RESULTS
from remento.outcomes.kept.results import keep_results
from remento.outcomes.kept.store import keep, read_kept
from remento.outcomes.kpis.inputs import ProgramInputs
from remento.outcomes.kpis.selectors import CATALOGUE, measure_kinds
from remento.outcomes.selectors import participation_funnel
from remento.programs.models import Program, Status


def keep_program_figures(program: Program, *, today: date, now: datetime) -> int:
    """Work out ``program``'s KPIs (every kind of the catalogue), funnel, retention and
    promotion comparisons and the rest of its results page as of ``today``, and keep them;
    each input is read once for all (``ProgramInputs``). Returns how many sets it kept."""
    inputs = ProgramInputs(program, today=today)
    with mentors_read_once():
        results = measure_kinds(program, CATALOGUE, today=today, inputs=inputs)
        funnel = participation_funnel(program, facts=inputs.facts)
        comparisons = (inputs.retention, inputs.promotion)
        shown = results_figures(program, inputs)
    # Written together once all is worked out: a page never reads half of one run beside
    # half of the last, and the write lock is held for the writing only.
    with transaction.atomic():
        keep_kpis(program, results, funnel, now=now)
        for comparison in comparisons:
            keep(
                program.organization_id,
                kept_name(comparison.measure),
                to_payload(comparison),
                now=now,
                program_id=program.pk,
            )
        keep_results(program, shown, now=now)
    return 4


def keep_figures_of_program(
    program_id: int, *, queued_at: datetime | None = None, now: datetime | None = None
) -> int:
    """Keep the figures of the program ``program_id`` as of ``now`` (default: now), unless
    it is a draft or gone, or they were kept again after ``queued_at`` (when the request
    was queued: a burst of requests is served by the first run). Returns how many sets of
    figures it kept."""
    program = Program.objects.exclude(status=Status.DRAFT).filter(pk=program_id).first()
    if program is None:
        return 0
    if queued_at is not None:
        kept = read_kept(program.organization_id, RESULTS, program.pk)
        if kept is not None and kept.computed_at >= queued_at:
            return 0
    now = now or timezone.now()
    return keep_program_figures(program, today=timezone.localdate(now), now=now)


def keep_figures_of(organization: Organization, *, now: datetime) -> int:
    """Keep ``organization``'s dashboard figures and the figures of each of its programs
    past its draft, as of ``now``. Returns how many sets of figures it kept."""
    today = timezone.localdate(now)
    keep_organization_figures(organization, now=now)
    programs = Program.objects.filter(organization=organization).exclude(status=Status.DRAFT)
    return 1 + sum(
        keep_program_figures(program, today=today, now=now) for program in programs.order_by("pk")
    )


def keep_figures(now: datetime | None = None) -> int:
    """Keep every organisation's figures (``keep_figures_of``), as of ``now`` (default:
    now). Returns how many sets of figures it kept."""
    now = now or timezone.now()
    organizations = Organization.objects.filter(programs__isnull=False).distinct()
    return sum(keep_figures_of(organization, now=now) for organization in organizations)
