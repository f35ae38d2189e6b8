"""Benchmark of the matching preview page (``/matching/N/preview/``) at two company sizes.

    .venv/bin/python bench/matching_preview.py [--sizes 300 20000] [--repeat 20]
    .venv/bin/python bench/matching_preview.py --sizes 20000 --database-url postgres://...

Each size gets the demo organisation (``seed_demo``) in a fresh SQLite database in a
temporary folder; with ``--database-url`` (an empty database, e.g. PostgreSQL) one size is
built there instead. Then, in a separate process, on the demo's Draft program (its preview
falls back to everyone eligible in the organisation: the largest pool a preview reads):

- the worker's computation once (``preview_compute``: the pool, the engine, the summary),
  which the page no longer does;
- the page as the coordinator gets it (the Django test client, every middleware, the
  template): best, median and 95th percentile of ``--repeat`` requests, its size in bytes
  and its number of queries.

Building the demo is not timed.
"""

from __future__ import annotations

import os
import statistics
import time

import seeded  # bench/seeded.py, beside this script


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(repeat: int) -> None:
    """In a process with the database set up: compute the preview, time the page, print a row."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "remento.settings")
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from remento.matching.models import MatchPreview
    from remento.matching.services.previews import preview_compute
    from remento.people.models import Employee, Role
    from remento.programs.models import Program, Status

    program = (
        Program.objects.filter(status__in=[Status.DRAFT, Status.RECRUITING])
        .order_by("status", "pk")
        .select_related("organization")
        .first()
    )
    if program is None:
        raise SystemExit("The demo has no Draft or Recruiting program: nothing to measure.")
    org = program.organization
    people = Employee.objects.filter(organization=org).count()
    coordinator = Employee.objects.filter(organization=org, role=Role.COORDINATOR).first()
    if coordinator is None or coordinator.user is None:
        raise SystemExit("The demo has no coordinator who can sign in.")

    MatchPreview.objects.update_or_create(program=program, defaults={"state": "computing"})
    started = time.perf_counter()
    stored = preview_compute(program_id=program.pk, force=True)
    compute_s = time.perf_counter() - started
    if stored is None or stored.state != "ready":
        raise SystemExit(f"The preview was not computed: {stored and stored.failure}")

    setup_test_environment()  # lets the test client's host in; the settings are the demo's
    client = Client()
    client.force_login(coordinator.user)
    url = reverse("matching:preview", args=[program.pk])
    client.get(url)  # warm the template and the caches once
    seconds = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            seconds.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        assert b"Computed at" in response.content
    print(
        f"{connection.vendor:>10}  {people:>8,}  {stored.data['mentors']:>7,}  "
        f"{stored.data['mentees']:>7,}  {compute_s:10.2f}  {len(queries.captured_queries):>7}  "
        f"{len(response.content):>8,}  {min(seconds) * 1000:7.1f}  "
        f"{statistics.median(seconds) * 1000:9.1f}  {_percentile(seconds, 0.95) * 1000:6.1f}",
        flush=True,
    )


def main() -> None:
    seeded.run(
        script=__file__,
        description=__doc__.split("\n\n")[0],
        header=(
            f"{'database':>10}  {'people':>8}  {'mentors':>7}  {'mentees':>7}  {'compute s':>10}  "
            f"{'queries':>7}  {'bytes':>8}  {'best ms':>7}  {'median ms':>9}  {'p95 ms':>6}"
        ),
        repeat=20,
        measure=measure,
    )


if __name__ == "__main__":
    main()
