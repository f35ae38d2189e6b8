"""The coordinator's health board: every open pair with its state and reasons, filters, sort,
pagination, and as many queries for 15 pairs as for 5."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from remento.core.models import Organization
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.health.rules import HealthState
from remento.relationships.health.selectors import BoardFilters, program_health_board
from remento.relationships.meetings.models import MeetingStatus
from remento.relationships.models import Pair
from remento.relationships.safety.models import SafetyReason, SafetyRequest, SafetyWish
from tests.relationships.health.conftest import checkin, goal, meeting, new_pair, start


def board_url(program: Program, **query: str) -> str:
    url = reverse("relationships:health_board", args=[program.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_meeting_gap_rule_follows_the_calendar(program: Program, pair: Pair) -> None:
    """Held 10 days ago, every 14 days: on track; 15 days on, with nothing scheduled, at risk."""
    start(pair, days_ago=60)
    meeting(pair, days_ago=10)
    goal(pair, progress=50)

    def state() -> HealthState:
        board = program_health_board(program=program, filters=BoardFilters())
        return board.page.object_list[0].state

    assert state() == HealthState.ON_TRACK
    with time_machine.travel(timezone.now() + timedelta(days=5)):
        assert state() == HealthState.NEEDS_ATTENTION
    with time_machine.travel(timezone.now() + timedelta(days=19)):
        assert state() == HealthState.AT_RISK


def test_the_senior_mentee_cancelling_shows_as_executive_ghosting(
    program: Program, pair: Pair, coordinator_client: Client
) -> None:
    start(pair, days_ago=60)
    meeting(pair, days_ago=3)
    goal(pair, progress=20)
    for days in (10, 20, 30):
        meeting(pair, days_ago=days, status=MeetingStatus.CANCELLED, cancelled_by=pair.mentee)
    page = coordinator_client.get(board_url(program)).content.decode()
    assert "Cancellations by the senior partner" in page
    assert "Martin Senior (the mentee, the more senior) cancelled 3" in page
    assert "At risk" in page


def test_the_board_shows_ratings_meetings_and_reasons(
    program: Program, pair: Pair, coordinator_client: Client
) -> None:
    start(pair, days_ago=60)
    meeting(pair, days_ago=4)
    meeting(pair, days_ago=18, status=MeetingStatus.MISSED)
    goal(pair, progress=30)
    checkin(pair, pair.mentor, rating=4, days_ago=10)
    checkin(pair, pair.mentee, rating=4, days_ago=20)
    checkin(pair, pair.mentee, rating=2, days_ago=3)
    response = coordinator_client.get(board_url(program))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mentor: 4/5" in page
    assert "Mentee: 2/5" in page
    assert "Low rating:</strong> Martin Senior rated it 2/5" in page
    assert "1 / 2" in page  # held / planned


def test_two_people_of_one_name_are_told_apart_by_title_and_department(
    program: Program, organization: Organization, coordinator_client: Client
) -> None:
    first = start(new_pair(program, organization, "Cohen"), days_ago=10)
    second = start(new_pair(program, organization, "Cohen"), days_ago=10)
    Employee.objects.filter(pk=first.mentor_id).update(title="Data analyst")
    Employee.objects.filter(pk=second.mentor_id).update(title="Sales lead")

    page = coordinator_client.get(board_url(program)).content.decode()

    assert page.count("Pat Cohen → Sam Cohen Senior") == 2
    assert f"Data analyst · {first.mentor.department} → Analyst" in page
    assert f"Sales lead · {second.mentor.department} → Analyst" in page


def _three_states(program: Program, organization: Organization) -> dict[str, Pair]:
    fine = start(new_pair(program, organization, "Aaron"), days_ago=60)
    meeting(fine, days_ago=2)
    goal(fine, progress=50)
    risky = start(new_pair(program, organization, "Berta"), days_ago=60)
    meeting(risky, days_ago=40)
    goal(risky, progress=50)
    young = start(new_pair(program, organization, "Carla"), days_ago=3)
    return {"fine": fine, "risky": risky, "young": young}


def test_filter_by_state(
    program: Program, organization: Organization, coordinator_client: Client
) -> None:
    _three_states(program, organization)
    page = coordinator_client.get(board_url(program, state="at_risk")).content.decode()
    assert "Berta" in page
    assert "Aaron" not in page
    assert "Carla" not in page
    page = coordinator_client.get(board_url(program, state="too_early")).content.decode()
    assert "Carla" in page
    assert "Berta" not in page
    every = coordinator_client.get(board_url(program)).content.decode()
    assert all(name in every for name in ("Aaron", "Berta", "Carla"))


def test_sort_worst_first_by_default_and_by_name(
    program: Program, organization: Organization, coordinator_client: Client
) -> None:
    _three_states(program, organization)
    page = coordinator_client.get(board_url(program)).content.decode()
    assert page.index("Berta") < page.index("Carla") < page.index("Aaron")
    page = coordinator_client.get(board_url(program, sort="name")).content.decode()
    assert page.index("Aaron") < page.index("Berta") < page.index("Carla")
    page = coordinator_client.get(board_url(program, sort="last_meeting")).content.decode()
    assert page.index("Berta") < page.index("Aaron")


def test_the_board_is_paginated(program: Program, organization: Organization) -> None:
    for number in range(27):
        start(new_pair(program, organization, f"Person{number:02d}"), days_ago=3)
    board = program_health_board(program=program, filters=BoardFilters(), page_number=2)
    assert board.total == 27
    assert len(board.page.object_list) == 2
    assert board.page.paginator.num_pages == 2


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(program: Program, organization: Organization, pairs: int) -> None:
    for number in range(pairs):
        pair = start(new_pair(program, organization, f"Grow{number}"), days_ago=50)
        meeting(pair, days_ago=5)
        meeting(pair, days_ago=20, status=MeetingStatus.CANCELLED, cancelled_by=pair.mentee)
        meeting(pair, days_ago=-3, status=MeetingStatus.CONFIRMED)
        goal(pair, progress=10)
        checkin(pair, pair.mentor, rating=3)


def test_the_board_takes_as_many_queries_for_15_pairs_as_for_5(
    program: Program,
    organization: Organization,
    coordinator: Employee,
    coordinator_client: Client,
    django_assert_num_queries: Any,
) -> None:
    _grow(program, organization, 5)
    coordinator_client.post(
        reverse("relationships:health_nudge_state", args=[program.pk]), {"state": "on_track"}
    )
    url = board_url(program)
    coordinator_client.get(url)  # warms the session
    five = _queries(coordinator_client, url)
    _grow(program, organization, 10)
    # The 10 new pairs have no record yet: the check finds them (fewer records than open
    # pairs), one statement judges them, and the records are counted again.
    with django_assert_num_queries(five + 2):
        coordinator_client.get(url)
    with django_assert_num_queries(five):
        response = coordinator_client.get(url)
    assert response.content.decode().count("Grow") >= 15


def test_open_safety_requests_show_as_a_count_for_coordinators_only(
    program: Program, pair: Pair, coordinator_client: Client, mentee_client: Client
) -> None:
    start(pair, days_ago=30)
    meeting(pair, days_ago=3)
    SafetyRequest.objects.create(
        pair=pair, asked_by=pair.mentor, wish=SafetyWish.END, reason=SafetyReason.FIT
    )
    board = coordinator_client.get(board_url(program)).content.decode()
    assert "1 open" in board
    assert reverse("relationships:program_safety_requests", args=[program.pk]) in board
    assert pair.mentor.display_name + " asked" not in board
    own = mentee_client.get(
        reverse("relationships:pair_health", args=[pair.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert "1 open" not in own
    assert "safety" not in own.lower()


def test_a_closed_programs_board_says_its_pairs_have_ended_and_points_to_its_results(
    program: Program, coordinator_client: Client
) -> None:
    Program.objects.filter(pk=program.pk).update(status="closed")

    page = coordinator_client.get(board_url(program)).content.decode()

    assert "No open pairs yet" not in page  # it once said matches were still to come
    assert "This program is closed" in page
    assert reverse("outcomes:program_dashboard", args=[program.pk]) in page
