"""What the page benchmarks share: for each size, build the demo organisation
(``seed_demo``) in a fresh database, then measure in a separate process, so that nothing the
build left in memory helps the figures.

A benchmark script calls :func:`run` with its own ``measure(repeat)``; ``run`` parses the
common options (``--sizes``, ``--repeat``, ``--database-url`` for an empty database, e.g.
PostgreSQL, to build one size in), prints the header, and runs the script again with
``--measure`` in each built database. With ``--database-url`` (PostgreSQL) and several
sizes, each size is built in a database of its own created beside that one on the same
server (``<name>_<size>``) and dropped after its measure, so every size starts as empty as
the first. A PostgreSQL database is vacuumed after its build (:func:`vacuum`), as autovacuum
would leave it on a running server.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def _build_and_measure(script: str, size: int, database_url: str, folder: str, repeat: int) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REMENTO_VAR_DIR": folder,
        "REMENTO_DEBUG": "1",
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "remento.cli", "seed_demo", "--size", str(size)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(
        f"\n(seed_demo --size {size} built in {time.perf_counter() - started:.0f} s, "
        f"{cpu:.0f} s CPU of its own, migrations included)",
        flush=True,
    )
    if database_url.startswith("postgres"):
        vacuum(database_url)
    subprocess.run(
        [sys.executable, script, "--measure", "--repeat", str(repeat)],
        cwd=ROOT,
        env=env,
        check=True,
    )


def vacuum(database_url: str) -> None:
    """``VACUUM (ANALYZE)`` the built database: what autovacuum does on a running server a
    while after a bulk write. Without it (a fresh build, or a server with autovacuum off)
    no page is marked all-visible, so PostgreSQL cannot answer a count from an index alone
    and reads the table: the directory's count of 100,000 people cost its server 34 ms
    of CPU before and 12 ms after."""
    import psycopg  # the project's PostgreSQL driver; only this case needs it

    started = time.perf_counter()
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")
    print(f"(VACUUM (ANALYZE) in {time.perf_counter() - started:.0f} s)", flush=True)


@contextmanager
def _database(database_url: str, size: int, sizes: int) -> Iterator[tuple[str, str]]:
    """A fresh database for ``size`` and a temporary folder: a SQLite file in it, the given
    database when it is the only size, else one created for the size beside the given one."""
    with tempfile.TemporaryDirectory() as folder:
        if not database_url:
            yield f"sqlite:///{folder}/bench.sqlite3", folder
            return
        if sizes == 1:
            yield database_url, folder
            return
        import psycopg  # the project's PostgreSQL driver; only this case needs it

        parts = urlsplit(database_url)
        name = f"{parts.path.strip('/')}_{size}"
        with psycopg.connect(database_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield urlunsplit(parts._replace(path=f"/{name}")), folder
        finally:
            with psycopg.connect(database_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(
    *,
    script: str,
    description: str,
    header: str,
    repeat: int,
    measure: Callable[[int], None],
    add_arguments: Callable[[argparse.ArgumentParser], None] | None = None,
) -> argparse.Namespace | None:
    """The benchmark's command line: measure (in a built database) or build and measure.
    ``add_arguments`` adds the script's own options; the parsed options are returned once
    every size is measured (``None`` in the measuring process)."""
    parser = argparse.ArgumentParser(description=description)
    if add_arguments is not None:
        add_arguments(parser)
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 20_000])
    parser.add_argument("--repeat", type=int, default=repeat)
    parser.add_argument(
        "--database-url",
        default="",
        help="an empty database to build one size in (several: PostgreSQL, one beside it each)",
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.measure:
        measure(options.repeat)
        return None
    several = len(options.sizes) > 1
    if several and options.database_url and not options.database_url.startswith("postgres"):
        parser.error("several sizes with --database-url need a PostgreSQL server's URL.")
    print(header, flush=True)
    for size in options.sizes:
        with _database(options.database_url, size, len(options.sizes)) as (url, folder):
            _build_and_measure(script, size, url, folder, options.repeat)
    return options
