"""What the task worker keeps (``outcomes.kept``) is what the pages would have worked out at
that moment, and the pages read it, say since when, and cost as much for more rows."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from django.test import Client
from django.urls import reverse

from remento.core.models import Organization
from remento.outcomes.comparison import promotion_comparison, retention_comparison
from remento.outcomes.comparison.kept import from_payload, to_payload
from remento.outcomes.kept.kpis import kept_program_kpis
from remento.outcomes.kept.models import KeptFigures
from remento.outcomes.kept.organization import organization_figures, organization_figures_computed
from remento.outcomes.kept.services import keep_figures
from remento.outcomes.kpis.selectors import program_kpis
from remento.outcomes.results import Comparison, Interval
from remento.outcomes.selectors import participation_funnel
from remento.programs.models import Status
from tests.factories import make_program
from tests.outcomes.kpis.builders import NOW, TODAY, HandMade, grow

DASHBOARD = reverse("outcomes:organization_dashboard")


def test_the_kept_organisation_figures_equal_those_worked_out(
    made: HandMade, organization: Organization
) -> None:
    keep_figures(now=NOW)

    kept = organization_figures(organization)
    computed = organization_figures_computed(organization)

    assert kept.as_of == NOW
    assert kept.funnel == computed.funnel
    assert kept.breakdowns == computed.breakdowns


def test_the_kept_kpis_and_funnel_equal_those_worked_out(made: HandMade) -> None:
    keep_figures(now=NOW)

    kept = kept_program_kpis(made.program)

    assert kept is not None
    assert kept.computed_at == NOW
    assert kept.of(made.program) == program_kpis(made.program, today=TODAY)
    assert kept.funnel == participation_funnel(made.program)


def test_the_kept_comparisons_equal_those_worked_out_and_say_when(made: HandMade) -> None:
    keep_figures(now=NOW)

    for compare in (retention_comparison, promotion_comparison):
        kept = compare(made.program, today=TODAY, kept=True)
        assert kept.counted_at == NOW
        assert kept == dataclasses.replace(compare(made.program, today=TODAY), counted_at=NOW)


def test_a_comparison_with_a_figure_comes_back_whole_from_json() -> None:
    comparison = Comparison(
        measure="retention",
        participant_rate=90.0,
        comparison_rate=80.0,
        difference=10.0,
        interval=Interval(2.0, 18.0),
        participants=20,
        comparison=140,
        months=12,
        method="Matched.",
        note="1 mentor is left out.",
    )

    assert from_payload(json.loads(json.dumps(to_payload(comparison)))) == comparison


def test_without_kept_figures_the_pages_work_them_out(made: HandMade) -> None:
    comparison = retention_comparison(made.program, today=TODAY, kept=True)

    assert comparison.counted_at is None
    assert kept_program_kpis(made.program) is None


def test_each_run_replaces_what_the_last_one_kept_and_skips_drafts(
    made: HandMade, organization: Organization
) -> None:
    draft = make_program(organization, status=Status.DRAFT)

    keep_figures(now=NOW)
    keep_figures(now=NOW)

    # KPIs, 2 comparisons, the rest of the results page
    assert KeptFigures.objects.filter(program=made.program).count() == 4
    assert not KeptFigures.objects.filter(program=draft).exists()
    assert KeptFigures.objects.filter(program=None, organization=organization).count() == 1


def test_the_pages_say_since_when_they_show_kept_figures(
    made: HandMade, coordinator_client: Client
) -> None:
    report = reverse("outcomes:report", args=[made.program.pk])
    assert "measured again every night" not in coordinator_client.get(DASHBOARD).content.decode()
    assert "again every night" not in coordinator_client.get(report).content.decode()

    keep_figures(now=NOW)

    dashboard = coordinator_client.get(DASHBOARD).content.decode()
    assert "KPIs as of 6 December 2026" in dashboard
    assert "the figures by group are worked out again every night" in dashboard
    assert "as measured on 6 December 2026" in coordinator_client.get(report).content.decode()


def _count(client: Client, url: str, django_assert_num_queries: Any, queries: int) -> None:
    client.get(url)  # warms the session
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_with_kept_figures_the_pages_take_as_many_queries_for_three_times_the_pairs(
    made: HandMade,
    organization: Organization,
    coordinator_client: Client,
    django_assert_num_queries: Any,
) -> None:
    report = reverse("outcomes:report", args=[made.program.pk])
    grow(made.program, organization, 2)
    keep_figures(now=NOW)
    _count(coordinator_client, DASHBOARD, django_assert_num_queries, 11)
    _count(coordinator_client, report, django_assert_num_queries, 14)

    grow(made.program, organization, 4)
    keep_figures(now=NOW)

    _count(coordinator_client, DASHBOARD, django_assert_num_queries, 11)
    _count(coordinator_client, report, django_assert_num_queries, 14)


def test_the_results_page_reads_the_kept_comparison_group_and_says_when(
    made: HandMade, coordinator_client: Client
) -> None:
    """The comparison group is every eligible non-participant of the organisation: the
    program's results page reads it as the worker counted it."""
    results = reverse("outcomes:program_dashboard", args=[made.program.pk])
    assert "Comparison group as counted on" not in coordinator_client.get(results).content.decode()

    keep_figures(now=NOW)

    page = coordinator_client.get(results).content.decode()
    assert "Comparison group as counted on 6 December 2026" in page
