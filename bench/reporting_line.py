"""Benchmark of reading reporting lines: one check and a cohort's chains, before and after.

    .venv/bin/python bench/reporting_line.py [--sizes 300 20000 100000] [--repeat 5]
    .venv/bin/python bench/reporting_line.py --database-url postgres://postgres@127.0.0.1:5432/x

Each size gets an organisation of that many people (``bulk_create``, eight reports per
manager, so 100,000 people are seven levels deep) in a fresh SQLite database in a temporary
folder, or in the (empty, throwaway) database of ``--database-url``, every size beside the
others there. Building is not timed. Then, best and median of ``--repeat`` runs:

- **one check**: the two people of one pair, as ``pair_explain`` reads them. Before: the
  whole organisation's chains (the old ``manager_chains``, copied below as it was); after:
  ``managers_of`` on the two people (one recursive query);
- **cohort**: the chains of a program's cohort (a tenth of the company, people drawn at
  random). Before: the whole organisation's chains again; after: ``managers_of`` on the
  cohort (one query).

The chains found before and after are compared, and the bench stops if they differ.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FAN_OUT = 8
BATCH = 2_000


def old_manager_chains(organization_id: int) -> dict[int, tuple[int, ...]]:
    """The code path before the recursive query (``people.reporting`` before issue 20):
    every employee's managers, from one read of the whole organisation, walked in Python."""
    from remento.people.models import Employee
    from remento.people.reporting import MAX_MANAGER_CHAIN

    manager_of: dict[int, int | None] = dict(
        Employee.objects.filter(organization_id=organization_id).values_list("pk", "manager_id")
    )

    def walk(pk: int, boss: int | None) -> tuple[int, ...]:
        chain: list[int] = []
        seen = {pk}
        while boss is not None and boss not in seen and len(chain) < MAX_MANAGER_CHAIN:
            chain.append(boss)
            seen.add(boss)
            boss = manager_of.get(boss)
        return tuple(chain)

    return {pk: walk(pk, boss) for pk, boss in manager_of.items()}


def build(size: int) -> Any:
    """An organisation of ``size`` people, eight reports per manager, layer by layer."""
    from remento.core.db import analyze
    from remento.core.models import Organization
    from remento.people.models import Employee

    organization = Organization.objects.create(
        name=f"Bench {size}", slug=f"bench-reporting-{size}-{os.getpid()}"
    )
    layer: list[int | None] = [None]
    made = 0
    while made < size:
        rows: list[Employee] = []
        for boss in layer:
            for _ in range(FAN_OUT if boss is not None else 1):
                if made + len(rows) >= size:
                    break
                n = made + len(rows)
                rows.append(
                    Employee(
                        organization=organization,
                        employee_id=f"E{n:07d}",
                        first_name="Person",
                        last_name=f"{n}",
                        email=f"p{n}@bench.example",
                        level=max(1, 10 - len(str(n))),
                        manager_id=boss,
                    )
                )
        created = Employee.objects.bulk_create(rows, batch_size=BATCH)
        made += len(created)
        layer = [e.pk for e in created]
    analyze([Employee])
    return organization


def timed(repeat: int, work: Callable[[], Any]) -> tuple[float, float, Any]:
    """Best and median milliseconds of ``repeat`` runs after one warm-up, and the result."""
    result = work()
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        seconds.append(time.perf_counter() - started)
    return min(seconds) * 1000, statistics.median(seconds) * 1000, result


def measure(size: int, repeat: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from remento.people.models import Employee
    from remento.people.reporting import managers_of

    organization = build(size)
    ids = list(
        Employee.objects.filter(organization=organization)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    draw = random.Random(size)
    pair = [ids[-1], draw.choice(ids)]
    cohort = draw.sample(ids, max(2, size // 10))
    org = organization.pk

    # Before, one check and a cohort cost the same: the whole organisation's chains (and
    # ``pair_explain`` read them once per person, so twice per check).
    before = timed(repeat, lambda: old_manager_chains(org))
    new_one = timed(repeat, lambda: managers_of(pair, organization_id=org))
    new_cohort = timed(repeat, lambda: managers_of(cohort, organization_id=org))
    with CaptureQueriesContext(connection) as queries:
        managers_of(cohort, organization_id=org)
    everyone = before[2]
    if new_one[2] != {pk: everyone[pk] for pk in pair} or new_cohort[2] != {
        pk: everyone[pk] for pk in cohort
    }:
        raise SystemExit(f"size {size}: the chains before and after differ")
    depth = max(len(chain) for chain in everyone.values())
    print(
        f"{connection.vendor:>10}  {size:>8,}  {depth:>5}  "
        f"{before[0]:10.1f}  {before[1]:10.1f}  {new_one[0]:9.2f}  {new_one[1]:9.2f}  "
        f"{len(cohort):>7,}  {new_cohort[0]:9.1f}  {new_cohort[1]:9.1f}  "
        f"{len(queries.captured_queries):>7}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 20_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--database-url", default="", help="an empty, throwaway database (else SQLite)"
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DATABASE_URL"] = options.database_url or f"sqlite:///{folder}/bench.sqlite3"
        os.environ["REMENTO_VAR_DIR"] = folder
        os.environ.setdefault("REMENTO_DEBUG", "1")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "remento.settings")
        import django
        from django.core.management import call_command

        django.setup()
        # The core and people apps' tables: nothing else is read here.
        for app in ("core", "people"):
            call_command("migrate", app, verbosity=0)
        print(
            f"{'database':>10}  {'people':>8}  {'depth':>5}  "
            f"{'before ms':>10}  {'(median)':>10}  {'check ms':>9}  {'(median)':>9}  "
            f"{'cohort':>7}  {'cohort ms':>9}  {'(median)':>9}  {'queries':>7}",
            flush=True,
        )
        for size in options.sizes:
            measure(size, options.repeat)


if __name__ == "__main__":
    main()
