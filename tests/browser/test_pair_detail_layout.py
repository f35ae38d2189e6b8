"""The pair page's "two of you" cards are wide enough to read at desktop and phone widths."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from remento.core.models import Organization
from remento.people.models import Employee
from tests.relationships.builders import make_pair, make_program


@pytest.mark.parametrize("width", [1366, 390])
def test_the_two_people_cards_leave_room_for_job_titles(
    site: str,
    sign_in: Callable[[Employee], Page],
    organization: Organization,
    mentor: Employee,
    mentee: Employee,
    width: int,
) -> None:
    pair = make_pair(make_program(organization), mentor, mentee)
    page = sign_in(mentee)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site}/pairs/{pair.pk}/")

    cards = page.locator("h2:text-is('The two of you') + .cards > .card")
    assert cards.count() == 2
    for index in range(2):
        card = cards.nth(index).bounding_box()
        assert card is not None
        assert card["width"] >= min(width - 48, 24 * 16) - 1  # never a squeezed column
        assert card["x"] + card["width"] <= width  # nor wider than the phone
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width
