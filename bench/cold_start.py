"""Cold start of ``remento match-csv``: the first run on a fresh install against the next.

    .venv/bin/python bench/cold_start.py
    .venv/bin/python bench/cold_start.py --runs 5 --people docs/samples/people.csv

Runs ``remento match-csv PEOPLE --config PROGRAM --out <temp>`` ``--runs`` times in new
processes, with ``NUMBA_CACHE_DIR`` pointing at an empty temporary folder (so no compiled
kernel from an earlier run can help the first one), and prints each run's wall time and
CPU time (user + system: steadier than the wall time on a shared machine), the first
run's excess over the fastest later one, and whether the process loaded Numba at all
(the same match in-process, then ``'numba' in sys.modules``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECK = """
import sys, time
from pathlib import Path
start = time.perf_counter()
from remento.matching.engine import decode, match, read_people, read_program
people = read_people(decode(Path(sys.argv[1]).read_bytes()).splitlines())
conf, tax = read_program(Path(sys.argv[2]), people)
result = match(people.mentors, people.mentees, tax, conf)
print(round(time.perf_counter() - start, 3), 'numba' in sys.modules, result.method)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", default="docs/samples/people.csv")
    parser.add_argument("--config", default="docs/samples/program.toml")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    remento = str(Path(sys.executable).with_name("remento"))
    with tempfile.TemporaryDirectory(prefix="numba-cache-") as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        walls, cpus = [], []
        for _ in range(max(2, args.runs)):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            out = Path(cache) / "pairs.csv"
            start = time.perf_counter()
            subprocess.run(
                [remento, "match-csv", args.people, "--config", args.config, "--out", str(out)],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
            )
            walls.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        check = subprocess.run(
            [sys.executable, "-c", CHECK, args.people, args.config],
            cwd=ROOT,
            env={**env, "PYTHONPATH": str(ROOT)},
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
    print(
        json.dumps(
            {
                "people": args.people,
                "load_average": [round(x, 2) for x in os.getloadavg()],
                "runs_s": [round(w, 3) for w in walls],
                "runs_cpu_s": [round(c, 3) for c in cpus],
                "first_s": round(walls[0], 3),
                "warm_s": round(min(walls[1:]), 3),
                "first_over_warm_s": round(walls[0] - min(walls[1:]), 3),
                "engine_import_and_match_s": float(check[0]),
                "numba_loaded": check[1] == "True",
                "method": check[2],
            }
        )
    )


if __name__ == "__main__":
    main()
