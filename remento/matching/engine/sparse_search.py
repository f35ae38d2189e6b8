"""Exact top-k inner-product search where one side is sparse (mentee feature vectors).

A mentee's feature vector is mostly zeros: one-hot columns for its level, department,
time zone and the like, a few wanted skills and interests. A pair's score then needs
only the mentee's non-zero columns, about 13 of 63 on the benchmark cohort, where a dense
matrix product (faiss) multiplies all of them. This search walks the mentors in blocks
that stay in the CPU cache; for each mentee it adds up its non-zero columns of the block
(vectorised over the mentors, four columns per pass), then keeps the mentors above its
bar, skipping chunks of 64 mentors in which nothing is above it (see :func:`_search`).
Columns on which every query has the same value are added once per mentor beforehand,
and mentees that agree on the columns with few values (personality, generation, time
zone, diversity attributes: 6.3 of 11.3 entries on the benchmark, about 19 mentees to a
group) add those up once per group; with the buffer of :func:`_search`, a fifth less
time than one heap per query without groups on the benchmark.
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
"""Mentors compared with a query's bar (its heap's worst, by column) at once."""
SHARED_VALUES = 8
"""A column may be shared by a group of queries when it takes at most this many values."""
SHARED_MIN_QUERIES = 512
"""Fewer queries than this are searched without groups."""
GROUP_PASS_COLUMNS = 1.0
"""What computing a group's shared part costs beyond its columns, in columns."""


def is_sparse(queries: np.ndarray) -> bool:
    """Whether ``queries`` are sparse enough for this search to beat a dense one."""
    return queries.size > 0 and bool(np.count_nonzero(queries) <= SPARSE_SHARE * queries.size)


@dataclass
class SparseRows:
    """Rows of a matrix as compressed rows, less the columns on which every row has the
    same non-zero value (``constant``, ``constant_values``): those are added once per
    column of the other side instead.

    Built ``with_groups``, rows that agree on a set of shared columns (see
    :func:`_shared_groups`) form a ``group``: each row's entries on those columns come
    first (``n_shared`` of them), so a group adds them up once per block of mentors and
    each row only its own entries (skills, interests). Without, every row is its own group
    with no shared entries."""

    indptr: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    constant: np.ndarray
    constant_values: np.ndarray
    n_shared: np.ndarray
    group: np.ndarray

    @classmethod
    def of(cls, rows: np.ndarray, with_groups: bool = False) -> SparseRows:
        q = np.asarray(rows, dtype=np.float64)
        n = q.shape[0]
        constant = np.zeros(0, dtype=np.int64)
        if n:
            constant = np.flatnonzero((q == q[:1]).all(axis=0) & (q[0] != 0))
        varying = np.ones(q.shape[1], dtype=bool)
        varying[constant] = False
        q_varying = q * varying
        together, group = np.zeros(q.shape[1], dtype=bool), np.arange(n, dtype=np.int64)
        if with_groups and n >= SHARED_MIN_QUERIES:
            together, group = _shared_groups(q_varying)
        r, c = np.nonzero(q_varying)
        if together.any():
            # Within each row, the shared entries first (np.nonzero gives rows in order).
            by_sharing = np.lexsort((c, ~together[c], r))
            r, c = r[by_sharing], c[by_sharing]
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(r, minlength=n), out=indptr[1:])
        return cls(
            indptr,
            c.astype(np.int64),
            q[r, c].astype(np.float32),
            constant,
            q[0, constant] if n else np.zeros(0),
            np.bincount(r[together[c]], minlength=n).astype(np.int64),
            group,
        )

    def offset(self, dense_t: np.ndarray, lo: int, hi: int) -> np.ndarray:
        """Per column ``lo:hi`` of ``dense_t`` (features x columns), the constant part."""
        part = dense_t[self.constant, lo:hi].astype(np.float64)
        return (self.constant_values @ part).astype(np.float32)


def _shared_groups(q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which columns of ``q`` (rows x columns) groups of rows share, and each row's group
    (rows with the same values on them; ids in the order of those values).

    Columns with few values are tried densest first, each kept when it lowers the
    estimated work per row (see :func:`_work`). No shared column: every row alone."""
    n = q.shape[0]
    per_column = np.count_nonzero(q, axis=0)
    shared = np.zeros(q.shape[1], dtype=bool)
    q = np.ascontiguousarray(q.T)  # one column per row: each read in order
    group = np.zeros(n, dtype=np.int64)
    best = _work(per_column, n)
    for c in np.argsort(-per_column, kind="stable"):
        if per_column[c] == 0:
            break
        column = q[c]
        if len(np.unique(column[: 8 * SHARED_VALUES])) > SHARED_VALUES + 1:
            continue  # the values and zero: too many already in a few rows
        values = np.unique(column)
        if len(values) > SHARED_VALUES + 1:
            continue
        # Split each group by the column's value: renumber the (group, value) pairs in use.
        key = group * len(values) + np.searchsorted(values, column)
        used = np.zeros(n * len(values), dtype=bool)
        used[key] = True
        number = np.cumsum(used) - 1
        shared[c] = True
        cost = _work(per_column, n, shared, int(number[-1]) + 1)
        if cost < best:
            best, group = cost, number[key]
        else:
            shared[c] = False
    if not shared.any():
        return shared, np.arange(n, dtype=np.int64)
    return shared, group


def _work(
    per_column: np.ndarray, n: int, shared: np.ndarray | None = None, groups: int = 0
) -> float:
    """Estimated columns added per row (of ``n``, with ``per_column`` entries in each
    column) when ``groups`` groups share the ``shared`` columns: a group's shared entries
    once per tile of queries it meets (about ``groups + n / QUERY_TILE`` in all, each
    :data:`GROUP_PASS_COLUMNS` more), every row's own entries once."""
    entries = float(per_column.sum()) / n
    if shared is None or not shared.any():
        return entries
    share = (groups + n / QUERY_TILE) / n
    together = float(per_column[shared].sum()) / n
    return (together + GROUP_PASS_COLUMNS) * share + entries - together


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
    stop = np.full(n_q, hi, dtype=np.int64)
    if ends is not None:
        stop = np.minimum(hi, lo + np.asarray(ends, dtype=np.int64))
    # Every query to ``hi``: those of a group run together. With ends: longest first (a
    # tile of queries then shares its blocks of mentors), no groups (they would be split).
    q = SparseRows.of(queries, with_groups=ends is None)
    order = np.argsort(q.group if ends is None else lo - stop, kind="stable")
    # Each thread an equal share of the columns to search.
    bounds = _split(np.maximum(stop[order] - lo, 0), threads)
    offset = q.offset(base_t, lo, hi)

    def work(p: int) -> None:
        _search(
            q.indptr, q.cols, q.values, q.n_shared, q.group, bool(q.n_shared.any()), order,
            base_t, offset, lo, stop, floor, bounds[p], bounds[p + 1], out_val, out_idx,
        )  # fmt: skip

    _in_threads(work, len(bounds) - 1)
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
def _better(v1, i1, v2, i2):
    return v1 > v2 or (v1 == v2 and i1 < i2)


@njit(nogil=True, cache=True)
def _keep_best(vals, idx, size, k):
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
def _search(
    indptr, cols, values, n_shared, group, grouped, order, base_t, offset, lo, stop, floor,
    first, last, out_val, out_idx,
):  # fmt: skip
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
                            _keep_best(vals, idx, n, k)
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
                _keep_best(vals, idx, n, k)
                n = k
            _best_first(vals, idx, n, n + 1)  # a size below its k: made a heap, then sorted
            out_val[j, :n] = vals[:n]
            out_idx[j, :n] = idx[:n]


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
