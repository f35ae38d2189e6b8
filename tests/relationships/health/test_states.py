"""The health states the database judges for the board (``health.states``) are the ones the
rules give pair by pair (``rules.evaluate`` through ``selectors.health_of_pairs``), on pairs
that fire every rule, at their thresholds, and the board costs as many queries for many
pairs as for a few."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from remento.core.models import Organization
from remento.people.models import Employee
from remento.programs.models import Program, ProgramType
from remento.relationships.checkins.models import CheckInStatus, Fit
from remento.relationships.goals.models import Goal, Milestone
from remento.relationships.health import states
from remento.relationships.health.models import PairHealthRecord
from remento.relationships.health.rules import HealthState
from remento.relationships.health.selectors import (
    BoardFilters,
    health_of_pairs,
    program_health_board,
)
from remento.relationships.health.states import STATE_OF_RANK, records_refresh_all
from remento.relationships.meetings.models import MeetingStatus
from remento.relationships.models import Pair, PairStatus
from tests.factories import EmployeeFactory, make_pair
from tests.relationships.health.conftest import checkin, goal, meeting, new_pair, start

NOW = datetime(2026, 3, 4, 10, 30, 15, 250_000, tzinfo=UTC)


def _open(program: Program) -> Any:
    return Pair.objects.filter(
        program=program, status__in=[PairStatus.LAUNCHING, PairStatus.ACTIVE]
    )


def _rule_by_rule(program: Program, viewer: Employee | None) -> dict[int, HealthState]:
    rows = health_of_pairs(pairs=_open(program), viewer=viewer, now=NOW)
    return {row.pair.pk: row.state for row in rows}


def _milestones(goal_row: Goal, done: int, total: int) -> None:
    Milestone.objects.bulk_create(
        Milestone(goal=goal_row, title=f"Step {n}", position=n, done_at=NOW if n < done else None)
        for n in range(total)
    )


def _vary(pair: Pair, chance: random.Random) -> None:
    """Some of every fact the rules read, drawn at random around their thresholds."""
    if chance.random() < 0.15:
        return  # launching
    cadence = chance.choice([7, 14, 30])
    start(pair, days_ago=chance.choice([2, 6, 13, 20, 41, 42, 43, 90]), cadence=cadence)
    for _ in range(chance.randint(0, 2)):
        days = chance.choice([1, cadence, cadence + 1, 2 * cadence, 2 * cadence + 1, 70])
        meeting(pair, days_ago=days)
    if chance.random() < 0.4:
        meeting(pair, days_ago=-chance.randint(1, 5), status=MeetingStatus.CONFIRMED)
    for _ in range(chance.randint(0, 4)):
        who = chance.choice([pair.mentor, pair.mentee])
        days = chance.choice([5, 60, 89, 91, 120])
        if chance.random() < 0.5:
            meeting(pair, days_ago=days, status=MeetingStatus.CANCELLED, cancelled_by=who)
        else:
            by = chance.choice(["mentor", "mentee", "both"])
            meeting(pair, days_ago=days, status=MeetingStatus.MISSED, missed_by=by)
    for person in (pair.mentor, pair.mentee):
        for days in chance.sample([2, 9, 16, 23], chance.randint(0, 3)):
            roll = chance.random()
            if roll < 0.6:
                checkin(pair, person, rating=chance.randint(1, 5), days_ago=days)
            elif roll < 0.75:
                checkin(pair, person, days_ago=days)  # missed
            elif roll < 0.85:
                checkin(pair, person, rating=4, days_ago=days, fit=Fit.NO)
            else:
                overdue = chance.choice([-1, 1])  # reminded yesterday, or tomorrow
                checkin(
                    pair,
                    person,
                    days_ago=days,
                    status=CheckInStatus.OPEN,
                    remind_at=NOW - timedelta(days=overdue),
                )
    for _ in range(chance.randint(0, 2)):
        one = goal(pair, progress=chance.choice([0, 0, 1, 50]))
        if chance.random() < 0.4:
            done, total = chance.choice([(0, 3), (1, 200), (1, 201), (1, 3), (3, 3)])
            _milestones(one, done, total)


@pytest.mark.parametrize("program_type", [ProgramType.REVERSE, ProgramType.MUTUAL])
def test_the_database_judges_each_pair_as_the_rules_do(
    program: Program,
    organization: Organization,
    coordinator: Employee,
    program_type: str,
) -> None:
    program.program_type = program_type
    program.save()
    chance = random.Random(20)
    with time_machine.travel(NOW, tick=False):
        for number in range(60):
            pair = new_pair(program, organization, f"Vary{number:02d}")
            if number % 3 == 0:  # same level: no senior in mutual mentoring
                pair.mentee.level = pair.mentor.level
                pair.mentee.save()
            _vary(pair, chance)
        mentee = EmployeeFactory.create(organization=organization, level=9, last_name="Own")
        own = make_pair(program, coordinator, mentee)
        _vary(start(own, days_ago=50), chance)
    expected = _rule_by_rule(program, coordinator)
    judged = states.states_of(_open(program), now=NOW, viewer_id=coordinator.pk)
    assert judged == expected
    assert len(set(expected.values())) == 4  # every state occurs
    board = program_health_board(
        program=program, viewer=coordinator, filters=BoardFilters(), now=NOW
    )
    assert dict(board.counts) == {state: Counter(expected.values())[state] for state in HealthState}
    stored = dict(PairHealthRecord.objects.values_list("pair_id", "rank"))
    every_rule = _rule_by_rule(program, None)  # a record is judged for coordinators
    assert {pair_id: STATE_OF_RANK[rank] for pair_id, rank in stored.items()} == every_rule


def test_a_goal_at_half_a_percent_rounds_to_zero_as_python_rounds(
    program: Program, pair: Pair
) -> None:
    """1 of 200 milestones is 0.5%: round() makes it 0, so the goals have stalled."""
    with time_machine.travel(NOW, tick=False):
        start(pair, days_ago=60)
        meeting(pair, days_ago=3)
        _milestones(goal(pair), done=1, total=200)
    expected = _rule_by_rule(program, None)
    assert expected == {pair.pk: HealthState.NEEDS_ATTENTION}
    assert states.states_of(_open(program), now=NOW) == expected


def test_a_threshold_is_crossed_at_the_same_microsecond_as_the_rules_cross_it(
    program: Program, pair: Pair
) -> None:
    start(pair, days_ago=60, cadence=14)
    goal(pair, progress=50)
    held = meeting(pair, days_ago=0)
    crossing = held.starts_at + timedelta(days=29)  # more than 2 x 14 whole days
    for moment in (crossing - timedelta(microseconds=1), crossing):
        rows = health_of_pairs(pairs=_open(program), now=moment)
        assert states.states_of(_open(program), now=moment) == {pair.pk: rows[0].state}
    assert rows[0].state == HealthState.AT_RISK


def test_the_board_pages_in_the_order_of_its_sort(
    program: Program, organization: Organization
) -> None:
    for number in range(30):
        pair = start(new_pair(program, organization, f"Page{number:02d}"), days_ago=60)
        goal(pair, progress=10)
        meeting(pair, days_ago=number)
    first = program_health_board(
        program=program, filters=BoardFilters(sort="last_meeting"), page_number=1
    )
    second = program_health_board(
        program=program, filters=BoardFilters(sort="last_meeting"), page_number=2
    )
    gaps = [row.days_since_meeting or 0 for row in [*first.page.object_list, *second.page]]
    assert gaps == sorted(gaps, reverse=True)
    assert len(gaps) == 30
    at_risk = program_health_board(program=program, filters=BoardFilters(state="at_risk"))
    assert {row.state for row in at_risk.page} == {HealthState.AT_RISK}
    assert at_risk.page.paginator.count == dict(at_risk.counts)[HealthState.AT_RISK]


def _grow(program: Program, organization: Organization, pairs: int, offset: int) -> None:
    chance = random.Random(offset)
    for number in range(offset, offset + pairs):
        _vary(new_pair(program, organization, f"Grow{number:02d}"), chance)


# session, user, program; records checked (all valid: nothing judged; and whether the viewer
# is in a pair), counts, page ids; the page's pairs
BOARD_QUERIES = 18


def test_the_board_takes_as_many_queries_for_40_pairs_as_for_4(
    program: Program,
    organization: Organization,
    coordinator_client: Client,
    django_assert_num_queries: Any,
) -> None:
    url = reverse("relationships:health_board", args=[program.pk])
    # The clock stands still: a fact drawn at a threshold would otherwise lapse its record
    # between two views on a slow machine, and the second view would rightly judge it again.
    with time_machine.travel(timezone.now(), tick=False):
        _grow(program, organization, 4, offset=0)
        coordinator_client.get(url)  # warms the session
        with django_assert_num_queries(BOARD_QUERIES):
            coordinator_client.get(url)
        _grow(program, organization, 36, offset=4)
        # The 36 new pairs have no record yet: the check finds them (fewer records than open
        # pairs), one statement judges them, and the records are counted again.
        with django_assert_num_queries(BOARD_QUERIES + 2):
            coordinator_client.get(url)
        with django_assert_num_queries(BOARD_QUERIES):
            response = coordinator_client.get(url)
    assert response.content.decode().count("Grow") >= 25


def _board_state(program: Program) -> HealthState:
    return program_health_board(program=program, filters=BoardFilters()).page[0].state


def test_a_meeting_logged_after_a_view_changes_the_board_at_once(
    program: Program, pair: Pair
) -> None:
    start(pair, days_ago=60)
    goal(pair, progress=50)
    meeting(pair, days_ago=40)
    assert _board_state(program) == HealthState.AT_RISK
    assert PairHealthRecord.objects.get(pair=pair).rank == HealthState.AT_RISK.rank
    meeting(pair, days_ago=1)
    assert not PairHealthRecord.objects.filter(pair=pair).exists()
    assert _board_state(program) == HealthState.ON_TRACK
    assert (
        dict(program_health_board(program=program, filters=BoardFilters()).counts)[
            HealthState.ON_TRACK
        ]
        == 1
    )


def test_a_record_lapses_when_time_crosses_a_threshold_of_the_rules(
    program: Program, pair: Pair
) -> None:
    """Held 14 and a half days ago, every 14 days, nothing scheduled: on track until 15
    whole days have passed, which is when the record lapses (to the second)."""
    start(pair, days_ago=60, cadence=14)
    goal(pair, progress=50)
    held = meeting(pair, days_ago=14.5)
    assert _board_state(program) == HealthState.ON_TRACK
    record = PairHealthRecord.objects.get(pair=pair)
    crossing = held.starts_at + timedelta(days=15)
    assert crossing <= record.valid_until <= crossing + timedelta(seconds=1)
    with time_machine.travel(record.valid_until, tick=False):
        assert _board_state(program) == HealthState.NEEDS_ATTENTION


def test_the_worker_records_every_open_pair_as_the_rules_judge_it(
    program: Program, organization: Organization
) -> None:
    with time_machine.travel(NOW, tick=False):
        _grow(program, organization, 30, offset=0)
        assert records_refresh_all() == 1
        expected = _rule_by_rule(program, None)
    stored = dict(PairHealthRecord.objects.values_list("pair_id", "rank"))
    assert {pair_id: STATE_OF_RANK[rank] for pair_id, rank in stored.items()} == expected
