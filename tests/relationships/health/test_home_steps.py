"""A coordinator's home page points to the pairs that need them: one step per program with
pairs at risk or needing attention, counted as the health board counts them (its stored
records), linking to the filtered board, in the same queries whatever the number of pairs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from remento.core.models import Organization
from remento.core.next_steps import home_for
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.health.models import PairHealthRecord
from remento.relationships.health.next_steps import attention_counts, health_home
from remento.relationships.health.rules import HealthState
from remento.relationships.health.selectors import BoardFilters, program_health_board
from remento.relationships.meetings.models import MeetingStatus
from remento.relationships.models import Pair, PairStatus
from remento.relationships.services import pair_close
from tests.factories import make_program
from tests.relationships.health.conftest import meeting, new_pair, start


def _drifting(program: Program, organization: Organization) -> dict[str, Pair]:
    """Every 14 days: at risk (no meeting for 40 days), needs attention (20 days, none
    scheduled), fine (20 days but one scheduled), on track (met 3 days ago), launching."""
    at_risk = start(new_pair(program, organization, "Risky"), days_ago=60)
    meeting(at_risk, days_ago=40)
    attention = start(new_pair(program, organization, "Drifting"), days_ago=20)
    scheduled = start(new_pair(program, organization, "Planned"), days_ago=60)
    meeting(scheduled, days_ago=20)
    meeting(scheduled, days_ago=-3, status=MeetingStatus.PROPOSED)
    fine = start(new_pair(program, organization, "Fine"), days_ago=60)
    meeting(fine, days_ago=3)
    launching = new_pair(program, organization, "Launching")
    return {"at_risk": at_risk, "attention": attention, "fine": fine, "launching": launching}


def test_a_coordinator_is_pointed_to_the_pairs_at_risk_and_needing_attention(
    organization: Organization, program: Program, coordinator: Employee
) -> None:
    _drifting(program, organization)
    steps = health_home(coordinator).steps
    assert [(s.title, s.action) for s in steps] == [
        (f"1 pair at risk in {program.name}", "Open the health board"),
        # The drifting pair, and two of 60 days with no goal set (the board's goals rule).
        (f"3 pairs need attention in {program.name}", "Open the health board"),
    ]
    board = reverse("relationships:health_board", args=[program.pk])
    assert [s.url for s in steps] == [f"{board}?state=at_risk", f"{board}?state=needs_attention"]
    assert "twice their rhythm" in steps[0].detail


def test_the_home_page_counts_what_the_board_shows(
    organization: Organization, program: Program, coordinator: Employee
) -> None:
    _drifting(program, organization)
    [row] = attention_counts(organization_id=organization.pk, now=timezone.now())
    board = dict(program_health_board(program=program, filters=BoardFilters()).counts)
    for state in (HealthState.AT_RISK, HealthState.NEEDS_ATTENTION):
        assert row.get(state, 0) == board[state]


def test_a_low_rating_counts_at_risk_as_on_the_board(
    organization: Organization, program: Program, coordinator: Employee
) -> None:
    """Not only meeting gaps: any rule of the board (here a pair that met on time)."""
    pair = start(new_pair(program, organization, "Unhappy"), days_ago=30)
    meeting(pair, days_ago=3)
    assert health_home(coordinator).steps == []
    PairHealthRecord.objects.filter(pair=pair).update(rank=HealthState.AT_RISK.rank)
    assert [s.title for s in health_home(coordinator).steps] == [
        f"1 pair at risk in {program.name}"
    ]


def test_a_record_that_lapsed_is_judged_again(
    organization: Organization, program: Program, coordinator: Employee
) -> None:
    pair = start(new_pair(program, organization, "Lapsed"), days_ago=60)
    meeting(pair, days_ago=40)
    assert len(health_home(coordinator).steps) == 1
    # A stale record (its moment passed) saying all is well is not believed.
    PairHealthRecord.objects.filter(pair=pair).update(
        rank=HealthState.ON_TRACK.rank, valid_until=timezone.now()
    )
    assert [s.title for s in health_home(coordinator).steps] == [
        f"1 pair at risk in {program.name}"
    ]


def test_the_step_opens_the_filtered_board(
    organization: Organization, program: Program, coordinator: Employee, coordinator_client: Client
) -> None:
    pairs = _drifting(program, organization)
    step = health_home(coordinator).steps[0]
    page = coordinator_client.get(step.url).content.decode()
    assert pairs["at_risk"].mentor.display_name in page
    assert pairs["fine"].mentor.display_name not in page
    home = coordinator_client.get(reverse("home")).content.decode()
    assert f"1 pair at risk in {program.name}" in home


def test_participants_and_other_organisations_see_nothing(
    organization: Organization,
    program: Program,
    mentor: Employee,
    stranger: Employee,
) -> None:
    _drifting(program, organization)
    assert health_home(mentor).steps == []
    assert health_home(stranger).steps == []


def test_a_program_whose_pairs_are_fine_gives_no_step(
    organization: Organization, program: Program, coordinator: Employee
) -> None:
    # Started 30 days ago: too soon for the board's "no goals set" rule.
    fine = start(new_pair(program, organization, "Fine"), days_ago=30)
    meeting(fine, days_ago=3)
    # The pair's own cadence wins over the program's: every 30 days, met 20 days ago.
    slow = start(new_pair(program, organization, "Slow"), days_ago=30, cadence=30)
    meeting(slow, days_ago=20)
    assert health_home(coordinator).steps == []


def test_the_same_queries_whatever_the_programs_and_pairs(
    django_assert_num_queries: Any, organization: Organization, coordinator: Employee
) -> None:
    first = make_program(organization, name="First")
    _drifting(first, organization)
    health_home(coordinator)  # judges the new pairs once
    with django_assert_num_queries(2):  # any record to judge? then the counts
        health_home(coordinator)
    for name in ("Second", "Third"):
        _drifting(make_program(organization, name=name), organization)
    health_home(coordinator)
    with django_assert_num_queries(2):
        steps = health_home(coordinator).steps
    assert len(steps) == 6
    assert [s.title for s in steps[:3]] == [
        "1 pair at risk in First",
        "1 pair at risk in Second",
        "1 pair at risk in Third",
    ]
    assert len(home_for(coordinator).steps) >= 6


def test_whole_days_count_as_the_rules_count_them(
    organization: Organization, program: Program, coordinator: Employee
) -> None:
    """Met 28.5 days ago, every 14 days: 28 whole days is not more than twice the rhythm,
    so the board says Needs attention, and so does the home page."""
    pair = start(new_pair(program, organization, "Edge"), days_ago=60)
    meeting(pair, days_ago=28.5)
    board = dict(program_health_board(program=program, filters=BoardFilters()).counts)
    assert board[HealthState.AT_RISK] == 0
    assert [s.title for s in health_home(coordinator).steps] == [
        f"1 pair needs attention in {program.name}"
    ]


def _board_and_home(program: Program, organization: Organization) -> tuple[int, int]:
    """Pairs at risk as the board counts them, and as the home page does."""
    board = dict(program_health_board(program=program, filters=BoardFilters()).counts)
    rows = attention_counts(organization_id=organization.pk, now=timezone.now())
    home = sum(row.get(HealthState.AT_RISK, 0) for row in rows if row["program_id"] == program.pk)
    return board[HealthState.AT_RISK], home


def test_a_pair_closed_in_bulk_leaves_the_counts_with_a_new_pair_judged(
    organization: Organization, program: Program, coordinator: Employee
) -> None:
    """Closed without signals (as leavers' pairs are), its record is kept: not counted, and
    not mistaken for the record of a new pair that has none yet (as many records as open
    pairs either way)."""
    pairs = _drifting(program, organization)
    assert _board_and_home(program, organization) == (1, 1)
    Pair.objects.filter(pk=pairs["at_risk"].pk).update(status=PairStatus.CLOSED)
    assert PairHealthRecord.objects.filter(pair=pairs["at_risk"]).exists()
    again = start(new_pair(program, organization, "Again"), days_ago=60)
    meeting(again, days_ago=45)
    PairHealthRecord.objects.filter(pair=again).delete()
    assert _board_and_home(program, organization) == (1, 1)
    assert not PairHealthRecord.objects.filter(pair=pairs["at_risk"]).exists()
    Pair.objects.filter(pk=again.pk).update(status=PairStatus.CLOSED)
    assert _board_and_home(program, organization) == (0, 0)
    assert health_home(coordinator).steps[0].title.startswith("3 pairs need attention")


def test_a_pair_closed_by_its_coordinator_leaves_the_counts(
    organization: Organization, program: Program, coordinator: Employee
) -> None:
    pairs = _drifting(program, organization)
    assert _board_and_home(program, organization) == (1, 1)
    pair_close(actor=coordinator.user, pair=pairs["at_risk"], reason="Moved on.")
    assert _board_and_home(program, organization) == (0, 0)


def test_a_record_judged_after_the_moment_asked_is_judged_again(
    organization: Organization, program: Program, coordinator: Employee
) -> None:
    pair = start(new_pair(program, organization, "Later"), days_ago=60)
    meeting(pair, days_ago=40)
    assert _board_and_home(program, organization) == (1, 1)
    later = timezone.now() + timedelta(hours=1)
    PairHealthRecord.objects.filter(pair=pair).update(
        rank=HealthState.ON_TRACK.rank, judged_at=later, valid_until=later + timedelta(days=1)
    )
    assert _board_and_home(program, organization) == (1, 1)
