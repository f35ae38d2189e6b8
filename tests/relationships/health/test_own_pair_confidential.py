"""A pair's people never read each other's check-in answers: ratings are confidential between
the pair (coordinators read them). A coordinator who is themselves in a pair of a program
sees that pair as its people see it, on the board and on the home page alike: counted in the
state judged without the check-in rules, filtered and sorted in that state and without a
rating ("—"), never by its stored record, which coordinators' counts judge with every rule.
Otherwise a coordinator who mentors learns from the home page's "1 pair at risk" or the
board's "Lowest rating" sort that their mentee rated the pair 1/5 (issue 20's attack pass).
"""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from remento.core.models import Organization
from remento.core.words import count_of
from remento.people.models import Employee, Role
from remento.programs.models import Program
from remento.relationships.health.next_steps import health_home
from remento.relationships.health.rules import HealthState
from remento.relationships.health.selectors import BoardFilters, program_health_board
from remento.relationships.health.states import seen_by
from remento.relationships.models import Pair
from tests.factories import employee_with_login, make_program
from tests.relationships.health.conftest import checkin, goal, meeting, new_pair, start


def _on_track(program: Program, organization: Organization, name: str) -> Pair:
    """Met 3 days ago, a goal half done: on track unless a check-in says otherwise."""
    pair = start(new_pair(program, organization, name), days_ago=60)
    meeting(pair, days_ago=3)
    goal(pair, progress=50)
    return pair


def _mentored_by(coordinator: Employee, program: Program, organization: Organization) -> Pair:
    """A pair the coordinator mentors, whose mentee answered 1/5 and "not a good fit":
    at risk for any other coordinator, on track as its people see it."""
    own = _on_track(program, organization, "Own")
    own.mentor = coordinator
    own.save()
    checkin(own, own.mentee, rating=1, fit="no")
    return own


def _second_coordinator(organization: Organization) -> Employee:
    return employee_with_login(
        organization=organization, first_name="Otto", last_name="Other", role=Role.COORDINATOR
    )


def _ids(board: Any) -> list[int]:
    return [row.pair.pk for row in board.page]


def test_a_coordinator_in_a_pair_cannot_learn_their_partners_confidential_rating(
    organization: Organization, coordinator: Employee, coordinator_client: Client
) -> None:
    """The attack as it was found: the board already showed the own pair as its people see
    it, but the home page counted its record and "Lowest rating" sorted by it."""
    program = make_program(organization)
    rated = start(new_pair(program, organization, "Rated"), days_ago=60)
    meeting(rated, days_ago=3)
    checkin(rated, rated.mentee, rating=3)
    own = start(new_pair(program, organization, "Own"), days_ago=60)
    own.mentor = coordinator
    own.save()
    meeting(own, days_ago=3)
    checkin(own, own.mentee, rating=1, fit="no")  # confidential to coordinators, not to Cora
    board = reverse("relationships:health_board", args=[program.pk])
    partner, other = own.mentee.display_name, rated.mentee.display_name

    counted = coordinator_client.get(board).text
    by_rating = coordinator_client.get(board, {"sort": "rating"}).text
    home = coordinator_client.get(reverse("home")).text

    assert partner in counted  # the board lists the own pair, as its people see it
    assert "0 At risk" in " ".join(re.sub(r"<[^>]+>", " ", counted).split())
    assert "1 pair at risk" not in home
    assert by_rating.index(other) < by_rating.index(partner)


def test_the_home_page_counts_the_own_pair_as_its_people_see_it(
    organization: Organization, program: Program, coordinator: Employee
) -> None:
    _mentored_by(coordinator, program, organization)
    _on_track(program, organization, "Fine")
    assert health_home(coordinator).steps == []
    # Any other coordinator reads the check-ins: the same pair is at risk for them.
    other = _second_coordinator(organization)
    assert [s.title for s in health_home(other).steps] == [f"1 pair at risk in {program.name}"]


def test_the_home_page_and_the_board_count_the_own_pair_alike(
    organization: Organization, program: Program, coordinator: Employee
) -> None:
    _mentored_by(coordinator, program, organization)
    drifting = start(new_pair(program, organization, "Drifting"), days_ago=60)
    meeting(drifting, days_ago=40)  # at risk for everyone: no meeting for 40 days
    for viewer in (coordinator, _second_coordinator(organization)):
        board = program_health_board(program=program, viewer=viewer, filters=BoardFilters())
        at_risk = dict(board.counts)[HealthState.AT_RISK]
        titles = [s.title for s in health_home(viewer).steps]
        assert titles == [f"{count_of(at_risk, 'pair')} at risk in {program.name}"]
    own_board = program_health_board(program=program, viewer=coordinator, filters=BoardFilters())
    assert dict(own_board.counts)[HealthState.AT_RISK] == 1
    assert dict(own_board.counts)[HealthState.ON_TRACK] == 1


def test_lowest_rating_sorts_the_own_pair_as_having_no_rating(
    organization: Organization, program: Program, coordinator: Employee
) -> None:
    rated = _on_track(program, organization, "Rated")
    checkin(rated, rated.mentee, rating=4)
    own = _mentored_by(coordinator, program, organization)
    unrated = _on_track(program, organization, "Unrated")
    by_rating = BoardFilters(sort="rating")
    mine = program_health_board(program=program, viewer=coordinator, filters=by_rating)
    # Rated first; then the pairs shown without a rating ("—"), by state, then by id.
    assert _ids(mine) == [rated.pk, own.pk, unrated.pk]
    assert [row.lowest_rating for row in mine.page] == [4, None, None]
    other = _second_coordinator(organization)
    theirs = program_health_board(program=program, viewer=other, filters=by_rating)
    assert _ids(theirs) == [own.pk, rated.pk, unrated.pk]
    assert theirs.page[0].lowest_rating == 1


def test_the_state_filter_and_sort_use_the_state_its_people_see(
    organization: Organization, program: Program, coordinator: Employee
) -> None:
    own = _mentored_by(coordinator, program, organization)
    drifting = start(new_pair(program, organization, "Drifting"), days_ago=60)
    meeting(drifting, days_ago=40)
    at_risk = program_health_board(
        program=program, viewer=coordinator, filters=BoardFilters(state="at_risk")
    )
    assert _ids(at_risk) == [drifting.pk]
    assert at_risk.page.paginator.count == 1
    on_track = program_health_board(
        program=program, viewer=coordinator, filters=BoardFilters(state="on_track")
    )
    assert _ids(on_track) == [own.pk]
    assert [row.state for row in on_track.page] == [HealthState.ON_TRACK]
    by_state = program_health_board(program=program, viewer=coordinator, filters=BoardFilters())
    assert _ids(by_state) == [drifting.pk, own.pk]
    other = _second_coordinator(organization)
    theirs = program_health_board(
        program=program, viewer=other, filters=BoardFilters(state="at_risk")
    )
    assert set(_ids(theirs)) == {own.pk, drifting.pk}


def test_seen_by_hides_the_rating_of_the_viewers_own_pair_only(
    organization: Organization, program: Program, coordinator: Employee
) -> None:
    own = _mentored_by(coordinator, program, organization)
    rated = _on_track(program, organization, "Rated")
    checkin(rated, rated.mentee, rating=2)
    pairs = Pair.objects.filter(pk__in=[own.pk, rated.pk])
    seen = seen_by(pairs, now=timezone.now(), viewer_id=coordinator.pk)
    assert (seen[own.pk].state, seen[own.pk].rating) == (HealthState.ON_TRACK, None)
    assert (seen[rated.pk].state, seen[rated.pk].rating) == (HealthState.AT_RISK, 2)


def test_a_coordinator_in_a_pair_costs_the_same_queries_whatever_the_pairs(
    django_assert_num_queries: Any,
    organization: Organization,
    program: Program,
    coordinator: Employee,
    coordinator_client: Client,
) -> None:
    """The own pairs are found by the first count query (whether the viewer is in one, per
    program, from an index) and then read and judged in two more, for the few pairs only."""
    _mentored_by(coordinator, program, organization)
    _on_track(program, organization, "Fine")
    url = reverse("relationships:health_board", args=[program.pk])
    coordinator_client.get(url)  # judges the records, warms the session
    health_home(coordinator)
    with django_assert_num_queries(4):  # records hold? the counts; own pairs, judged
        health_home(coordinator)
    with CaptureQueriesContext(connection) as small:
        coordinator_client.get(url, {"sort": "rating"})
    queries = len(small)  # now: each request empties the connection's log
    second = make_program(organization, name="Second")
    for number in range(6):
        _on_track(program, organization, f"Grow{number}")
        _on_track(second, organization, f"More{number}")
    _mentored_by(coordinator, second, organization)
    coordinator_client.get(url)
    health_home(coordinator)
    with django_assert_num_queries(4):
        steps = health_home(coordinator).steps
    assert steps == []
    with django_assert_num_queries(queries):
        response = coordinator_client.get(url, {"sort": "rating"})
    assert all(f"Grow{number} Senior" in response.text for number in range(6))
