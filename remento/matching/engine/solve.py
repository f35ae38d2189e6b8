"""Optimal assignment on a candidate set, with capacities, locks and a certificate.

Scores are scaled to integer weights with ``SCALE`` (totals exact to 1e-6 per pair), plus
one unit so that a zero-score pair still beats leaving both people alone. The "total"
objective is solved by auction (:mod:`.auction`: exact in these integer weights, and its
prices prove it); should the auction run past its budget of bids, by a min-cost flow
(OR-Tools ``SimpleMinCostFlow``): every free mentee sends one unit either to a mentor it
is a candidate of (cost ``-weight``) or along an "unmatched" arc to the sink, and each
mentor passes at most its remaining capacity to the sink. Fairness uses max flows and a
min-cost max flow (see :func:`_fair`).

The upper bound is an LP dual certificate: mentor duals (the auction's prices, or, where
the candidate lists are cut off, the least duals of the optimal assignment: longest
alternating paths, :func:`.auction.least_mentor_duals`), mentee duals set so every
candidate pair is covered, and raised to ``tau`` (the best score any left-out pair can
have) where the candidate list was truncated. Any such dual solution bounds the optimum
over all eligible pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

from .candidates import Edges
from .model import LOCKED_ELSEWHERE, LOST_TO_BETTER_MATCH, NO_CAPACITY, NO_ELIGIBLE_PARTNER

SCALE = 1_000_000


@dataclass(frozen=True)
class Start:
    """Where a solve may start from: mentor prices (score points, e.g. estimated ones or
    an earlier solve's duals) and pairs of an earlier assignment (mentee and mentor
    indices) that fit the capacities. Only speed depends on it, never the result."""

    prices: np.ndarray | None = None
    mentee: np.ndarray | None = None
    mentor: np.ndarray | None = None


@dataclass
class Assignment:
    """Index-level result of :func:`assign`: matched (mentee, mentor) pairs and the rest.

    ``mentor_duals`` / ``mentee_duals`` (weight units, ``SCALE`` per point) are the dual
    solution behind ``upper_bound``; ``set_mentor_duals`` / ``set_mentee_duals`` the optimal
    duals on the candidate set (they price the pairs outside it in column generation);
    ``warm_prices`` the solver's mentor prices unrounded (see :meth:`as_start`).
    """

    mentee: np.ndarray
    mentor: np.ndarray
    score: np.ndarray
    locked: np.ndarray
    unmatched_mentees: np.ndarray
    unmatched_mentee_reasons: list[str]
    unmatched_mentors: np.ndarray
    unmatched_mentor_reasons: list[str]
    total: float
    upper_bound: float
    stats: dict[str, float] = field(default_factory=dict)
    mentor_duals: np.ndarray = field(default_factory=lambda: np.zeros(0))
    mentee_duals: np.ndarray = field(default_factory=lambda: np.zeros(0))
    remaining_capacity: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    set_mentor_duals: np.ndarray = field(default_factory=lambda: np.zeros(0))
    set_mentee_duals: np.ndarray = field(default_factory=lambda: np.zeros(0))
    locked_total: float = 0.0
    warm_prices: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def as_start(self) -> Start:
        """A warm start for a solve on more candidates: these prices and free pairs."""
        free = ~self.locked
        return Start(self.warm_prices / SCALE, self.mentee[free], self.mentor[free])


def _free_edges(edges: Edges, rem: np.ndarray, locked_mentees: np.ndarray) -> np.ndarray:
    keep = rem[edges.mentor] > 0
    if locked_mentees.size:
        keep &= ~np.isin(edges.mentee, locked_mentees)
    return np.flatnonzero(keep)


def _flow(
    n_e: int,
    n_m: int,
    tails: np.ndarray,
    heads: np.ndarray,
    weights: np.ndarray,
    free_mentees: np.ndarray,
    rem: np.ndarray,
    *,
    unmatched_arcs: bool,
) -> np.ndarray:
    """Min-cost flow; returns a boolean flag per candidate arc (used or not)."""
    flow = min_cost_flow.SimpleMinCostFlow()
    sink = n_e + n_m
    count = len(tails)
    flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32),
        (n_e + heads).astype(np.int32),
        np.ones(count, dtype=np.int64),
        -weights.astype(np.int64),
    )
    mentors = np.flatnonzero(rem > 0)
    flow.add_arcs_with_capacity_and_unit_cost(
        (n_e + mentors).astype(np.int32),
        np.full(len(mentors), sink, dtype=np.int32),
        rem[mentors].astype(np.int64),
        np.zeros(len(mentors), dtype=np.int64),
    )
    if unmatched_arcs:
        flow.add_arcs_with_capacity_and_unit_cost(
            free_mentees.astype(np.int32),
            np.full(len(free_mentees), sink, dtype=np.int32),
            np.ones(len(free_mentees), dtype=np.int64),
            np.zeros(len(free_mentees), dtype=np.int64),
        )
        supplies = np.zeros(sink + 1, dtype=np.int64)
        supplies[free_mentees] = 1
        supplies[sink] = -len(free_mentees)
        flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
        status = flow.solve()
    else:
        supplies = np.zeros(sink + 1, dtype=np.int64)
        supplies[free_mentees] = 1
        supplies[sink] = -len(free_mentees)
        flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
        status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    return np.asarray(flow.flows(np.arange(count, dtype=np.int32)) > 0)


def _by_auction(
    n_e: int,
    n_m: int,
    tails: np.ndarray,
    heads: np.ndarray,
    weights: np.ndarray,
    free_mentees: np.ndarray,
    rem: np.ndarray,
    start: Start,
    stats: dict[str, float],
    slack: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The total objective by auction (see :mod:`.auction`; within ``slack`` weight units
    per mentee of the optimum): (used flags, mentor duals, the same unrounded), or None
    when the auction ran past its budget."""
    row_of = np.full(n_e, -1, dtype=np.int64)
    row_of[free_mentees] = np.arange(len(free_mentees))
    rows = row_of[tails]
    from . import auction  # Numba loads only when a solve runs (not in every web process)

    order = auction.heaviest_first(rows, weights)
    heads_sorted = heads[order]
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
    solved = auction.solve(n_m, row_start, heads_sorted, weights[order], rem, warm, seated, slack)
    if solved is None:
        return None
    used = np.zeros(len(tails), dtype=bool)
    used[order[solved.used]] = True
    stats["auction_bids"] = float(solved.bids)
    stats["auction_phases"] = float(solved.phases)
    return used, solved.prices, solved.exact_prices


def _solve_total(
    edges: Edges,
    idx: np.ndarray,
    weights: np.ndarray,
    free_mentees: np.ndarray,
    rem: np.ndarray,
    start: Start,
    stats: dict[str, float],
    slack: int,
    sharp_bound: bool,
) -> tuple[np.ndarray, np.ndarray, tuple[int, int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """The best total on the candidate arcs ``idx`` (within ``slack`` weight units per
    mentee): used flags, mentor prices for a warm start (weight units, unrounded), and the
    bound, dual rounds and duals as :func:`dual_bound` returns them. By auction; by
    min-cost flow (exact) when the auction gives up."""
    n_e, n_m = edges.n_mentees, edges.n_mentors
    tails, heads = edges.mentee[idx], edges.mentor[idx]
    solved = _by_auction(n_e, n_m, tails, heads, weights, free_mentees, rem, start, stats, slack)
    if solved is None:
        used = _flow(n_e, n_m, tails, heads, weights, free_mentees, rem, unmatched_arcs=True)
        duals = dual_bound(edges, idx, weights, used, rem, free_mentees, sharp_bound=sharp_bound)
        return used, duals[4].astype(np.float64), duals
    used, set_u, exact = solved
    if np.isfinite(edges.tau[free_mentees]).any():
        # Truncated lists: the least duals price the pairs left out more sharply (fewer
        # pricing passes on the large path than with the auction's own prices).
        return (
            used,
            exact,
            dual_bound(edges, idx, weights, used, rem, free_mentees, slack, set_u, sharp_bound),
        )
    bound, u, v, set_v = certificate(edges, idx, weights, set_u, rem, free_mentees)
    return used, exact, (bound, 0, u, v, set_u, set_v)


def _max_flow_size(
    n_e: int,
    n_m: int,
    tails: np.ndarray,
    heads: np.ndarray,
    free_mentees: np.ndarray,
    rem: np.ndarray,
) -> int:
    flow = max_flow.SimpleMaxFlow()
    source, sink = n_e + n_m, n_e + n_m + 1
    mentors = np.flatnonzero(rem > 0)
    flow.add_arcs_with_capacity(
        np.concatenate([np.full(len(free_mentees), source), tails, n_e + mentors]).astype(np.int32),
        np.concatenate([free_mentees, n_e + heads, np.full(len(mentors), sink)]).astype(np.int32),
        np.concatenate([np.ones(len(free_mentees) + len(tails)), rem[mentors]]).astype(np.int64),
    )
    if flow.solve(source, sink) != flow.OPTIMAL:
        raise RuntimeError("max flow failed")
    return int(flow.optimal_flow())


def _segments(keys: np.ndarray) -> tuple[np.ndarray | None, np.ndarray, np.ndarray]:
    """Order sorting ``keys`` (None when they already are, as candidate sets usually
    are), the start of each run of equal keys, and each run's key."""
    order = None
    if len(keys) > 1 and not bool((keys[1:] >= keys[:-1]).all()):
        order = np.argsort(keys, kind="stable")
    sorted_keys = keys if order is None else keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    if len(keys) == 0:
        starts = np.zeros(0, dtype=np.int64)
    return order, starts, sorted_keys[starts]


def dual_bound(
    edges: Edges,
    idx: np.ndarray,
    weights: np.ndarray,
    used: np.ndarray,
    rem: np.ndarray,
    free_mentees: np.ndarray,
    slack: int = 0,
    potentials: np.ndarray | None = None,
    sharp_bound: bool = True,
) -> tuple[int, int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Upper bound (in weight units) on the best matching over all eligible pairs of the
    free mentees, from an assignment ``used`` within ``slack`` weight units per mentee of
    the optimum on the set; returns (bound, mentors taken by the dual pass (-1: stopped
    early), mentor duals, mentee duals, and the optimal duals on the candidate set, mentor
    then mentee). The first pair is the dual solution behind the bound (see
    :func:`_cover_left_out`); mentee duals there cover the set only.

    Mentor duals ``u`` grow from 0 to the least fix-point of
    ``u[i] = max(0, max_j w[i, j] - v[j])`` with ``v[j] = w[m(j), j] - u[m(j)]`` for a
    matched mentee and 0 otherwise (complementary slackness): a longest-path computation on
    alternating paths (:func:`.auction.least_mentor_duals`). With ``slack``, each mentee's
    choice (its pair, or none) counts ``slack`` more: the assignment is then optimal for
    those weights, so the fix-point exists, and its duals, which cover the higher weights,
    cover the true ones. ``potentials`` (the auction's prices, when there are) only order
    that computation (see :func:`.auction.least_mentor_duals`). ``sharp_bound`` as in
    :func:`_cover_left_out`.
    """
    n_e, n_m = edges.n_mentees, edges.n_mentors
    e_j, e_i = edges.mentee[idx], edges.mentor[idx]
    matched_j, matched_i, matched_w = e_j[used], e_i[used], weights[used]
    mentor_of = np.full(n_e, -1, dtype=np.int64)
    mentor_of[matched_j] = matched_i
    weight_of = np.full(n_e, slack, dtype=np.int64)
    weight_of[matched_j] += matched_w
    # Arcs grouped by mentee (CSR) for the label-correcting pass.
    arcs = _ByMentee.of(e_j, e_i, weights)
    row_start = np.zeros(n_e + 1, dtype=np.int64)
    np.add.at(row_start, arcs.keys + 1, np.diff(np.r_[arcs.starts, len(e_j)]))
    row_start = np.cumsum(row_start)
    from . import auction  # Numba loads only when a solve runs

    u, rounds = auction.least_mentor_duals(
        n_m, row_start, arcs.mentor, arcs.weight, mentor_of, weight_of, potentials
    )
    bound, u_cover, v_cover, v = _certified(edges, arcs, u, rem, free_mentees, sharp_bound)
    return bound, rounds, u_cover, v_cover, u, v


def certificate(
    edges: Edges,
    idx: np.ndarray,
    weights: np.ndarray,
    u: np.ndarray,
    rem: np.ndarray,
    free_mentees: np.ndarray,
) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """From mentor duals ``u`` (weight units, >= 0) on the candidate arcs ``idx``: the
    upper bound over all eligible pairs, the dual solution behind it (mentor, mentee), and
    the mentee duals that cover the candidate set (each mentee's best ``weight - u``)."""
    arcs = _ByMentee.of(edges.mentee[idx], edges.mentor[idx], weights)
    return _certified(edges, arcs, u, rem, free_mentees)


@dataclass
class _ByMentee:
    """Candidate arcs grouped by mentee: their mentors and weights, where each mentee's
    run starts, and whose run it is."""

    mentor: np.ndarray
    weight: np.ndarray
    starts: np.ndarray
    keys: np.ndarray

    @classmethod
    def of(cls, mentee: np.ndarray, mentor: np.ndarray, weight: np.ndarray) -> _ByMentee:
        order, starts, keys = _segments(mentee)
        if order is None:
            return cls(mentor, weight, starts, keys)
        return cls(mentor[order], weight[order], starts, keys)

    def best(self, n_e: int, duals: np.ndarray) -> np.ndarray:
        """Each mentee's best ``weight - duals[mentor]`` over its arcs, and at least 0:
        the mentee duals that cover the set given mentor duals."""
        from . import auction  # Numba loads only when a solve runs

        duals = np.asarray(duals, dtype=np.int64)
        return auction.best_by_group(n_e, self.starts, self.keys, self.mentor, self.weight, duals)


def _certified(
    edges: Edges,
    arcs: _ByMentee,
    u: np.ndarray,
    rem: np.ndarray,
    free_mentees: np.ndarray,
    sharp_bound: bool = True,
) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`certificate` on arcs already grouped by mentee."""
    bound, u_cover, v_cover = _cover_left_out(edges, arcs, u, rem, free_mentees, sharp_bound)
    return bound, u_cover, v_cover, arcs.best(edges.n_mentees, u)


NOT_CUT = np.iinfo(np.int64).min // 4
"""``left_out_units`` value for a mentee whose candidate list holds all its pairs."""
HUGE_UNITS = 2**50


def left_out_units(edges: Edges) -> tuple[np.ndarray, np.ndarray]:
    """Integer bounds, in weight units (``SCALE`` per score point, plus the unit bias),
    on the pairs left out of the candidate set: every eligible pair ``(j, i)`` that is not
    in the set weighs at most ``lift[j] + price[i]``. Returns (lift per mentee, ``NOT_CUT``
    where the list is complete; price per mentor, zeros for plain top-k lists)."""
    priced = edges.cut is not None and edges.price is not None
    cut = edges.cut if priced and edges.cut is not None else edges.tau
    lift = np.full(len(cut), NOT_CUT, dtype=np.int64)
    truncated = np.isfinite(cut)
    c = cut[truncated]
    if priced and edges.price is not None:
        # float32 search: a relative margin on the magnitudes involved, plus the unit bias.
        top = float(np.abs(edges.price).max()) if edges.price.size else 0.0
        margin = (np.abs(c) + top + 1.0) * SCALE * 4e-6 + 3
        lift[truncated] = np.ceil(c * SCALE + margin).astype(np.int64)
        price = np.ceil(edges.price * SCALE).astype(np.int64)
    else:
        # Pairs outside the candidate set score at most tau (plus rounding and the unit bias).
        lift[truncated] = np.ceil(c * SCALE * (1 + 1e-6) + 3).astype(np.int64)
        price = np.zeros(edges.n_mentors, dtype=np.int64)
    # A list cut without any kept entry has tau = +inf: nothing is known about the rest.
    lift[cut == np.inf] = HUGE_UNITS
    return lift, price


def _cover_left_out(
    edges: Edges,
    arcs: _ByMentee,
    u: np.ndarray,
    rem: np.ndarray,
    free_mentees: np.ndarray,
    sharp_bound: bool = True,
) -> tuple[int, np.ndarray, np.ndarray]:
    """Turn mentor duals ``u`` on the candidate set into a dual solution that also covers
    every eligible pair left out of it; returns (bound, mentor duals, mentee duals on the
    set), in weight units.

    A left-out pair of mentee ``j`` scores at most ``tau[j]``, or, for price-adjusted lists,
    ``cut[j] + price[i]``. With prices, the mentor duals become ``max(u, price - delta)``
    and the mentee duals ``max(duals on the set, cut + delta)``, which covers every left-out
    pair for any ``delta``; the ``delta`` with the lowest bound is kept (a dozen trials, each
    a pass over the arcs). Without ``sharp_bound`` only ``delta = 0`` is tried: a valid but
    looser bound, for a caller that proves a sharper one itself.
    """
    n_e = edges.n_mentees
    lifts, unit_prices = left_out_units(edges)
    lift = lifts[free_mentees]
    truncated = lift > NOT_CUT
    lift = lift[truncated]
    p = unit_prices if edges.cut is not None and edges.price is not None else None

    def evaluate(delta: int) -> tuple[int, np.ndarray, np.ndarray]:
        duals = u if p is None else np.maximum(u, p - delta)
        v = arcs.best(n_e, duals)
        v_free = v[free_mentees]
        v_free[truncated] = np.maximum(v_free[truncated], lift + delta)
        return int((rem * duals).sum() + v_free.sum()), duals, v

    best = evaluate(0)
    if p is None or not truncated.any() or not sharp_bound:
        return best
    # Try deltas at quantiles of (price - dual) over the mentors in play, then refine.
    gaps = (p - u)[rem > 0]
    if gaps.size == 0:
        return best
    tried = {0: best[0]}
    for delta in np.unique(np.quantile(gaps, np.linspace(0, 1, 9)).astype(np.int64)):
        result = evaluate(int(delta))
        tried[int(delta)] = result[0]
        if result[0] < best[0]:
            best = result
    for _ in range(2):
        points = sorted(tried)
        at = min(points, key=lambda d: tried[d])
        i = points.index(at)
        for other in (points[i - 1] if i else None, points[i + 1] if i + 1 < len(points) else None):
            if other is None or abs(other - at) < 2:
                continue
            mid = (other + at) // 2
            if mid in tried:
                continue
            result = evaluate(mid)
            tried[mid] = result[0]
            if result[0] < best[0]:
                best = result
    return best


def unmatched_reasons(
    edges: Edges,
    caps: np.ndarray,
    rem: np.ndarray,
    locked_mentees: np.ndarray,
    lonely_mentees: np.ndarray,
    lonely_mentors: np.ndarray,
) -> tuple[list[str], list[str]]:
    """Why each unmatched mentee and mentor is left out.

    A mentor with capacity 0 "takes no mentee"; someone with no eligible partner that
    takes anyone has "no eligible partner"; someone whose eligible partners are all used
    up by locked pairs (mentors' places taken by locks, or mentees locked to others) says
    so, when the candidate set is known to hold all their eligible pairs; anyone else was
    "lost to a better overall match".
    """
    n_e, n_m = edges.n_mentees, edges.n_mentors
    locked_e = np.zeros(n_e, dtype=bool)
    locked_e[locked_mentees] = True
    takes = caps[edges.mentor] > 0
    # Eligible partners that take anyone, and those still free once the locks are placed.
    any_e = np.bincount(edges.mentee[takes], minlength=n_e) > 0
    free_e = np.bincount(edges.mentee[rem[edges.mentor] > 0], minlength=n_e) > 0
    any_m = np.bincount(edges.mentor, minlength=n_m) > 0
    free_m = np.bincount(edges.mentor[~locked_e[edges.mentee]], minlength=n_m) > 0
    # With a truncated list (finite tau) a partner outside the set may be free: say "lost".
    complete_e = ~np.isfinite(edges.tau)
    complete = bool(complete_e.all())
    mentee_reasons = []
    for j in lonely_mentees:
        if not (edges.eligible_mentee[j] and (any_e[j] or not complete_e[j])):
            mentee_reasons.append(NO_ELIGIBLE_PARTNER)
        elif complete_e[j] and not free_e[j]:
            mentee_reasons.append(LOCKED_ELSEWHERE)
        else:
            mentee_reasons.append(LOST_TO_BETTER_MATCH)
    mentor_reasons = []
    for i in lonely_mentors:
        if caps[i] == 0:
            mentor_reasons.append(NO_CAPACITY)
        elif not (edges.eligible_mentor[i] or any_m[i]):
            mentor_reasons.append(NO_ELIGIBLE_PARTNER)
        elif complete and not free_m[i]:
            mentor_reasons.append(LOCKED_ELSEWHERE)
        else:
            mentor_reasons.append(LOST_TO_BETTER_MATCH)
    return mentee_reasons, mentor_reasons


def assign(
    scores: np.ndarray | Edges,
    *,
    capacities: Sequence[int] | np.ndarray | None = None,
    locked: Sequence[tuple[int, int]] = (),
    locked_scores: Sequence[float] | None = None,
    objective: str = "total",
    start: Start | None = None,
    slack: float = 0.0,
    sharp_bound: bool = True,
) -> Assignment:
    """Best assignment of mentees (rows) to mentors (columns) on a candidate set.

    ``scores`` is a dense (mentees x mentors) matrix with NaN or ``-inf`` for forbidden
    pairs, or :class:`Edges`. Each mentee gets at most one mentor, mentor ``i`` at most
    ``capacities[i]`` mentees (default 1). ``locked`` (mentee, mentor) index pairs are
    always kept and use capacity; their scores come from ``locked_scores`` or the candidate
    set (0 when absent). ``objective`` "total" maximises the total score (exact on the
    candidate set); "fairness" matches as many mentees as possible, maximising first the
    lowest pair score, then the total. ``start`` (a :class:`Start`) only speeds the
    "total" solve up. ``slack`` (score points per mentee, default 0) lets the "total"
    solve stop within that much per mentee of the optimum on the set, in fewer auction
    phases; the upper bound stays proven. ``sharp_bound=False`` spends less on the bound
    where the lists are cut off (still a proven bound, a looser one): for a caller that
    prices the pairs left out itself. Raises ``ValueError`` for inconsistent locks.
    """
    edges = scores if isinstance(scores, Edges) else Edges.from_dense(scores)
    n_e, n_m = edges.n_mentees, edges.n_mentors
    caps = np.ones(n_m, dtype=np.int64) if capacities is None else np.asarray(capacities, np.int64)
    if caps.shape != (n_m,) or (caps < 0).any():
        raise ValueError(f"capacities must be {n_m} non-negative integers")
    lock_e = np.array([p[0] for p in locked], dtype=np.int64)
    lock_m = np.array([p[1] for p in locked], dtype=np.int64)
    if len(lock_e) and ((lock_e < 0) | (lock_e >= n_e) | (lock_m < 0) | (lock_m >= n_m)).any():
        raise ValueError("a locked pair refers to an unknown mentee or mentor")
    if len(np.unique(lock_e)) != len(lock_e):
        twice = int(np.flatnonzero(np.bincount(lock_e) > 1)[0])
        raise ValueError(f"the mentee at row {twice} appears in more than one locked pair")
    rem = caps - np.bincount(lock_m, minlength=n_m)
    if (rem < 0).any():
        i = int(np.argmin(rem))
        raise ValueError(
            f"locked pairs exceed the capacity of the mentor at column {i}: "
            f"capacity {int(caps[i])}, {int(caps[i] - rem[i])} locked"
        )
    lock_s = np.zeros(len(lock_e))
    if locked_scores is not None:
        lock_s = np.asarray(locked_scores, dtype=np.float64)
    elif len(lock_e) and len(edges):
        keys = edges.mentee * n_m + edges.mentor
        order = np.argsort(keys)
        wanted = lock_e * n_m + lock_m
        pos = np.minimum(np.searchsorted(keys[order], wanted), len(keys) - 1)
        found = keys[order][pos] == wanted
        lock_s = np.where(found, edges.score[order][pos], 0.0)

    free = np.ones(n_e, dtype=bool)
    free[lock_e] = False
    free_mentees = np.flatnonzero(free)
    idx = _free_edges(edges, rem, lock_e)
    weights = np.rint(edges.score[idx] * SCALE).astype(np.int64) + 1
    tails, heads = edges.mentee[idx], edges.mentor[idx]
    stats: dict[str, float] = {"candidate_edges": float(len(idx))}
    if objective not in ("total", "fairness"):
        raise ValueError(f"objective must be total or fairness, not {objective!r}")
    # The best total and its certificate (for fairness, the bound on what is given up).
    slack_units = int(max(0.0, slack) * SCALE)
    best, warm_prices, duals = _solve_total(
        edges, idx, weights, free_mentees, rem, start or Start(), stats, slack_units, sharp_bound
    )
    bound_w, iterations, u, v, set_u, set_v = duals
    used = best
    if objective == "fairness":
        used = _fair(n_e, n_m, tails, heads, weights, free_mentees, rem, stats)
    stats["dual_iterations"] = float(iterations)

    mentee = np.concatenate([lock_e, tails[used]])
    mentor = np.concatenate([lock_m, heads[used]])
    score = np.concatenate([lock_s, edges.score[idx][used]])
    is_locked = np.r_[np.ones(len(lock_e), dtype=bool), np.zeros(int(used.sum()), dtype=bool)]
    order = np.lexsort((mentor, mentee))
    matched_e = np.zeros(n_e, dtype=bool)
    matched_e[mentee] = True
    matched_m = np.zeros(n_m, dtype=bool)
    matched_m[mentor] = True
    lonely_e = np.flatnonzero(~matched_e)
    lonely_m = np.flatnonzero(~matched_m)
    locked_total = float(lock_s.sum())
    mentee_reasons, mentor_reasons = unmatched_reasons(edges, caps, rem, lock_e, lonely_e, lonely_m)
    return Assignment(
        mentee=mentee[order],
        mentor=mentor[order],
        score=score[order],
        locked=is_locked[order],
        unmatched_mentees=lonely_e,
        unmatched_mentee_reasons=mentee_reasons,
        unmatched_mentors=lonely_m,
        unmatched_mentor_reasons=mentor_reasons,
        total=float(score.sum()),
        upper_bound=locked_total + bound_w / SCALE,
        stats=stats,
        mentor_duals=u,
        mentee_duals=v,
        set_mentor_duals=set_u,
        warm_prices=warm_prices,
        set_mentee_duals=set_v,
        remaining_capacity=rem,
        locked_total=locked_total,
    )


def _fair(
    n_e: int,
    n_m: int,
    tails: np.ndarray,
    heads: np.ndarray,
    weights: np.ndarray,
    free_mentees: np.ndarray,
    rem: np.ndarray,
    stats: dict[str, float],
) -> np.ndarray:
    """Max-cardinality matching maximising the minimum weight, then the total."""
    size = _max_flow_size(n_e, n_m, tails, heads, free_mentees, rem)
    levels = np.unique(weights)
    lo, hi = 0, len(levels) - 1  # invariant: threshold levels[lo] keeps the full size
    while lo < hi:
        mid = (lo + hi + 1) // 2
        keep = weights >= levels[mid]
        if _max_flow_size(n_e, n_m, tails[keep], heads[keep], free_mentees, rem) == size:
            lo = mid
        else:
            hi = mid - 1
    threshold = levels[lo] if len(levels) else 0
    stats["fairness_threshold"] = float(threshold - 1) / SCALE
    keep = np.flatnonzero(weights >= threshold)
    used_sub = _flow(
        n_e, n_m, tails[keep], heads[keep], weights[keep], free_mentees, rem, unmatched_arcs=False
    )
    used = np.zeros(len(weights), dtype=bool)
    used[keep[used_sub]] = True
    return used
