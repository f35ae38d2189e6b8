"""Page tests: Playwright drives Debian's Chromium against pytest-django's live server.

`make test` installs Chromium when missing; run on their own with `pytest -m browser`.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from remento.people.models import Employee
from tests.factories import PASSWORD

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    pytest.fail("Chromium is not installed: run `make browser` (make test does it).")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": _chromium(), "args": CHROMIUM_FLAGS}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def site(live_server: Any, transactional_db: None) -> str:
    """The live server's root URL, with a clean database that the server thread shares."""
    expect.set_options(timeout=10_000)
    return str(live_server.url)


@pytest.fixture
def sign_in(page: Page, site: str) -> Callable[[Employee], Page]:
    """Sign ``employee`` in through the real sign-in form; returns the page."""

    def _sign_in(employee: Employee) -> Page:
        page.goto(f"{site}/accounts/login/")
        page.get_by_label("Work email").fill(employee.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        return page

    return _sign_in
