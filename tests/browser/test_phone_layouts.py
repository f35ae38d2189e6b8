"""On a phone the profile's skill rows and the audit trail's events stack instead of
squeezing into table columns; on a wide screen they stay tables."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

from remento.core.audit import audit_log
from remento.people.models import Employee
from remento.programs.models import KpiKind, ProgramKpi
from tests.enrollment.conftest import make_program, person


def _box(page: Page, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


def test_on_a_phone_the_skill_rows_stack_with_full_width_selects(
    sign_in: Callable[[Employee], Page], site: str, mentor: Employee
) -> None:
    page = sign_in(mentor)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{site}/people/me/")

    skill = _box(page, "#teach-rows tbody select[name$='-skill']")
    level = _box(page, "#teach-rows tbody select[name$='-level']")
    fieldset = _box(page, "#teach-rows")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert skill["width"] > fieldset["width"] * 0.8  # was about 40 px: "F", "S"…
    assert level["width"] > fieldset["width"] * 0.8
    assert level["y"] > skill["y"] + skill["height"]  # one under the other

    page.set_viewport_size({"width": 1366, "height": 800})
    skill = _box(page, "#teach-rows tbody select[name$='-skill']")
    level = _box(page, "#teach-rows tbody select[name$='-level']")
    assert level["x"] > skill["x"] + skill["width"]  # side by side
    assert abs(level["y"] - skill["y"]) < 5


def test_on_a_phone_each_audit_event_is_a_card_with_no_empty_columns(
    sign_in: Callable[[Employee], Page], site: str, admin: Employee
) -> None:
    audit_log(
        actor=admin.user,
        organization=admin.organization,
        verb="program.create",
        data={"name": "AI for leaders", "kpis": {"checkin_rating": "4"}, "type": "reverse"},
    )
    page = sign_in(admin)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{site}/people/audit/")

    wrap = page.locator(".table-wrap").first
    action = _box(page, ".audit-table tbody tr td.audit-action")
    details = _box(page, ".audit-table tbody tr td.audit-details-cell")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not wrap.evaluate("box => box.scrollWidth > box.clientWidth")
    assert details["y"] > action["y"]  # stacked, not in a column of its own
    assert details["width"] > 300  # the whole card's width


def test_on_a_phone_the_invite_search_wraps_long_email_addresses(
    sign_in: Callable[[Employee], Page], site: str, coordinator: Employee
) -> None:
    program = make_program(coordinator.organization, name="AI for Leaders")
    person(coordinator.organization, "Maximilianajosephinawolkensteintrostburg", 9)
    page = sign_in(coordinator)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{site}/enrollment/{program.pk}/nominate/?q=Maximiliana")

    label = _box(page, "fieldset .choice label")

    # The list once ran out of its panel and the whole page scrolled sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert label["x"] + label["width"] <= 390


def test_on_a_phone_a_programs_links_are_one_row_that_scrolls_to_the_page_shown(
    sign_in: Callable[[Employee], Page], site: str, coordinator: Employee
) -> None:
    program = make_program(coordinator.organization)
    page = sign_in(coordinator)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{site}/outcomes/programs/{program.pk}/exports/")

    current = page.locator('.program-nav [aria-current="page"]')
    first = _box(page, ".program-nav li:first-child a")
    shown = _box(page, '.program-nav [aria-current="page"]')
    row = _box(page, ".program-nav ul")

    assert current.inner_text() == "Exports"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert row["height"] < 60  # one row, not seven
    assert abs(shown["y"] - first["y"]) < 5
    assert shown["x"] >= 0  # scrolled into view
    assert shown["x"] + shown["width"] <= 390


def test_on_a_phone_the_sponsor_reports_kpis_are_cards_with_their_text_inset(
    sign_in: Callable[[Employee], Page],
    site: str,
    coordinator: Employee,
) -> None:
    program = make_program(coordinator.organization)
    ProgramKpi.objects.create(program=program, kind=KpiKind.MEETINGS_PER_PAIR, target=6)
    page = sign_in(coordinator)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{site}/outcomes/programs/{program.pk}/report/")

    table = _box(page, "table.report-kpis")
    # Where the words of each cell begin (not its box, which meets the border).
    text_left = page.evaluate(
        """[...document.querySelectorAll('table.report-kpis tbody tr:first-child > *')]
           .map(cell => { const range = document.createRange();
                          range.selectNodeContents(cell);
                          return range.getBoundingClientRect().left; })"""
    )

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert text_left
    assert min(text_left) >= table["x"] + 8  # the text clear of the card's border
