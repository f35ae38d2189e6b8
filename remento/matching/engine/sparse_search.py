"""Exact top-k inner-product search where one side is sparse (mentee feature vectors).

A mentee's feature vector is mostly zeros: one-hot columns for its level, department,
time zone and the like, a few wanted skills and interests. A pair's score then needs
only the mentee's non-zero columns, where a dense matrix product (faiss) multiplies all
of them. This search walks the mentors in blocks
that stay in the CPU cache; for each mentee it adds up its non-zero columns of the block
(vectorised over the mentors, four columns per pass), then keeps the mentors above its
bar, skipping chunks of 64 mentors in which nothing is above it (see
:func:`.kernels.search.search`).
Columns on which every query has the same value are added once per mentor beforehand,
and mentees that agree on the columns with few values (personality, generation, time
zone, diversity attributes) add those up once per group; each query keeps its best in a
buffer cut by quickselect (:func:`.kernels.search.search`). docs/matching.md has the
figures on the benchmark cohort.
:func:`knn_by_column` is the same search the other way round (mentors against the sparse
mentees): a block of mentors at a time, each mentee's row scored against the whole block,
a heap per mentor.

The result is what an exact dense search gives, in float32: the ``k`` best scores per
query, best first, ties broken by the lower mentor index, ``-inf`` and index -1 where
fewer than ``k`` mentors score above :data:`.kernels.search.FLOOR` (forbidden pairs
score ``-BIG``).
The loops are Numba code released from the GIL, so the queries are split across threads;
each query's result depends on nothing else, so it is the same for any thread count.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from . import kernels

SPARSE_SHARE = 0.4
"""Queries with at most this share of non-zero entries are searched here (else densely)."""


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
    share = (groups + n / kernels.search.QUERY_TILE) / n
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
    *,
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
    floor = np.full(n_q, kernels.search.FLOOR, dtype=np.float32)
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
        kernels.search.search(
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
        kernels.search.search_by_column(
            base.indptr, base.cols, base.values, queries_t, offset, lo, hi,
            bounds[p], bounds[p + 1], out_val, out_idx,
        )  # fmt: skip

    _in_threads(work, len(bounds) - 1)
    return out_val, out_idx
