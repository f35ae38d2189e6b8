"""The exact dense path: the best total on a complete candidate set by the shortest
augmenting path method in integer weight units (:mod:`.kernels.dense`, compiled), or for
a tiny one by the same method in NumPy (:func:`small_assignment`).

On a matrix where most pairs are candidates (every eligible pair of a small or medium
cohort: up to a smaller side of :data:`DENSE_SIDE`) it beats the sparse auction of
:mod:`.auction` and SciPy's ``linear_sum_assignment`` alike (``bench/assignment.py``,
figures in docs/performance.md): it starts from each row's best column, puts the mentor
places on the rows (the quicker side on cohort matrices) and reads the float scores
straight into integer weights in one pass.

A mentor with ``c`` places left becomes ``c`` columns (at most one per free mentee);
pairs that are not candidates weigh 0. All candidate weights are at least 1 unit (the
unit bias of :mod:`.arcs`), so a maximum-weight assignment of the whole matrix, its
0-weight entries dropped, is a maximum-weight matching of the candidate pairs: the same
optimum as the auction's, in the same integer units. The solver is deterministic, and
the engine hands it the people in id order, so ties are broken the same way every run.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass

import numpy as np

from . import kernels
from .arcs import SCALE, FreeArcs

DENSE_CELLS = 4_000_000
"""At most this many cells (free mentees x mentor places) go to the dense solver: 32 MB
of float64 weights, within the exact path's default of 4 million pairs..."""

DENSE_SIDE = 2_000
"""... and its smaller side (mentees or places) at most this many: the solve's time grows
with the cube of it (on a square cohort of 1,600 it still took half the auction's time,
``bench/assignment.py``)."""

SMALL_CELLS = 4_096
"""Up to this many cells (64 x 64) the matrix is solved by :func:`small_assignment`, in
NumPy, unless the compiled kernels are loaded already: a few milliseconds, where loading
Numba alone takes most of a second (a 12-person ``match-csv`` would spend most of its
time there)."""

DENSE_SHARE = 0.25
"""... and at least this share of them must be candidate pairs: on sparser sets the
auction, which only looks at the candidates, is quicker."""


def places_as_columns(arcs: FreeArcs, n_rows: int) -> np.ndarray:
    """The mentor of each column: a mentor with ``c`` places left is ``min(c, n_rows)``
    columns (a mentor can never take more mentees than there are)."""
    places = np.minimum(np.maximum(arcs.places_left, 0), n_rows)
    return np.repeat(np.arange(arcs.n_mentors), places)


def dense_cells(arcs: FreeArcs) -> int:
    """Cells of the dense matrix: free mentees x columns (mentor places)."""
    n_rows = len(arcs.free_mentees)
    return n_rows * int(np.minimum(np.maximum(arcs.places_left, 0), n_rows).sum())


def fits_dense(arcs: FreeArcs) -> bool:
    """Whether the dense solver should take these arcs: the matrix is small enough and
    full enough (see :data:`DENSE_CELLS`, :data:`DENSE_SIDE`, :data:`DENSE_SHARE`)."""
    n_rows = len(arcs.free_mentees)
    cells = dense_cells(arcs)
    side = min(n_rows, cells // max(1, n_rows))
    return (
        len(arcs) > 0
        and 0 < cells <= DENSE_CELLS
        and side <= DENSE_SIDE
        and len(arcs) >= DENSE_SHARE * cells
    )


def solve_dense(arcs: FreeArcs) -> np.ndarray:
    """The best total on ``arcs``: a flag per arc (used or not), exactly optimal in
    weight units. Each arc must be a distinct (mentee, mentor) pair."""
    n_rows = len(arcs.free_mentees)
    row_of = np.full(arcs.n_mentees, -1, dtype=np.int64)
    row_of[arcs.free_mentees] = np.arange(n_rows)
    rows = row_of[arcs.mentee]
    mentor_of_column = places_as_columns(arcs, n_rows)
    by_mentor = np.zeros((n_rows, arcs.n_mentors), dtype=np.int64)
    by_mentor[rows, arcs.mentor] = np.maximum(arcs.weight, 0)
    # A mentor with several places: as many identical columns (none: one place each).
    one_each = np.array_equal(mentor_of_column, np.arange(arcs.n_mentors))
    weights = by_mentor if one_each else by_mentor[:, mentor_of_column]
    chosen_rows, chosen_columns = best_assignment(weights)
    worth = weights[chosen_rows, chosen_columns] > 0
    chosen_rows, chosen_mentors = chosen_rows[worth], mentor_of_column[chosen_columns[worth]]
    # Back from (row, mentor) to arc positions: each arc's key, looked up in order.
    keys = rows * arcs.n_mentors + arcs.mentor
    wanted = chosen_rows * arcs.n_mentors + chosen_mentors
    order = np.argsort(keys, kind="stable") if not _sorted(keys) else None
    sorted_keys = keys if order is None else keys[order]
    at = np.searchsorted(sorted_keys, wanted)
    used = np.zeros(len(arcs), dtype=bool)
    used[at if order is None else order[at]] = True
    return used


def _sorted(keys: np.ndarray) -> bool:
    return len(keys) < 2 or bool((keys[1:] >= keys[:-1]).all())


def kernels_loaded() -> bool:
    """Whether this process has loaded the compiled dense solver already (then even a
    tiny matrix is quicker there than in NumPy)."""
    return f"{kernels.__name__}.dense" in sys.modules


def best_assignment(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of a maximum-weight assignment of every row or every column
    (whichever side is smaller) of integer weights (``int64``, at least 0), rows in
    increasing order: the compiled solver's, or for a small matrix
    :func:`small_assignment`. Deterministic: the same matrix, the same answer."""
    if weights.size <= SMALL_CELLS and not kernels_loaded():
        return small_assignment(weights)
    return compiled_assignment(weights)


def compiled_assignment(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`best_assignment` by the compiled solver, whatever the size."""
    weights = np.asarray(weights, dtype=np.int64)
    n_rows, n_columns = weights.shape
    if n_columns <= n_rows:  # the columns (mentor places) on the solver's rows
        mentees = kernels.dense.best_rows(np.ascontiguousarray(weights.T))
        order = np.argsort(mentees)
        return mentees[order], order
    columns = kernels.dense.best_rows(np.ascontiguousarray(weights))
    return np.arange(n_rows), columns


@dataclass
class MatrixSolve:
    """The dense path straight from a score matrix (:func:`solve_matrix`): the pairs
    (mentee, mentor, weight in units) by mentee; the mentees and mentors left out; how
    many candidate pairs the matrix has (finite scores with a mentor that takes anyone),
    the cells solved, and whether each mentee and each mentor with a place has a
    candidate pair."""

    mentee: np.ndarray
    mentor: np.ndarray
    units: np.ndarray
    unmatched_mentees: np.ndarray
    unmatched_mentors: np.ndarray
    candidates: int
    cells: int
    mentee_has_candidate: np.ndarray
    mentor_has_candidate: np.ndarray


def solve_matrix(matrix: np.ndarray, capacities: np.ndarray) -> MatrixSolve | None:
    """The best total of a (mentees x mentors) float matrix (NaN or infinity: forbidden)
    with these capacities and no locks, without building its candidate set: what
    ``assign`` on a complete set does through :func:`solve_dense`, in one compiled call
    (one pass over the matrix, then the solve). None when the dense path would not take
    the matrix (too big, too sparse, or tiny while the kernels are not loaded:
    :func:`solve_dense` takes it)."""
    n_e = matrix.shape[0]
    places = int(np.minimum(capacities, n_e).sum())
    cells = n_e * places
    if not 0 < cells <= DENSE_CELLS or min(n_e, places) > DENSE_SIDE:
        return None
    if cells <= SMALL_CELLS and not kernels_loaded():
        return None
    least = max(1, math.ceil(DENSE_SHARE * cells))
    # The mentor places on the solver's rows when they are the smaller side.
    mentee, mentor, units, left_e, left_m, candidates, mentee_ok, mentor_ok = (
        kernels.dense.solve_scores(matrix, capacities, float(SCALE), places <= n_e, least)
    )
    if candidates < least:  # too few candidate pairs for the dense path
        return None
    return MatrixSolve(
        mentee, mentor, units, left_e, left_m, int(candidates), cells, mentee_ok, mentor_ok
    )


def small_assignment(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`best_assignment` for a small matrix, by the Hungarian method with potentials
    (shortest augmenting paths, one row at a time; each step a NumPy operation over the
    columns). Exact for integer weights, as the engine's are (weight units)."""
    n_rows, n_cols = weights.shape
    if n_rows > n_cols:
        columns, rows = small_assignment(weights.T)
        order = np.argsort(rows)
        return rows[order], columns[order]
    cost = -np.asarray(weights, dtype=np.float64)
    # 1-based as in the textbook: column 0 is the virtual start of each augmenting path.
    u = np.zeros(n_rows + 1)
    v = np.zeros(n_cols + 1)
    owner = np.zeros(n_cols + 1, dtype=np.int64)  # the row holding each column, 0: none
    way = np.zeros(n_cols + 1, dtype=np.int64)
    for row in range(1, n_rows + 1):
        owner[0] = row
        _augment(cost, u, v, owner, way)
    held = np.flatnonzero(owner[1:])
    rows = owner[1:][held] - 1
    order = np.argsort(rows)
    return rows[order], held[order]


def _augment(
    cost: np.ndarray, u: np.ndarray, v: np.ndarray, owner: np.ndarray, way: np.ndarray
) -> None:
    """Seat the row ``owner[0]`` by the shortest augmenting path (Dijkstra on reduced
    costs), keeping the potentials ``u``, ``v`` feasible."""
    n_cols = len(v) - 1
    least = np.full(n_cols + 1, np.inf)
    done = np.zeros(n_cols + 1, dtype=bool)
    column = 0
    while True:
        done[column] = True
        row = owner[column]
        reduced = cost[row - 1] - u[row] - v[1:]
        better = ~done[1:] & (reduced < least[1:])
        least[1:][better] = reduced[better]
        way[1:][better] = column
        open_least = np.where(done[1:], np.inf, least[1:])
        nearest = int(np.argmin(open_least)) + 1
        delta = open_least[nearest - 1]
        u[owner[done]] += delta
        v[done] -= delta
        least[~done] -= delta
        column = nearest
        if owner[column] == 0:
            break
    while column:
        previous = way[column]
        owner[column] = owner[previous]
        column = previous
