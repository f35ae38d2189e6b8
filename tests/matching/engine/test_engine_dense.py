"""The dense exact path of assign(): SciPy's optimum on full matrices (forbidden pairs,
rectangular, several places per mentor, locks), the compiled solver and the small NumPy
solver equal to SciPy's, a plain score matrix solved straight (same pairs, reasons and
duals as through the candidate set), the same totals as the auction, the same answer
every time, duals on demand, and a small match that never loads Numba."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from remento.matching.engine import NO_ELIGIBLE_PARTNER, Edges, Settings, assign, dense, match
from remento.matching.engine.arcs import SCALE
from remento.matching.engine.dense import small_assignment
from tests.matching.engine.strategies import TAXONOMY, random_people

ROOT = Path(__file__).resolve().parents[3]


def scipy_optimum(matrix: np.ndarray, caps: np.ndarray | None = None) -> float:
    """The best total by SciPy alone: one column per place, forbidden pairs worth 0."""
    caps = np.ones(matrix.shape[1], dtype=np.int64) if caps is None else caps
    sub = np.nan_to_num(matrix[:, np.repeat(np.arange(len(caps)), caps)], nan=0.0)
    if sub.size == 0:
        return 0.0
    rows, cols = linear_sum_assignment(sub, maximize=True)
    return float(sub[rows, cols].sum())


def cohort_like(seed: int, n_e: int, n_m: int, forbidden: float) -> np.ndarray:
    """Scores like a cohort's (0 to 10, three decimals, some ties), some pairs forbidden."""
    rng = np.random.default_rng(seed)
    matrix = np.round(rng.random((n_e, n_m)) * 10, 3)
    matrix[rng.random(matrix.shape) < 0.1] = 5.0
    matrix[rng.random(matrix.shape) < forbidden] = np.nan
    return matrix


def check_feasible(result, matrix: np.ndarray, caps: np.ndarray | None = None) -> None:
    caps = np.ones(matrix.shape[1], dtype=np.int64) if caps is None else caps
    assert len(np.unique(result.mentee)) == len(result.mentee)
    assert (np.bincount(result.mentor, minlength=matrix.shape[1]) <= caps).all()
    assert not np.isnan(matrix[result.mentee, result.mentor]).any()


@pytest.mark.parametrize(
    ("seed", "n_e", "n_m", "forbidden"),
    [(1, 120, 120, 0.0), (2, 150, 90, 0.3), (3, 80, 200, 0.5), (4, 300, 300, 0.7)],
)
def test_the_dense_path_finds_scipys_optimum(
    seed: int, n_e: int, n_m: int, forbidden: float
) -> None:
    matrix = cohort_like(seed, n_e, n_m, forbidden)
    result = assign(matrix)
    assert "dense_cells" in result.stats  # solved by the dense path, not the auction
    assert result.total == pytest.approx(scipy_optimum(matrix), abs=1e-6)
    check_feasible(result, matrix)
    # The bound of an exact solve is its total (plus the unit bias of each pair).
    assert result.upper_bound - result.total <= (len(result.mentee) + 1) / SCALE


def test_the_dense_path_gives_mentors_their_places_and_keeps_locks() -> None:
    matrix = cohort_like(5, 140, 60, 0.2)
    caps = np.random.default_rng(5).integers(0, 4, size=60)
    caps[3] = caps[9] = 1
    matrix[0, 3] = matrix[5, 9] = 4.0
    result = assign(matrix, capacities=caps, locked=[(0, 3), (5, 9)])
    assert "dense_cells" in result.stats
    check_feasible(result, matrix, caps)
    pairs = dict(zip(result.mentee.tolist(), result.mentor.tolist(), strict=True))
    assert pairs[0] == 3
    assert pairs[5] == 9
    free = matrix.copy()
    free[[0, 5], :] = np.nan
    free[:, [3, 9]] = np.nan
    assert result.total == pytest.approx(8.0 + scipy_optimum(free, caps), abs=1e-6)


@pytest.mark.parametrize("caps_seed", [None, 6])
def test_the_dense_path_and_the_auction_reach_the_same_total(
    caps_seed: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    matrix = cohort_like(7, 160, 130, 0.35)
    caps = None if caps_seed is None else np.random.default_rng(caps_seed).integers(0, 3, 130)
    by_dense = assign(matrix, capacities=caps)
    monkeypatch.setattr(dense, "DENSE_CELLS", 0)
    by_auction = assign(matrix, capacities=caps)
    assert "auction_bids" in by_auction.stats
    assert "dense_cells" in by_dense.stats
    assert by_dense.total == pytest.approx(by_auction.total, abs=1e-9)
    assert len(by_dense.unmatched_mentees) == len(by_auction.unmatched_mentees)


@settings(max_examples=80, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n_rows=st.integers(1, 20),
    n_cols=st.integers(1, 20),
    values=st.integers(1, 12),
)
def test_the_small_solver_equals_scipy(seed: int, n_rows: int, n_cols: int, values: int) -> None:
    rng = np.random.default_rng(seed)
    weights = rng.integers(0, values, size=(n_rows, n_cols)).astype(np.float64) * SCALE
    rows, cols = small_assignment(weights)
    expected_rows, expected_cols = linear_sum_assignment(weights, maximize=True)
    assert weights[rows, cols].sum() == weights[expected_rows, expected_cols].sum()
    assert len(rows) == min(n_rows, n_cols)
    assert len(np.unique(rows)) == len(rows)
    assert len(np.unique(cols)) == len(cols)
    assert (np.diff(rows) > 0).all()


def test_the_small_path_and_the_compiled_path_give_the_same_totals(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    matrix = cohort_like(8, 40, 50, 0.3)  # 2,000 cells: the NumPy solver
    monkeypatch.setattr(dense, "kernels_loaded", lambda: False)
    small = assign(matrix)
    monkeypatch.setattr(dense, "SMALL_CELLS", 0)
    compiled = assign(matrix)
    assert small.total == pytest.approx(compiled.total, abs=1e-9)
    assert small.upper_bound == pytest.approx(compiled.upper_bound, abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n_rows=st.integers(1, 40),
    n_cols=st.integers(1, 40),
    values=st.integers(1, 30),
)
def test_the_compiled_solver_equals_scipy(seed: int, n_rows: int, n_cols: int, values: int) -> None:
    """Both orientations (rows on the solver's rows, or the transpose), many ties."""
    rng = np.random.default_rng(seed)
    weights = rng.integers(0, values, size=(n_rows, n_cols)) * SCALE
    rows, cols = dense.compiled_assignment(weights)
    expected_rows, expected_cols = linear_sum_assignment(weights, maximize=True)
    assert weights[rows, cols].sum() == weights[expected_rows, expected_cols].sum()
    assert len(rows) == min(n_rows, n_cols)
    assert len(np.unique(cols)) == len(cols)
    assert (np.diff(rows) > 0).all()


def through_candidate_set(matrix: np.ndarray, caps: np.ndarray | None = None):
    """assign() the long way: the matrix as a candidate set (Edges), as match() gives it."""
    return assign(Edges.from_dense(matrix), capacities=caps)


@pytest.mark.parametrize(
    ("seed", "n_e", "n_m", "forbidden", "with_caps"),
    [(21, 100, 50, 0.55, False), (22, 70, 160, 0.3, True), (23, 130, 130, 0.1, True)],
)
def test_a_score_matrix_is_solved_straight_with_the_same_result(
    seed: int, n_e: int, n_m: int, forbidden: float, with_caps: bool
) -> None:
    matrix = cohort_like(seed, n_e, n_m, forbidden)
    matrix[3, :] = np.nan  # a mentee with no eligible partner
    caps = np.random.default_rng(seed).integers(0, 3, n_m) if with_caps else None
    straight, long_way = assign(matrix, capacities=caps), through_candidate_set(matrix, caps)
    assert straight.total == pytest.approx(long_way.total, abs=1e-9)
    assert straight.upper_bound == pytest.approx(long_way.upper_bound, abs=1e-9)
    assert straight.total == pytest.approx(scipy_optimum(matrix, caps), abs=1e-6)
    check_feasible(straight, matrix, caps)
    assert (np.diff(straight.mentee) > 0).all()
    assert np.array_equal(straight.score, matrix[straight.mentee, straight.mentor])
    assert straight.stats["candidate_edges"] == long_way.stats["candidate_edges"]
    assert np.array_equal(straight.unmatched_mentees, long_way.unmatched_mentees)
    assert straight.unmatched_mentee_reasons == long_way.unmatched_mentee_reasons
    assert np.array_equal(straight.unmatched_mentors, long_way.unmatched_mentors)
    assert straight.unmatched_mentor_reasons == long_way.unmatched_mentor_reasons
    assert NO_ELIGIBLE_PARTNER in straight.unmatched_mentee_reasons
    assert np.array_equal(straight.set_mentor_duals, long_way.set_mentor_duals)
    assert np.array_equal(straight.set_mentee_duals, long_way.set_mentee_duals)


def test_a_strided_matrix_and_a_negative_score_are_read_as_given() -> None:
    matrix = cohort_like(24, 90, 120, 0.2)
    matrix[0, :] = -1.0  # eligible, worth less than staying alone
    view = matrix.T.T[:, ::1]
    strided = np.asfortranarray(matrix)
    result, expected = assign(strided), through_candidate_set(matrix)
    assert assign(view).total == pytest.approx(expected.total, abs=1e-9)
    assert result.total == pytest.approx(expected.total, abs=1e-9)
    assert 0 in result.unmatched_mentees
    assert result.unmatched_mentee_reasons == expected.unmatched_mentee_reasons


def test_the_duals_of_a_matrix_come_from_it_as_it_was_when_solved() -> None:
    matrix = cohort_like(25, 80, 80, 0.2)
    result = assign(matrix)
    bound = result.upper_bound
    matrix[:] = 0.0  # the caller reuses its array
    dual_total = int(result.set_mentor_duals.sum() + result.set_mentee_duals.sum())
    assert dual_total / SCALE == pytest.approx(bound, abs=1e-9)


@pytest.mark.parametrize("n", [30, 200])
def test_ties_are_broken_the_same_way_every_time(n: int) -> None:
    matrix = np.full((n, n), 3.0)  # every assignment is optimal
    matrix[::4, ::3] = np.nan
    first, second = assign(matrix), assign(matrix.copy())
    assert np.array_equal(first.mentee, second.mentee)
    assert np.array_equal(first.mentor, second.mentor)


def test_the_duals_of_a_dense_solve_are_computed_on_demand_and_prove_the_total() -> None:
    matrix = cohort_like(9, 90, 70, 0.25)
    caps = np.random.default_rng(9).integers(1, 3, size=70)
    result = assign(matrix, capacities=caps)
    assert "dense_cells" in result.stats
    u, v = result.set_mentor_duals, result.set_mentee_duals
    assert (u >= 0).all()
    assert (v >= 0).all()
    mentee, mentor = np.nonzero(np.isfinite(matrix))
    weights = np.rint(matrix[mentee, mentor] * SCALE).astype(np.int64) + 1
    assert (u[mentor] + v[mentee] >= weights).all()  # they cover every pair
    dual_total = int((caps * u).sum() + v.sum())
    assert dual_total / SCALE == pytest.approx(result.upper_bound, abs=1e-9)
    assert result.as_start().prices is not None


def test_a_small_match_by_the_dense_path_equals_the_auctions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = np.random.default_rng(11)
    mentors, mentees = random_people(rng, "m", 30), random_people(rng, "e", 40)
    conf = Settings(program_type="mutual", same_department="forbid")
    small = match(mentors, mentees, TAXONOMY, conf)
    monkeypatch.setattr(dense, "DENSE_CELLS", 0)
    general = match(mentors, mentees, TAXONOMY, conf)
    assert small.method == general.method == "exact"
    assert small.total == pytest.approx(general.total, abs=1e-9)
    # Both proven; the dense one is the optimum itself (the auction's prices round up).
    assert small.total <= small.upper_bound <= general.upper_bound + 1e-9
    assert len(small.unmatched) == len(general.unmatched)


def test_matching_the_sample_cohort_never_loads_numba() -> None:
    """The first match after install costs what a warm one does: no kernel to compile."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from remento.matching.engine import decode, match, read_people, read_program\n"
        "people = read_people(decode(Path('docs/samples/people.csv').read_bytes()).splitlines())\n"
        "conf, tax = read_program(Path('docs/samples/program.toml'), people)\n"
        "result = match(people.mentors, people.mentees, tax, conf)\n"
        "assert result.pairs and result.method == 'exact'\n"
        "print('numba' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
