"""The dense exact path's loops (see :mod:`..dense`): a score matrix to integer weights,
and the maximum-weight assignment of every row of an integer weight matrix.

The solver is the shortest augmenting path method (one Dijkstra search on reduced costs
per row, as SciPy's ``linear_sum_assignment``), in integer weight units so that it is
exact, started by Jonker and Volgenant's augmenting row reduction (an auction without
slack that seats most rows at prices that keep the duals feasible), so that few rows
need a search.
"""

from __future__ import annotations

import numpy as np
from numba import njit

NO_PATH = np.int64(1) << np.int64(62)
"""Larger than any path cost: weights are at most about 10^8 units."""


TILE = 32
"""Side of the tiles in which :func:`units_matrix` transposes (both the reads and the
writes of a tile stay in the CPU cache)."""


@njit(cache=True)
def units_matrix(scores, rows, columns, counted, scale, transpose, row_seen, column_seen):
    """Integer weights of ``scores[rows][:, columns]`` (mentor places as columns), and
    how many of its cells are finite in the ``counted`` columns (a mentor's first place):
    each finite score ``s`` weighs ``max(0, rint(s * scale) + 1)``, NaN or infinity 0;
    transposed when ``transpose``. Flags in ``row_seen`` / ``column_seen`` each row and
    column with a finite score."""
    n_rows, n_columns = len(rows), len(columns)
    shape = (n_columns, n_rows) if transpose else (n_rows, n_columns)
    weight = np.empty(shape, dtype=np.int64)
    cells = 0
    for a0 in range(0, n_rows, TILE):
        for b0 in range(0, n_columns, TILE):
            for a in range(a0, min(a0 + TILE, n_rows)):
                line = scores[rows[a]]
                for b in range(b0, min(b0 + TILE, n_columns)):
                    s = line[columns[b]]
                    w = np.int64(0)
                    if np.isfinite(s):
                        cells += counted[b]
                        row_seen[a] = True
                        column_seen[b] = True
                        w = max(np.int64(0), np.int64(np.rint(s * scale)) + 1)
                    if transpose:
                        weight[b, a] = w
                    else:
                        weight[a, b] = w
    return weight, cells


@njit(cache=True)
def solve_scores(scores, capacities, scale, transpose, least_candidates):
    """The dense path on a (mentees x mentors) score matrix without locks, in one call:
    the mentor places as columns (``min(capacity, mentees)`` each), integer weights
    (:func:`units_matrix`), the best assignment, and what the result needs. Returns the
    pairs by mentee (mentee, mentor, weight), the mentees and the mentors left out, the
    number of candidate pairs (finite scores of a mentor with a place), whether each
    mentee has one and whether each mentor has one; nothing but the count when there
    are fewer candidates than ``least_candidates`` (the caller then takes another
    path)."""
    n_e, n_m = scores.shape
    places = np.minimum(capacities, n_e)
    columns = np.empty(places.sum(), dtype=np.int64)
    first_place = np.zeros(len(columns), dtype=np.int64)
    at = 0
    for i in range(n_m):
        for _ in range(places[i]):
            columns[at] = i
            at += 1
        if places[i] > 0:
            first_place[at - places[i]] = 1
    mentee_ok = np.zeros(n_e, dtype=np.bool_)
    column_ok = np.zeros(len(columns), dtype=np.bool_)
    weight, candidates = units_matrix(
        scores, np.arange(n_e), columns, first_place, scale, transpose, mentee_ok, column_ok
    )
    mentor_ok = np.zeros(n_m, dtype=np.bool_)
    for b in range(len(columns)):
        mentor_ok[columns[b]] |= column_ok[b]
    if candidates < least_candidates:
        none = np.zeros(0, dtype=np.int64)
        return none, none, none, none, none, candidates, mentee_ok, mentor_ok
    chosen = best_rows(weight)
    mentor_of = np.full(n_e, -1, dtype=np.int64)
    units_of = np.zeros(n_e, dtype=np.int64)
    for r in range(len(chosen)):
        e, place = (chosen[r], r) if transpose else (r, chosen[r])
        w = weight[r, chosen[r]]
        if w > 0:
            mentor_of[e] = columns[place]
            units_of[e] = w
    mentee = np.flatnonzero(mentor_of >= 0)
    mentor = mentor_of[mentee]
    taken = np.zeros(n_m, dtype=np.bool_)
    taken[mentor] = True
    left_e, left_m = np.flatnonzero(mentor_of < 0), np.flatnonzero(~taken)
    return mentee, mentor, units_of[mentee], left_e, left_m, candidates, mentee_ok, mentor_ok


@njit(cache=True)
def best_rows(weight):
    """The column of each row in a maximum-weight assignment of every row of ``weight``
    (rows at most columns, weights non-negative integers). Deterministic."""
    n_rows, n_columns = weight.shape
    u = np.zeros(n_rows, dtype=np.int64)
    v = np.zeros(n_columns, dtype=np.int64)
    column_of = np.full(n_rows, -1, dtype=np.int64)
    row_of = np.full(n_columns, -1, dtype=np.int64)
    _row_reduction(weight, v, column_of, row_of)
    # Duals of the start: each row's least reduced cost (tight on its column, if any).
    for i in range(n_rows):
        least = NO_PATH
        for j in range(n_columns):
            r = -weight[i, j] - v[j]
            if r < least:
                least = r
        u[i] = least
    path = np.empty(n_columns, dtype=np.int64)
    distance = np.empty(n_columns, dtype=np.int64)
    remaining = np.empty(n_columns, dtype=np.int64)
    seen_row = np.zeros(n_rows, dtype=np.bool_)
    seen_column = np.zeros(n_columns, dtype=np.bool_)
    for start in range(n_rows):
        if column_of[start] == -1:
            _augment(weight, u, v, column_of, row_of, start, path, distance, remaining,
                     seen_row, seen_column)  # fmt: skip
    return column_of


@njit(cache=True)
def _row_reduction(weight, v, column_of, row_of):
    """Jonker and Volgenant's augmenting row reduction, for costs ``-weight``: each free
    row takes its best column at the price that makes its second best as good, pushing
    out the row that held it, which bids at once; two passes over the free rows, and a
    budget of bids. Column prices ``v`` only fall and only where a column is held, so
    the columns left free keep ``v = 0``; every held row stays tight on its column."""
    n_rows, n_columns = weight.shape
    free = np.arange(n_rows)
    n_free = n_rows
    budget = 8 * n_rows + 64
    for _ in range(2):
        k = 0
        previous = n_free
        n_free = 0
        while k < previous:
            i = free[k]
            k += 1
            first, second = NO_PATH, NO_PATH
            j1, j2 = 0, -1
            for j in range(n_columns):
                h = -weight[i, j] - v[j]
                if h < second:
                    if h >= first:
                        second, j2 = h, j
                    else:
                        second, j2 = first, j1
                        first, j1 = h, j
            held_by = row_of[j1]
            if first < second < NO_PATH:  # (a single column has nothing to outbid)
                v[j1] -= second - first
            elif held_by > -1:  # a tie: take the second, equally good, column
                j1 = j2
                held_by = row_of[j1]
            if held_by > -1:
                column_of[held_by] = -1
            column_of[i] = j1
            row_of[j1] = i
            if held_by > -1:
                budget -= 1
                if first < second and budget > 0:
                    k -= 1
                    free[k] = held_by  # the row pushed out bids next
                else:
                    free[n_free] = held_by
                    n_free += 1


@njit(cache=True)
def _augment(weight, u, v, column_of, row_of, start, path, distance, remaining, seen_row,
             seen_column):  # fmt: skip
    """Seat row ``start`` along a shortest augmenting path, keeping the duals feasible
    and tight on the assignment."""
    n_rows, n_columns = weight.shape
    for j in range(n_columns):
        remaining[j] = n_columns - 1 - j
        distance[j] = NO_PATH
        seen_column[j] = False
    for i in range(n_rows):
        seen_row[i] = False
    left = n_columns
    reached = np.int64(0)
    i = start
    sink = -1
    while sink == -1:
        seen_row[i] = True
        lowest = NO_PATH
        index = -1
        base = reached - u[i]
        for it in range(left):
            j = remaining[it]
            r = base - weight[i, j] - v[j]
            if r < distance[j]:
                path[j] = i
                distance[j] = r
            d = distance[j]
            if d < lowest or (d == lowest and row_of[j] == -1):
                lowest = d
                index = it
        reached = lowest
        j = remaining[index]
        if row_of[j] == -1:
            sink = j
        else:
            i = row_of[j]
        seen_column[j] = True
        left -= 1
        remaining[index] = remaining[left]
    u[start] += reached
    for i in range(n_rows):
        if seen_row[i] and i != start:
            u[i] += reached - distance[column_of[i]]
    for j in range(n_columns):
        if seen_column[j]:
            v[j] -= reached - distance[j]
    j = sink
    while True:
        i = path[j]
        row_of[j] = i
        column_of[i], j = j, column_of[i]
        if i == start:
            break
