"""Page walk: every page each demo persona reaches, with its time, size and query count.

    .venv/bin/python bench/page_walk.py [--sizes 300 100000] [--repeat 2]
        [--database-url postgres://postgres@127.0.0.1:5432/<empty db>] [--results FILE]
    .venv/bin/python bench/page_walk.py --compare FILE [FILE ...]

Each size gets the demo organisation (``seed_demo``) in a fresh SQLite database in a
temporary folder; with ``--database-url`` (an empty database, e.g. PostgreSQL) one size is
built there instead. Then, in a separate process, each persona (admin@, coordinator@,
mentor@ and mentee@northwind.example) signs in with Django's test client and walks the
pages it reaches: from the home page and from each program of the organisation (its page,
matching preview and review, results), following the links of every HTML page (same host,
GET only; no sign-out, downloads or calendar/PDF/CSV/Excel files; of a query string only a
``page`` or ``cursor``, and of those only the links to the last page). Ids other than the
program's are folded, so that at most a few pairs, meetings or people of each kind are
walked, and each persona walks at most ``MAX_PAGES`` pages.

Each page: status, best time of ``--repeat`` GETs (wall clock, and CPU time of the walking
process, ``time.process_time``: on SQLite it holds the database's work too; on a PostgreSQL
server on this machine also its backend's CPU time, read from ``/proc``, see
``server_cpu.py``, the CPU of the GET cheapest in both together), bytes and query count.
The output says where the server's CPU could not be read (a remote server): there the
figures are the client's only. The script prints, per size, the 15 slowest, the 15
costliest (CPU with the server's) and the 10 largest pages, every page over 1 s or 1 MB,
every status other than 200 (a 302, 403 or 404 for a persona without access is listed
apart, not a failure); then, with two sizes or more, the comparison
(``page_compare.py``): every page at each size, the ratio largest / smallest, sorted by
ratio, the pages over 2x flagged (issue 20: each page costs the same within 2x at 300 and
at 100,000 people). ``--results FILE`` keeps each walk (appended, JSON lines) and compares
every walk in it, so a size walked in another run joins the comparison; ``--compare FILE``
only prints the comparison of saved walks. Building the demo is not timed (its time is
printed). With ``PAGE_WALK_LIST=<file>`` every page walked is also
written to that file. With ``PAGE_WALK_ONLY="<url> <url> ..."`` nothing is walked: the
coordinator (or the persona ``PAGE_WALK_AS`` names: admin, mentor, mentee) times those
pages only (best and median of ``--repeat`` GETs), to compare two versions of a page on
one database (run ``--measure`` in it, see ``seeded.py``).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import sys
import tempfile
import time
from collections import deque
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

import page_compare  # bench/page_compare.py, beside this script
import seeded  # bench/seeded.py, beside this script
from page_tables import PERSONAS, Page, report
from server_cpu import ServerClock  # bench/server_cpu.py, beside this script

MAX_PAGES = 300
PER_PATTERN = 3
SKIPPED_PREFIXES = ("/accounts/", "/admin/", "/static/", "/media/", "/health/")
SKIPPED_SUFFIXES = (".ics", ".pdf", ".csv", ".xlsx", ".zip", ".svg", ".png", ".json")
SKIPPED_WORDS = ("logout", "download")
# Paths whose first number is a program: kept as written, so each program is walked.
PROGRAM_PREFIXES = (
    "/programs/",
    "/matching/",
    "/outcomes/programs/",
    "/training/programs/",
    "/enrollment/",
)
# Where the measuring process appends its walk (set by the building process).
RESULTS_VARIABLE = "PAGE_WALK_RESULTS"


class _Links(HTMLParser):
    """The ``href`` of each ``<a>`` with its text (to find "Last"), downloads left out."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href") and "download" not in values:
            self._open = [values["href"] or "", ""]

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self.links.append((self._open[0], self._open[1].strip()))
            self._open = None


def _walkable(base: str, href: str, text: str) -> str | None:
    """The local URL to walk for a link, or None for one the walk leaves alone."""
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
        return None
    path = parts.path
    if not path.startswith("/") or path.startswith(SKIPPED_PREFIXES):
        return None
    lowered = path.lower()
    if lowered.endswith(SKIPPED_SUFFIXES) or any(word in lowered for word in SKIPPED_WORDS):
        return None
    if not parts.query:
        return path
    keys = {key for key, _ in parse_qsl(parts.query, keep_blank_values=True)}
    if keys <= {"page", "cursor"} and text.lower() == "last":
        return f"{path}?{parts.query}"
    return None


def _pattern(url: str) -> str:
    """The URL with ids folded to N (a program's id kept), so few of each kind are walked."""
    path, _, query = url.partition("?")
    segments = path.split("/")
    keep_first = path.startswith(PROGRAM_PREFIXES)
    for index, segment in enumerate(segments):
        if segment.isdigit():
            if keep_first:
                keep_first = False
                continue
            segments[index] = "N"
    return "/".join(segments) + ("?last" if query else "")


def _get(client, url: str, repeat: int, clock: ServerClock) -> tuple[Any, Page]:
    """The response, and its page with the figures of the cheapest of ``repeat`` GETs (CPU
    of this process plus the database server's where it is read, else wall), the queries."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    best: Page | None = None
    response: Any = None
    for _ in range(repeat):
        # The query log keeps 9,000 queries: once full, a capture would count none.
        reset_queries()
        before = clock.read()  # may ask the server its pid: before the capture starts
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
            seconds = time.perf_counter() - started
            cpu = time.process_time() - started_cpu
            server = clock.since(before)
        page = Page("", url, response.status_code, seconds, cpu, 0, len(captured), server)
        if best is not None:
            # The best wall time, and the CPU (with the server's) of the cheapest GET.
            page.seconds = min(page.seconds, best.seconds)
            if best.cost() <= page.cost():
                best.seconds = page.seconds
                page = best
        best = page
    assert best is not None, "repeat is at least 1"
    return response, best


def _seeds(persona: str, programs: list[int]) -> list[str]:
    seeds = ["/"]
    for pk in programs:
        seeds.append(f"/programs/{pk}/")
        if persona in ("admin", "coordinator"):
            seeds += [
                f"/matching/{pk}/preview/",
                f"/matching/{pk}/bulk/",
                f"/outcomes/programs/{pk}/",
            ]
    return seeds


def _walk(persona: str, client, programs: list[int], repeat: int, clock: ServerClock) -> list[Page]:
    """Breadth first from the home page and the programs' pages, bounded by ``MAX_PAGES``."""
    queue = deque(_seeds(persona, programs))
    seen = set(queue)
    patterns: dict[str, int] = {}
    pages: list[Page] = []
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        response, page = _get(client, url, repeat, clock)
        body = b"" if getattr(response, "streaming", False) else response.content
        page.persona, page.size = persona, len(body)
        pages.append(page)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(body.decode(response.charset or "utf-8", errors="replace"))
        for href, text in parser.links:
            target = _walkable(url, href, text)
            if target is None or target in seen:
                continue
            pattern = _pattern(target)
            if patterns.get(pattern, 0) >= PER_PATTERN:
                continue
            patterns[pattern] = patterns.get(pattern, 0) + 1
            seen.add(target)
            queue.append(target)
    return pages


def _only(urls: list[str], repeat: int, clock: ServerClock) -> None:
    """Time ``urls`` as the coordinator: best and median of ``repeat`` GETs each, and the
    best CPU time of this process (Python and SQLite's work) and of PostgreSQL's backend
    where it is read, which move less than the wall clock on a shared machine."""
    from django.db import connection
    from django.test import Client

    from remento.people.models import Employee

    # PAGE_WALK_AS=admin (or mentor, mentee) times the pages as that persona instead.
    persona = os.environ.get("PAGE_WALK_AS", "coordinator")
    employee = Employee.objects.select_related("user").get(email=f"{persona}@northwind.example")
    client = Client()
    client.force_login(employee.user)  # type: ignore[arg-type]  # demo personas sign in
    print(f"\n{connection.vendor}; srv: the database server's CPU, {clock.source}")
    print("  best ms, median ms, best CPU ms (+ srv ms = total), kB, queries, url")
    for url in urls:
        client.get(url)  # warm the caches once
        gets = [_get(client, url, 1, clock) for _ in range(repeat)]
        best = min((page for _, page in gets), key=Page.cost)
        times = [page.seconds for _, page in gets]
        size = len(getattr(gets[-1][0], "content", b""))
        server = ""
        if best.server is not None:
            server = f" + {best.server * 1000:.1f} = {best.cost() * 1000:.1f}"
        print(
            f"  {min(times) * 1000:8.1f} {statistics.median(times) * 1000:9.1f} "
            f"{best.cpu * 1000:8.1f}{server} {size / 1000:7.1f} {best.queries:>4}  {url}",
            flush=True,
        )


def measure(repeat: int) -> None:
    """In a process with the database set up: walk the pages as each persona and print."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "remento.settings")
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from remento.people.models import Employee
    from remento.programs.models import Program

    setup_test_environment()  # the test host name, and e-mail kept in memory
    # A refused page is expected for some personas: its traceback would bury the tables.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    clock = ServerClock()
    if only := os.environ.get("PAGE_WALK_ONLY", "").split():
        _only(only, repeat, clock)
        return
    pages: list[Page] = []
    people = 0
    programs: list[tuple[int, str]] = []
    for persona in PERSONAS:
        employee = Employee.objects.select_related("user").get(email=f"{persona}@northwind.example")
        people = Employee.objects.filter(organization=employee.organization_id).count()
        programs = list(
            Program.objects.filter(organization=employee.organization_id)
            .order_by("pk")
            .values_list("pk", "name")
        )
        # A page that raises is a 500 in the tables ("Other statuses"), not the walk's end.
        client = Client(raise_request_exception=False)
        client.force_login(employee.user)  # type: ignore[arg-type]  # demo personas sign in
        pages += _walk(persona, client, [pk for pk, _ in programs], repeat, clock)
    report(connection.vendor, people, pages, clock.source)
    if results := os.environ.get(RESULTS_VARIABLE):
        _save(results, people, programs, pages)
    if listing := os.environ.get("PAGE_WALK_LIST"):
        with open(listing, "a", encoding="utf-8") as out:
            for page in pages:
                out.write(f"{people} {page.persona} {page.status} {page.url}\n")


def _save(path: str, people: int, programs: list[tuple[int, str]], pages: list[Page]) -> None:
    """Append this walk to ``path`` (one JSON line) for the comparison across sizes."""
    from django.db import connection

    walk = {
        "vendor": connection.vendor,
        "people": people,
        "programs": {str(pk): name for pk, name in programs},
        "pages": [vars(page) for page in pages],
    }
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(walk) + "\n")


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--results",
        metavar="FILE",
        help="append each walk to FILE (JSON lines) and compare every walk in it",
    )
    parser.add_argument(
        "--compare",
        nargs="+",
        metavar="FILE",
        help="walk nothing: compare the walks saved in FILE(s) by --results",
    )


def main() -> None:
    early = argparse.ArgumentParser(add_help=False)
    _add_arguments(early)
    known, _ = early.parse_known_args()
    if known.compare:
        page_compare.report(page_compare.load(known.compare), PROGRAM_PREFIXES)
        return
    with tempfile.TemporaryDirectory() as folder:
        # The measuring processes inherit the variable: each appends its walk there.
        results = known.results or os.path.join(folder, "walks.jsonl")
        if "--measure" not in sys.argv:
            os.environ[RESULTS_VARIABLE] = os.path.abspath(results)
        options = seeded.run(
            script=__file__,
            description=__doc__.split("\n\n")[0],
            header=(
                "Page walk (best of --repeat GETs per page: wall time, CPU time and the"
                " database server's where it is read; bytes; queries)"
            ),
            repeat=2,
            measure=measure,
            add_arguments=_add_arguments,
        )
        if options is not None and os.path.exists(results):
            page_compare.report(page_compare.load([results]), PROGRAM_PREFIXES)


if __name__ == "__main__":
    main()
