"""Optimal assignment on a candidate set, with capacities, locks and a certificate.

The solve is a min-cost flow (OR-Tools ``SimpleMinCostFlow``, integer costs): every free
mentee sends one unit either to a mentor it is a candidate of (cost ``-score``) or along an
"unmatched" arc to the sink (cost one unit, so that a zero-score pair still beats leaving
someone alone), and each mentor passes at most its remaining capacity to the sink.
Scores are scaled to integers with ``SCALE``: totals are exact to 1e-6 per pair. A big,
dense candidate set (all pairs of a medium cohort) is solved the same way but on a few
candidates per person first, adding the pairs with a positive reduced cost until there are
none: the duals then prove the result optimal on the whole set (see ``_by_columns``).

The upper bound is an LP dual certificate: dual values for mentors are read off the optimal
flow by complementary slackness (a Bellman–Ford style fix-point on the alternating paths),
mentee duals are then set so every candidate pair is covered, and raised to ``tau`` (the
best score any left-out pair can have) where the candidate list was truncated. Any such
dual solution bounds the optimum over all eligible pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

from .candidates import Edges
from .model import LOCKED_ELSEWHERE, LOST_TO_BETTER_MATCH, NO_CAPACITY, NO_ELIGIBLE_PARTNER

SCALE = 1_000_000
DUAL_ITERATIONS = 300
# Column generation inside a big dense candidate set (see _by_columns).
COLUMNS_MIN_EDGES = 40_000
COLUMNS_DENSE_CELLS = 16_000_000
COLUMNS_MIN_DENSITY = 0.2
COLUMNS_START_K = 8
COLUMNS_ADD_K = 4
COLUMNS_ROUNDS = 30


@dataclass
class Assignment:
    """Index-level result of :func:`assign`: matched (mentee, mentor) pairs and the rest.

    ``mentor_duals`` / ``mentee_duals`` (weight units, ``SCALE`` per point) are the dual
    solution behind ``upper_bound``; ``set_mentor_duals`` / ``set_mentee_duals`` the optimal
    duals on the candidate set (they price the pairs outside it in column generation).
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


def _top_per_row(values: np.ndarray, k: int, axis: int = 1) -> np.ndarray:
    """Indices of the k largest entries along ``axis`` (any order within the k): column
    indices per row (rows x k), or with ``axis=0`` row indices per column (k x columns)."""
    size = values.shape[axis]
    if k >= size:
        shape = (1, size) if axis == 1 else (size, 1)
        return np.broadcast_to(np.arange(size).reshape(shape), values.shape)
    part = np.argpartition(values, size - k, axis=axis)
    return part[:, size - k :] if axis == 1 else part[size - k :, :]


def _by_columns(
    n_e: int,
    n_m: int,
    tails: np.ndarray,
    heads: np.ndarray,
    weights: np.ndarray,
    free_mentees: np.ndarray,
    rem: np.ndarray,
    stats: dict[str, float],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int] | None:
    """The min-cost flow of :func:`_flow` on a big, dense candidate set, solved on a few
    candidates per person and grown by column generation until no candidate pair has a
    positive reduced cost: then the duals cover every pair, so the result is optimal on
    the whole set (exactly, in integer weights). Returns (used flags, mentor duals, mentee
    duals, bound), or None when the set is too small or too sparse to gain, or when the
    duals do not prove optimality (the caller then solves the whole set).
    """
    n_f = len(free_mentees)
    cells = n_f * n_m
    if len(tails) < COLUMNS_MIN_EDGES or cells > COLUMNS_DENSE_CELLS:
        return None
    if len(tails) < COLUMNS_MIN_DENSITY * cells:
        return None  # a sparse set: one flow on it is cheaper than its dense picture
    row_of = np.full(n_e, -1, dtype=np.int64)
    row_of[free_mentees] = np.arange(n_f)
    rows = row_of[tails]
    # The candidate set as a dense matrix: weight, or -1 where absent (never improving);
    # in 32 bits when the weights allow (half the memory traffic per round).
    small = len(weights) == 0 or int(np.abs(weights).max()) < 2**29
    kind = np.int32 if small else np.int64
    dense = np.full((n_f, n_m), -1, dtype=kind)
    dense[rows, heads] = weights
    where = np.full((n_f, n_m), -1, dtype=np.int64 if len(tails) >= 2**31 else np.int32)
    where[rows, heads] = np.arange(len(tails))
    chosen = np.zeros((n_f, n_m), dtype=bool)
    # Start: each mentee's and each mentor's best few candidates.
    chosen[np.arange(n_f)[:, None], _top_per_row(dense, COLUMNS_START_K)] = True
    chosen[_top_per_row(dense, COLUMNS_START_K, axis=0), np.arange(n_m)[None, :]] = True
    chosen &= dense >= 0
    for rounds in range(1, COLUMNS_ROUNDS + 1):
        r, c = np.nonzero(chosen)
        w = dense[r, c]
        used = _flow(n_e, n_m, free_mentees[r], c, w, free_mentees, rem, unmatched_arcs=True)
        sub = Edges(
            free_mentees[r],
            c,
            w.astype(np.float64),
            n_e,
            n_m,
            np.full(n_e, -np.inf),
            np.ones(n_e, dtype=bool),
            np.ones(n_m, dtype=bool),
        )
        _, _, _, _, u, v = dual_bound(sub, np.arange(len(r)), w, used, rem, free_mentees)
        u_k, v_k = u.astype(kind), v[free_mentees].astype(kind)
        if not small or max(int(u.max(initial=0)), int(v.max(initial=0))) >= 2**29:
            u_k, v_k = u, v[free_mentees]
        reduced = dense - u_k[None, :]
        reduced -= v_k[:, None]
        violated = reduced > 0
        if not violated.any():
            bound = int((rem * u).sum() + v[free_mentees].sum())
            if bound != int(w[used].sum()):
                return None  # the dual pass stopped early: no proof
            stats["column_rounds"] = float(rounds)
            stats["column_edges"] = float(len(r))
            flags = np.zeros(len(tails), dtype=bool)
            flags[where[r[used], c[used]]] = True
            return flags, u, v, bound
        # Add each mentee's most violated pairs.
        bad_rows = np.flatnonzero(violated.any(axis=1))
        block = np.where(violated[bad_rows], reduced[bad_rows], -1)
        pick = _top_per_row(block, COLUMNS_ADD_K)
        take = np.take_along_axis(block, pick, axis=1) > 0
        chosen[np.repeat(bad_rows, pick.shape[1])[take.ravel()], pick[take]] = True
    return None


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


def _segments(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Order sorting ``keys``, the start of each run of equal keys, and each run's key."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = (
        np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        if len(keys)
        else (np.zeros(0, dtype=np.int64))
    )
    return order, starts, sorted_keys[starts]


def dual_bound(
    edges: Edges,
    idx: np.ndarray,
    weights: np.ndarray,
    used: np.ndarray,
    rem: np.ndarray,
    free_mentees: np.ndarray,
) -> tuple[int, int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Upper bound (in weight units) on the best matching over all eligible pairs of the
    free mentees; returns (bound, rounds used, mentor duals, mentee duals, and the optimal
    duals on the candidate set, mentor then mentee). The first pair is the dual solution
    behind the bound (see :func:`_cover_left_out`); mentee duals there cover the set only.

    Mentor duals ``u`` grow from 0 to the least fix-point of
    ``u[i] = max(0, max_j w[i, j] - v[j])`` with ``v[j] = w[m(j), j] - u[m(j)]`` for a
    matched mentee and 0 otherwise (complementary slackness): a longest-path computation on
    alternating paths, done label-correcting style so that each round only revisits the
    mentees whose mentor's dual moved.
    """
    n_e, n_m = edges.n_mentees, edges.n_mentors
    e_j, e_i = edges.mentee[idx], edges.mentor[idx]
    matched_j, matched_i, matched_w = e_j[used], e_i[used], weights[used]
    mentor_of = np.full(n_e, -1, dtype=np.int64)
    mentor_of[matched_j] = matched_i
    weight_of = np.zeros(n_e, dtype=np.int64)
    weight_of[matched_j] = matched_w
    # Edges grouped by mentee (CSR) for the rounds, by mentor for the first full pass.
    by_mentee, mentee_starts, mentee_keys = _segments(e_j)
    row_start = np.zeros(n_e + 1, dtype=np.int64)
    np.add.at(row_start, mentee_keys + 1, np.diff(np.r_[mentee_starts, len(e_j)]))
    row_start = np.cumsum(row_start)
    ej_s, ei_s, w_s = e_j[by_mentee], e_i[by_mentee], weights[by_mentee]

    u = np.zeros(n_m, dtype=np.int64)
    v = weight_of.copy()
    np.maximum.at(u, ei_s, w_s - v[ej_s])
    changed = np.flatnonzero(u > 0)
    rounds = 0
    while changed.size and rounds < DUAL_ITERATIONS:
        rounds += 1
        moved = np.zeros(n_m, dtype=bool)
        moved[changed] = True
        affected = matched_j[moved[matched_i]]
        if affected.size == 0:
            break
        v[affected] = weight_of[affected] - u[mentor_of[affected]]
        lengths = row_start[affected + 1] - row_start[affected]
        offsets = np.repeat(row_start[affected] - np.cumsum(np.r_[0, lengths[:-1]]), lengths)
        pos = offsets + np.arange(int(lengths.sum()))
        before = u.copy()
        np.maximum.at(u, ei_s[pos], w_s[pos] - v[ej_s[pos]])
        changed = np.flatnonzero(u > before)
    bound, u_cover, v_cover = _cover_left_out(
        edges, ei_s, w_s, mentee_starts, mentee_keys, u, rem, free_mentees
    )
    v = np.zeros(n_e, dtype=np.int64)
    if len(w_s):
        v[mentee_keys] = np.maximum(np.maximum.reduceat(w_s - u[ei_s], mentee_starts), 0)
    return bound, rounds, u_cover, v_cover, u, v


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
    ei_s: np.ndarray,
    w_s: np.ndarray,
    mentee_starts: np.ndarray,
    mentee_keys: np.ndarray,
    u: np.ndarray,
    rem: np.ndarray,
    free_mentees: np.ndarray,
) -> tuple[int, np.ndarray, np.ndarray]:
    """Turn mentor duals ``u`` on the candidate set into a dual solution that also covers
    every eligible pair left out of it; returns (bound, mentor duals, mentee duals on the
    set), in weight units.

    A left-out pair of mentee ``j`` scores at most ``tau[j]``, or, for price-adjusted lists,
    ``cut[j] + price[i]``. With prices, the mentor duals become ``max(u, price - delta)``
    and the mentee duals ``max(duals on the set, cut + delta)``, which covers every left-out
    pair for any ``delta``; the ``delta`` with the lowest bound is kept (a few trials).
    """
    n_e = edges.n_mentees

    def on_set(duals: np.ndarray) -> np.ndarray:
        out = np.zeros(n_e, dtype=np.int64)
        if len(w_s):
            out[mentee_keys] = np.maximum(np.maximum.reduceat(w_s - duals[ei_s], mentee_starts), 0)
        return out

    lifts, unit_prices = left_out_units(edges)
    lift = lifts[free_mentees]
    truncated = lift > NOT_CUT
    lift = lift[truncated]
    p = unit_prices if edges.cut is not None and edges.price is not None else None

    def evaluate(delta: int) -> tuple[int, np.ndarray, np.ndarray]:
        duals = u if p is None else np.maximum(u, p - delta)
        v = on_set(duals)
        v_free = v[free_mentees]
        v_free[truncated] = np.maximum(v_free[truncated], lift + delta)
        return int((rem * duals).sum() + v_free.sum()), duals, v

    best = evaluate(0)
    if p is None or not truncated.any():
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
) -> Assignment:
    """Best assignment of mentees (rows) to mentors (columns) on a candidate set.

    ``scores`` is a dense (mentees x mentors) matrix with NaN or ``-inf`` for forbidden
    pairs, or :class:`Edges`. Each mentee gets at most one mentor, mentor ``i`` at most
    ``capacities[i]`` mentees (default 1). ``locked`` (mentee, mentor) index pairs are
    always kept and use capacity; their scores come from ``locked_scores`` or the candidate
    set (0 when absent). ``objective`` "total" maximises the total score (exact on the
    candidate set); "fairness" matches as many mentees as possible, maximising first the
    lowest pair score, then the total. Raises ``ValueError`` for inconsistent locks.
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
    columns = None
    if objective == "fairness":
        used = _fair(n_e, n_m, tails, heads, weights, free_mentees, rem, stats)
    elif objective == "total":
        columns = _by_columns(n_e, n_m, tails, heads, weights, free_mentees, rem, stats)
        if columns is None:
            used = _flow(n_e, n_m, tails, heads, weights, free_mentees, rem, unmatched_arcs=True)
        else:
            used, exact_u, exact_v, exact_bound = columns
    else:
        raise ValueError(f"objective must be total or fairness, not {objective!r}")
    complete = not np.isfinite(edges.tau[free_mentees]).any()
    if objective == "total" and columns is not None and complete:
        # Column generation proved these duals cover every candidate pair.
        bound_w, iterations, u, v, set_u, set_v = exact_bound, 0, exact_u, exact_v, exact_u, exact_v
    elif objective == "total":
        bound_w, iterations, u, v, set_u, set_v = dual_bound(
            edges, idx, weights, used, rem, free_mentees
        )
    else:
        best = _flow(n_e, n_m, tails, heads, weights, free_mentees, rem, unmatched_arcs=True)
        bound_w, iterations, u, v, set_u, set_v = dual_bound(
            edges, idx, weights, best, rem, free_mentees
        )
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
