"""Benchmark of the training compliance page's queries: time and query count at two sizes.

    .venv/bin/python bench/training_compliance.py [--sizes 300 20000] [--repeat 5]

Each size gets the demo organisation (``seed_demo``) in a fresh SQLite database in a
temporary folder; with ``--database-url`` (an empty database, e.g. PostgreSQL) one size is
built there instead. Then, in a separate process, on the demo's program with the most
participants: ``training_compliance`` (the whole report, what the page read before it was
paged), and what the page reads now, the summary (``compliance_summary``: one aggregate)
and the first page of people not yet done (``compliance_page``): best and median of
``--repeat`` runs, and the queries (the same at every size). Building the demo is not timed.
"""

from __future__ import annotations

import os
import statistics
import time

import seeded  # bench/seeded.py, beside this script


def measure(repeat: int) -> None:
    """In a process with the database set up: time both reads and print a row each."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "remento.settings")
    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from remento.people.models import Employee
    from remento.programs.models import Program
    from remento.training.compliance import (
        ComplianceFilters,
        compliance_page,
        compliance_summary,
        required_modules,
    )
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

    def whole() -> int:
        return training_compliance(program=program).people_total

    def paged() -> int:
        modules = required_modules(program=program)
        compliance_page(program=program, modules=modules, filters=ComplianceFilters())
        return compliance_summary(program=program, modules=modules).people_total

    for label, run in (("whole report", whole), ("summary + page", paged)):
        run()  # warm the caches once
        seconds = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                total = run()
                seconds.append(time.perf_counter() - started)
        print(
            f"{connection.vendor:>10}  {people:>8,}  {total:>12,}  {label:>14}  "
            f"{len(queries.captured_queries):>7}  {min(seconds) * 1000:8.1f}  "
            f"{statistics.median(seconds) * 1000:10.1f}",
            flush=True,
        )


def main() -> None:
    seeded.run(
        script=__file__,
        description=__doc__.split("\n\n")[0],
        header=(
            f"{'database':>10}  {'people':>8}  {'participants':>12}  {'reads':>14}  "
            f"{'queries':>7}  {'best ms':>8}  {'median ms':>10}"
        ),
        repeat=5,
        measure=measure,
    )


if __name__ == "__main__":
    main()
