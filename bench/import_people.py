"""Benchmark of the HRIS import: time, queries and peak memory for 10k and 100k rows.

    .venv/bin/python bench/import_people.py [--sizes 10000 100000] [--seed 7] [--no-trace]

Writes seeded synthetic HRIS files into a temporary folder and imports them into a fresh
SQLite database there, three times per size:

- create:    the file into an empty organisation (every row created);
- unchanged: the same file again (every row compared, nothing written);
- update:    a changed file (a fifth of the people get a new title, a tenth move department,
             a twentieth get a new manager, 1% leave), with --full-sync.

--page times what a coordinator waits for on the import page instead, for each size: the
upload, the preview and the confirmation, once all in the request
(``REMENTO_IMPORT_BACKGROUND_ROWS`` above the size: how every import ran before issue 20)
and once above the threshold (the default, 2,000): the upload then only keeps the file and
queues its check, the worker checks and plans it (``db_worker --batch``: "check"), the
preview shows what the worker kept, the confirmation queues the write, and the worker
writes it ("write"). Each figure is wall-clock seconds / CPU seconds of the process
(``time.process_time``; the worker runs in the same process).

Each step runs in its own process so that its peak resident memory (getrusage maxrss, which
includes the ~90 MB of Python, Django and the libraries the apps load) is its own. Unless
--no-trace, each step first runs once more, in another process, under tracemalloc and in a
transaction that is rolled back: "traced MB" is the peak of the Python allocations the
import itself makes. The timed run has no tracemalloc.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEPARTMENTS = [
    "Finance",
    "Legal",
    "People",
    "Marketing",
    "Sales EMEA",
    "Sales Americas",
    "Sales APAC",
    "Customer Success",
    "Engineering",
    "Data",
    "Security",
    "IT",
    "Operations",
    "Supply Chain",
    "Stores North",
    "Stores South",
    "E-commerce",
    "Design",
    "Product",
    "Communications",
]
PLAIN_STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"
TITLES = ["Analyst", "Specialist", "Engineer", "Consultant", "Coordinator", "Manager", "Lead"]
ZONES = ["Europe/London", "Europe/Paris", "America/New_York", "Asia/Singapore", "UTC"]
FIRST = ["Ada", "Ben", "Chloé", "Dev", "Eli", "Farah", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea"]
LAST = ["Okafor", "Martin", "Nguyen", "Smith", "García", "Müller", "Rossi", "Kim", "Singh"]
HEADER = [
    "Employee ID",
    "First Name",
    "Last Name",
    "Work Email",
    "Job Title",
    "Department",
    "Level",
    "Manager ID",
    "Location",
    "Time Zone",
    "Start Date",
    "Termination Date",
    "Year of Birth",
]


def generate(size: int, seed: int) -> list[list[str]]:
    """An org chart of ``size`` people: person i reports to someone hired before them in
    the chart (so it is a tree), and the rows are shuffled so managers often come later."""
    rng = random.Random(seed)
    rows = []
    depth = [0] * size
    for i in range(size):
        # The first seven form the top; later people report to someone in the upper part of
        # those hired before them, which keeps the chart a tree about 6-12 levels deep.
        manager = None if i == 0 else 0 if i < 7 else rng.randrange(i // 8, i // 2)
        if manager is not None:
            depth[i] = depth[manager] + 1
        level = max(1, 10 - min(depth[i], 9) - rng.randrange(0, 2))
        hire = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(0, 9000))
        rows.append(
            [
                f"E{i:06d}",
                rng.choice(FIRST),
                rng.choice(LAST),
                f"person.{i}@bench.example",
                rng.choice(TITLES),
                rng.choice(DEPARTMENTS),
                str(level),
                f"E{manager:06d}" if manager is not None else "",
                rng.choice(["London", "Paris", "New York", "Singapore"]),
                rng.choice(ZONES),
                hire.isoformat(),
                "",
                str(rng.randrange(1955, 2004)),
            ]
        )
    rng.shuffle(rows)
    return rows


def mutate(rows: list[list[str]], seed: int) -> list[list[str]]:
    """The same company a month later: promotions, moves, re-orgs and leavers."""
    rng = random.Random(seed + 1)
    changed = [list(row) for row in rows]
    earlier = {row[0]: row[7] for row in rows}
    for index, row in enumerate(changed):
        if index % 5 == 0:
            row[4] = "Senior " + row[4]
        if index % 10 == 0:
            row[5] = rng.choice(DEPARTMENTS)
        if index % 20 == 0 and earlier[row[0]]:
            # The new manager is the old manager's manager (or kept): still a tree.
            row[7] = earlier.get(row[7]) or row[7]
    # 1% leave: dropped from the file (the full sync deactivates them), unless they manage.
    managers = {row[7] for row in changed}
    return [row for i, row in enumerate(changed) if i % 100 != 1 or row[0] in managers]


def write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(rows)


def page_step(args: argparse.Namespace) -> None:
    """The import page in this process, as a signed-in coordinator; prints a JSON line."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client, override_settings
    from django.urls import reverse

    # Pages name their static files; without collectstatic there is no manifest to read.
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC}}
    override_settings(STORAGES=storages).enable()

    from remento.core.jobs.models import BackgroundJob
    from remento.core.models import Organization, User
    from remento.people.models import Employee, ImportBatch, Role

    slug = f"bench-page-{args.variant}-{args.size}"
    organization = Organization.objects.create(
        slug=slug, name=slug, email_domains=["bench.example"]
    )
    user = User.objects.create_user(f"{slug}@bench.example", "x")
    Employee.objects.create(
        organization=organization,
        employee_id=f"C-{slug}",
        first_name="Cora",
        last_name="Bench",
        email=user.email,
        level=6,
        role=Role.COORDINATOR,
        user=user,
    )
    client = Client()
    client.force_login(user)
    figures: dict[str, object] = {}
    jobs = BackgroundJob.objects.filter(organization=organization)

    def timed(name: str) -> Any:
        """Record the wall-clock and CPU seconds of the block as ``name``."""

        class Timer:
            def __enter__(self) -> None:
                self.wall, self.cpu = time.perf_counter(), time.process_time()

            def __exit__(self, *exc: object) -> None:
                figures[name] = (time.perf_counter() - self.wall, time.process_time() - self.cpu)

        return Timer()

    def worker(name: str) -> None:
        """The task worker's share: every queued task, in this process."""
        if jobs.exclude(status__in=["done", "failed"]).exists():
            with timed(name):
                call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    # A first request loads the modules and templates every later one finds ready.
    assert client.get(reverse("people:import_upload")).status_code == 200
    with Path(args.file).open("rb") as handle, timed("upload"):
        response = client.post(reverse("people:import_upload"), {"file": handle})
    assert response.status_code == 302, response.status_code
    worker("check")
    batch = ImportBatch.objects.get(organization=organization)
    preview = reverse("people:import_preview", args=[batch.token])
    with timed("preview"):
        page = client.get(preview).content.decode()
    fingerprint = re.search(r'name="fingerprint" value="([^"]+)"', page)
    assert fingerprint is not None, page[:2000]
    with timed("confirm"):
        response = client.post(preview, {"fingerprint": fingerprint[1]})
    assert response.status_code == 302, response.status_code
    worker("write")
    figures["jobs"] = " ".join(f"{job.kind.split('.')[-1]}:{job.status}" for job in jobs)
    batch.refresh_from_db()
    figures["batch"] = batch.status
    print(json.dumps(figures))


def pages(args: argparse.Namespace, folder: Path, env: dict[str, str]) -> None:
    """--page: the import page's waits, all in the request and above the threshold (the
    worker checks and writes), with the worker's share; wall / CPU seconds."""
    steps = ("upload", "check", "preview", "confirm", "write")
    print(f"{'rows':>8} {'mode':<8} " + " ".join(f"{step + ' s':>13}" for step in steps))
    for size in args.sizes:
        for variant, threshold in (("request", size + 1), ("worker", 2000)):
            rows = generate(size, args.seed)
            for row in rows:  # sign-in emails are unique across organisations
                row[3] = f"{variant}.{row[3]}"
            path = folder / f"page-{variant}-{size}.csv"
            write(path, rows)
            command = [sys.executable, __file__, "--page-step", "--size", str(size)]
            done = subprocess.run(
                [*command, "--file", str(path), "--variant", variant],
                env={**env, "REMENTO_IMPORT_BACKGROUND_ROWS": str(threshold)},
                capture_output=True,
                text=True,
            )
            if done.returncode:
                sys.exit(f"the {variant} step failed:\n{done.stderr[-3000:]}")
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            cells = [
                f"{figures[step][0]:.2f}/{figures[step][1]:.2f}" if step in figures else "-"
                for step in steps
            ]
            print(
                f"{size:>8,} {variant:<8} "
                + " ".join(f"{cell:>13}" for cell in cells)
                + f"  {figures['jobs']} {figures['batch']}",
                flush=True,
            )


def step(args: argparse.Namespace) -> None:
    """One import in this process; prints a JSON line of figures."""
    import django

    django.setup()
    from django.db import connection, transaction

    from remento.core.models import Organization
    from remento.people.importing.services import people_import_apply

    organization, _ = Organization.objects.get_or_create(
        slug=f"bench-{args.size}", defaults={"name": f"Bench {args.size:,}"}
    )
    data = Path(args.file).read_bytes()
    queries = 0

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    class Rollback(Exception):
        pass

    figures: dict[str, object] = {}
    if args.trace_only:
        tracemalloc.start()
        try:
            with transaction.atomic():
                people_import_apply(
                    actor=None, organization=organization, data=data, full_sync=args.full_sync
                )
                raise Rollback
        except Rollback:
            pass
        figures["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        print(json.dumps(figures))
        return
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        plan = people_import_apply(
            actor=None, organization=organization, data=data, full_sync=args.full_sync
        )
    figures["seconds"] = time.perf_counter() - started
    figures["queries"] = queries
    figures["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["counts"] = plan.counts
    print(json.dumps(figures))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-trace", dest="trace", action="store_false")
    parser.add_argument("--step", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--full-sync", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--trace-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--page", action="store_true", help="time the import page instead")
    parser.add_argument("--page-step", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        step(args)
        return
    if args.page_step:
        page_step(args)
        return

    with tempfile.TemporaryDirectory(prefix="remento-bench-") as tmp:
        folder = Path(tmp)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "remento.settings",
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
            "REMENTO_DEBUG": "0",
            "REMENTO_HTTPS": "0",
            "REMENTO_VAR_DIR": str(folder),
            "PYTHONPATH": str(ROOT),
            "REMENTO_TASKS_BACKEND": "database",
            "REMENTO_ALLOWED_HOSTS": "testserver",
        }
        subprocess.run(
            [sys.executable, "-m", "django", "migrate", "--verbosity", "0", "--skip-checks"],
            env=env,
            check=True,
            cwd=ROOT,
        )
        print(f"Python {sys.version.split()[0]}, SQLite, {os.cpu_count()} CPU(s) seen")
        print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        if args.page:
            pages(args, folder, env)
            print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
            return
        print(
            f"{'rows':>8} {'step':<10} {'seconds':>8} {'rows/s':>8} {'queries':>8} "
            f"{'maxrss MB':>10} {'traced MB':>10}  counts"
        )
        for size in args.sizes:
            rows = generate(size, args.seed)
            first, second = folder / f"hris-{size}.csv", folder / f"hris-{size}-later.csv"
            write(first, rows)
            write(second, mutate(rows, args.seed))
            for name, path, full_sync in (
                ("create", first, False),
                ("unchanged", first, False),
                ("update", second, True),
            ):
                command = [
                    sys.executable,
                    __file__,
                    "--step",
                    "--size",
                    str(size),
                    "--file",
                    str(path),
                    *(["--full-sync"] if full_sync else []),
                ]

                def measure(extra: list[str], command: list[str] = command) -> dict[str, Any]:
                    out = subprocess.run(
                        command + extra, env=env, check=True, capture_output=True, text=True
                    ).stdout
                    return dict(json.loads(out.strip().splitlines()[-1]))

                figures = measure(["--trace-only"]) if args.trace else {}
                figures |= measure([])
                traced = figures.get("traced_peak_mb")
                print(
                    f"{size:>8,} {name:<10} {figures['seconds']:>8.2f} "
                    f"{size / figures['seconds']:>8,.0f} {figures['queries']:>8} "
                    f"{figures['maxrss_mb']:>10.0f} "
                    f"{(f'{traced:.0f}' if traced is not None else '-'):>10}  "
                    f"{figures['counts']}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
