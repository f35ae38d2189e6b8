"""Optimal assignment on a candidate set, with capacities, locks and a certificate.

:func:`assign` places the locked pairs, then solves the open arcs (:mod:`.arcs`) for the
objective: the best total (:mod:`.total`, with its dual certificate from :mod:`.duals`),
or fairness (:func:`.flows.fairest`); and names why everyone left out is
(:mod:`.unmatched`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from . import dense
from .arcs import SCALE, FreeArcs
from .duals import DualBound, dual_bound
from .edges import Edges
from .flows import fairest
from .total import Start, TotalSolution, solve_total
from .unmatched import matrix_reasons, unmatched_reasons

OBJECTIVES = ("total", "fairness")


@dataclass
class Assignment:
    """Index-level result of :func:`assign`: matched (mentee, mentor) pairs and the rest.

    ``mentor_duals`` / ``mentee_duals`` (weight units, ``SCALE`` per point) are the dual
    solution behind ``upper_bound``; ``set_mentor_duals`` / ``set_mentee_duals`` the optimal
    duals on the candidate set (they price the pairs outside it in column generation);
    ``warm_prices`` the solver's mentor prices unrounded (see :meth:`as_start`). Where
    the solver did not produce them (the dense exact path) they are computed on first
    read.
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
    remaining_capacity: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    locked_total: float = 0.0
    solution: TotalSolution | None = field(default=None, repr=False, compare=False)

    def _duals(self) -> DualBound:
        if self.solution is None:
            n_m = len(self.remaining_capacity)
            empty = np.zeros(n_m, dtype=np.int64)
            return DualBound(0, 0, empty, np.zeros(0, dtype=np.int64), empty, empty)
        return self.solution.duals()

    @property
    def mentor_duals(self) -> np.ndarray:
        return self._duals().mentor_duals

    @property
    def mentee_duals(self) -> np.ndarray:
        return self._duals().mentee_duals

    @property
    def set_mentor_duals(self) -> np.ndarray:
        return self._duals().set_mentor_duals

    @property
    def set_mentee_duals(self) -> np.ndarray:
        return self._duals().set_mentee_duals

    @property
    def warm_prices(self) -> np.ndarray:
        if self.solution is None:
            return np.zeros(len(self.remaining_capacity))
        return self.solution.warm_prices()

    def as_start(self) -> Start:
        """A warm start for a solve on more candidates: these prices and free pairs."""
        free = ~self.locked
        return Start(self.warm_prices / SCALE, self.mentee[free], self.mentor[free])


@dataclass
class _Locks:
    """The locked pairs (mentee, mentor, score) and the places each mentor has left."""

    mentee: np.ndarray
    mentor: np.ndarray
    score: np.ndarray
    places_left: np.ndarray


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
    if not isinstance(scores, Edges) and not locked and objective == "total":
        # A plain score matrix: solved straight from it where the dense path takes it.
        quick = _from_matrix(scores, capacities)
        if quick is not None:
            return quick
    edges = scores if isinstance(scores, Edges) else Edges.from_dense(scores)
    caps = _capacities(capacities, edges.n_mentors)
    locks = _placed_locks(edges, caps, locked, locked_scores)
    arcs = FreeArcs.of(edges, locks.places_left, locks.mentee)
    stats: dict[str, float] = {"candidate_edges": float(len(arcs))}
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be total or fairness, not {objective!r}")
    # The best total and its certificate (for fairness, the bound on what is given up).
    best = solve_total(
        edges,
        arcs,
        start=start or Start(),
        stats=stats,
        slack=int(max(0.0, slack) * SCALE),
        sharp_bound=sharp_bound,
    )
    used = fairest(arcs, stats) if objective == "fairness" else best.used
    assert used is not None  # solve_total flags the arcs it used
    stats["dual_iterations"] = float(best.rounds)
    return _assembled(edges, arcs, used, locks=locks, caps=caps, best=best, stats=stats)


def _from_matrix(
    scores: np.ndarray, capacities: Sequence[int] | np.ndarray | None
) -> Assignment | None:
    """:func:`assign` on a complete score matrix with no locks, by the dense path
    without building the candidate set (see :func:`.dense.solve_matrix`); its duals,
    which need the candidate set, are computed only when read. None when the dense path
    would not take the matrix."""
    # Contiguous: the compiled solver is compiled (at install) for C-ordered arrays only.
    matrix = np.ascontiguousarray(scores, dtype=np.float64)
    if matrix.ndim != 2:
        raise ValueError("a dense score matrix must be 2-dimensional (mentees x mentors)")
    n_m = matrix.shape[1]
    caps = np.ascontiguousarray(_capacities(capacities, n_m))
    solved = dense.solve_matrix(matrix, caps)
    if solved is None:
        return None
    unmatched_e, unmatched_m = solved.unmatched_mentees, solved.unmatched_mentors
    reasons = matrix_reasons(
        caps, solved.mentee_has_candidate, solved.mentor_has_candidate, unmatched_e, unmatched_m
    )
    score = matrix[solved.mentee, solved.mentor]
    bound = int(solved.units.sum())
    kept = matrix.copy()  # the duals are computed later: from the matrix as given now

    def dual_source() -> tuple[np.ndarray, DualBound]:
        edges = Edges.from_dense(kept)
        arcs = FreeArcs.of(edges, caps, np.zeros(0, dtype=np.int64))
        keys = arcs.mentee * n_m + arcs.mentor  # ordered: the matrix read row by row
        used = np.zeros(len(arcs), dtype=bool)
        used[np.searchsorted(keys, solved.mentee * n_m + solved.mentor)] = True
        duals = dual_bound(edges, arcs, used)
        return duals.set_mentor_duals.astype(np.float64), duals

    return Assignment(
        mentee=solved.mentee,
        mentor=solved.mentor,
        score=score,
        locked=np.zeros(len(score), dtype=bool),
        unmatched_mentees=unmatched_e,
        unmatched_mentee_reasons=reasons.mentees,
        unmatched_mentors=unmatched_m,
        unmatched_mentor_reasons=reasons.mentors,
        total=float(score.sum()),
        upper_bound=bound / SCALE,
        stats={
            "candidate_edges": float(solved.candidates),
            "dense_cells": float(solved.cells),
            "dual_iterations": 0.0,
        },
        solution=TotalSolution(None, bound, 0, dual_source),
        remaining_capacity=caps,
    )


def _capacities(capacities: Sequence[int] | np.ndarray | None, n_mentors: int) -> np.ndarray:
    if capacities is None:
        return np.ones(n_mentors, dtype=np.int64)
    caps = np.asarray(capacities, np.int64)
    if caps.shape != (n_mentors,) or (caps < 0).any():
        raise ValueError(f"capacities must be {n_mentors} non-negative integers")
    return caps


def _placed_locks(
    edges: Edges,
    caps: np.ndarray,
    locked: Sequence[tuple[int, int]],
    locked_scores: Sequence[float] | None,
) -> _Locks:
    """The locked pairs, checked (known people, a mentee once, within capacities), and
    their scores: given, or read off the candidate set (0 when absent)."""
    n_e, n_m = edges.n_mentees, edges.n_mentors
    lock_e = np.array([p[0] for p in locked], dtype=np.int64)
    lock_m = np.array([p[1] for p in locked], dtype=np.int64)
    if len(lock_e) and ((lock_e < 0) | (lock_e >= n_e) | (lock_m < 0) | (lock_m >= n_m)).any():
        raise ValueError("a locked pair refers to an unknown mentee or mentor")
    if len(np.unique(lock_e)) != len(lock_e):
        twice = int(np.flatnonzero(np.bincount(lock_e) > 1)[0])
        raise ValueError(f"the mentee at row {twice} appears in more than one locked pair")
    places_left = caps - np.bincount(lock_m, minlength=n_m)
    if (places_left < 0).any():
        i = int(np.argmin(places_left))
        raise ValueError(
            f"locked pairs exceed the capacity of the mentor at column {i}: "
            f"capacity {int(caps[i])}, {int(caps[i] - places_left[i])} locked"
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
    return _Locks(lock_e, lock_m, lock_s, places_left)


def _assembled(
    edges: Edges,
    arcs: FreeArcs,
    used: np.ndarray,
    *,
    locks: _Locks,
    caps: np.ndarray,
    best: TotalSolution,
    stats: dict[str, float],
) -> Assignment:
    """The locked pairs and the arcs ``used``, by mentee then mentor, the people left out
    with their reasons, and the bound and duals of the best total."""
    n_e, n_m = edges.n_mentees, edges.n_mentors
    mentee = np.concatenate([locks.mentee, arcs.mentee[used]])
    mentor = np.concatenate([locks.mentor, arcs.mentor[used]])
    score = np.concatenate([locks.score, edges.score[arcs.index][used]])
    is_locked = np.r_[np.ones(len(locks.mentee), dtype=bool), np.zeros(int(used.sum()), dtype=bool)]
    order = np.lexsort((mentor, mentee))
    matched_e = np.zeros(n_e, dtype=bool)
    matched_e[mentee] = True
    matched_m = np.zeros(n_m, dtype=bool)
    matched_m[mentor] = True
    unmatched_mentees = np.flatnonzero(~matched_e)
    unmatched_mentors = np.flatnonzero(~matched_m)
    locked_total = float(locks.score.sum())
    reasons = unmatched_reasons(
        edges,
        capacities=caps,
        places_left=locks.places_left,
        locked_mentees=locks.mentee,
        unmatched_mentees=unmatched_mentees,
        unmatched_mentors=unmatched_mentors,
    )
    return Assignment(
        mentee=mentee[order],
        mentor=mentor[order],
        score=score[order],
        locked=is_locked[order],
        unmatched_mentees=unmatched_mentees,
        unmatched_mentee_reasons=reasons.mentees,
        unmatched_mentors=unmatched_mentors,
        unmatched_mentor_reasons=reasons.mentors,
        total=float(score.sum()),
        upper_bound=locked_total + best.bound / SCALE,
        stats=stats,
        solution=best,
        remaining_capacity=locks.places_left,
        locked_total=locked_total,
    )
