"""Benchmark of the training compliance page's query: time and query count at two sizes.

    .venv/bin/python bench/training_compliance.py [--sizes 300 20000] [--repeat 5]

Each size gets the demo organisation (``seed_demo``) in a fresh SQLite database in a
temporary folder; with ``--database-url`` (an empty database, e.g. PostgreSQL) one size is
built there instead. Then, in a separate process, ``training_compliance`` runs on the
demo's program with the most participants: the best and median of ``--repeat`` runs, and
the number of queries (the same at every size). Building the demo is not timed.
"""

from __future__ import annotations

import os
import statistics
import time

import seeded  # bench/seeded.py, beside this script


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


def main() -> None:
    seeded.run(
        script=__file__,
        description=__doc__.split("\n\n")[0],
        header=(
            f"{'database':>10}  {'people':>8}  {'participants':>12}  {'queries':>7}  "
            f"{'best ms':>8}  {'median ms':>10}"
        ),
        repeat=5,
        measure=measure,
    )


if __name__ == "__main__":
    main()
