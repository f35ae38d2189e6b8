"""The matching benchmark runs and its JSON line holds consistent figures (no timing is
asserted: speed is measured, never tested)."""

import json
import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[3] / "bench" / "matching.py"
sys.path.insert(0, str(BENCH.parent))

from blas_core import runs_best  # noqa: E402  (bench/blas_core.py)


def test_benchmark_line_with_compare_and_calibration():
    # The benchmark's own choice of kernels is under test: a machine that sets them for
    # every process (OPENBLAS_CORETYPE) would decide in its place.
    env = {key: value for key, value in os.environ.items() if key != "OPENBLAS_CORETYPE"}
    out = subprocess.run(
        [sys.executable, str(BENCH), "--sizes", "300", "--compare", "--calibrate"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    ).stdout
    (line,) = out.splitlines()
    row = json.loads(line)
    assert row["mentees"] == row["mentors"] == 300
    assert row["method"] == "exact"
    # Exact on all pairs: the engine's total is scipy's optimum and within its own bound.
    assert abs(row["total"] - row["scipy_total"]) < 1e-3
    assert row["gap_to_optimum"] <= 1e-9
    assert row["upper_bound"] >= row["total"] - 1e-6
    assert row["greedy_total"] <= row["scipy_total"] + 1e-6
    assert row["score_all_pairs_s"] > 0
    assert row["total_over_score_all"] > 0
    # The yardstick runs on the best kernels the processor can run: never on OpenBLAS's
    # generic fallback (it made the yardstick 3x slower once), nor on AVX2 kernels where
    # the processor has AVX-512.
    assert runs_best(row["yardstick_blas_core"])
    assert row["faiss_blas_core"]
