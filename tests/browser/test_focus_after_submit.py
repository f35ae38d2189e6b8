"""After a form is sent, focus is where the page says what happened (site.js): on a goal
just added, or on what was refused, so that a keyboard user carries on from there rather
than from the top of the page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from playwright.sync_api import Page, expect

from remento.core.models import Organization
from remento.people.models import Employee
from remento.relationships.goals.models import Goal
from remento.relationships.models import Pair, PairStatus
from tests.relationships.builders import fill_terms, make_pair, make_program


def _started_pair(organization: Organization, mentor: Employee, mentee: Employee) -> Pair:
    pair = make_pair(make_program(organization), mentor, mentee)
    fill_terms(pair)
    pair.status = PairStatus.ACTIVE
    pair.save()
    return pair


def _focused_id(page: Page) -> str:
    return str(page.evaluate("document.activeElement && document.activeElement.id"))


def test_a_goal_added_has_the_focus_and_a_refused_one_its_form(
    site: str,
    sign_in: Callable[[Employee], Page],
    organization: Organization,
    mentor: Employee,
    mentee: Employee,
) -> None:
    pair = _started_pair(organization, mentor, mentee)
    page = sign_in(mentee)
    page.goto(f"{site}/pairs/{pair.pk}/goals/")

    page.locator("#add-goal [name=title]").fill("Post weekly on the company network")
    page.get_by_role("button", name="Add the goal").click()
    goal = Goal.objects.get(pair=pair)
    expect(page).to_have_url(f"{site}/pairs/{pair.pk}/goals/#goal-{goal.pk}")
    assert _focused_id(page) == f"goal-{goal.pk}"

    page.locator("#add-goal summary").click()
    page.locator("#add-goal [name=title]").fill("Run a retrospective")
    past = dt.datetime.now(tz=dt.UTC).date() - dt.timedelta(days=2)
    page.locator("#add-goal [name=target_date]").fill(past.isoformat())
    page.get_by_role("button", name="Add the goal").click()
    expect(page.get_by_role("alert").first).to_contain_text("The goal was not added")
    assert _focused_id(page) == "add-goal"


def test_below_many_goals_a_link_opens_the_new_goals_form(
    site: str,
    sign_in: Callable[[Employee], Page],
    organization: Organization,
    mentor: Employee,
    mentee: Employee,
) -> None:
    pair = _started_pair(organization, mentor, mentee)
    for number in range(3):
        Goal.objects.create(pair=pair, owner=mentee, title=f"Goal {number}")
    page = sign_in(mentee)
    page.goto(f"{site}/pairs/{pair.pk}/goals/")

    page.get_by_role("link", name="Add a goal").click()

    expect(page.locator("#add-goal [name=title]")).to_be_visible()  # the folded form opens
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#new-goal') !== null")
