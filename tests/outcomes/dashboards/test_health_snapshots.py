"""The recorded weeks of pair health: the task and the command that write them, the page
that reads them (the same figures as working every week out), and a recorded week frozen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from remento.core.models import Organization
from remento.outcomes.dashboards import health_history
from remento.outcomes.dashboards.health_history import (
    HealthWeek,
    health_weeks_computed,
    pair_health_by_week,
    program_weeks,
)
from remento.outcomes.dashboards.health_snapshots import snapshot_health
from remento.outcomes.dashboards.models import HealthSnapshot
from remento.outcomes.dashboards.tasks import snapshot_health as snapshot_task
from remento.programs.models import Program
from remento.relationships.health.rules import HealthState
from remento.relationships.models import Pair, PairStatus
from tests.factories import make_pair
from tests.outcomes.kpis.builders import NOW, HandMade, at, checkin, meeting, person

ENDED_WEEKS = 9  # 28 Sep … 23 Nov have ended on Sunday 6 December; 30 Nov has not
THIS_WEEK = date(2026, 11, 30)


def every_week_worked_out(program: Program) -> list[HealthWeek]:
    """The whole history from the pairs' records, as the page showed it before any record."""
    return health_weeks_computed(program, program_weeks(program, now=NOW), viewer=None, now=NOW)


def counting_states(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one each time a pair's state is worked out for a week."""
    calls: list[int] = []
    state_at: Callable[..., HealthState] = health_history._state_at

    def counted(*args: Any) -> HealthState:
        calls.append(1)
        return state_at(*args)

    monkeypatch.setattr(health_history, "_state_at", counted)
    return calls


def test_the_recorded_history_is_the_one_worked_out_from_the_records(made: HandMade) -> None:
    worked_out = every_week_worked_out(made.program)

    assert snapshot_health(NOW) == ENDED_WEEKS

    assert HealthSnapshot.objects.filter(program=made.program).count() == ENDED_WEEKS
    assert pair_health_by_week(made.program) == worked_out


def test_weeks_recorded_on_an_earlier_day_and_those_worked_out_since_agree(
    made: HandMade,
) -> None:
    # Recorded on Wednesday 4 November: 28 Sep … 26 Oct had ended.
    assert snapshot_health(at(11, 4)) == 5

    assert pair_health_by_week(made.program) == every_week_worked_out(made.program)
    # The nightly run the next weeks adds the weeks ended since, and nothing twice.
    assert snapshot_health(NOW) == ENDED_WEEKS - 5
    assert snapshot_health(NOW) == 0
    assert pair_health_by_week(made.program) == every_week_worked_out(made.program)


def test_with_the_weeks_recorded_only_this_weeks_open_pairs_are_judged(
    made: HandMade, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot_health(NOW)
    calls = counting_states(monkeypatch)

    weeks = pair_health_by_week(made.program)

    assert len(weeks) == ENDED_WEEKS + 1
    assert len(calls) == 2  # C and D are open today; A and B ended and are not read


def test_a_coordinator_in_a_pair_is_judged_without_its_checkins_in_recorded_weeks_too(
    made: HandMade,
) -> None:
    snapshot_health(NOW)
    pair = made.pairs["b"]

    as_member = {w.week: w.counts for w in pair_health_by_week(made.program, viewer=pair.mentor)}

    # B's mentee rated 2/5 on 23 October: at risk for everyone but B's own people.
    week = date(2026, 10, 19)
    assert HealthSnapshot.objects.get(program=made.program, week=week).at_risk == 1
    assert as_member[week][HealthState.AT_RISK] == 0


def test_a_check_in_logged_late_leaves_a_recorded_week_as_it_was(made: HandMade) -> None:
    snapshot_health(NOW)
    recorded = {w.week: w for w in pair_health_by_week(made.program)}
    c = made.pairs["c"]

    # C's mentor's answer of 20 October, "not working", reaches Remento only now.
    checkin(c, c.mentor, at(10, 20), 1, number=9)

    shown = {w.week: w for w in pair_health_by_week(made.program)}
    worked_out = {w.week: w for w in every_week_worked_out(made.program)}
    week = date(2026, 10, 19)
    assert worked_out[week] != recorded[week]  # the records would now say otherwise …
    assert shown[week] == recorded[week]  # … but a recorded week is frozen
    assert shown[THIS_WEEK] == worked_out[THIS_WEEK]  # this week reads the records as they are


def _grow_over_the_weeks(program: Program, organization: Organization, n: int) -> None:
    """``n`` more pairs made with the others on 1 October, started on 5 October, meeting
    every other week: each has a state in every week of the history."""
    for index in range(n):
        mentor = person(organization, f"Long{program.pairs.count()}m{index}", 2)
        mentee = person(organization, f"Long{program.pairs.count()}e{index}", 9)
        pair = make_pair(program, mentor, mentee)
        Pair.objects.filter(pk=pair.pk).update(
            status=PairStatus.ACTIVE, created_at=at(10, 1), started_at=at(10, 5)
        )
        for when in (at(10, 6), at(10, 20), at(11, 3), at(11, 17), at(12, 1)):
            meeting(pair, when)
    HealthSnapshot.objects.filter(program=program).delete()
    snapshot_health(NOW)


def test_the_pages_work_is_one_week_of_open_pairs_at_any_size(
    made: HandMade,
    organization: Organization,
    coordinator_client: Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = reverse("outcomes:program_dashboard", args=[made.program.pk])
    _grow_over_the_weeks(made.program, organization, 2)
    assert coordinator_client.get(url).status_code == 200  # warms the session and caches
    calls = counting_states(monkeypatch)
    with CaptureQueriesContext(connection) as small:
        assert coordinator_client.get(url).status_code == 200
    assert len(calls) == 2 + 2  # this week's open pairs: C, D and the two grown

    _grow_over_the_weeks(made.program, organization, 6)
    calls.clear()
    with CaptureQueriesContext(connection) as large:
        assert coordinator_client.get(url).status_code == 200

    assert len(large) == len(small)
    # Ten weeks of ten open pairs, yet each pair is judged once: this week's state only.
    assert len(calls) == 2 + 8


def test_the_task_and_the_command_record_the_ended_weeks(made: HandMade) -> None:
    assert snapshot_task.call() == ENDED_WEEKS
    HealthSnapshot.objects.all().delete()
    out = StringIO()

    call_command("snapshot_health", stdout=out)

    assert out.getvalue().strip() == f"{ENDED_WEEKS} weeks of pair health recorded."


def test_the_command_can_hand_the_run_to_the_worker(made: HandMade, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    out = StringIO()

    call_command("snapshot_health", "--enqueue", stdout=out)

    assert out.getvalue().startswith("Enqueued ")
    assert not HealthSnapshot.objects.exists()
