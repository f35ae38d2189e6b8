"""Benchmark of the training compliance page's query: time and query count at two sizes.

    .venv/bin/python bench/training_compliance.py [--sizes 300 20000] [--repeat 5]

Each size gets the demo organisation (``seed_demo``) in a fresh SQLite database in a
temporary folder; with ``--database-url`` (an empty database, e.g. PostgreSQL) one size is
built there instead. Then, in a separate process, ``training_compliance`` runs on the
demo's program with the most participants: the best and median of ``--repeat`` runs, and
the number of queries (the same at every size). Building the demo is not timed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(repeat: int) -> None:
    """In a process with the database set up: time the compliance report and print a row."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "remento.settings")
    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from remento.people.models import Employee
    from remento.programs.models import Program
    from remento.training.selectors import training_compliance

    program = (
        Program.objects.annotate(places=Count("enrollments"))
        .order_by("-places", "pk")
        .select_related("organization")
        .first()
    )
    if program is None:
        raise SystemExit("The demo has no program: nothing to measure.")
    people = Employee.objects.filter(organization=program.organization).count()
    training_compliance(program=program)  # warm the caches once
    seconds = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            report = training_compliance(program=program)
            seconds.append(time.perf_counter() - started)
    print(
        f"{connection.vendor:>10}  {people:>8,}  {report.people_total:>12,}  "
        f"{len(queries.captured_queries):>7}  {min(seconds) * 1000:8.1f}  "
        f"{statistics.median(seconds) * 1000:10.1f}",
        flush=True,
    )


def build_and_measure(size: int, database_url: str, folder: str, repeat: int) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REMENTO_VAR_DIR": folder,
        "REMENTO_DEBUG": "1",
    }
    remento = [sys.executable, "-m", "remento.cli"]
    subprocess.run(
        [*remento, "seed_demo", "--size", str(size)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        [sys.executable, __file__, "--measure", "--repeat", str(repeat)],
        cwd=ROOT,
        env=env,
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 20_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default="", help="an empty database to build one size in")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.measure:
        measure(options.repeat)
        return
    if options.database_url and len(options.sizes) != 1:
        parser.error("--database-url builds into one database: give one size.")
    print(
        f"{'database':>10}  {'people':>8}  {'participants':>12}  {'queries':>7}  "
        f"{'best ms':>8}  {'median ms':>10}",
        flush=True,
    )
    for size in options.sizes:
        with tempfile.TemporaryDirectory() as folder:
            url = options.database_url or f"sqlite:///{folder}/bench.sqlite3"
            build_and_measure(size, url, folder, options.repeat)


if __name__ == "__main__":
    main()
