"""The goals page: the two people edit; a coordinator sees aggregates; others get a 404."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from remento.people.models import Employee
from remento.relationships.confidential import SESSION_KEY
from remento.relationships.goals.models import Goal, Milestone
from remento.relationships.goals.services import goal_create
from remento.relationships.models import Pair, PairStatus
from tests.conftest import client_for
from tests.factories import EmployeeFactory, make_pair, make_program, user_of

TITLE = "Chair a meeting with no slides"


def _goals(pair: Pair) -> str:
    return reverse("relationships:goals", args=[pair.pk])


def _goal(pair: Pair, mentee: Employee) -> Goal:
    return goal_create(
        actor=user_of(mentee), pair=pair, title=TITLE, milestones=["Draft agenda", "Run it"]
    )


def test_both_people_see_and_add_goals(pair: Pair, mentor: Employee, mentee: Employee) -> None:
    _goal(pair, mentee)
    page = client_for(mentor).get(_goals(pair))
    assert page.status_code == 200
    assert TITLE in page.content.decode()
    added = client_for(mentee).post(_goals(pair), {"title": "Use Copilot", "owner": mentee.pk})
    assert added.status_code == 302
    assert Goal.objects.filter(title="Use Copilot", owner=mentee).exists()


def test_a_bad_goal_is_shown_back_with_its_error(pair: Pair, mentee: Employee) -> None:
    response = client_for(mentee).post(_goals(pair), {"title": "", "owner": mentee.pk})
    assert response.status_code == 400
    assert not Goal.objects.exists()
    # Said at the top, and the form posts to its own anchor: a phone lands on it.
    assert 'The goal was not added: <a href="#add-goal">' in response.text
    assert f'action="{_goals(pair)}#add-goal"' in response.text


def test_a_coordinator_sees_only_counts_and_progress(
    pair: Pair, mentee: Employee, coordinator: Employee
) -> None:
    _goal(pair, mentee)
    client = client_for(coordinator)
    page = client.get(_goals(pair)).content.decode()
    assert TITLE not in page
    assert "Draft agenda" not in page
    assert "average progress" in page
    assert client.post(_goals(pair), {"title": "x"}).status_code == 404


def test_an_admin_sees_goals_only_after_break_glass(
    pair: Pair, mentee: Employee, admin: Employee
) -> None:
    _goal(pair, mentee)
    client = client_for(admin)
    assert TITLE not in client.get(_goals(pair)).content.decode()
    session = client.session
    session[SESSION_KEY] = [pair.pk]
    session.save()
    page = client.get(_goals(pair)).content.decode()
    assert TITLE in page
    assert "Save the goal" not in page  # read only


def test_another_organisation_gets_a_404(pair: Pair, mentee: Employee, stranger: Employee) -> None:
    goal = _goal(pair, mentee)
    client = client_for(stranger)
    milestone = goal.milestones.first()
    assert milestone is not None
    for url in (
        _goals(pair),
        reverse("relationships:goal_update", args=[pair.pk, goal.pk]),
        reverse("relationships:goal_delete", args=[pair.pk, goal.pk]),
        reverse("relationships:milestone_toggle", args=[pair.pk, milestone.pk]),
    ):
        assert client.post(url, {"done": "1"}).status_code == 404
    assert client.get(_goals(pair)).status_code == 404


def test_a_milestone_of_another_pair_is_a_404(
    pair: Pair, mentee: Employee, mentor: Employee
) -> None:
    goal = _goal(pair, mentee)
    other_mentee = cast("Employee", EmployeeFactory(organization=mentee.organization, level=9))
    other_pair = make_pair(make_program(pair.program.organization), mentor, other_mentee)
    milestone = goal.milestones.first()
    assert milestone is not None
    url = reverse("relationships:milestone_toggle", args=[other_pair.pk, milestone.pk])
    assert client_for(mentor).post(url, {"done": "1"}).status_code == 404


def test_ticking_a_milestone_with_htmx_answers_the_card(pair: Pair, mentee: Employee) -> None:
    goal = _goal(pair, mentee)
    milestone = goal.milestones.get(title="Draft agenda")
    url = reverse("relationships:milestone_toggle", args=[pair.pk, milestone.pk])
    response = client_for(mentee).post(url, {"done": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="goal-{goal.pk}"' in body
    assert "50%" in body
    assert Milestone.objects.get(pk=milestone.pk).done_at is not None


def test_a_closed_pair_shows_goals_without_forms(pair: Pair, mentee: Employee) -> None:
    _goal(pair, mentee)
    Pair.objects.filter(pk=pair.pk).update(status=PairStatus.CLOSED)
    client: Client = client_for(mentee)
    page = client.get(_goals(pair)).content.decode()
    assert TITLE in page
    assert "Save the goal" not in page
    assert "read only" in page
    response = client.post(_goals(pair), {"title": "New", "owner": mentee.pk})
    assert response.status_code == 302
    assert Goal.objects.count() == 1


def test_a_goal_past_its_target_date_says_so_until_it_is_reached(
    pair: Pair, mentee: Employee
) -> None:
    goal = _goal(pair, mentee)
    Goal.objects.filter(pk=goal.pk).update(target_date=dt.date(2020, 1, 1))
    page = client_for(mentee).get(_goals(pair)).text
    assert 'target 1 Jan 2020 <span class="badge badge-warn">Past its target date</span>' in page
    Milestone.objects.filter(goal=goal).update(done_at=timezone.now())
    assert "Past its target date" not in client_for(mentee).get(_goals(pair)).text


def test_the_mentee_reads_where_a_goal_came_from_without_they(pair: Pair, mentee: Employee) -> None:
    goal = _goal(pair, mentee)
    Goal.objects.filter(pk=goal.pk).update(source="skill")
    page = client_for(mentee).get(_goals(pair)).text
    assert "From the skills to learn" in page
    assert "they want to learn" not in page
