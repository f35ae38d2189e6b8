"""Exact top-k inner-product search where one side is sparse (mentee feature vectors).

A mentee's feature vector is mostly zeros: one-hot columns for its level, department,
time zone and the like, a few wanted skills and interests. A pair's score then needs
only the mentee's non-zero columns, about 13 of 63 on the benchmark cohort, where a dense
matrix product (faiss) multiplies all of them. This search walks the mentors in blocks
that stay in the CPU cache; for each mentee it adds up its non-zero columns of the block
(vectorised over the mentors, four columns per pass), then keeps the best ``k`` in a
heap, skipping chunks of 64 mentors in which nothing beats the heap's worst. Columns on
which every query has the same value are added once per mentor beforehand.
:func:`knn_by_column` is the same search the other way round (mentors against the sparse
mentees): a block of mentors at a time, each mentee's row scored against the whole block,
a heap per mentor.

The result is what an exact dense search gives, in float32: the ``k`` best scores per
query, best first, ties broken by the lower mentor index, ``-inf`` and index -1 where
fewer than ``k`` mentors score above :data:`FLOOR` (forbidden pairs score ``-BIG``).
The loops are Numba code released from the GIL, so the queries are split across threads;
each query's result depends on nothing else, so it is the same for any thread count.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from numba import njit

from .features import BIG

FLOOR = np.float32(-BIG / 2)
"""Scores at or below this are forbidden pairs and never returned."""
SPARSE_SHARE = 0.4
"""Queries with at most this share of non-zero entries are searched here (else densely)."""
QUERY_TILE = 256
"""Queries that share each block of mentors while it is in the cache."""
MENTOR_BLOCK = 2048
"""Mentors per block: 64 float32 columns of 2,048 mentors are 512 KB (within an L2 cache)."""
CHUNK = 64
"""Mentors compared with the heap's worst at once."""


def is_sparse(queries: np.ndarray) -> bool:
    """Whether ``queries`` are sparse enough for this search to beat a dense one."""
    return queries.size > 0 and bool(np.count_nonzero(queries) <= SPARSE_SHARE * queries.size)


@dataclass
class SparseRows:
    """Rows of a matrix as compressed rows, less the columns on which every row has the
    same non-zero value (``constant``, ``constant_values``): those are added once per
    column of the other side instead."""

    indptr: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    constant: np.ndarray
    constant_values: np.ndarray

    @classmethod
    def of(cls, rows: np.ndarray) -> SparseRows:
        q = np.asarray(rows, dtype=np.float64)
        n = q.shape[0]
        constant = np.zeros(0, dtype=np.int64)
        if n:
            constant = np.flatnonzero((q == q[:1]).all(axis=0) & (q[0] != 0))
        varying = np.ones(q.shape[1], dtype=bool)
        varying[constant] = False
        r, c = np.nonzero(q * varying)
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(r, minlength=n), out=indptr[1:])
        return cls(
            indptr,
            c.astype(np.int64),
            q[r, c].astype(np.float32),
            constant,
            q[0, constant] if n else np.zeros(0),
        )

    def offset(self, dense_t: np.ndarray, lo: int, hi: int) -> np.ndarray:
        """Per column ``lo:hi`` of ``dense_t`` (features x columns), the constant part."""
        part = dense_t[self.constant, lo:hi].astype(np.float64)
        return (self.constant_values @ part).astype(np.float32)


def _split(work: np.ndarray, threads: int) -> list[int]:
    """Bounds that give each thread a run of queries with an equal share of ``work``
    (per query; all ones for an equal share of the queries)."""
    parts = max(1, min(threads, len(work)))
    done = np.cumsum(work)
    total = int(done[-1]) if len(done) else 0
    # Each inner bound falls just after the query whose work reaches the share.
    reach = np.searchsorted(done, [total * p // parts for p in range(1, parts)], side="left")
    return [0, *(min(len(work), int(r) + 1) for r in reach), len(work)]


def _in_threads(work: Callable[[int], None], parts: int) -> None:
    if parts == 1:
        work(0)
        return
    with ThreadPoolExecutor(parts) as pool:
        list(pool.map(work, range(parts)))


def knn(
    queries: np.ndarray,
    base_t: np.ndarray,
    lo: int,
    hi: int,
    k: int,
    threads: int,
    ends: np.ndarray | None = None,
    floors: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` best columns ``lo:hi`` of ``base_t`` (features x mentors, float32) for
    each row of sparse ``queries`` by inner product: (scores, indices relative to
    ``lo``), each (queries x k), best first. ``ends`` (per query) limits a query to the
    first ``ends[q]`` columns of the slice; with ``floors``, only scores above a query's
    floor are kept (fewer than ``k`` where fewer are above it)."""
    n_q = queries.shape[0]
    out_val = np.full((n_q, k), -np.inf, dtype=np.float32)
    out_idx = np.full((n_q, k), -1, dtype=np.int64)
    if n_q == 0 or k == 0 or hi <= lo:
        return out_val, out_idx
    floor = np.full(n_q, FLOOR, dtype=np.float32)
    if floors is not None:
        floor = np.maximum(floor, np.asarray(floors, dtype=np.float32))
    if ends is None:
        stop = np.full(n_q, hi, dtype=np.int64)
        bounds = _split(np.ones(n_q, dtype=np.int64), threads)
    else:
        # Longest first, so that a tile of queries shares its blocks of mentors, and each
        # thread an equal share of the columns to search.
        stop = np.minimum(hi, lo + np.asarray(ends, dtype=np.int64))
        by_length = np.argsort(lo - stop, kind="stable")
        queries, stop, floor = queries[by_length], stop[by_length], floor[by_length]
        bounds = _split(np.maximum(stop - lo, 0), threads)
    q = SparseRows.of(queries)
    offset = q.offset(base_t, lo, hi)

    def work(p: int) -> None:
        _search(
            q.indptr, q.cols, q.values, base_t, offset, lo, stop, floor, bounds[p],
            bounds[p + 1], out_val, out_idx,
        )  # fmt: skip

    _in_threads(work, len(bounds) - 1)
    if ends is not None:
        out_val[by_length], out_idx[by_length] = out_val.copy(), out_idx.copy()
    return out_val, out_idx


def knn_by_column(
    base: SparseRows, lo: int, hi: int, queries: np.ndarray, k: int, threads: int
) -> tuple[np.ndarray, np.ndarray]:
    """The same search the other way round: the ``k`` best rows ``lo:hi`` of the sparse
    ``base`` for each dense row of ``queries`` (mentors against mentees): (scores,
    indices relative to ``lo``), each (queries x k), best first. The base's rows are
    walked once per block of queries, each query keeping its own heap."""
    n_q = queries.shape[0]
    out_val = np.full((n_q, k), -np.inf, dtype=np.float32)
    out_idx = np.full((n_q, k), -1, dtype=np.int64)
    if n_q == 0 or k == 0 or hi <= lo:
        return out_val, out_idx
    queries_t = np.ascontiguousarray(np.asarray(queries, dtype=np.float32).T)
    offset = base.offset(queries_t, 0, n_q)
    bounds = _split(np.ones(n_q, dtype=np.int64), threads)

    def work(p: int) -> None:
        _search_by_column(
            base.indptr, base.cols, base.values, queries_t, offset, lo, hi,
            bounds[p], bounds[p + 1], out_val, out_idx,
        )  # fmt: skip

    _in_threads(work, len(bounds) - 1)
    return out_val, out_idx


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
def _scores(buf, shift, dense_t, b0, b1, cols, values, t, end):
    """``buf[:b1 - b0]``: one sparse row's products with the columns ``b0:b1`` of
    ``dense_t``, plus ``shift``; four of the row's entries per pass over ``buf``."""
    m = b1 - b0
    for x in range(m):
        buf[x] = shift[x]
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
def _search(indptr, cols, values, base_t, offset, lo, stop, floor, first, last, out_val, out_idx):
    """Queries ``first:last``, each over columns ``lo:stop[query]`` and above
    ``floor[query]``: their best ``k`` into ``out_val``/``out_idx`` rows."""
    k = out_val.shape[1]
    buf = np.empty(MENTOR_BLOCK, dtype=np.float32)
    for t0 in range(first, last, QUERY_TILE):
        t1 = min(last, t0 + QUERY_TILE)
        filled = np.zeros(t1 - t0, dtype=np.int64)
        hi = lo
        for j in range(t0, t1):
            hi = max(hi, stop[j])
        for b0 in range(lo, hi, MENTOR_BLOCK):
            for j in range(t0, t1):
                b1 = min(stop[j], b0 + MENTOR_BLOCK)
                if b1 <= b0:
                    continue
                m = b1 - b0
                shift = offset[b0 - lo : b1 - lo]
                _scores(buf, shift, base_t, b0, b1, cols, values, indptr[j], indptr[j + 1])
                vals = out_val[j]
                idx = out_idx[j]
                f = filled[j - t0]
                worst = floor[j] if f < k else vals[0]
                for c0 in range(0, m, CHUNK):
                    c1 = min(m, c0 + CHUNK)
                    chunk = buf[c0:c1]
                    above = 0
                    for x in range(c1 - c0):
                        above += chunk[x] > worst
                    if above == 0:
                        continue
                    for x in range(c1 - c0):
                        if chunk[x] > worst:
                            f = _offer(vals, idx, f, k, chunk[x], b0 - lo + c0 + x)
                            worst = floor[j] if f < k else vals[0]
                filled[j - t0] = f
        for j in range(t0, t1):
            _best_first(out_val[j], out_idx[j], filled[j - t0], k)


@njit(nogil=True, cache=True, fastmath=True)
def _search_by_column(
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
