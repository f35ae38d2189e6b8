"""What the task worker keeps (``remento keep-figures``, nightly beside ``snapshot-kpis``):
for every organisation, its dashboard's funnel and KPIs by group; for every program past
its draft, every KPI of the catalogue, its funnel and the retention and promotion of its mentors
against matched non-participants. Each run replaces what the previous one kept; the pages
read it and say "as of".
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from remento.core.models import Organization
from remento.outcomes.comparison.cohorts import mentors_read_once
from remento.outcomes.comparison.kept import kept_name, to_payload
from remento.outcomes.kept.kpis import keep_kpis
from remento.outcomes.kept.organization import keep_organization_figures
from remento.outcomes.kept.store import keep
from remento.outcomes.kpis.inputs import ProgramInputs
from remento.outcomes.kpis.selectors import CATALOGUE, measure_kinds
from remento.outcomes.selectors import participation_funnel
from remento.programs.models import Program, Status


def keep_program_figures(program: Program, *, today: date, now: datetime) -> int:
    """Work out ``program``'s KPIs (every kind of the catalogue), funnel, and retention and
    promotion comparisons as of ``today``, and keep them; each input is read once for all
    (``ProgramInputs``). Returns how many sets it kept."""
    inputs = ProgramInputs(program, today=today)
    with mentors_read_once():
        results = measure_kinds(program, CATALOGUE, today=today, inputs=inputs)
        funnel = participation_funnel(program, facts=inputs.facts)
        keep_kpis(program, results, funnel, now=now)
        for comparison in (inputs.retention, inputs.promotion):
            keep(
                program.organization_id,
                kept_name(comparison.measure),
                to_payload(comparison),
                now=now,
                program_id=program.pk,
            )
    return 3


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
