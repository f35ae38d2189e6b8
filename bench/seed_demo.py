"""Benchmark of ``remento seed-demo``: time, CPU time and peak memory to build the demo.

    .venv/bin/python bench/seed_demo.py [--sizes 300 20000 100000] [--seed 2026]
        [--postgres postgres://postgres@127.0.0.1:5432/postgres]

Each size is built into a fresh database in its own process, so that the peak resident
memory (getrusage maxrss, including Python and Django) is its own: a SQLite file in a
temporary folder, or with ``--postgres`` a PostgreSQL database created on that server for
the run (``remento_bench_seed_<size>``) and dropped after it. The migration is not timed.
The CPU column is the build process's own user + system time: on a machine that other jobs
keep busy it stays close to what an idle machine's wall clock would say, when the wall clock
does not. Each line also gives the size of the Matching program's run under review and the
Active program's pairs, read from the built database.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent

# Printed by the child after the build: the programs' sizes (see ``COUNT``).
COUNT = """
import django; django.setup()
from remento.matching.models import MatchRun, MatchRunStatus
from remento.programs.models import Program, Status
from remento.relationships.models import Pair
matching = Program.objects.get(status=Status.MATCHING)
run = MatchRun.objects.get(program=matching, status=MatchRunStatus.REVIEW)
active = Program.objects.get(status=Status.ACTIVE)
print(run.proposals.count(), Pair.objects.filter(program=active).count())
"""


def run(args: list[str], env: dict[str, str]) -> None:
    command = [sys.executable, "-m", "remento.cli", *args]
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def counts(env: dict[str, str]) -> tuple[int, int]:
    command = [sys.executable, "-c", COUNT]
    env = {**env, "DJANGO_SETTINGS_MODULE": "remento.settings"}
    output = subprocess.run(
        command, cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    proposed, pairs = output.split()
    return int(proposed), int(pairs)


@contextmanager
def sqlite_database(size: int) -> Iterator[dict[str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        yield {"DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3", "REMENTO_VAR_DIR": folder}


@contextmanager
def postgres_database(server: str, size: int) -> Iterator[dict[str, str]]:
    import psycopg  # the project's PostgreSQL driver; only this option needs it

    name = f"remento_bench_seed_{size}"
    parts = urlsplit(server)
    url = urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with tempfile.TemporaryDirectory() as folder:
            yield {"DATABASE_URL": url, "REMENTO_VAR_DIR": folder}
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 20_000, 100_000])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="build on this PostgreSQL server (a database URL there) instead of SQLite",
    )
    options = parser.parse_args()
    database = "PostgreSQL" if options.postgres else "SQLite"
    print(f"remento seed-demo on {database}, {os.cpu_count()} CPUs")
    print(
        f"{'people':>8}  {'wall s':>7}  {'CPU s':>6}  {'people/s':>9}  {'peak MB':>8}  "
        f"{'proposed':>8}  {'pairs':>6}"
    )
    for size in options.sizes:
        place = (
            postgres_database(options.postgres, size) if options.postgres else sqlite_database(size)
        )
        with place as where:
            env = {**os.environ, **where, "REMENTO_DEBUG": "1"}
            run(["migrate", "--verbosity", "0"], env)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            run(["seed_demo", "--size", str(size), "--seed", str(options.seed)], env)
            seconds = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            # maxrss of children is the largest so far: report it only when this run set it.
            peak = after.ru_maxrss
            peak_text = (
                f"{peak / 1024:8.0f}"
                if peak > before.ru_maxrss
                else f"{'≤' + str(peak // 1024):>8}"
            )
            proposed, pairs = counts(env)
            print(
                f"{size:>8,}  {seconds:7.1f}  {cpu:6.1f}  {size / seconds:9,.0f}  {peak_text}  "
                f"{proposed:>8,}  {pairs:>6,}",
                flush=True,
            )


if __name__ == "__main__":
    main()
