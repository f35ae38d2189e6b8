"""What the page benchmarks share: for each size, build the demo organisation
(``seed_demo``) in a fresh database, then measure in a separate process, so that nothing the
build left in memory helps the figures.

A benchmark script calls :func:`run` with its own ``measure(repeat)``; ``run`` parses the
common options (``--sizes``, ``--repeat``, ``--database-url`` for an empty database, e.g.
PostgreSQL, to build one size in), prints the header, and runs the script again with
``--measure`` in each built database.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _build_and_measure(script: str, size: int, database_url: str, folder: str, repeat: int) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REMENTO_VAR_DIR": folder,
        "REMENTO_DEBUG": "1",
    }
    subprocess.run(
        [sys.executable, "-m", "remento.cli", "seed_demo", "--size", str(size)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        [sys.executable, script, "--measure", "--repeat", str(repeat)],
        cwd=ROOT,
        env=env,
        check=True,
    )


def run(
    *, script: str, description: str, header: str, repeat: int, measure: Callable[[int], None]
) -> None:
    """The benchmark's command line: measure (in a built database) or build and measure."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 20_000])
    parser.add_argument("--repeat", type=int, default=repeat)
    parser.add_argument("--database-url", default="", help="an empty database to build one size in")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.measure:
        measure(options.repeat)
        return
    if options.database_url and len(options.sizes) != 1:
        parser.error("--database-url builds into one database: give one size.")
    print(header, flush=True)
    for size in options.sizes:
        with tempfile.TemporaryDirectory() as folder:
            url = options.database_url or f"sqlite:///{folder}/bench.sqlite3"
            _build_and_measure(script, size, url, folder, options.repeat)
