"""A program's results page as the task worker keeps it (``outcomes.kept.results``): the same
figures the page works out itself, read in as many queries for more pairs, shown "as of"
their run, and kept again when a pair starts or ends or a coordinator asks."""

from __future__ import annotations

import contextlib
import dataclasses
import json
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from remento.core.models import Organization
from remento.outcomes.charts import Chart
from remento.outcomes.dashboards.program import ProgramDashboard, program_dashboard
from remento.outcomes.kept.refresh import queue_program_refresh
from remento.outcomes.kept.results import from_payload, kept_results, to_payload
from remento.outcomes.kept.services import (
    keep_figures,
    keep_figures_of_program,
    keep_program_figures,
)
from remento.people.models import Employee
from remento.relationships.services import pair_close
from tests.factories import SkillFactory, employee_with_user, user_of
from tests.outcomes.assessments.conftest import AFTER, BEFORE, rated, started
from tests.outcomes.kpis.builders import NOW, TODAY, HandMade, grow
from tests.queries import queries_do_not_grow


@pytest.fixture
def varied(made: HandMade, organization: Organization) -> HandMade:
    """The hand-made program (pairs open, closed, completed or not; meetings held, missed
    and cancelled; goals with and without milestones; ratings; enrolments in every state),
    grown so that its groups by department are shown, with skill gains."""
    grow(made.program, organization, 6)
    skill, other = (
        SkillFactory.create(organization=organization, name=n) for n in ("Data", "Talk")
    )
    for index, (key, before, after) in enumerate((("a", 1, 3), ("b", 2, 4), ("c", 3, 3))):
        pair, learner = made.pairs[key], made.pairs[key].mentee
        rated(pair, learner, BEFORE, {skill: before, other: 2}, days_ago=60 + index)
        rated(pair, learner, AFTER, {skill: after, other: 2 + index})
    return made


def _figures(chart: Chart) -> tuple[object, ...]:
    """What a chart says, without its drawing (whose element ids differ on each call)."""
    return (chart.title, chart.columns, chart.rows, chart.note)


def _charts(dashboard: ProgramDashboard) -> list[tuple[object, ...]]:
    charts = [
        dashboard.kpi_chart,
        dashboard.series_chart,
        dashboard.funnel_chart,
        dashboard.health_chart,
        dashboard.meetings_chart,
        dashboard.ratings_chart,
        dashboard.skill_chart,
        dashboard.comparison_chart,
        *dashboard.breakdown_charts,
    ]
    return [_figures(chart) for chart in charts]


def test_the_kept_results_page_shows_the_figures_it_would_work_out(varied: HandMade) -> None:
    live = program_dashboard(varied.program, today=TODAY)
    assert live.as_of is None
    assert live.skill_gain.people == 3
    assert any(not group.hidden for b in kept_breakdowns(varied) for group in b.groups)

    keep_figures(now=NOW)
    kept = program_dashboard(varied.program, today=TODAY)

    assert kept.as_of == NOW
    assert kept.kpis == live.kpis
    assert kept.funnel == live.funnel
    assert kept.skill_gain == live.skill_gain
    assert kept.comparisons == [dataclasses.replace(c, counted_at=NOW) for c in live.comparisons]
    assert _charts(kept) == _charts(live)


def kept_breakdowns(made: HandMade) -> list[Any]:
    keep_program_figures(made.program, today=TODAY, now=NOW)
    kept = kept_results(made.program)
    assert kept is not None
    return kept.figures.breakdowns


def test_the_kept_figures_come_back_whole_from_json(varied: HandMade) -> None:
    keep_program_figures(varied.program, today=TODAY, now=NOW)
    kept = kept_results(varied.program)
    assert kept is not None

    assert from_payload(json.loads(json.dumps(to_payload(kept.figures)))) == kept.figures


def test_the_page_says_as_of_when_it_shows_kept_figures(
    made: HandMade, coordinator_client: Client
) -> None:
    url = reverse("outcomes:program_dashboard", args=[made.program.pk])
    assert "Figures as of" not in coordinator_client.get(url).content.decode()

    keep_figures(now=NOW)

    page = coordinator_client.get(url).content.decode()
    assert "Figures as of 6 December 2026, 12:00" in page
    assert reverse("outcomes:program_dashboard_refresh", args=[made.program.pk]) in page


def test_with_kept_figures_the_page_takes_as_many_queries_for_three_times_the_pairs(
    made: HandMade,
    organization: Organization,
    coordinator_client: Client,
    django_assert_num_queries: Any,
) -> None:
    url = reverse("outcomes:program_dashboard", args=[made.program.pk])

    def grow_and_keep(n: int) -> None:
        grow(made.program, organization, n)
        keep_figures(now=NOW)

    page = queries_do_not_grow(coordinator_client, url, grow_and_keep, django_assert_num_queries)
    assert "Figures as of" in page.content.decode()


def test_a_coordinator_has_the_figures_worked_out_again_by_the_worker(
    made: HandMade,
    coordinator_client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    url = reverse("outcomes:program_dashboard_refresh", args=[made.program.pk])
    assert coordinator_client.get(url).status_code == 405

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url)

    assert response.status_code == 302
    kept = kept_results(made.program)
    assert kept is not None
    assert kept.computed_at == NOW


def test_a_participant_cannot_ask_for_the_figures_again(
    made: HandMade, mentor_client: Client
) -> None:
    response = mentor_client.post(
        reverse("outcomes:program_dashboard_refresh", args=[made.program.pk])
    )

    assert response.status_code in (302, 403, 404)
    assert kept_results(made.program) is None


def _refreshes(callbacks: list[Any]) -> list[int | None]:
    return [getattr(callback, "program_id", None) for callback in callbacks]


def test_pairs_starting_and_ending_queue_their_program_once_per_transaction(
    made: HandMade,
    organization: Organization,
    coordinator: Employee,
    django_capture_on_commit_callbacks: Any,
) -> None:
    people: list[Employee] = [
        employee_with_user(organization=organization, level=2 + 7 * (i % 2)) for i in range(4)
    ]
    program_id = made.program.pk

    with django_capture_on_commit_callbacks() as callbacks:
        first = started(made.program, people[0], people[1])
        second = started(made.program, people[2], people[3])
        for pair in (first, second):
            pair_close(actor=user_of(coordinator), pair=pair, reason="Done.")
        queue_program_refresh([program_id, program_id])

    assert _refreshes(callbacks).count(program_id) == 1


def test_a_refresh_queued_in_a_rolled_back_transaction_is_queued_again(
    made: HandMade, django_capture_on_commit_callbacks: Any
) -> None:
    program_id = made.program.pk

    with django_capture_on_commit_callbacks() as callbacks:
        with contextlib.suppress(RuntimeError), transaction.atomic():
            queue_program_refresh([program_id])
            raise RuntimeError("rolled back")
        queue_program_refresh([program_id])

    assert _refreshes(callbacks).count(program_id) == 1


def test_a_refresh_already_served_by_a_later_run_does_nothing(made: HandMade) -> None:
    asked, run = NOW - timedelta(minutes=5), NOW - timedelta(minutes=2)

    assert keep_figures_of_program(made.program.pk, queued_at=asked, now=run) == 4
    assert keep_figures_of_program(made.program.pk, queued_at=asked, now=NOW) == 0
    assert keep_figures_of_program(made.program.pk, queued_at=run, now=NOW) == 0
    later = NOW + timedelta(minutes=1)
    assert keep_figures_of_program(made.program.pk, queued_at=later, now=later) == 4
    kept = kept_results(made.program)
    assert kept is not None
    assert kept.computed_at == later
