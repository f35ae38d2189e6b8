"""On a phone the site menu folds behind a "Menu" button; on a wide screen it is always open."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from remento.people.models import Employee


def test_on_a_phone_the_menu_opens_and_closes_behind_its_button(
    sign_in: Callable[[Employee], Page], site: str, coordinator: Employee
) -> None:
    page = sign_in(coordinator)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{site}/programs/")
    menu = page.get_by_role("button", name="Menu")
    main = page.get_by_role("navigation", name="Main")
    programs = main.get_by_role("link", name="Programs", exact=True)
    directory = main.get_by_role("link", name="Directory")

    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(programs).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(programs).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    # The organisation's pages open in place, inside the phone menu.
    main.get_by_text("Organisation", exact=True).click()
    expect(directory).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.keyboard.press("Escape")  # closes the group first, then the menu
    expect(directory).to_be_hidden()
    page.keyboard.press("Escape")
    expect(programs).to_be_hidden()
    expect(menu).to_be_focused()


def test_on_a_wide_screen_the_menu_is_open_and_has_no_button(
    sign_in: Callable[[Employee], Page], site: str, coordinator: Employee
) -> None:
    page = sign_in(coordinator)
    page.set_viewport_size({"width": 1366, "height": 800})

    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Programs", exact=True)
    ).to_be_visible()


def test_an_admin_s_menu_fits_two_lines_at_1366_and_its_group_opens_and_closes(
    sign_in: Callable[[Employee], Page], site: str, admin: Employee
) -> None:
    page = sign_in(admin)
    page.set_viewport_size({"width": 1366, "height": 800})
    page.goto(f"{site}/programs/")
    main = page.get_by_role("navigation", name="Main")
    lines = page.evaluate(
        "new Set([...document.querySelectorAll('.site-header nav > ul > li')]"
        ".map(li => Math.round(li.getBoundingClientRect().top))).size"
    )
    assert lines <= 2, f"the menu takes {lines} lines"

    audit = main.get_by_role("link", name="Audit")
    expect(audit).to_be_hidden()
    main.get_by_text("Organisation", exact=True).click()
    expect(audit).to_be_visible()
    page.get_by_role("heading", level=1).click()  # a click elsewhere closes it
    expect(audit).to_be_hidden()
    main.get_by_text("Organisation", exact=True).click()
    audit.click()
    expect(page.get_by_role("heading", name="Audit", level=1)).to_be_visible()


def test_a_wide_table_scrolls_in_its_own_box_that_the_keyboard_reaches(
    sign_in: Callable[[Employee], Page], site: str, admin: Employee
) -> None:
    page = sign_in(admin)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{site}/people/roles/")
    table_box = page.locator(".table-wrap").first

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert table_box.evaluate("box => box.scrollWidth > box.clientWidth")
    expect(table_box).to_have_attribute("tabindex", "0")
    expect(table_box).to_have_attribute("role", "region")
    expect(table_box).to_have_attribute("aria-label", "People and their roles (scrolls sideways)")
    # Seen, not only heard: a line above the table says there is more to the right (the
    # role buttons sat out of sight with nothing to say so), and its edge fades until the
    # last column is in view.
    hint = page.locator(".scroll-hint")
    expect(hint).to_be_visible()
    expect(hint).to_contain_text("More columns to the right")
    expect(table_box).not_to_have_class(re.compile("scrolled-to-end"))
    table_box.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    expect(table_box).to_have_class(re.compile("scrolled-to-end"))

    page.set_viewport_size({"width": 1366, "height": 800})
    expect(page.locator(".scroll-hint")).to_have_count(0)
