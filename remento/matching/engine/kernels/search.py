"""The sparse search's loops (see :mod:`..sparse_search` for the method): a buffer per
query cut to its best ``k`` by quickselect, a heap per mentor the other way round, and a
membership test on sorted keys."""

from __future__ import annotations

import numpy as np
from numba import njit

from ..features import BIG

FLOOR = np.float32(-BIG / 2)
"""Scores at or below this are forbidden pairs and never returned."""


QUERY_TILE = 256
"""Queries that share each block of mentors while it is in the cache."""


MENTOR_BLOCK = 2048
"""Mentors per block: 64 float32 columns of 2,048 mentors are 512 KB (within an L2 cache)."""


CHUNK = 64
"""Mentors compared with a query's bar (its heap's worst, by column) at once."""


@njit(inline="always")
def _worse(v1, i1, v2, i2):
    return v1 < v2 or (v1 == v2 and i1 > i2)


@njit(nogil=True, cache=True)
def _sift_down(vals, idx, size, p):
    """Restore the heap (worst entry first) below position ``p``."""
    while True:
        c = 2 * p + 1
        if c >= size:
            return
        if c + 1 < size and _worse(vals[c + 1], idx[c + 1], vals[c], idx[c]):
            c += 1
        if not _worse(vals[c], idx[c], vals[p], idx[p]):
            return
        vals[c], vals[p] = vals[p], vals[c]
        idx[c], idx[p] = idx[p], idx[c]
        p = c


@njit(nogil=True, cache=True)
def _heapify(vals, idx, size):
    for p in range(size // 2 - 1, -1, -1):
        _sift_down(vals, idx, size, p)


@njit(inline="always")
def _offer(vals, idx, filled, k, score, at):
    """Put (score, at) in a heap of ``filled`` entries (a plain list until it holds
    ``k``); returns the new count. The caller knows the score beats the worst."""
    if filled < k:
        vals[filled] = score
        idx[filled] = at
        filled += 1
        if filled == k:
            _heapify(vals, idx, k)
        return filled
    vals[0] = score
    idx[0] = at
    _sift_down(vals, idx, k, 0)
    return filled


@njit(nogil=True, cache=True)
def _best_first(vals, idx, size, k):
    """Sort a heap best first: take the worst off to the end, again and again."""
    if size < k:
        _heapify(vals, idx, size)
    while size > 1:
        size -= 1
        vals[0], vals[size] = vals[size], vals[0]
        idx[0], idx[size] = idx[size], idx[0]
        _sift_down(vals, idx, size, 0)


@njit(inline="always")
def _better(v1, i1, v2, i2):
    return v1 > v2 or (v1 == v2 and i1 < i2)


@njit(nogil=True, cache=True)
def keep_best(vals, idx, size, k):
    """Rearrange ``vals[:size]``/``idx[:size]`` so that the ``k`` best (by value, ties by
    the lower index) come first and the ``k``-th best sits at ``k - 1`` (quickselect)."""
    lo, hi = 0, size - 1
    while lo < hi:
        mid = (lo + hi) // 2
        pv, pi = vals[mid], idx[mid]
        a, b = lo, hi
        while a <= b:
            while _better(vals[a], idx[a], pv, pi):
                a += 1
            while _better(pv, pi, vals[b], idx[b]):
                b -= 1
            if a <= b:
                vals[a], vals[b] = vals[b], vals[a]
                idx[a], idx[b] = idx[b], idx[a]
                a += 1
                b -= 1
        if k - 1 <= b:
            hi = b
        elif k - 1 >= a:
            lo = a
        else:
            return


@njit(inline="always")
def _scores(buf, start, dense_t, b0, b1, cols, values, t, end):
    """``buf[:b1 - b0]``: ``start`` plus one sparse row's entries ``t:end`` times the
    columns ``b0:b1`` of ``dense_t``; four entries per pass over ``buf``."""
    m = b1 - b0
    for x in range(m):
        buf[x] = start[x]
    while t + 4 <= end:
        c0, c1 = dense_t[cols[t], b0:b1], dense_t[cols[t + 1], b0:b1]
        c2, c3 = dense_t[cols[t + 2], b0:b1], dense_t[cols[t + 3], b0:b1]
        v0, v1, v2, v3 = values[t], values[t + 1], values[t + 2], values[t + 3]
        for x in range(m):
            buf[x] += v0 * c0[x] + v1 * c1[x] + v2 * c2[x] + v3 * c3[x]
        t += 4
    while t < end:
        c0, v0 = dense_t[cols[t], b0:b1], values[t]
        for x in range(m):
            buf[x] += v0 * c0[x]
        t += 1


@njit(nogil=True, cache=True, fastmath=True)
def search(
    indptr, cols, values, n_shared, group, grouped, order, base_t, offset, lo, stop, floor,
    first, last, out_val, out_idx,
):  # fmt: skip
    # long-function: the tile, block and chunk loops must stay in one compiled function.
    """Queries ``order[first:last]``, each over columns ``lo:stop[query]`` and above
    ``floor[query]``: their best ``k`` into ``out_val``/``out_idx`` rows.

    When ``grouped``, a run of queries of one group adds up its shared entries once per
    block of mentors, and each query adds its own entries to that sum: the same two steps
    for a query alone, so the result does not depend on how the queries are split.

    Each query keeps the mentors above its bar in a buffer (written without a branch, a
    chunk at a time); once it holds ``2k``, it is cut to its best ``k`` (quickselect) and
    the bar rises to the ``k``-th: cheaper than a heap, whose every entry costs a sift
    with branches no processor predicts."""
    k = out_val.shape[1]
    room = 2 * k
    buf = np.empty(MENTOR_BLOCK, dtype=np.float32)
    together = np.empty(MENTOR_BLOCK, dtype=np.float32)
    kept_val = np.empty((QUERY_TILE, room + CHUNK), dtype=np.float32)
    kept_idx = np.empty((QUERY_TILE, room + CHUNK), dtype=np.int32)
    for t0 in range(first, last, QUERY_TILE):
        t1 = min(last, t0 + QUERY_TILE)
        kept = np.zeros(t1 - t0, dtype=np.int64)
        bar = np.empty(t1 - t0, dtype=np.float32)
        hi = lo
        for p in range(t0, t1):
            hi = max(hi, stop[order[p]])
            bar[p - t0] = floor[order[p]]
        for b0 in range(lo, hi, MENTOR_BLOCK):
            p = t0
            while p < t1:
                first_j = order[p]
                run_end = p + 1
                while run_end < t1 and group[order[run_end]] == group[first_j]:
                    run_end += 1
                run_hi = b0
                for r in range(p, run_end):
                    run_hi = max(run_hi, min(stop[order[r]], b0 + MENTOR_BLOCK))
                shift = offset[b0 - lo : run_hi - lo]
                if grouped and run_hi > b0:
                    own = indptr[first_j] + n_shared[first_j]
                    _scores(together, shift, base_t, b0, run_hi, cols, values, indptr[first_j], own)
                for r in range(p, run_end):
                    j = order[r]
                    b1 = min(stop[j], b0 + MENTOR_BLOCK)
                    if b1 <= b0:
                        continue
                    m = b1 - b0
                    if grouped:
                        own = indptr[j] + n_shared[j]
                        _scores(buf, together, base_t, b0, b1, cols, values, own, indptr[j + 1])
                    else:
                        _scores(buf, shift, base_t, b0, b1, cols, values, indptr[j], indptr[j + 1])
                    vals = kept_val[r - t0]
                    idx = kept_idx[r - t0]
                    n = kept[r - t0]
                    worst = bar[r - t0]
                    for c0 in range(0, m, CHUNK):
                        c1 = min(m, c0 + CHUNK)
                        chunk = buf[c0:c1]
                        above = 0
                        for x in range(c1 - c0):
                            above += chunk[x] > worst
                        if above == 0:
                            continue
                        at = b0 - lo + c0
                        for x in range(c1 - c0):  # no branch: every entry written, kept if above
                            vals[n] = chunk[x]
                            idx[n] = at + x
                            n += chunk[x] > worst
                        if n >= room:
                            keep_best(vals, idx, n, k)
                            n = k
                            worst = vals[k - 1]
                    kept[r - t0] = n
                    bar[r - t0] = worst
                p = run_end
        for p in range(t0, t1):
            j = order[p]
            n = kept[p - t0]
            vals, idx = kept_val[p - t0], kept_idx[p - t0]
            if n > k:
                keep_best(vals, idx, n, k)
                n = k
            _best_first(vals, idx, n, n + 1)  # a size below its k: made a heap, then sorted
            out_val[j, :n] = vals[:n]
            out_idx[j, :n] = idx[:n]


@njit(nogil=True, cache=True, fastmath=True)
def search_by_column(
    indptr, cols, values, queries_t, offset, lo, hi, first, last, out_val, out_idx
):
    """Dense queries ``first:last`` (columns of ``queries_t``) against the sparse rows
    ``lo:hi``: a block of queries at a time, every row scored against the whole block,
    each query's heap and worst kept apart."""
    k = out_val.shape[1]
    buf = np.empty(MENTOR_BLOCK, dtype=np.float32)
    for q0 in range(first, last, MENTOR_BLOCK):
        q1 = min(last, q0 + MENTOR_BLOCK)
        m = q1 - q0
        shift = offset[q0:q1]
        worst = np.full(m, FLOOR, dtype=np.float32)
        filled = np.zeros(m, dtype=np.int64)
        for j in range(lo, hi):
            _scores(buf, shift, queries_t, q0, q1, cols, values, indptr[j], indptr[j + 1])
            for c0 in range(0, m, CHUNK):
                c1 = min(m, c0 + CHUNK)
                chunk = buf[c0:c1]
                bar = worst[c0:c1]
                above = 0
                for x in range(c1 - c0):
                    above += chunk[x] > bar[x]
                if above == 0:
                    continue
                for x in range(c1 - c0):
                    if chunk[x] > bar[x]:
                        q = q0 + c0 + x
                        f = _offer(out_val[q], out_idx[q], filled[c0 + x], k, chunk[x], j - lo)
                        filled[c0 + x] = f
                        bar[x] = FLOOR if f < k else out_val[q, 0]
        for x in range(m):
            _best_first(out_val[q0 + x], out_idx[q0 + x], filled[x], k)


@njit(nogil=True, cache=True)
def in_sorted(keys, sorted_keys):
    """Which entries of ``keys`` (2-D) are in ``sorted_keys`` (ascending): a binary search
    per entry within the stretch of ``sorted_keys`` between its row's least and greatest
    key, which for a row of one mentee's pairs holds only that mentee's few exclusions."""
    out = np.zeros(keys.shape, dtype=np.bool_)
    for r in range(keys.shape[0]):
        row = keys[r]
        lo = np.searchsorted(sorted_keys, row.min())
        hi = np.searchsorted(sorted_keys, row.max(), side="right")
        if lo == hi:
            continue
        stretch = sorted_keys[lo:hi]
        for c in range(keys.shape[1]):
            at = np.searchsorted(stretch, row[c])
            out[r, c] = at < len(stretch) and stretch[at] == row[c]
    return out
