"""The "total" objective: the best total score on the candidate set, and its certificate.

On a complete and mostly full candidate set (every eligible pair of a small or medium
cohort) by the dense exact solver (:mod:`.dense`), its dual certificate computed only
when someone reads it; otherwise by auction (:mod:`.auction`: exact in integer weights,
and its prices prove it); should the auction run past its budget of bids, by a min-cost
flow (:mod:`.flows`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from . import auction, kernels
from .arcs import SCALE, FreeArcs
from .dense import dense_cells, fits_dense, solve_dense
from .duals import DualBound, certificate, dual_bound
from .edges import Edges
from .flows import min_cost


@dataclass(frozen=True)
class Start:
    """Where a solve may start from: mentor prices (score points, e.g. estimated ones or
    an earlier solve's duals) and pairs of an earlier assignment (mentee and mentor
    indices) that fit the capacities. Only speed depends on it, never the result."""

    prices: np.ndarray | None = None
    mentee: np.ndarray | None = None
    mentor: np.ndarray | None = None


@dataclass
class TotalSolution:
    """The best total on the open arcs: ``used`` flags per arc (None where the dense path
    solved a score matrix without building arcs), the proven bound (weight units) and the
    rounds of the dual pass behind it; :meth:`duals` the dual solution
    behind the bound and :meth:`warm_prices` the mentor prices to start a later solve
    from (weight units, unrounded), both computed on first use where the solver did not
    give them (the dense path)."""

    used: np.ndarray | None
    bound: int
    rounds: int
    _dual_source: Callable[[], tuple[np.ndarray, DualBound]] = field(repr=False)
    _cached: tuple[np.ndarray, DualBound] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, used: np.ndarray, warm_prices: np.ndarray, duals: DualBound) -> TotalSolution:
        return cls(used, duals.bound, duals.rounds, lambda: (warm_prices, duals))

    def _resolved(self) -> tuple[np.ndarray, DualBound]:
        if self._cached is None:
            self._cached = self._dual_source()
        return self._cached

    def duals(self) -> DualBound:
        return self._resolved()[1]

    def warm_prices(self) -> np.ndarray:
        return self._resolved()[0]


@dataclass
class _Solved:
    used: np.ndarray
    prices: np.ndarray
    exact_prices: np.ndarray


def solve_total(
    edges: Edges,
    arcs: FreeArcs,
    *,
    start: Start,
    stats: dict[str, float],
    slack: int,
    sharp_bound: bool,
) -> TotalSolution:
    """The best total on ``arcs`` (within ``slack`` weight units per mentee) and its bound.
    Dense (exact) on a complete, mostly full set; else by auction; by min-cost flow
    (exact) when the auction gives up."""
    complete = edges.cut is None and not np.isfinite(edges.tau[arcs.free_mentees]).any()
    if complete and fits_dense(arcs):
        return _dense(edges, arcs, stats)
    solved = _by_auction(arcs, start=start, stats=stats, slack=slack)
    if solved is None:
        used = min_cost(arcs, unmatched_arcs=True)
        duals = dual_bound(edges, arcs, used, sharp_bound=sharp_bound)
        return TotalSolution.of(used, duals.set_mentor_duals.astype(np.float64), duals)
    if np.isfinite(edges.tau[arcs.free_mentees]).any():
        # Truncated lists: the least duals price the pairs left out more sharply (fewer
        # pricing passes on the large path than with the auction's own prices).
        duals = dual_bound(
            edges,
            arcs,
            solved.used,
            slack=slack,
            potentials=solved.prices,
            sharp_bound=sharp_bound,
        )
        return TotalSolution.of(solved.used, solved.exact_prices, duals)
    duals = certificate(edges, arcs, solved.prices)
    return TotalSolution.of(solved.used, solved.exact_prices, duals)


def _dense(edges: Edges, arcs: FreeArcs, stats: dict[str, float]) -> TotalSolution:
    """The dense exact solve. Its bound is its own total: the set is complete and the
    solve exact, so the all-pairs optimum is this total (in weight units). The duals that
    prove it (the least ones of this assignment, :func:`.duals.dual_bound`) are computed
    only when read: a warm start or a price estimate needs them, a plain match does not."""
    used = solve_dense(arcs)
    stats["dense_cells"] = float(dense_cells(arcs))

    def dual_source() -> tuple[np.ndarray, DualBound]:
        duals = dual_bound(edges, arcs, used)
        return duals.set_mentor_duals.astype(np.float64), duals

    return TotalSolution(used, int(arcs.weight[used].sum()), 0, dual_source)


def _by_auction(
    arcs: FreeArcs, *, start: Start, stats: dict[str, float], slack: int
) -> _Solved | None:
    """The total objective by auction (see :mod:`.auction`; within ``slack`` weight units
    per mentee of the optimum), or None when the auction ran past its budget."""
    free_mentees = arcs.free_mentees
    row_of = np.full(arcs.n_mentees, -1, dtype=np.int64)
    row_of[free_mentees] = np.arange(len(free_mentees))
    rows = row_of[arcs.mentee]
    order = kernels.sorting.heaviest_first(rows, arcs.weight)
    heads_sorted = arcs.mentor[order]
    row_start = np.zeros(len(free_mentees) + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=len(free_mentees)), out=row_start[1:])
    warm = None
    if start.prices is not None:
        warm = np.maximum(np.asarray(start.prices, dtype=np.float64), 0) * SCALE
    seated = None
    if start.mentee is not None and start.mentor is not None and len(order):
        # The arcs of the earlier pairs: each row's arc to the mentor it had (if still there).
        had = np.full(len(free_mentees), -1, dtype=np.int64)
        known = row_of[start.mentee] >= 0
        had[row_of[start.mentee[known]]] = start.mentor[known]
        seated = np.flatnonzero(heads_sorted == had[rows[order]])
    solved = auction.solve(
        arcs.n_mentors,
        row_start,
        heads_sorted,
        arcs.weight[order],
        arcs.places_left,
        warm_prices=warm,
        warm_arcs=seated,
        slack=slack,
    )
    if solved is None:
        return None
    used = np.zeros(len(arcs), dtype=bool)
    used[order[solved.used]] = True
    stats["auction_bids"] = float(solved.bids)
    stats["auction_phases"] = float(solved.phases)
    return _Solved(used, solved.prices, solved.exact_prices)
