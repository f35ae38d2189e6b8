"""Benchmark of the demo outbox: the page's time with few and with many emails sent.

    .venv/bin/python bench/outbox.py [--sizes 100 10000] [--repeat 7] [--database-url URL]

For each size, a fresh database (SQLite in a temporary folder, or the empty database at
``--database-url``, flushed between sizes) gets one organisation of 200 people, and that
many notifications are sent through the real path (``email_after_commit``, the task run at
once, the file email backend of the demo). Then, in a separate process, the coordinator's
``/outbox/`` is requested ``--repeat`` times (after one warm-up) and a row is printed: the
best and median time, the queries and the page's size; and the same for one opened message
where the outbox has a page per message. Sending is not timed.
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = 200


def _setup() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "remento.settings")
    django.setup()


def build(size: int) -> None:
    """One organisation, its coordinator and people, and ``size`` notifications sent."""
    _setup()
    from remento.core.models import Organization, OutgoingEmail
    from remento.core.notifications import email_after_commit
    from remento.people.models import Employee, Role

    organization = Organization.objects.create(name="Bench", slug="bench")
    people = Employee.objects.bulk_create(
        Employee(
            organization=organization,
            employee_id=f"B{n:05}",
            first_name=f"P{n}",
            last_name="Bench",
            email=f"p{n}@bench.example",
            level=3,
        )
        for n in range(PEOPLE)
    )
    coordinator = people[0]
    coordinator.role = Role.COORDINATOR
    coordinator.save(update_fields=["role"])
    for n in range(size):
        person = people[n % PEOPLE]
        email_after_commit(
            address=person.email,
            subject=f"Message {n} for {person.first_name}",
            body=f"Hello {person.first_name},\n\nThis is message {n}.\n",
            organization_id=organization.pk,
            template="relationships/email/pair_started",
            html=f"<p>Hello {person.first_name}, this is message {n}.</p>",
        )
    # What autovacuum does on a running PostgreSQL (and seed_demo after its build): fresh
    # planner statistics. Without them, the planner takes 10,000 rows for 1 (see the doc).
    if not os.environ.get("BENCH_NO_ANALYZE"):
        from remento.core.db import analyze

        analyze([Employee, OutgoingEmail])


def _timed(client: Any, url: str, repeat: int) -> tuple[list[float], int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the caches once
    seconds = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            seconds.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return seconds, len(queries.captured_queries), len(response.content)


def measure(size: int, repeat: int) -> None:
    """Time the coordinator's outbox (and one opened message) and print a row."""
    _setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import NoReverseMatch, reverse

    from remento.core.models import User
    from remento.people.models import Employee, Role

    setup_test_environment()  # lets the test client's host in; the settings are the demo's
    coordinator = Employee.objects.get(role=Role.COORDINATOR, organization__slug="bench")
    user = User.objects.filter(email=coordinator.email).first() or User.objects.create_user(
        email=coordinator.email, password=None
    )
    coordinator.user = user
    coordinator.save(update_fields=["user"])
    client = Client()
    client.force_login(user)
    rows = [("list", *_timed(client, reverse("outbox"), repeat))]
    try:
        from remento.core.models import OutgoingEmail

        newest = OutgoingEmail.objects.order_by("-created_at", "-pk").values_list("pk", flat=True)
        url = reverse("outbox_email", args=[newest.first()])
    except (ImportError, NoReverseMatch):
        url = ""
    if url:
        rows.append(("message", *_timed(client, url, repeat)))
    for page, seconds, queries, size_bytes in rows:
        print(
            f"{connection.vendor:>10}  {size:>8,}  {page:>8}  {queries:>7}  "
            f"{size_bytes / 1024:7.1f}  {min(seconds) * 1000:8.1f}  "
            f"{statistics.median(seconds) * 1000:10.1f}",
            flush=True,
        )


def run(size: int, database_url: str, folder: str, repeat: int) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REMENTO_VAR_DIR": folder,
        "REMENTO_DEBUG": "1",
        "REMENTO_EMAIL_BACKEND": "file",
        "REMENTO_TASKS_BACKEND": "immediate",
        "REMENTO_LOG_LEVEL": "WARNING",
    }
    remento = [sys.executable, "-m", "remento.cli"]
    quiet = {"cwd": ROOT, "env": env, "check": True, "stdout": subprocess.DEVNULL}
    subprocess.run([*remento, "migrate", "--no-input"], **quiet)  # type: ignore[call-overload]
    subprocess.run([*remento, "flush", "--no-input"], **quiet)  # type: ignore[call-overload]
    started = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--build", str(size)], **quiet)  # type: ignore[call-overload]
    print(f"# {size:,} emails sent in {time.perf_counter() - started:.1f} s", flush=True)
    subprocess.run(
        [sys.executable, __file__, "--measure", str(size), "--repeat", str(repeat)],
        cwd=ROOT,
        env=env,
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build is not None:
        build(args.build)
        return
    if args.measure is not None:
        measure(args.measure, args.repeat)
        return
    print(
        f"{'database':>10}  {'emails':>8}  {'page':>8}  {'queries':>7}  {'KiB':>7}  "
        f"{'best ms':>8}  {'median ms':>10}"
    )
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="remento-outbox-") as folder:
            url = args.database_url or f"sqlite:///{Path(folder) / 'db.sqlite3'}"
            run(size, url, folder, args.repeat)


if __name__ == "__main__":
    main()
