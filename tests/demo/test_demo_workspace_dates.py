"""The demo's pair workspaces count from the day the demo is built (a module of its own: the
workspace tests keep one demo organisation for their whole module)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from remento.demo.people.seed import demo_organization_seed
from remento.programs.models import Program, Status
from remento.relationships.health.rules import HealthState
from remento.relationships.health.selectors import health_of_pairs
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.models import Pair

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("today", [dt.date(2026, 3, 29), dt.date(2030, 11, 3)])
def test_the_health_states_come_out_whatever_day_the_demo_is_built(today: dt.date) -> None:
    """Built on the day European (29 March 2026) or American (3 November 2030) clocks change:
    the states count from the day of the build."""
    with time_machine.travel(dt.datetime(today.year, today.month, today.day, 6, tzinfo=dt.UTC)):
        demo = demo_organization_seed(size=60)
        active = Program.objects.get(organization=demo.organization, status=Status.ACTIVE)
        rows = health_of_pairs(pairs=Pair.objects.filter(program=active))
    states = {row.state for row in rows}
    assert {HealthState.ON_TRACK, HealthState.AT_RISK, HealthState.TOO_EARLY} <= states, [
        (row.pair.pk, row.state, [(f.rule, f.text) for f in row.health.reasons]) for row in rows
    ]


@pytest.mark.parametrize(
    "now",
    [
        dt.datetime(2026, 12, 7, 1, 30, tzinfo=dt.UTC),  # a Monday, early: yesterday a Sunday
        dt.datetime(2027, 5, 15, 22, tzinfo=dt.UTC),  # a Saturday, late
    ],
)
def test_the_pairs_meet_on_working_days_in_working_hours_whatever_day_the_demo_is_built(
    now: dt.datetime,
) -> None:
    with time_machine.travel(now, tick=False):
        demo = demo_organization_seed(size=60)
        meetings = list(
            Meeting.objects.filter(pair__program__organization=demo.organization).select_related(
                "pair__mentor", "pair__mentee"
            )
        )
        active = Program.objects.get(organization=demo.organization, status=Status.ACTIVE)
        states = {row.state for row in health_of_pairs(pairs=Pair.objects.filter(program=active))}
    assert len(meetings) > 10
    assert {HealthState.ON_TRACK, HealthState.AT_RISK} <= states
    for meeting in meetings:
        if meeting.status in (MeetingStatus.HELD, MeetingStatus.MISSED):
            assert meeting.starts_at < now
        proposer_zone = ZoneInfo(meeting.timezone)
        for zone in {proposer_zone, ZoneInfo(meeting.pair.mentor.timezone)} | {
            ZoneInfo(meeting.pair.mentee.timezone)
        }:
            begins = meeting.starts_at.astimezone(zone)
            where = (meeting.pk, str(zone), begins.strftime("%a %d %b %H:%M"))
            assert begins.weekday() < 5, where
            assert dt.time(8) <= begins.time() <= dt.time(17), where
