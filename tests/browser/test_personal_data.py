"""An admin exports a person's data, breaks the glass on a pair and erases a person."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from remento.core.models import Organization
from remento.people.models import Employee
from remento.relationships.services import pair_close
from tests.relationships.builders import fill_terms, make_pair, make_program

SHOTS = os.environ.get("REMENTO_SHOTS")


def _shoot(page: Page, name: str) -> None:
    """With REMENTO_SHOTS=<folder>, a full-page screenshot at 1366 and 390 px wide."""
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_an_admin_exports_breaks_the_glass_and_erases(
    site: str,
    sign_in: Callable[[Employee], Page],
    organization: Organization,
    admin: Employee,
    mentor: Employee,
    mentee: Employee,
) -> None:
    pair = make_pair(make_program(organization), mentor, mentee)
    fill_terms(pair, goals="Martin learns to run a retrospective.")
    pair_close(actor=mentor.user, pair=pair, reason="We keep the reason between us.")
    page = sign_in(admin)

    page.goto(f"{site}/people/{mentor.pk}/")
    page.get_by_role("link", name="Export their data").click()
    expect(page.get_by_role("heading", name="Personal data of Maya Junior")).to_be_visible()
    expect(page.get_by_role("region", name="Mentoring pairs and agreements (1)")).to_contain_text(
        "Martin Senior"
    )
    _shoot(page, "export")

    page.goto(f"{site}/pairs/{pair.pk}/")
    expect(page.get_by_text("We keep the reason between us.")).to_have_count(0)
    page.get_by_role("link", name="State a reason and open it…").click()
    page.get_by_label("Why do you need to see it?").fill("Complaint HR-2291 about the pair.")
    page.get_by_role("button", name="Record my reason and open it").click()
    expect(page.get_by_text("We keep the reason between us.")).to_be_visible()
    expect(
        page.get_by_role("region", name="Who opened this pair's confidential content")
    ).to_contain_text("Complaint HR-2291")
    _shoot(page, "pair-break-glass")

    page.goto(f"{site}/people/{mentor.pk}/")
    page.get_by_role("link", name="Erase this person…").click()
    _shoot(page, "erase-confirm")
    page.get_by_label("I understand that this cannot be undone.").check()
    page.get_by_role("button", name="Erase Maya Junior").click()
    expect(page.get_by_role("status")).to_contain_text("The person's data is erased.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Former participant")
