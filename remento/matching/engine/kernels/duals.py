"""The dual pass's loops: each mentee's best value, and the least mentor duals by longest
alternating paths (see :mod:`..duals`)."""

from __future__ import annotations

import numpy as np
from numba import njit

from .heap import pop, push


@njit(cache=True)
def best_by_group(n, starts, keys, head, weight, prices):
    """Per group of arcs (runs starting at ``starts``, for rows ``keys`` of ``n``): the
    best ``weight - prices[head]``, and at least 0; rows without arcs get 0."""
    out = np.zeros(n, dtype=np.int64)
    for g in range(len(starts)):
        end = starts[g + 1] if g + 1 < len(starts) else len(weight)
        best = 0
        for a in range(starts[g], end):
            value = weight[a] - prices[head[a]]
            if value > best:
                best = value
        out[keys[g]] = best
    return out


@njit(cache=True)
def least_duals(row_start, head, weight, weight_of, held_start, held_by, potential, u, budget):
    """Label-correcting pass behind :func:`..duals.least_mentor_duals`, mentors taken by least
    ``potential - u`` first; returns the mentors taken, or -1 past ``budget``."""
    n = len(row_start) - 1
    n_m = len(u)
    for j in range(n):
        for a in range(row_start[j], row_start[j + 1]):
            value = weight[a] - weight_of[j]
            if value > u[head[a]]:
                u[head[a]] = value
    cap = 2 * n_m + 16
    keys = np.empty(cap, dtype=np.int64)
    nodes = np.empty(cap, dtype=np.int64)
    size = 0
    for i in range(n_m):
        if u[i] > 0 and held_start[i + 1] > held_start[i]:
            size = push(keys, nodes, size, potential[i] - u[i], i)
    taken = 0
    while size > 0:
        size = pop(keys, nodes, size)
        k = nodes[size]
        if keys[size] != potential[k] - u[k]:
            continue  # u[k] rose since: a later entry takes it
        taken += 1
        if taken > budget:
            return -1
        for h in range(held_start[k], held_start[k + 1]):
            j = held_by[h]
            value_j = weight_of[j] - u[k]
            for a in range(row_start[j], row_start[j + 1]):
                i = head[a]
                value = weight[a] - value_j
                if value > u[i]:
                    u[i] = value
                    if held_start[i + 1] > held_start[i]:
                        if size == len(keys):
                            keys = np.concatenate((keys, np.empty(size, dtype=np.int64)))
                            nodes = np.concatenate((nodes, np.empty(size, dtype=np.int64)))
                        size = push(keys, nodes, size, potential[i] - value, i)
    return taken
