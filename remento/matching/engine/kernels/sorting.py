"""A counting sort by group with a heaviest-first order inside each group.

The groups (one mentee's or one mentor's arcs, a few dozen each) are sorted on their own,
so they are shared out among threads (the loops are released from the GIL): each group's
order depends on nothing else, so the result is the same for any thread count.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numba import njit

INSERTION_LIMIT = 64
"""Groups up to this size are sorted by insertion (no allocation); larger ones by a
stable merge sort."""


PARALLEL_FROM = 200_000
"""Below this many entries one thread sorts: starting threads would cost more."""


def heaviest_first(
    groups: np.ndarray, weights: np.ndarray, threads: int | None = None
) -> np.ndarray:
    """The order of arcs by group (ascending, groups >= 0), heaviest first within a
    group, ties in arc order: a counting sort by group, then a sort within each group
    (the groups are small: one mentee's or one mentor's arcs), on ``threads`` threads
    (default: every core this process may use)."""
    groups = np.asarray(groups, dtype=np.int64)
    weights = np.asarray(weights, dtype=np.int64)
    if len(weights) == 0:
        return np.zeros(0, dtype=np.int64)
    order, start = _by_group(groups, int(groups.max()) + 1)
    parts = 1 if len(weights) < PARALLEL_FROM else max(1, threads or _cores())
    bounds = np.searchsorted(start, np.linspace(0, len(weights), parts + 1)).astype(np.int64)
    bounds[-1] = len(start) - 1
    if parts == 1:
        _sort_groups(order, start, weights, 0, len(start) - 1)
        return order

    def work(p: int) -> None:
        _sort_groups(order, start, weights, int(bounds[p]), int(bounds[p + 1]))

    with ThreadPoolExecutor(parts) as pool:
        list(pool.map(work, range(parts)))
    return order


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@njit(cache=True)
def _by_group(groups, n_groups):
    """Arc positions by group (counting sort, arc order within a group) and where each
    group's run starts."""
    start = np.zeros(n_groups + 1, dtype=np.int64)
    for g in groups:
        start[g + 1] += 1
    for g in range(n_groups):
        start[g + 1] += start[g]
    order = np.empty(len(groups), dtype=np.int64)
    fill = start[:-1].copy()
    for a in range(len(groups)):
        order[fill[groups[a]]] = a
        fill[groups[a]] += 1
    return order, start


@njit(nogil=True, cache=True)
def _sort_groups(order, start, weights, first, last):
    """Groups ``first`` to ``last - 1`` of ``order``, each heaviest first, ties kept in
    order (both sorts are stable)."""
    for g in range(first, last):
        lo, hi = start[g], start[g + 1]
        if hi - lo <= 1:
            continue
        if hi - lo <= INSERTION_LIMIT:
            for a in range(lo + 1, hi):
                arc = order[a]
                w = weights[arc]
                b = a
                while b > lo and weights[order[b - 1]] < w:
                    order[b] = order[b - 1]
                    b -= 1
                order[b] = arc
        else:
            arcs = order[lo:hi].copy()
            by_weight = np.argsort(-weights[arcs], kind="mergesort")
            order[lo:hi] = arcs[by_weight]
