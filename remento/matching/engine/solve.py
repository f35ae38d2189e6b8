"""Optimal assignment on a candidate set, with capacities, locks and a certificate.

The solve is a min-cost flow (OR-Tools ``SimpleMinCostFlow``, integer costs): every free
mentee sends one unit either to a mentor it is a candidate of (cost ``-score``) or along an
"unmatched" arc to the sink (cost one unit, so that a zero-score pair still beats leaving
someone alone), and each mentor passes at most its remaining capacity to the sink.
Scores are scaled to integers with ``SCALE``: totals are exact to 1e-6 per pair.

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
from .model import LOST_TO_BETTER_MATCH, NO_ELIGIBLE_PARTNER

SCALE = 1_000_000
DUAL_ITERATIONS = 300


@dataclass
class Assignment:
    """Index-level result of :func:`assign`: matched (mentee, mentor) pairs and the rest."""

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
) -> tuple[int, int, np.ndarray, np.ndarray]:
    """Upper bound (in weight units) on the best matching over all eligible pairs of the
    free mentees; returns (bound, rounds used, mentor duals, mentee duals).

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
    v = np.zeros(n_e, dtype=np.int64)
    if len(ej_s):
        v[mentee_keys] = np.maximum(np.maximum.reduceat(w_s - u[ei_s], mentee_starts), 0)
    # Pairs outside the candidate set score at most tau (plus rounding and the unit bias).
    tau = edges.tau[free_mentees]
    truncated = np.isfinite(tau)
    lifted = np.ceil(tau[truncated] * SCALE * (1 + 1e-6) + 3).astype(np.int64)
    v_free = v[free_mentees]
    v_free[truncated] = np.maximum(v_free[truncated], lifted)
    return int((rem * u).sum() + v_free.sum()), rounds, u, v


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
        raise ValueError("a mentee appears in more than one locked pair")
    rem = caps - np.bincount(lock_m, minlength=n_m)
    if (rem < 0).any():
        raise ValueError(f"locked pairs exceed the capacity of mentor {int(np.argmin(rem))}")
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
    if objective == "fairness":
        used = _fair(n_e, n_m, tails, heads, weights, free_mentees, rem, stats)
    elif objective == "total":
        used = _flow(n_e, n_m, tails, heads, weights, free_mentees, rem, unmatched_arcs=True)
    else:
        raise ValueError(f"objective must be total or fairness, not {objective!r}")
    if objective == "total":
        bound_w, iterations, u, v = dual_bound(edges, idx, weights, used, rem, free_mentees)
    else:
        best = _flow(n_e, n_m, tails, heads, weights, free_mentees, rem, unmatched_arcs=True)
        bound_w, iterations, u, v = dual_bound(edges, idx, weights, best, rem, free_mentees)
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
    # A mentor who takes nobody (capacity 0) is no partner at all.
    reachable = edges.eligible_mentee & (
        np.bincount(edges.mentee[caps[edges.mentor] > 0], minlength=n_e) > 0
    )
    return Assignment(
        mentee=mentee[order],
        mentor=mentor[order],
        score=score[order],
        locked=is_locked[order],
        unmatched_mentees=lonely_e,
        unmatched_mentee_reasons=[
            LOST_TO_BETTER_MATCH if reachable[j] else NO_ELIGIBLE_PARTNER for j in lonely_e
        ],
        unmatched_mentors=lonely_m,
        unmatched_mentor_reasons=[
            LOST_TO_BETTER_MATCH if edges.eligible_mentor[i] else NO_ELIGIBLE_PARTNER
            for i in lonely_m
        ],
        total=float(score.sum()),
        upper_bound=locked_total + bound_w / SCALE,
        stats=stats,
        mentor_duals=u,
        mentee_duals=v,
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
