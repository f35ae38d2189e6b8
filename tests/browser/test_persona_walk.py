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
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Error, Page, expect

from remento.core.models import Organization
from remento.demo.people.seed import demo_organization_seed
from remento.demo.steps import DEMO_PASSWORD
from remento.programs.models import Program, Status

DEMO_SIZE = 60
WIDE, PHONE = 1366, 390
# How many pages each persona walks: the coordinator's include a running program's menu.
MOST_USED_PAGES = {"admin": 22, "coordinator": 30, "mentor": 22, "mentee": 22}
# Links that are not pages to check: downloads, destructive confirmations, the Django admin.
NOT_A_PAGE = re.compile(r"(\.csv|\.pdf|\.json|\.ics)$|/admin/|/erase/|/delete/|/logout/")
# Pages every persona opens, besides what their menu and pages link to.
START_PAGES = ["/", "/people/me/", "/enrollment/", "/pairs/", "/training/"]
ADMIN_PAGES = ["/people/roles/", "/people/organization/", "/people/audit/", "/people/import/"]
SIGNED_OUT_PAGES = ["/accounts/login/", "/accounts/password-reset/"]
# axe-core as the axe-playwright-python package bundles it (no CDN). It is added to every page
# of a persona's browser context up front, which is twice as fast as sending it per page.
AXE_SCRIPT = Axe().axe_script
AXE_RUN = "axe.run(document, {resultTypes: ['violations']})"


@pytest.fixture(scope="module")
def demo_snapshot(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """Build the demo organisation once, committed, and keep a copy to restore from."""
    with django_db_blocker.unblock():
        demo_organization_seed(size=DEMO_SIZE)
        snapshot = connection.creation.serialize_db_to_string()
    yield snapshot
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(demo_snapshot: str, site: str) -> str:
    """The live server's URL, with the demo organisation in its database."""
    if not Organization.objects.filter(slug="northwind").exists():
        # Like Django's serialized rollback: empty the tables the last flush refilled
        # (content types, permissions) without refilling them, then restore the copy.
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(demo_snapshot)
        # The rows came back with their ids: new rows must be numbered after them.
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(statement)
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


def _links(page: Page, site: str, selector: str) -> list[str]:
    """The paths of the site's pages that the links matching ``selector`` lead to."""
    hrefs: list[str] = page.eval_on_selector_all(selector, "links => links.map(link => link.href)")
    paths = []
    for href in hrefs:
        url = urlsplit(href)
        if f"{url.scheme}://{url.netloc}" != site or NOT_A_PAGE.search(url.path):
            continue
        paths.append(url.path)  # a page's other pages or filters are the same page
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
    for violation in page.evaluate(AXE_RUN)["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = "; ".join(", ".join(node["target"]) for node in violation["nodes"][:4])
            walk.fail(path, width, f"axe {violation['id']}", targets)


def _start_pages(persona: str) -> list[str]:
    """Where a persona starts: their own pages; then the admin's settings pages, or for
    the coordinator the programs that are running (active, then matching), so that their
    program menus are walked first."""
    if persona == "admin":  # the program pages are the coordinator's walk
        return [*START_PAGES, *ADMIN_PAGES]
    if persona != "coordinator":
        return list(START_PAGES)
    running = Program.objects.filter(
        organization__slug="northwind", status__in=[Status.ACTIVE, Status.MATCHING]
    ).order_by("status")
    return [*START_PAGES, "/programs/", *(f"/programs/{program.pk}/" for program in running)]


def _listening_page(context: BrowserContext, walk: Walk) -> Page:
    """A page whose console errors and uncaught script errors are written to ``walk``."""
    page = context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            walk.console.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: walk.console.append(f"page error: {error}"))
    return page


def _walk(browser: Browser, site: str, persona: str) -> Walk:
    """Sign ``persona`` in and check their pages, most used first, in one browser context."""
    walk = Walk(site=site)
    context = browser.new_context()
    context.add_init_script(AXE_SCRIPT)
    page = _listening_page(context, walk)
    _sign_in(page, site, f"{persona}@northwind.example")
    queue = _start_pages(persona)
    seen: set[str] = set()
    while queue and len(walk.pages) < MOST_USED_PAGES[persona]:
        path = queue.pop(0)
        if _pattern(path) in seen:
            continue
        seen.add(_pattern(path))
        walk.pages.append(path)
        _check(page, walk, path, WIDE)
        # A program's own menu is walked before anything else found so far.
        program_menu = _links(page, site, ".program-nav a[href]")
        queue = [*program_menu, *queue, *_links(page, site, "header nav a[href], main a[href]")]
        _check(page, walk, path, PHONE)
    context.close()
    return walk


def _report(who: str, walk: Walk) -> None:
    if walk.failures:
        pytest.fail(
            f"{who}: {len(walk.failures)} failures on {len(walk.pages)} pages "
            f"{walk.pages}:\n" + "\n".join(walk.failures),
            pytrace=False,
        )


def test_the_pages_before_signing_in_have_no_defect(browser: Browser, site: str) -> None:
    walk = Walk(site=site)
    context = browser.new_context()
    context.add_init_script(AXE_SCRIPT)
    page = _listening_page(context, walk)
    for path in SIGNED_OUT_PAGES:
        walk.pages.append(path)
        _check(page, walk, path, WIDE)
        _check(page, walk, path, PHONE)
    context.close()

    _report("signed out", walk)


@pytest.mark.parametrize("persona", ["admin", "coordinator", "mentor", "mentee"])
def test_a_demo_persona_walks_their_pages_without_a_defect(
    browser: Browser, demo: str, persona: str
) -> None:
    walk = _walk(browser, demo, persona)

    assert len(walk.pages) >= 12, f"{persona} reached only {walk.pages}"
    _report(persona, walk)
