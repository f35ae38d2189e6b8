"""assign(): optimal on the candidate set, never a forbidden pair, capacities and locks
always hold, the unmatched are named with the right reason."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import linear_sum_assignment

from remento.matching.engine import (
    LOCKED_ELSEWHERE,
    LOST_TO_BETTER_MATCH,
    NO_CAPACITY,
    NO_ELIGIBLE_PARTNER,
    Edges,
    assign,
)

cells = st.one_of(st.just(np.nan), st.floats(0, 10, allow_nan=False).map(lambda x: round(x, 3)))


def brute_force(matrix: np.ndarray, caps: np.ndarray, locked: dict[int, int]) -> float:
    """Best total by trying every mentor (or none) for every free mentee."""
    n_e, n_m = matrix.shape
    best = -1.0
    free = [j for j in range(n_e) if j not in locked]
    for choice in itertools.product(range(-1, n_m), repeat=len(free)):
        load = np.bincount(list(locked.values()), minlength=n_m)
        total = 0.0
        ok = True
        for j, i in zip(free, choice, strict=True):
            if i < 0:
                continue
            if np.isnan(matrix[j, i]):
                ok = False
                break
            load[i] += 1
            total += matrix[j, i]
        if ok and (load <= caps).all():
            best = max(best, total)
    return best + sum(0.0 if np.isnan(matrix[j, i]) else matrix[j, i] for j, i in locked.items())


@st.composite
def problems(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, dict[int, int]]:
    n_e = draw(st.integers(1, 4))
    n_m = draw(st.integers(1, 3))
    matrix = draw(arrays(np.float64, (n_e, n_m), elements=cells))
    caps = np.array(draw(st.lists(st.integers(0, 2), min_size=n_m, max_size=n_m)))
    locked: dict[int, int] = {}
    for j in range(n_e):
        i = draw(st.integers(-3, n_m - 1))
        if i >= 0 and caps[i] > np.bincount(list(locked.values()), minlength=n_m)[i]:
            locked[j] = i
    return matrix, caps, locked


@settings(max_examples=150, deadline=None)
@given(problem=problems())
def test_assign_equals_brute_force_and_keeps_every_rule(
    problem: tuple[np.ndarray, np.ndarray, dict[int, int]],
) -> None:
    matrix, caps, locked = problem
    result = assign(matrix, capacities=caps, locked=[(j, i) for j, i in locked.items()])
    assert result.total == pytest.approx(brute_force(matrix, caps, locked), abs=1e-5)
    pairs = dict(zip(result.mentee.tolist(), result.mentor.tolist(), strict=True))
    assert len(pairs) == len(result.mentee)  # one mentor per mentee
    for j, i in locked.items():
        assert pairs[j] == i
    for j, i in pairs.items():
        assert j in locked or not np.isnan(matrix[j, i])  # never a forbidden pair
    assert (np.bincount(result.mentor, minlength=len(caps)) <= caps).all()
    assert result.upper_bound >= result.total - 1e-9
    places = caps - np.bincount(list(locked.values()), minlength=len(caps))
    for j, reason in zip(result.unmatched_mentees, result.unmatched_mentee_reasons, strict=True):
        eligible = ~np.isnan(matrix[j])
        if not (eligible & (caps > 0)).any():
            assert reason == NO_ELIGIBLE_PARTNER
        elif not (eligible & (places > 0)).any():
            assert reason == LOCKED_ELSEWHERE  # the only partners' places went to locks
        else:
            assert reason == LOST_TO_BETTER_MATCH
    for i, reason in zip(result.unmatched_mentors, result.unmatched_mentor_reasons, strict=True):
        eligible = ~np.isnan(matrix[:, i])
        if caps[i] == 0:
            assert reason == NO_CAPACITY
        elif not eligible.any():
            assert reason == NO_ELIGIBLE_PARTNER
        elif all(j in locked for j in np.flatnonzero(eligible)):
            assert reason == LOCKED_ELSEWHERE
        else:
            assert reason == LOST_TO_BETTER_MATCH


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_assign_equals_scipy_on_medium_problems(seed: int) -> None:
    rng = np.random.default_rng(seed)
    matrix = rng.random((120, 90)) * 10
    matrix[rng.random(matrix.shape) < 0.3] = np.nan
    result = assign(matrix)
    rows, cols = linear_sum_assignment(np.nan_to_num(matrix, nan=0.0), maximize=True)
    optimum = np.nan_to_num(matrix, nan=0.0)[rows, cols].sum()
    assert result.total == pytest.approx(optimum, abs=1e-4)
    assert result.upper_bound == pytest.approx(optimum, abs=1e-3)


def test_assign_accepts_sparse_edges_and_matches_the_dense_answer() -> None:
    rng = np.random.default_rng(5)
    matrix = rng.random((30, 20))
    matrix[rng.random(matrix.shape) < 0.5] = np.nan
    caps = rng.integers(1, 3, size=20)
    dense = assign(matrix, capacities=caps)
    sparse = assign(Edges.from_dense(matrix), capacities=caps)
    assert sparse.total == pytest.approx(dense.total)


def test_assign_is_deterministic() -> None:
    matrix = np.ones((40, 40))  # every assignment ties
    first = assign(matrix)
    second = assign(matrix)
    assert first.mentor.tolist() == second.mentor.tolist()


def test_a_zero_score_pair_still_beats_leaving_both_alone() -> None:
    result = assign(np.zeros((1, 1)))
    assert result.mentee.tolist() == [0]


def test_locks_beyond_a_mentors_capacity_are_refused() -> None:
    # assign() works on indices, so its messages say which column / row.
    with pytest.raises(ValueError, match="capacity of the mentor at column 0: capacity 1, 2"):
        assign(np.ones((2, 1)), capacities=[1], locked=[(0, 0), (1, 0)])
    with pytest.raises(ValueError, match="mentee at row 1 appears in more than one locked pair"):
        assign(np.ones((2, 2)), capacities=[1, 1], locked=[(1, 0), (1, 1)])


def test_fairness_raises_the_worst_pair_and_keeps_everyone_matched() -> None:
    # Total favours (0,0)+(1,1) = 10 + 1; fairness prefers (0,1)+(1,0) = 5 + 5.
    matrix = np.array([[10.0, 5.0], [5.0, 1.0]])
    total = assign(matrix)
    fair = assign(matrix, objective="fairness")
    assert total.score.min() == pytest.approx(1.0)
    assert fair.score.min() == pytest.approx(5.0)
    assert len(fair.mentee) == 2
