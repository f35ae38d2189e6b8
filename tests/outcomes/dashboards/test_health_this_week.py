"""The current week of pair health recorded "as of" a run (``record_this_week``): the page
reads it instead of judging every open pair, says when it was recorded, and the nightly run
replaces it with the week as it stood at its end."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from remento.outcomes.dashboards import health_history
from remento.outcomes.dashboards.figures import health_chart
from remento.outcomes.dashboards.health_history import (
    health_weeks_computed,
    pair_health_by_week,
    program_weeks,
)
from remento.outcomes.dashboards.health_snapshots import record_this_week, snapshot_health
from remento.outcomes.dashboards.models import HealthSnapshot
from remento.relationships.health.rules import HealthState
from tests.outcomes.kpis.builders import NOW, HandMade, at, checkin

THIS_WEEK = date(2026, 11, 30)
RECORDED_AT = NOW - timedelta(hours=1)


def counting_states(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one each time a pair's state is worked out for a week."""
    calls: list[int] = []
    state_at: Callable[..., HealthState] = health_history._state_at

    def counted(*args: Any) -> HealthState:
        calls.append(1)
        return state_at(*args)

    monkeypatch.setattr(health_history, "_state_at", counted)
    return calls


def test_with_this_week_recorded_the_page_judges_no_pair_and_shows_the_same_weeks(
    made: HandMade, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot_health(NOW)
    assert record_this_week(made.program, now=NOW)
    worked_out = health_weeks_computed(
        made.program, program_weeks(made.program, now=NOW), viewer=None, now=NOW
    )
    calls = counting_states(monkeypatch)

    weeks = pair_health_by_week(made.program, now=NOW)

    assert weeks == worked_out
    assert calls == []
    assert weeks[-1].week == THIS_WEEK
    assert weeks[-1].as_of == NOW


def test_this_weeks_record_is_shown_as_of_its_time_until_the_next_run(made: HandMade) -> None:
    snapshot_health(NOW)
    record_this_week(made.program, now=RECORDED_AT)
    before = pair_health_by_week(made.program, now=NOW)[-1]
    c = made.pairs["c"]
    checkin(c, c.mentor, at(12, 5), 1, number=9)  # "not working", answered yesterday

    shown = pair_health_by_week(made.program, now=NOW)[-1]
    assert shown == before
    assert shown.as_of == RECORDED_AT
    assert "this week as of 6 Dec, 11:00" in health_chart([shown]).note

    record_this_week(made.program, now=NOW)
    again = pair_health_by_week(made.program, now=NOW)[-1]
    assert again != before  # the next run reads the late answer
    assert HealthSnapshot.objects.filter(program=made.program, week=THIS_WEEK).count() == 1


def test_without_this_weeks_record_the_week_is_worked_out_as_of_now(made: HandMade) -> None:
    snapshot_health(NOW)

    weeks = pair_health_by_week(made.program, now=NOW)

    assert weeks[-1].as_of is None
    assert "this week as of now" in health_chart(weeks).note


def test_once_the_week_has_ended_the_nightly_run_replaces_its_record_with_the_final_one(
    made: HandMade,
) -> None:
    snapshot_health(NOW)
    record_this_week(made.program, now=RECORDED_AT)
    c = made.pairs["c"]
    checkin(c, c.mentor, at(12, 5), 1, number=9)
    next_week = NOW + timedelta(days=2)
    # Past the week's end, the early record is not read as the week: it is worked out.
    final = health_weeks_computed(made.program, [THIS_WEEK], viewer=None, now=next_week)[0]
    shown = {w.week: w for w in pair_health_by_week(made.program, now=next_week)}
    assert shown[THIS_WEEK] == final
    assert shown[THIS_WEEK].as_of is None

    assert snapshot_health(next_week) == 1

    row = HealthSnapshot.objects.get(program=made.program, week=THIS_WEEK)
    assert row.counts == final.counts
    assert row.computed_at == next_week
    assert snapshot_health(next_week) == 0


def test_a_coordinator_in_a_pair_gets_this_week_worked_out_without_their_checkins(
    made: HandMade,
) -> None:
    snapshot_health(NOW)
    record_this_week(made.program, now=NOW)
    mentor = made.pairs["c"].mentor

    weeks = pair_health_by_week(made.program, viewer=mentor, now=NOW)

    assert weeks[-1].as_of is None  # the record judges every pair with its check-ins


def test_the_command_records_this_week_and_the_page_says_when(
    made: HandMade, coordinator_client: Client
) -> None:
    call_command("record_health_this_week", stdout=None)

    assert HealthSnapshot.objects.filter(program=made.program, week=THIS_WEEK).exists()
    page = coordinator_client.get(reverse("outcomes:program_dashboard", args=[made.program.pk]))
    assert "this week as of 6 Dec, 12:00" in page.content.decode()
