"""Each demo persona walks their most used pages at 1366 px and 390 px in Chromium.

On every page: no HTTP error, no console error, no sideways scrolling of the whole document
at 390 px, and no axe-core violation of serious or critical impact. The demo organisation
(the one `remento demo` builds, at a small size) is built once per module; each persona's
test restores it if an earlier test's database flush removed it, and reuses one browser
context for all their pages. All failures of a persona are reported in one message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.db import connection
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, expect

from remento.core.demo import DEMO_PASSWORD
from remento.core.models import Organization
from remento.people.demo.seed import demo_organization_seed

DEMO_SIZE = 60
WIDE, PHONE = 1366, 390
MOST_USED_PAGES = 22
# Links that are not pages to check: downloads, destructive confirmations, the Django admin.
NOT_A_PAGE = re.compile(r"(\.csv|\.pdf|\.json|\.ics)$|/admin/|/erase/|/delete/|/logout/")
# Pages every persona opens, besides what their menu and pages link to.
START_PAGES = ["/", "/people/me/", "/enrollment/", "/pairs/", "/training/"]
AXE = Axe()


@pytest.fixture(scope="module")
def demo_snapshot(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """Build the demo organisation once, committed, and keep a copy to restore from."""
    with django_db_blocker.unblock():
        demo_organization_seed(size=DEMO_SIZE)
        snapshot = connection.creation.serialize_db_to_string()
        yield snapshot
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(demo_snapshot: str, site: str) -> str:
    """The live server's URL, with the demo organisation in its database."""
    if not Organization.objects.filter(slug="northwind").exists():
        # Like Django's serialized rollback: empty the tables the last flush refilled
        # (content types, permissions) without refilling them, then restore the copy.
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(demo_snapshot)
    return site


@dataclass
class Walk:
    """What one persona's walk found: the pages visited and every failure on them."""

    site: str
    pages: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)

    def fail(self, path: str, width: int, kind: str, details: str) -> None:
        self.failures.append(f"{path} @{width}px [{kind}] {details}")


def _pattern(path: str) -> str:
    """One page per URL shape (``/people/N/``), except a program's page and its
    participants' view, seen for every program (one in each lifecycle state)."""
    if re.fullmatch(r"/programs/\d+/(about/)?", path):
        return path
    return re.sub(r"\d+", "N", path)


def _links(page: Page, site: str) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all(
        "header nav a[href], main a[href]", "links => links.map(link => link.href)"
    )
    paths = []
    for href in hrefs:
        url = urlsplit(href)
        if f"{url.scheme}://{url.netloc}" != site or NOT_A_PAGE.search(url.path):
            continue
        paths.append(url.path + (f"?{url.query}" if url.query else ""))
    return paths


def _sign_in(page: Page, site: str, email: str) -> None:
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Work email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def _check(page: Page, walk: Walk, path: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    walk.console.clear()
    try:
        response = page.goto(f"{walk.site}{path}")
    except Error as error:
        walk.fail(path, width, "navigation", str(error).splitlines()[0])
        return
    if response is None or response.status >= 400:
        walk.fail(path, width, "http", str(response.status if response else "no response"))
        return
    page.wait_for_load_state("load")
    for message in walk.console:
        walk.fail(path, width, "console", message)
    if width == PHONE:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            walk.fail(path, width, "overflow", f"document is {scroll_width}px wide")
    for violation in AXE.run(page).response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = "; ".join(", ".join(node["target"]) for node in violation["nodes"][:4])
            walk.fail(path, width, f"axe {violation['id']}", targets)


def _walk(browser: Browser, site: str, email: str) -> Walk:
    walk = Walk(site=site)
    context = browser.new_context()
    page = context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            walk.console.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: walk.console.append(f"page error: {error}"))
    _sign_in(page, site, email)
    queue = list(START_PAGES)
    seen: set[str] = set()
    while queue and len(walk.pages) < MOST_USED_PAGES:
        path = queue.pop(0)
        if _pattern(path) in seen:
            continue
        seen.add(_pattern(path))
        walk.pages.append(path)
        _check(page, walk, path, WIDE)
        queue.extend(_links(page, site))
        _check(page, walk, path, PHONE)
    context.close()
    return walk


@pytest.mark.parametrize("persona", ["admin", "coordinator", "mentor", "mentee"])
def test_a_demo_persona_walks_their_pages_without_a_defect(
    browser: Browser, demo: str, persona: str
) -> None:
    walk = _walk(browser, demo, f"{persona}@northwind.example")

    assert len(walk.pages) >= 10, f"{persona} reached only {walk.pages}"
    if walk.failures:
        pytest.fail(
            f"{persona}: {len(walk.failures)} failures on {len(walk.pages)} pages "
            f"{walk.pages}:\n" + "\n".join(walk.failures),
            pytrace=False,
        )
