"""Under the Content-Security-Policy the pages still work in Chromium: htmx loads and makes
requests, the static scripts run, and the console reports no violation."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import ConsoleMessage, Page, expect

from remento.people.models import Employee
from tests.relationships.builders import make_program


def _policy_complaints(page: Page) -> list[str]:
    complaints: list[str] = []

    def listen(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Permissions-Policy" in message.text:
            complaints.append(message.text)

    page.on("console", listen)
    return complaints


def test_a_coordinators_pages_run_htmx_without_a_policy_violation(
    sign_in: Callable[[Employee], Page], site: str, coordinator: Employee
) -> None:
    program = make_program(coordinator.organization)
    page = sign_in(coordinator)
    complaints = _policy_complaints(page)

    for path in ("/", "/programs/", f"/programs/{program.pk}/", "/people/", "/people/import/"):
        page.goto(f"{site}{path}")
        expect(page.locator("main h1").first).to_be_visible()
    assert page.evaluate("htmx.config.includeIndicatorStyles") is False
    status = page.evaluate(
        """() => new Promise(resolve => {
            document.body.addEventListener(
                "htmx:afterRequest", event => resolve(event.detail.xhr.status), {once: true});
            htmx.ajax("GET", "/people/?q=a", {target: "#main", select: "#main"});
        })"""
    )

    assert status == 200
    assert complaints == []


def test_a_participants_profile_script_runs_without_a_policy_violation(
    sign_in: Callable[[Employee], Page], site: str, mentor: Employee
) -> None:
    page = sign_in(mentor)
    complaints = _policy_complaints(page)
    page.goto(f"{site}/people/me/")
    rows = page.locator("#skills-rows tbody tr, [id$='-rows'] tbody tr")
    before = rows.count()

    page.locator("[data-add-row]").first.click()

    expect(rows).to_have_count(before + 1)
    assert complaints == []
