"""Upper bounds: LP dual certificates on the all-pairs optimum.

Mentor duals (the auction's prices, or, where the candidate lists are cut off, the least
duals of the optimal assignment: longest alternating paths, :func:`least_mentor_duals`),
mentee duals set so every candidate pair is covered, and raised to ``tau`` (the best
score any left-out pair can have) where the candidate list was truncated. Any such dual
solution bounds the optimum over all eligible pairs. Everything here is in weight units
(:data:`.arcs.SCALE` per score point).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import kernels
from .arcs import SCALE, FreeArcs
from .auction import BUDGET_FLOOR
from .edges import Edges

DUAL_UPDATES_PER_ARC = 60
"""At most this many mentors taken per arc and mentee in :func:`least_mentor_duals`."""
DELTA_QUANTILES = 9
"""Trials of the shift between price and dual (see :func:`_cover_left_out`)..."""
DELTA_REFINEMENTS = 2
"""... and rounds of bisection around the best one."""


@dataclass
class DualBound:
    """A proven upper bound (weight units) and the dual solution behind it.

    ``mentor_duals`` / ``mentee_duals`` cover every eligible pair, left out of the
    candidate set or not; ``set_mentor_duals`` / ``set_mentee_duals`` are the optimal duals
    on the candidate set (they price the pairs outside it in column generation).
    ``rounds``: mentors taken by the dual pass (0 when it was not needed, -1 when it
    stopped early)."""

    bound: int
    rounds: int
    mentor_duals: np.ndarray
    mentee_duals: np.ndarray
    set_mentor_duals: np.ndarray
    set_mentee_duals: np.ndarray


@dataclass
class _Cover:
    bound: int
    mentor_duals: np.ndarray
    mentee_duals: np.ndarray


def least_mentor_duals(
    n_mentors: int,
    row_start: np.ndarray,
    head: np.ndarray,
    weight: np.ndarray,
    *,
    mentor_of: np.ndarray,
    weight_of: np.ndarray,
    potentials: np.ndarray | None = None,
) -> tuple[np.ndarray, int]:
    """The least mentor duals of an optimal assignment (CSR arcs per mentee; each
    mentee's mentor, or -1, and that pair's weight): the least fix-point of
    ``u[i] = max(0, max_j w[j, i] - v[j])`` with ``v[j] = w[j, m(j)] - u[m(j)]`` for a
    matched mentee and 0 otherwise, i.e. longest alternating paths. Returns (duals,
    mentors taken), or the duals reached so far and -1 when the pass ran past its budget
    (they then cover the arcs only once the caller recomputes the mentee duals).

    Mentors are taken in order of least ``potentials - u``. With any feasible duals of
    the same assignment as ``potentials`` (the auction's prices), that is Dijkstra's
    order on the alternating paths (the reduced weights are never positive): each mentor
    is taken about once, where a first-in first-out queue takes each mentee many times.
    Any potentials give the same duals; only the work differs."""
    n = len(row_start) - 1
    u = np.zeros(n_mentors, dtype=np.int64)
    matched = np.flatnonzero(mentor_of >= 0)
    held_by = matched[np.argsort(mentor_of[matched], kind="stable")]
    held_start = np.zeros(n_mentors + 1, dtype=np.int64)
    held_start[1:] = np.cumsum(np.bincount(mentor_of[matched], minlength=n_mentors))
    if potentials is None:
        potentials = np.zeros(n_mentors, dtype=np.int64)
    budget = DUAL_UPDATES_PER_ARC * (len(head) + n) + BUDGET_FLOOR
    taken = kernels.duals.least_duals(
        row_start, head, weight.astype(np.int64), np.asarray(weight_of, dtype=np.int64),
        held_start, held_by.astype(np.int64), np.asarray(potentials, dtype=np.int64), u, budget,
    )  # fmt: skip
    return u, int(taken)


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


@dataclass
class MenteeArcs:
    """Candidate arcs grouped by mentee: their mentors and weights, where each mentee's
    run starts, and whose run it is."""

    mentor: np.ndarray
    weight: np.ndarray
    starts: np.ndarray
    keys: np.ndarray

    @classmethod
    def of(cls, mentee: np.ndarray, mentor: np.ndarray, weight: np.ndarray) -> MenteeArcs:
        order, starts, keys = _segments(mentee)
        if order is None:
            return cls(mentor, weight, starts, keys)
        return cls(mentor[order], weight[order], starts, keys)

    def row_start(self, n_mentees: int) -> np.ndarray:
        """Where each mentee's arcs start (CSR, ``n_mentees + 1`` entries)."""
        row_start = np.zeros(n_mentees + 1, dtype=np.int64)
        np.add.at(row_start, self.keys + 1, np.diff(np.r_[self.starts, len(self.mentor)]))
        return np.cumsum(row_start)

    def best(self, n_e: int, duals: np.ndarray) -> np.ndarray:
        """Each mentee's best ``weight - duals[mentor]`` over its arcs, and at least 0:
        the mentee duals that cover the set given mentor duals."""
        duals = np.asarray(duals, dtype=np.int64)
        return kernels.duals.best_by_group(
            n_e, self.starts, self.keys, self.mentor, self.weight, duals
        )


def dual_bound(
    edges: Edges,
    arcs: FreeArcs,
    used: np.ndarray,
    *,
    slack: int = 0,
    potentials: np.ndarray | None = None,
    sharp_bound: bool = True,
) -> DualBound:
    """Upper bound on the best matching over all eligible pairs of the free mentees, from
    an assignment ``used`` (flags over ``arcs``) within ``slack`` weight units per mentee
    of the optimum on the set. Mentee duals of the covering solution cover the set only
    where the lists are complete (see :func:`_cover_left_out`).

    Mentor duals ``u`` grow from 0 to the least fix-point of
    ``u[i] = max(0, max_j w[i, j] - v[j])`` with ``v[j] = w[m(j), j] - u[m(j)]`` for a
    matched mentee and 0 otherwise (complementary slackness): a longest-path computation on
    alternating paths (:func:`least_mentor_duals`). With ``slack``, each mentee's choice
    (its pair, or none) counts ``slack`` more: the assignment is then optimal for those
    weights, so the fix-point exists, and its duals, which cover the higher weights, cover
    the true ones. ``potentials`` (the auction's prices, when there are) only order that
    computation. ``sharp_bound`` as in :func:`_cover_left_out`.
    """
    n_e = edges.n_mentees
    mentor_of = np.full(n_e, -1, dtype=np.int64)
    mentor_of[arcs.mentee[used]] = arcs.mentor[used]
    weight_of = np.full(n_e, slack, dtype=np.int64)
    weight_of[arcs.mentee[used]] += arcs.weight[used]
    # Arcs grouped by mentee (CSR) for the label-correcting pass.
    by_mentee = MenteeArcs.of(arcs.mentee, arcs.mentor, arcs.weight)
    u, rounds = least_mentor_duals(
        edges.n_mentors,
        by_mentee.row_start(n_e),
        by_mentee.mentor,
        by_mentee.weight,
        mentor_of=mentor_of,
        weight_of=weight_of,
        potentials=potentials,
    )
    return _certified(edges, arcs, by_mentee, u, rounds=rounds, sharp_bound=sharp_bound)


def certificate(edges: Edges, arcs: FreeArcs, mentor_duals: np.ndarray) -> DualBound:
    """From mentor duals (weight units, >= 0) on ``arcs``: the upper bound over all
    eligible pairs, the dual solution behind it, and the mentee duals that cover the
    candidate set (each mentee's best ``weight - u``)."""
    by_mentee = MenteeArcs.of(arcs.mentee, arcs.mentor, arcs.weight)
    return _certified(edges, arcs, by_mentee, mentor_duals, rounds=0, sharp_bound=True)


def _certified(
    edges: Edges,
    arcs: FreeArcs,
    by_mentee: MenteeArcs,
    u: np.ndarray,
    *,
    rounds: int,
    sharp_bound: bool,
) -> DualBound:
    """:func:`certificate` on arcs already grouped by mentee."""
    cover = _cover_left_out(edges, arcs, by_mentee, u, sharp_bound)
    return DualBound(
        bound=cover.bound,
        rounds=rounds,
        mentor_duals=cover.mentor_duals,
        mentee_duals=cover.mentee_duals,
        set_mentor_duals=u,
        set_mentee_duals=by_mentee.best(edges.n_mentees, u),
    )


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
    edges: Edges, arcs: FreeArcs, by_mentee: MenteeArcs, u: np.ndarray, sharp_bound: bool
) -> _Cover:
    """Turn mentor duals ``u`` on the candidate set into a dual solution that also covers
    every eligible pair left out of it (bound, mentor duals, mentee duals on the set).

    A left-out pair of mentee ``j`` scores at most ``tau[j]``, or, for price-adjusted lists,
    ``cut[j] + price[i]``. With prices, the mentor duals become ``max(u, price - delta)``
    and the mentee duals ``max(duals on the set, cut + delta)``, which covers every left-out
    pair for any ``delta``; the ``delta`` with the lowest bound is kept (a dozen trials, each
    a pass over the arcs). Without ``sharp_bound`` only ``delta = 0`` is tried: a valid but
    looser bound, for a caller that proves a sharper one itself.
    """
    lifts, unit_prices = left_out_units(edges)
    lift = lifts[arcs.free_mentees]
    truncated = lift > NOT_CUT
    priced = edges.cut is not None and edges.price is not None

    def cover(delta: int) -> _Cover:
        duals = np.maximum(u, unit_prices - delta) if priced else u
        v = by_mentee.best(edges.n_mentees, duals)
        v_free = v[arcs.free_mentees]
        v_free[truncated] = np.maximum(v_free[truncated], lift[truncated] + delta)
        return _Cover(int((arcs.places_left * duals).sum() + v_free.sum()), duals, v)

    if not priced or not truncated.any() or not sharp_bound:
        return cover(0)
    # Try deltas at quantiles of (price - dual) over the mentors in play, then refine.
    gaps = (unit_prices - u)[arcs.places_left > 0]
    if gaps.size == 0:
        return cover(0)
    return _lowest_cover(cover, gaps)


def _lowest_cover(cover: Callable[[int], _Cover], gaps: np.ndarray) -> _Cover:
    """The cover with the lowest bound over a few shifts ``delta``: quantiles of ``gaps``,
    then a few bisections between the best one and its neighbours."""
    best = cover(0)
    tried = {0: best.bound}
    for delta in np.unique(np.quantile(gaps, np.linspace(0, 1, DELTA_QUANTILES)).astype(np.int64)):
        result = cover(int(delta))
        tried[int(delta)] = result.bound
        if result.bound < best.bound:
            best = result
    for _ in range(DELTA_REFINEMENTS):
        points = sorted(tried)
        at = min(points, key=lambda d: tried[d])
        i = points.index(at)
        for other in (points[i - 1] if i else None, points[i + 1] if i + 1 < len(points) else None):
            if other is None or abs(other - at) < 2:
                continue
            mid = (other + at) // 2
            if mid in tried:
                continue
            result = cover(mid)
            tried[mid] = result.bound
            if result.bound < best.bound:
                best = result
    return best
