"""Benchmark of ``remento seed-demo``: time and peak memory to build the demo organisation.

    .venv/bin/python bench/seed_demo.py [--sizes 300 10000 100000] [--seed 2026]

Each size is built into a fresh SQLite database in a temporary folder, in its own process,
so that the peak resident memory (getrusage maxrss, including Python and Django) is its own.
The migration is not timed.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], env: dict[str, str]) -> None:
    command = [sys.executable, "-m", "remento.cli", *args]
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 10_000, 100_000])
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args()
    print(f"{'people':>8}  {'seconds':>8}  {'people/s':>9}  {'peak MB':>8}")
    for size in options.sizes:
        with tempfile.TemporaryDirectory() as folder:
            env = {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
                "REMENTO_VAR_DIR": folder,
                "REMENTO_DEBUG": "1",
            }
            run(["migrate", "--verbosity", "0"], env)
            started = time.perf_counter()
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            run(["seed_demo", "--size", str(size), "--seed", str(options.seed)], env)
            seconds = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            # maxrss of children is the largest so far: report it only when this run set it.
            peak_text = f"{peak / 1024:8.0f}" if peak > before else f"{'≤' + str(peak // 1024):>8}"
            print(f"{size:>8,}  {seconds:8.1f}  {size / seconds:9,.0f}  {peak_text}", flush=True)


if __name__ == "__main__":
    main()
