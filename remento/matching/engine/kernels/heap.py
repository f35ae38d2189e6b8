"""A binary min-heap of (key, node) entries in two arrays, for Numba loops."""

from __future__ import annotations

from numba import njit


@njit(inline="always")
def push(keys, nodes, size, key, node):
    """Put (key, node) on a binary min-heap of ``size`` entries (arrays large enough)."""
    p = size
    keys[p] = key
    nodes[p] = node
    while p > 0:
        parent = (p - 1) // 2
        if keys[parent] <= keys[p]:
            break
        keys[parent], keys[p] = keys[p], keys[parent]
        nodes[parent], nodes[p] = nodes[p], nodes[parent]
        p = parent
    return size + 1


@njit(inline="always")
def pop(keys, nodes, size):
    """Take the smallest key off the heap; returns the new size (it is left at the end)."""
    size -= 1
    keys[0], keys[size] = keys[size], keys[0]
    nodes[0], nodes[size] = nodes[size], nodes[0]
    p = 0
    while True:
        c = 2 * p + 1
        if c >= size:
            break
        if c + 1 < size and keys[c + 1] < keys[c]:
            c += 1
        if keys[p] <= keys[c]:
            break
        keys[c], keys[p] = keys[p], keys[c]
        nodes[c], nodes[p] = nodes[p], nodes[c]
        p = c
    return size
