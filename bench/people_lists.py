"""Benchmark of the directory's pages and of the search over people, at two sizes.

    .venv/bin/python bench/people_lists.py [--sizes 300 20000] [--repeat 7]
    .venv/bin/python bench/people_lists.py --sizes 20000 --database-url postgres://.../empty

Each size gets the demo organisation (``seed_demo``) in a fresh SQLite database in a
temporary folder; with ``--database-url`` (an empty database, e.g. PostgreSQL) one size is
built there instead. Then, in a separate process, as the demo's coordinator:

- the directory's first and last page through ``directory_page`` (keyset pages), and the
  last page the old way (``Paginator``, OFFSET) for comparison;
- searches through ``employee_search`` (one page of 25 and the count): a rare surname, a
  common fragment, a mistyped email fragment that matches nobody, an employee id;
- the whole directory page (``/people/?q=...``) through Django's test client;
- on PostgreSQL, ``EXPLAIN`` of a search, to show the trigram indexes at work.

Each figure is the best and the median of ``--repeat`` runs in milliseconds, after one run
to warm the caches. Building the demo is not timed.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import seeded  # bench/seeded.py, beside this script


def _timed(repeat: int, work: Callable[[], Any]) -> tuple[float, float]:
    work()
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - started)
    return min(seconds) * 1000, statistics.median(seconds) * 1000


def _row(vendor: str, people: int, what: str, found: int | str, best_median: tuple[float, float]):
    best, median = best_median
    print(
        f"{vendor:>10}  {people:>8,}  {what:<40}  {found!s:>7}  {best:8.1f}  {median:10.1f}",
        flush=True,
    )


def measure(repeat: int) -> None:
    """In a process with the database set up: time the lists and print rows."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "remento.settings")
    django.setup()
    from django.conf import settings
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test import Client

    from remento.people.models import Employee, Role
    from remento.people.selectors import (
        DIRECTORY_PAGE_SIZE,
        DirectoryFilters,
        directory_page,
        employee_search,
    )

    settings.ALLOWED_HOSTS = ["*"]
    viewer = Employee.objects.filter(role=Role.COORDINATOR, user__isnull=False).first()
    if viewer is None:
        raise SystemExit("The demo has no coordinator with a sign-in: nothing to measure.")
    people = Employee.objects.filter(organization_id=viewer.organization_id).count()
    vendor = connection.vendor
    everyone = DirectoryFilters()
    first = directory_page(viewer=viewer, filters=everyone, cursor=None)
    _row(
        vendor,
        people,
        "directory first page (keyset)",
        first.total,
        _timed(repeat, lambda: directory_page(viewer=viewer, filters=everyone, cursor=None)),
    )
    last = first.last_cursor
    _row(
        vendor,
        people,
        "directory last page (keyset)",
        first.total,
        _timed(repeat, lambda: directory_page(viewer=viewer, filters=everyone, cursor=last)),
    )

    def offset_last_page() -> None:
        paginator = Paginator(employee_search(viewer=viewer, filters=everyone), DIRECTORY_PAGE_SIZE)
        list(paginator.page(paginator.num_pages).object_list)

    _row(
        vendor,
        people,
        "directory last page (OFFSET, before)",
        first.total,
        _timed(repeat, offset_last_page),
    )
    middle = employee_search(viewer=viewer, filters=everyone)[people // 2]
    searches = {
        f"search rare surname {middle.last_name!r}": middle.last_name,
        "search common fragment 'son'": "son",
        "search 'zzqx' (nobody)": "zzqx",
        f"search employee id {middle.employee_id!r}": middle.employee_id,
        f"search two words {middle.first_name[:3]!r} {middle.last_name[:3]!r}": (
            f"{middle.first_name[:3]} {middle.last_name[:3]}"
        ),
    }
    for label, text in searches.items():
        filters = DirectoryFilters(text=text)
        found = directory_page(viewer=viewer, filters=filters, cursor=None).total
        _row(
            vendor,
            people,
            label,
            found,
            _timed(
                repeat,
                partial(directory_page, viewer=viewer, filters=filters, cursor=None),
            ),
        )
    client = Client()
    assert viewer.user is not None
    client.force_login(viewer.user)
    for label, query in (("page /people/", {}), ("page /people/?q=son", {"q": "son"})):
        _row(
            vendor,
            people,
            label,
            "",
            _timed(repeat, partial(client.get, "/people/", query)),
        )
    if vendor == "postgresql":
        explain(viewer=viewer, text=middle.last_name)


def explain(*, viewer: Any, text: str) -> None:
    """EXPLAIN (ANALYZE) of a one-word search's page query, to show its indexes."""
    from django.db import connection

    from remento.people.selectors import DirectoryFilters, employee_search

    queryset = employee_search(viewer=viewer, filters=DirectoryFilters(text=text))[:26]
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) {sql}", params)
        plan = [line for (line,) in cursor.fetchall()]
    print(f"\nEXPLAIN ANALYZE of the search {text!r} (first page):", flush=True)
    for line in plan:
        print(f"    {line}", flush=True)


def main() -> None:
    seeded.run(
        script=__file__,
        description=__doc__.split("\n\n")[0],
        header=(
            f"{'database':>10}  {'people':>8}  {'what':<40}  {'found':>7}  {'best ms':>8}  "
            f"{'median ms':>10}"
        ),
        repeat=7,
        measure=measure,
    )


if __name__ == "__main__":
    main()
