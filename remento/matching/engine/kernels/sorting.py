"""A counting sort by group with a heaviest-first order inside each group."""

from __future__ import annotations

import numpy as np
from numba import njit


def heaviest_first(groups: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The order of arcs by group (ascending, groups >= 0), heaviest first within a
    group, ties in arc order: a counting sort by group, then a sort within each group
    (the groups are small: one mentee's or one mentor's arcs)."""
    groups = np.asarray(groups, dtype=np.int64)
    weights = np.asarray(weights, dtype=np.int64)
    if len(weights) == 0:
        return np.zeros(0, dtype=np.int64)
    return _by_group_heaviest_first(groups, weights, int(groups.max()) + 1)


@njit(cache=True)
def _by_group_heaviest_first(groups, weights, n_groups):
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
    for g in range(n_groups):
        if start[g + 1] - start[g] > 1:
            arcs = order[start[g] : start[g + 1]].copy()
            by_weight = np.argsort(-weights[arcs], kind="mergesort")
            order[start[g] : start[g + 1]] = arcs[by_weight]
    return order
