"""The demo's pair workspaces count from the day the demo is built (a module of its own: the
workspace tests keep one demo organisation for their whole module)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from remento.demo.people.seed import demo_organization_seed
from remento.programs.models import Program, Status
from remento.relationships.health.rules import HealthState
from remento.relationships.health.selectors import health_of_pairs
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
