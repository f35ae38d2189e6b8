"""The auction inside assign(): the same optimum as scipy on random candidate sets (places
above 1, mentors who take nobody, more mentees than places, ties), the same result from a
warm start, a proof of optimality in its prices, the least duals, and the min-cost flow
when the auction gives up. The dense path (test_engine_dense.py) would take most of these
full matrices: here it is switched off, so that the auction solves them."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from remento.matching.engine import Assignment, Edges, Settings, assign, auction, dense, refine
from remento.matching.engine.arcs import SCALE, FreeArcs
from remento.matching.engine.duals import DualBound, dual_bound
from remento.matching.engine.kernels import sorting
from remento.matching.engine.kernels.sorting import heaviest_first
from remento.matching.engine.total import Start


@pytest.fixture(autouse=True, scope="module")
def auction_only() -> Iterator[None]:
    """Every solve in this module by the auction (module scope: hypothesis tests too)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dense, "DENSE_CELLS", 0)
        yield


def scipy_total(matrix: np.ndarray, caps: np.ndarray) -> float:
    """The best total with scipy: each mentor's column repeated once per place, forbidden
    pairs (NaN) worth 0, which never beats leaving the mentee out."""
    columns = np.repeat(np.arange(len(caps)), caps)
    if columns.size == 0:
        return 0.0
    sub = np.nan_to_num(matrix[:, columns], nan=0.0)
    rows, cols = linear_sum_assignment(sub, maximize=True)
    return float(sub[rows, cols].sum())


def random_problem(seed: int, n_e: int, n_m: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    # Few distinct values: many ties, the hard case for bidding.
    matrix = rng.integers(0, 12, size=(n_e, n_m)) / 4.0
    matrix[rng.random(matrix.shape) < 0.3] = np.nan
    caps = rng.integers(0, 4, size=n_m)
    return matrix, caps


@pytest.mark.parametrize(("seed", "n_e", "n_m"), [(1, 60, 40), (2, 200, 50), (3, 90, 150)])
def test_auction_equals_scipy(seed: int, n_e: int, n_m: int) -> None:
    matrix, caps = random_problem(seed, n_e, n_m)
    result = assign(matrix, capacities=caps)
    assert result.stats["auction_bids"] > 0  # the auction solved it, not the flow
    assert result.total == pytest.approx(scipy_total(matrix, caps), abs=1e-6)
    assert (np.bincount(result.mentor, minlength=n_m) <= caps).all()
    assert not np.isnan(matrix[result.mentee, result.mentor]).any()
    # Its duals cover every candidate pair, and their total is the optimum up to one unit
    # per pair (the unit that makes a pair beat leaving both out) and per place (prices
    # rounded up to whole units).
    assert result.upper_bound >= result.total - 1e-9
    assert result.upper_bound - result.total <= (2 * caps.sum() + 1) / SCALE


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n_e=st.integers(1, 12),
    n_m=st.integers(1, 8),
)
def test_auction_equals_scipy_on_small_random_sets(seed: int, n_e: int, n_m: int) -> None:
    matrix, caps = random_problem(seed, n_e, n_m)
    assert assign(matrix, capacities=caps).total == pytest.approx(
        scipy_total(matrix, caps), abs=1e-6
    )


def test_a_warm_start_gives_the_same_optimum() -> None:
    matrix, caps = random_problem(4, 150, 120)
    cold = assign(matrix, capacities=caps)
    # An earlier solve on fewer candidates, then all of them from its prices and pairs.
    fewer = matrix.copy()
    fewer[:, ::3] = np.nan
    earlier = assign(fewer, capacities=caps)
    warm = assign(matrix, capacities=caps, start=earlier.as_start())
    assert warm.total == pytest.approx(cold.total, abs=1e-9)
    # Prices alone (even poor ones) only change the speed.
    rng = np.random.default_rng(5)
    priced = assign(matrix, capacities=caps, start=Start(prices=rng.random(120) * 3))
    assert priced.total == pytest.approx(cold.total, abs=1e-9)


def test_the_flow_takes_over_when_the_auction_gives_up(monkeypatch: pytest.MonkeyPatch) -> None:
    matrix, caps = random_problem(6, 80, 60)
    expected = scipy_total(matrix, caps)
    monkeypatch.setattr(auction, "BIDS_PER_ARC", 0)
    monkeypatch.setattr(auction, "BUDGET_FLOOR", 0)
    edges = Edges.from_dense(matrix)
    order = np.lexsort((-edges.score, edges.mentee))
    row_start = np.searchsorted(edges.mentee[order], np.arange(matrix.shape[0] + 1))
    weights = np.rint(edges.score[order] * SCALE).astype(np.int64) + 1
    assert auction.solve(60, row_start, edges.mentor[order], weights, caps) is None
    result = assign(matrix, capacities=caps)
    assert "auction_bids" not in result.stats
    assert result.total == pytest.approx(expected, abs=1e-6)
    assert result.upper_bound == pytest.approx(expected, abs=len(result.mentee) / SCALE)


def solved_on_all_arcs(
    matrix: np.ndarray, caps: np.ndarray
) -> tuple[Edges, np.ndarray, Assignment, np.ndarray]:
    """The arcs of a dense problem, their integer weights, its optimal assignment and
    which arcs that assignment uses."""
    edges = Edges.from_dense(matrix)
    weights = np.rint(edges.score * SCALE).astype(np.int64) + 1
    best = assign(matrix, capacities=caps)
    pair_of = {(int(j), int(i)) for j, i in zip(best.mentee, best.mentor, strict=True)}
    used = np.array(
        [(int(j), int(i)) in pair_of for j, i in zip(edges.mentee, edges.mentor, strict=True)],
        dtype=bool,
    )
    return edges, weights, best, used


def all_arcs(edges: Edges, weights: np.ndarray, caps: np.ndarray, every: np.ndarray) -> FreeArcs:
    """Every arc of ``edges`` open, with these weights and places."""
    return FreeArcs(
        n_mentees=edges.n_mentees,
        n_mentors=edges.n_mentors,
        index=np.arange(len(edges)),
        mentee=edges.mentee,
        mentor=edges.mentor,
        weight=weights,
        free_mentees=every,
        places_left=np.asarray(caps, dtype=np.int64),
    )


def test_least_duals_are_feasible_and_tight() -> None:
    matrix, caps = random_problem(7, 120, 70)
    edges, weights, _, used = solved_on_all_arcs(matrix, caps)
    every = np.arange(matrix.shape[0])
    duals = dual_bound(edges, all_arcs(edges, weights, caps, every), used)
    bound, updates = duals.bound, duals.rounds
    set_u, set_v = duals.set_mentor_duals, duals.set_mentee_duals
    assert updates >= 0  # the label-correcting pass finished
    assert (set_u >= 0).all()
    assert (set_v >= 0).all()
    assert (set_u[edges.mentor] + set_v[edges.mentee] >= weights).all()  # covers every arc
    assert bound == int(weights[used].sum())  # and proves the assignment optimal


def continuous_problem(seed: int, n_e: int, n_m: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    matrix = rng.random((n_e, n_m)) * 3
    matrix[rng.random(matrix.shape) < 0.3] = np.nan
    return matrix, rng.integers(0, 3, size=n_m)


@pytest.mark.parametrize("seed", [8, 9])
def test_a_solve_with_slack_stays_within_it_in_fewer_phases(seed: int) -> None:
    matrix, caps = continuous_problem(seed, 300, 200)
    optimum = scipy_total(matrix, caps)
    exact = assign(matrix, capacities=caps)
    slack = 1e-3
    near = assign(matrix, capacities=caps, slack=slack)
    assert near.stats["auction_phases"] < exact.stats["auction_phases"]
    assert optimum - 300 * slack - 1e-9 <= near.total <= optimum + 1e-9
    assert near.upper_bound >= optimum - 1e-9
    assert (np.bincount(near.mentor, minlength=200) <= caps).all()


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n_e=st.integers(1, 15), n_m=st.integers(1, 10))
def test_a_solve_with_slack_is_within_it_on_small_random_sets(
    seed: int, n_e: int, n_m: int
) -> None:
    matrix, caps = random_problem(seed, n_e, n_m)
    optimum = scipy_total(matrix, caps)
    near = assign(matrix, capacities=caps, slack=0.2)
    assert optimum - 0.2 * n_e - 1e-9 <= near.total <= optimum + 1e-9
    assert near.upper_bound >= optimum - 1e-9


def test_least_duals_with_slack_cover_a_near_optimal_assignment() -> None:
    matrix, caps = continuous_problem(10, 200, 150)
    edges = Edges.from_dense(matrix)
    weights = np.rint(edges.score * SCALE).astype(np.int64) + 1
    slack = 2_000  # weight units per mentee
    near = assign(matrix, capacities=caps, slack=slack / SCALE)
    pair_of = {(int(j), int(i)) for j, i in zip(near.mentee, near.mentor, strict=True)}
    used = np.array(
        [(int(j), int(i)) in pair_of for j, i in zip(edges.mentee, edges.mentor, strict=True)]
    )
    every = np.arange(matrix.shape[0])
    caps = caps.astype(np.int64)
    duals = dual_bound(edges, all_arcs(edges, weights, caps, every), used, slack=slack)
    bound, updates = duals.bound, duals.rounds
    set_u, set_v = duals.set_mentor_duals, duals.set_mentee_duals
    assert updates >= 0  # the fix-point exists for the raised weights
    assert (set_u >= 0).all()
    assert (set_u[edges.mentor] + set_v[edges.mentee] >= weights).all()  # covers every arc
    # A proven bound, above the assignment by at most the slack of every mentee.
    total = int(weights[used].sum())
    assert total <= bound <= total + slack * len(every)
    assert bound >= scipy_total(matrix, caps.astype(int)) * SCALE


@pytest.mark.parametrize(
    ("wanted", "stop", "first"),
    [(50_000, 400, 40_000), (50_000, 10, 100_000), (10_000, 4_250, 4_250), (300, 400, 400)],
)
def test_the_phases_step_down_by_the_divisor_to_the_slack_exactly(
    wanted: int, stop: int, first: int
) -> None:
    eps = auction._phase_ladder(wanted, stop)
    assert eps == first
    while eps > stop:
        assert eps % auction.EPSILON_DIVISOR == 0
        eps //= auction.EPSILON_DIVISOR
    assert eps == stop


def test_the_large_path_slack_is_a_share_of_the_gap_tolerance() -> None:
    matrix, _ = continuous_problem(11, 50, 40)
    edges = Edges.from_dense(matrix)
    mean = float(edges.score.mean())
    loose = refine.solve_slack(edges, Settings(gap_tolerance=5e-4))
    tight = refine.solve_slack(edges, Settings(gap_tolerance=1e-4))
    assert loose == pytest.approx(refine.SLACK_SHARE * 5e-4 * mean)
    assert tight == pytest.approx(loose / 5)
    assert refine.solve_slack(Edges.from_dense(np.full((2, 2), np.nan)), Settings()) == 0.0


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), n_e=st.integers(1, 40), n_m=st.integers(1, 25))
def test_least_duals_are_the_same_whatever_the_potentials_order_them_by(
    seed: int, n_e: int, n_m: int
) -> None:
    matrix, caps = random_problem(seed, n_e, n_m)
    edges, weights, best, used = solved_on_all_arcs(matrix, caps)
    arcs = all_arcs(edges, weights, caps, np.arange(n_e))
    plain = dual_bound(edges, arcs, used)
    rng = np.random.default_rng(seed)
    for potentials in (best.mentor_duals, rng.integers(0, 10 * SCALE, size=n_m)):
        ordered = dual_bound(edges, arcs, used, potentials=potentials)
        # the same least mentor duals
        assert np.array_equal(ordered.set_mentor_duals, plain.set_mentor_duals)
        assert ordered.bound == plain.bound


def test_least_duals_take_each_mentor_at_most_once_in_the_order_of_the_auction_prices() -> None:
    matrix, caps = continuous_problem(12, 400, 300)
    edges, weights, best, used = solved_on_all_arcs(matrix, caps)
    arcs = all_arcs(edges, weights, caps, np.arange(400))
    unordered: DualBound = dual_bound(edges, arcs, used)
    ordered = dual_bound(edges, arcs, used, potentials=best.mentor_duals)
    assert np.array_equal(ordered.set_mentor_duals, unordered.set_mentor_duals)
    holding = len(set(best.mentor.tolist()))  # only mentors who hold someone are taken
    assert 0 < ordered.rounds <= holding
    assert ordered.rounds < unordered.rounds


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(0, 3000),
    groups=st.integers(1, 200),
    weights=st.integers(1, 50),
)
def test_arcs_are_ordered_by_group_then_heaviest_first_ties_in_arc_order(
    seed: int, n: int, groups: int, weights: int
) -> None:
    # Few groups make long groups, few weights make ties.
    rng = np.random.default_rng(seed)
    group = rng.integers(0, groups, size=n)
    weight = rng.integers(0, weights, size=n)
    want = np.lexsort((np.arange(n), -weight, group))
    assert np.array_equal(heaviest_first(group, weight), want)


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_the_by_group_sort_gives_the_same_order_on_any_thread_count(
    threads: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sorting, "PARALLEL_FROM", 0)  # threads even for a small input
    rng = np.random.default_rng(threads)
    # Short groups (sorted by insertion) and a few long ones (merge sort), with ties.
    group = np.concatenate([rng.integers(0, 500, size=6000), rng.integers(500, 503, size=900)])
    weight = rng.integers(0, 30, size=len(group))
    want = np.lexsort((np.arange(len(group)), -weight, group))
    assert np.array_equal(heaviest_first(group, weight, threads=threads), want)
