"""Exact top-k lists: the searches that every candidate set and pricing pass is built on.

:func:`search_lists` searches, level by level, the contiguous slice of a level-sorted base
that the level rule allows (:func:`searcher`: :mod:`.sparse_search` when one side is
sparse, faiss's ``knn`` when both are dense); :func:`numpy_lists` scores blocks in NumPy
(mutual "min" programs, whose score is not an inner product). Each query asks for ``k``
plus the number of its sparse exclusions, so that filtering them out still leaves the
true top k, and records in ``tau`` a bound on what its list leaves out.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from . import kernels, sparse_search
from .features import BIG
from .model import Settings

DENSE_BLOCK_ENTRIES = 2_000_000
"""Entries of a score block scored at once in NumPy (16 MB in float64)."""

LevelRule = Callable[[np.ndarray, int], tuple[int, int]]
"""(level-sorted levels, a level) -> the slice ``lo:hi`` of partners that level may have."""


@dataclass
class Lists:
    """Top-k lists as parallel arrays: (query, target, score), and per query ``tau``, a
    bound on the score of every eligible pair its list leaves out (``-inf``: none)."""

    query: np.ndarray
    target: np.ndarray
    score: np.ndarray
    tau: np.ndarray


@dataclass
class _Found:
    """Lists being collected, part by part."""

    tau: np.ndarray
    query: list[np.ndarray] = field(default_factory=list)
    target: list[np.ndarray] = field(default_factory=list)
    score: list[np.ndarray] = field(default_factory=list)

    def add(self, query: np.ndarray, target: np.ndarray, score: np.ndarray) -> None:
        self.query.append(query)
        self.target.append(target)
        self.score.append(score)

    def lists(self) -> Lists:
        if not self.query:
            empty = np.zeros(0, dtype=np.int64)
            return Lists(empty, empty, np.zeros(0), self.tau)
        return Lists(
            np.concatenate(self.query),
            np.concatenate(self.target),
            np.concatenate(self.score),
            self.tau,
        )


def set_threads(settings: Settings) -> None:
    """faiss uses OpenMP; without a limit it takes every core it sees. (faiss is imported
    where a search needs it: a small cohort's exact path never does, and it takes a few
    tenths of a second to import.)"""
    import faiss

    faiss.omp_set_num_threads(max(1, settings.threads or os.cpu_count() or 1))


def excluded(keys: np.ndarray, exclusions: np.ndarray) -> np.ndarray:
    """Which of ``keys`` (one row of keys per query) are in the sorted ``exclusions``."""
    keys = np.asarray(keys, dtype=np.int64)
    if exclusions.size == 0 or keys.size == 0:
        return np.zeros(keys.shape, dtype=bool)
    rows = np.ascontiguousarray(keys.reshape(keys.shape[0], -1))
    return kernels.search.in_sorted(rows, exclusions).reshape(keys.shape)


def top_rows(scores: np.ndarray, cols: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the k best finite entries, best first, ties by column order."""
    k_here = min(k, scores.shape[1])
    if k_here == 0:
        return np.zeros((scores.shape[0], 0), dtype=np.int64), np.zeros((scores.shape[0], 0))
    if k_here < scores.shape[1]:
        part = np.argpartition(-scores, k_here - 1, axis=1)[:, :k_here]
    else:
        part = np.tile(np.arange(scores.shape[1]), (scores.shape[0], 1))
    vals = np.take_along_axis(scores, part, axis=1)
    order = np.lexsort((part, -vals), axis=1)
    part = np.take_along_axis(part, order, axis=1)
    return cols[part], np.take_along_axis(vals, order, axis=1)


def numpy_lists(
    n_queries: int,
    n_targets: int,
    block: Callable[[np.ndarray], np.ndarray],
    *,
    k: int,
    key: Callable[[np.ndarray, np.ndarray], np.ndarray],
    exclusions: np.ndarray,
) -> Lists:
    """Exact top-k targets per query from ``block`` (a query chunk's scores against
    every target, scored in NumPy: the mutual "min" programs), less the ``exclusions``
    (keys from ``key``)."""
    rows = max(1, DENSE_BLOCK_ENTRIES // max(1, n_targets))
    found = _Found(np.full(n_queries, -np.inf))
    targets = np.arange(n_targets)
    for start in range(0, n_queries, rows):
        chunk = np.arange(start, min(n_queries, start + rows))
        scores = block(chunk)
        if exclusions.size:
            queries = np.repeat(chunk, n_targets)
            every_target = np.tile(targets, len(chunk))
            keys = key(queries, every_target).reshape(scores.shape)
            scores[excluded(keys, exclusions)] = -np.inf
        idx, vals = top_rows(scores, targets, k)
        finite = np.isfinite(vals)
        counts = np.isfinite(scores).sum(axis=1)
        truncated = counts > k
        found.tau[chunk[truncated]] = vals[truncated, -1]
        found.add(np.repeat(chunk, idx.shape[1])[finite.ravel()], idx[finite], vals[finite])
    return found.lists()


@dataclass
class _LevelSorted:
    """A search base sorted by level (so each level rule's slice is contiguous), in
    float32, and the order that maps its rows back."""

    order: np.ndarray
    levels: np.ndarray
    base32: np.ndarray

    @classmethod
    def of(cls, base: np.ndarray, base_levels: np.ndarray) -> _LevelSorted:
        if len(base_levels) < 2 or bool((np.diff(base_levels) >= 0).all()):
            # Already sorted: search ``base`` as it is.
            order = np.arange(len(base_levels))
            return cls(order, base_levels, np.ascontiguousarray(base, dtype=np.float32))
        order = np.argsort(base_levels, kind="stable")
        return cls(order, base_levels[order], np.ascontiguousarray(base[order], dtype=np.float32))


def search_lists(
    *,
    queries: np.ndarray,
    query_levels: np.ndarray,
    base: np.ndarray,
    base_levels: np.ndarray,
    feasible: LevelRule,
    k: int,
    extra: np.ndarray,
    key: Callable[[np.ndarray, np.ndarray], np.ndarray],
    exclusions: np.ndarray,
    ends: np.ndarray | None = None,
    floors: np.ndarray | None = None,
) -> Lists:
    """Exact top-k per query row over the level-feasible, contiguous slice of ``base``
    (see :func:`searcher`); ``extra[q]`` is how many of query ``q``'s pairs may be
    ``exclusions`` (keys from ``key``). With ``ends``, query ``q`` searches only the first
    ``ends[q]`` rows of its slice, and with ``floors`` the search may leave out the
    entries at or below ``floors[q]``."""
    sorted_base = _LevelSorted.of(base, base_levels)
    found = _Found(np.full(queries.shape[0], -np.inf))
    search = searcher(queries, sorted_base.base32)
    for level in np.unique(query_levels):
        lo, hi = feasible(sorted_base.levels, int(level))
        rows_of_level = np.flatnonzero(query_levels == level)
        n_db = np.full(len(rows_of_level), max(0, hi - lo), dtype=np.int64)
        if ends is not None:
            n_db = np.minimum(n_db, ends[rows_of_level])
        rows_of_level, n_db = rows_of_level[n_db > 0], n_db[n_db > 0]
        if rows_of_level.size == 0:
            continue
        # Ask for k plus the exclusions this query might lose, rounded up to few sizes.
        need = np.minimum(n_db, k + extra[rows_of_level])
        bucket = np.where(extra[rows_of_level] == 0, need, 2 ** np.ceil(np.log2(need)))
        bucket = np.minimum(n_db.max(), bucket).astype(np.int64)
        for asked in np.unique(bucket):
            rows = rows_of_level[bucket == asked]
            dist, idx = search(
                rows,
                lo,
                hi,
                int(asked),
                None if ends is None else n_db[bucket == asked],
                None if floors is None else floors[rows],
            )
            _keep_found(
                found,
                rows=rows,
                searched=n_db[bucket == asked],
                dist=dist,
                target=sorted_base.order[lo + np.maximum(idx, 0)],
                valid=(idx >= 0) & (dist > -BIG / 2),
                k=k,
                excluded_by=_Exclusions(extra, key, exclusions),
            )
    return found.lists()


@dataclass
class _Exclusions:
    """Sparse exclusions: how many each query may lose, their keys, and the sorted keys."""

    extra: np.ndarray
    key: Callable[[np.ndarray, np.ndarray], np.ndarray]
    keys: np.ndarray


def _keep_found(
    found: _Found,
    *,
    rows: np.ndarray,
    searched: np.ndarray,
    dist: np.ndarray,
    target: np.ndarray,
    valid: np.ndarray,
    k: int,
    excluded_by: _Exclusions,
) -> None:
    """The first ``k`` valid, not excluded entries of each row of one search (``asked``
    entries per row, best first, over ``searched`` rows of the base), and ``tau`` for the
    rows whose list was cut."""
    asked = dist.shape[1]
    # Only rows with sparse exclusions can lose entries to them.
    risky = np.flatnonzero(excluded_by.extra[rows] > 0)
    if risky.size:
        queries = np.repeat(rows[risky], asked).reshape(len(risky), asked)
        keys = excluded_by.key(queries, target[risky])
        valid[risky] &= ~excluded(keys, excluded_by.keys)
    # Keep the first k valid entries of each row (rows are sorted best first).
    keep, over = valid, np.zeros(len(rows), dtype=bool)
    if asked > k:
        rank = np.cumsum(valid, axis=1)
        keep, over = valid & (rank <= k), rank[:, -1] > k
    truncated = np.flatnonzero(over | ((asked < searched) & (dist[:, -1] > -BIG / 2)))
    found.tau[rows[truncated]] = np.where(keep[truncated], dist[truncated], np.inf).min(axis=1)
    at_row, _ = np.nonzero(keep)
    found.add(rows[at_row], target[keep], dist[keep].astype(np.float64))


Search = Callable[
    [np.ndarray, int, int, int, np.ndarray | None, np.ndarray | None],
    tuple[np.ndarray, np.ndarray],
]
"""(query rows, lo, hi, k, ends or None, floors or None) -> (scores, indices relative to
lo), best first; with ``ends``, each query searches only the first ``ends[q]`` rows of
``lo:hi``; with ``floors``, entries at or below a query's floor may be left out."""


def searcher(queries: np.ndarray, base32: np.ndarray) -> Search:
    """The exact search for these queries against slices of ``base32``. Sparse mentee
    vectors as queries take :mod:`.sparse_search`'s ``knn`` (which stops each query at its
    own end and floor); as the base, its ``knn_by_column``; dense ones on both sides
    faiss's ``knn``. The last two search queries of one length together and keep
    everything above the floors."""
    import faiss

    threads = faiss.omp_get_max_threads()
    if sparse_search.is_sparse(queries):
        base_t = np.ascontiguousarray(base32.T)

        def sparse(
            rows: np.ndarray,
            lo: int,
            hi: int,
            k: int,
            ends: np.ndarray | None,
            floors: np.ndarray | None,
        ) -> tuple[np.ndarray, np.ndarray]:
            return sparse_search.knn(
                queries[rows], base_t, lo, hi, k, threads, ends=ends, floors=floors
            )

        return sparse
    if sparse_search.is_sparse(base32):
        base_rows = sparse_search.SparseRows.of(base32)

        def one_length(rows: np.ndarray, lo: int, hi: int, k: int) -> tuple[np.ndarray, np.ndarray]:
            return sparse_search.knn_by_column(base_rows, lo, hi, queries[rows], k, threads)

    else:

        def one_length(rows: np.ndarray, lo: int, hi: int, k: int) -> tuple[np.ndarray, np.ndarray]:
            xq = np.ascontiguousarray(queries[rows], dtype=np.float32)
            return faiss.knn(xq, base32[lo:hi], k, metric=faiss.METRIC_INNER_PRODUCT)

    def by_length(
        rows: np.ndarray,
        lo: int,
        hi: int,
        k: int,
        ends: np.ndarray | None,
        floors: np.ndarray | None,
    ) -> tuple[np.ndarray, np.ndarray]:
        if ends is None:
            return one_length(rows, lo, hi, k)
        dist = np.full((len(rows), k), -np.inf, dtype=np.float32)
        idx = np.full((len(rows), k), -1, dtype=np.int64)
        clipped = np.minimum(ends, hi - lo)
        for end in np.unique(clipped[clipped > 0]):
            same = np.flatnonzero(clipped == end)
            k_here = int(min(k, end))
            found = one_length(rows[same], lo, lo + int(end), k_here)
            dist[same, :k_here], idx[same, :k_here] = found
        return dist, idx

    return by_length


def mentor_range(settings: Settings) -> Callable[[np.ndarray, int], tuple[int, int]]:
    """For a mentee level: the slice of level-sorted mentors that the level rule allows."""
    gap = settings.min_level_gap

    def mentors_for(levels: np.ndarray, level: int) -> tuple[int, int]:
        if settings.program_type == "reverse":
            return 0, int(np.searchsorted(levels, level - gap, side="right"))
        if settings.program_type == "traditional":
            return int(np.searchsorted(levels, level + gap, side="left")), len(levels)
        return 0, len(levels)

    return mentors_for


def mentee_range(settings: Settings) -> Callable[[np.ndarray, int], tuple[int, int]]:
    """For a mentor level: the slice of level-sorted mentees that the level rule allows."""
    gap = settings.min_level_gap

    def mentees_for(levels: np.ndarray, level: int) -> tuple[int, int]:
        if settings.program_type == "reverse":
            return int(np.searchsorted(levels, level + gap, side="left")), len(levels)
        if settings.program_type == "traditional":
            return 0, int(np.searchsorted(levels, level - gap, side="right"))
        return 0, len(levels)

    return mentees_for


def whole_base(levels: np.ndarray, level: int) -> tuple[int, int]:
    """The whole base: the level rule for searches whose base already keeps it."""
    return 0, len(levels)
