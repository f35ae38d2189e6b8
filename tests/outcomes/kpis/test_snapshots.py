"""The weekly KPI snapshots, the series and its back-fill, the task and the command."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from remento.core.models import AuditEvent, Organization
from remento.outcomes.kpis.models import KpiSnapshot
from remento.outcomes.kpis.series import SeriesPoint, kpi_series
from remento.outcomes.kpis.snapshots import WEEKS_AFTER_CLOSE, snapshot_kpis
from remento.outcomes.kpis.tasks import snapshot_kpis as snapshot_task
from remento.programs.models import KpiKind, Program, Status
from tests.factories import make_program
from tests.outcomes.kpis.builders import TODAY, HandMade, at, grow, hand_made_program, meeting

FIRST_WEEK = date(2026, 9, 28)  # everyone signed up on Monday 28 September
THIS_WEEK = date(2026, 11, 30)  # "today" is Sunday 6 December
WEEKS = 10  # 28 Sep … 30 Nov
FACT_KINDS = 5  # the kinds measured from dated records (not skill gain or retention)


@pytest.fixture
def made(organization: Organization) -> HandMade:
    return hand_made_program(organization)


def close(program: Program, on: date) -> None:
    """``program`` closed on ``on``, as the lifecycle service records it."""
    Program.objects.filter(pk=program.pk).update(status=Status.CLOSED)
    program.refresh_from_db()
    event = AuditEvent.objects.create(
        organization=program.organization,
        verb="program.transition",
        target_type="programs.program",
        target_id=str(program.pk),
        data={"from": "active", "to": "closed"},
    )
    AuditEvent.objects.filter(pk=event.pk).update(created_at=at(on.month, on.day, 16))


def values(series: dict[str, list[SeriesPoint]], kind: str) -> dict[date, float | None]:
    return {point.week: point.value for point in series[kind]}


def test_a_program_never_snapshotted_gets_its_series_worked_out_week_by_week(
    made: HandMade,
) -> None:
    series = kpi_series(made.program, today=TODAY)

    meetings = values(series, KpiKind.MEETINGS_PER_PAIR)
    assert list(meetings) == [FIRST_WEEK + timedelta(weeks=n) for n in range(WEEKS)]
    assert meetings[date(2026, 9, 28)] is None  # no pair had started
    assert meetings[date(2026, 10, 5)] == 1.0  # A and B started, one meeting each by 11 Oct
    assert meetings[date(2026, 10, 19)] == pytest.approx(1.33)  # A 2, B 1, C 1 by 25 Oct
    assert meetings[THIS_WEEK] == pytest.approx(2.67)  # 8 / 3, measured today
    completion = values(series, KpiKind.COMPLETION)
    assert completion[date(2026, 10, 26)] == 0.0  # B ended early on 30 Oct
    assert completion[date(2026, 11, 16)] == 50.0  # A ran its course on 20 Nov
    participation = series[KpiKind.PARTICIPATION]
    assert participation[0] == SeriesPoint(FIRST_WEEK, 9.0, 9)
    # Skill gain and retention rest on today's assessments and HRIS: the last week only.
    assert [p.week for p in series[KpiKind.SKILL_GAIN]] == [THIS_WEEK]
    assert [p.week for p in series[KpiKind.MENTOR_RETENTION]] == [THIS_WEEK]


def test_snapshots_back_fill_the_past_weeks_then_write_this_week(made: HandMade) -> None:
    written = snapshot_kpis(TODAY)

    assert written == (WEEKS - 1) * FACT_KINDS + len(KpiKind.values)
    assert KpiSnapshot.objects.count() == written
    row = KpiSnapshot.objects.get(kind=KpiKind.MEETINGS_PER_PAIR, week=date(2026, 10, 19))
    assert (row.value, row.sample) == (Decimal("1.33"), 3)
    this_week = KpiSnapshot.objects.get(kind=KpiKind.CHECKIN_RATING, week=THIS_WEEK)
    assert (this_week.value, this_week.sample) == (Decimal("3.50"), 4)
    assert values(kpi_series(made.program), KpiKind.MEETINGS_PER_PAIR)[THIS_WEEK] == 2.67


def test_running_twice_in_a_week_replaces_the_weeks_figures(made: HandMade) -> None:
    snapshot_kpis(TODAY)
    count = KpiSnapshot.objects.count()
    meeting(made.pairs["c"], at(12, 1))

    assert snapshot_kpis(TODAY) == len(KpiKind.values)  # this week only: the rest is there

    assert KpiSnapshot.objects.count() == count
    row = KpiSnapshot.objects.get(kind=KpiKind.MEETINGS_PER_PAIR, week=THIS_WEEK)
    assert row.value == Decimal("3.00")  # 9 held / 3 started pairs
    past = KpiSnapshot.objects.get(kind=KpiKind.MEETINGS_PER_PAIR, week=date(2026, 10, 19))
    assert past.value == Decimal("1.33")


def test_a_week_the_task_missed_is_back_filled_at_the_next_run(made: HandMade) -> None:
    snapshot_kpis(TODAY)
    KpiSnapshot.objects.filter(week=date(2026, 11, 23)).delete()

    snapshot_kpis(TODAY)

    row = KpiSnapshot.objects.get(kind=KpiKind.MEETINGS_PER_PAIR, week=date(2026, 11, 23))
    assert row.value == Decimal("2.67")  # as of Sunday 29 Nov: all 8 held meetings


def test_a_closed_programs_series_ends_the_week_it_closed(made: HandMade) -> None:
    close(made.program, date(2026, 11, 20))

    snapshot_kpis(TODAY)

    weeks = sorted(set(KpiSnapshot.objects.values_list("week", flat=True)))
    assert weeks[-1] == date(2026, 11, 16)
    last = KpiSnapshot.objects.filter(week=date(2026, 11, 16))
    assert last.count() == len(KpiKind.values)
    assert [p.week for p in kpi_series(made.program)[KpiKind.SKILL_GAIN]] == [date(2026, 11, 16)]


def test_programs_closed_long_ago_drafts_and_recruiting_ones_are_not_snapshotted(
    made: HandMade, organization: Organization
) -> None:
    close(made.program, TODAY - timedelta(weeks=WEEKS_AFTER_CLOSE, days=1))
    make_program(organization, "signup")
    Program.objects.create(organization=organization, name="Draft")

    assert snapshot_kpis(TODAY) == 0


def test_the_series_of_a_snapshotted_program_is_read_from_its_snapshots(
    made: HandMade, django_assert_num_queries: Any
) -> None:
    snapshot_kpis(TODAY)

    with django_assert_num_queries(1):
        series = kpi_series(made.program)

    assert len(series[KpiKind.PARTICIPATION]) == WEEKS
    assert list(series) == list(KpiKind.values)


def test_the_task_and_the_command_take_the_snapshots(made: HandMade) -> None:
    assert snapshot_task.call() == (WEEKS - 1) * FACT_KINDS + len(KpiKind.values)
    out = StringIO()

    call_command("snapshot_kpis", stdout=out)

    assert out.getvalue().strip() == "7 KPI figures written."


def test_the_command_can_hand_the_run_to_the_worker(made: HandMade, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    out = StringIO()

    call_command("snapshot_kpis", "--enqueue", stdout=out)

    assert out.getvalue().startswith("Enqueued ")
    assert KpiSnapshot.objects.count() == 0


def test_a_worked_out_series_takes_as_many_queries_for_three_times_the_pairs(
    made: HandMade, organization: Organization, django_assert_num_queries: Any
) -> None:
    grow(made.program, organization, 2)
    with CaptureQueriesContext(connection) as small:
        kpi_series(made.program, today=TODAY)
    grow(made.program, organization, 4)

    with django_assert_num_queries(len(small)):
        kpi_series(made.program, today=TODAY)
