"""Candidate sets: every eligible pair (small cohorts) or exact top-k lists (large ones).

The top-k lists are exact: each mentee gets its k best eligible mentors, found by a
brute-force inner-product search on the level-feasible slice of mentors (sorted by level,
so the slice is contiguous): :mod:`.sparse_search` whenever one side is the sparse mentee
vectors, faiss's ``knn`` when both are dense. Each query asks for ``k`` plus the number of
sparse exclusions of that mentee so that filtering them out still leaves the true top k.
Department and time-zone rules are penalty columns, so forbidden pairs rank last and are
dropped. A second pass gives every mentor with few candidates its own best mentees. For
the non-linear mutual "min" score the same lists come from blocked NumPy products.

``tau`` records, per mentee, a bound on the score of any eligible pair left out; the
solver turns it into a certificate (upper bound) on the all-pairs optimum.

With mentor prices the lists rank by score minus price instead: the price is one more
column ([x, 1] . [y, -price]), so the same exact search applies, and ``cut`` plus the
mentor's price bounds every pair left out. The same search with the mentors' duals as
prices is the pricing step of column generation (:func:`price_within`, on a searched
subset); the other way round, mentors against mentees with their duals, it turns
mentee duals into mentor prices (:func:`mentor_prices`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace

import faiss
import numpy as np

from .features import BIG, Block, Features, block_scores
from .model import Settings

DENSE_BLOCK_ENTRIES = 2_000_000
PREFIX_STEP = 1.5
"""Restricted pricing of mutual programs rounds each mentee's search size up to a power
of this (mentees of one size are scored together)."""


@dataclass
class Edges:
    """A scored candidate set: parallel arrays of (mentee index, mentor index, score).

    ``tau[j]`` bounds the score of every eligible pair of mentee ``j`` that is not in the
    set (``-inf`` when the set holds all of them). ``eligible_*`` say who has at least one
    eligible partner. Lists built on price-adjusted scores also carry ``cut`` (per mentee)
    and ``price`` (per mentor): every eligible pair ``(j, i)`` left out scores at most
    ``cut[j] + price[i]``, a sharper bound than ``tau`` (which stays valid on its own).
    Anything that builds a new candidate set may drop them and keep ``tau``.
    """

    mentee: np.ndarray
    mentor: np.ndarray
    score: np.ndarray
    n_mentees: int
    n_mentors: int
    tau: np.ndarray
    eligible_mentee: np.ndarray
    eligible_mentor: np.ndarray
    cut: np.ndarray | None = None
    price: np.ndarray | None = None

    def __len__(self) -> int:
        return int(self.score.shape[0])

    @classmethod
    def from_dense(cls, scores: np.ndarray) -> Edges:
        """All finite entries of a (mentees x mentors) matrix; NaN or -inf = forbidden."""
        matrix = np.asarray(scores, dtype=np.float64)
        if matrix.ndim != 2:
            raise ValueError("a dense score matrix must be 2-dimensional (mentees x mentors)")
        ok = np.isfinite(matrix)
        mentee, mentor = np.nonzero(ok)
        return cls(
            mentee=mentee.astype(np.int64),
            mentor=mentor.astype(np.int64),
            score=matrix[ok],
            n_mentees=matrix.shape[0],
            n_mentors=matrix.shape[1],
            tau=np.full(matrix.shape[0], -np.inf),
            eligible_mentee=ok.any(axis=1),
            eligible_mentor=ok.any(axis=0),
        )


def first_of_each_pair(mentee: np.ndarray, mentor: np.ndarray) -> np.ndarray:
    """Positions that keep each (mentee, mentor) pair once, the first given of each,
    ordered by mentee then mentor: a counting sort by mentee and a small sort within each
    mentee's arcs (far quicker than sorting the combined keys of millions of arcs)."""
    from .auction import heaviest_first  # Numba loads only when lists are built

    if len(mentee) == 0:
        return np.zeros(0, dtype=np.int64)
    order = heaviest_first(mentee, -np.asarray(mentor, dtype=np.int64))
    e, m = mentee[order], mentor[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (e[1:] != e[:-1]) | (m[1:] != m[:-1])
    return order[first]


def with_pairs(edges: Edges, mentee: np.ndarray, mentor: np.ndarray, score: np.ndarray) -> Edges:
    """``edges`` plus these pairs (a pair already there keeps its score), ordered by
    mentee then mentor; everything else as in ``edges``."""
    all_e = np.concatenate([edges.mentee, mentee])
    all_m = np.concatenate([edges.mentor, mentor])
    keep = first_of_each_pair(all_e, all_m)
    return replace(
        edges,
        mentee=all_e[keep],
        mentor=all_m[keep],
        score=np.concatenate([edges.score, score])[keep],
    )


def set_threads(settings: Settings) -> None:
    """faiss uses OpenMP; without a limit it takes every core it sees."""
    faiss.omp_set_num_threads(max(1, settings.threads or os.cpu_count() or 1))


def _excluded(keys: np.ndarray, exclusions: np.ndarray) -> np.ndarray:
    """Which of ``keys`` (one row of keys per query) are in the sorted ``exclusions``."""
    keys = np.asarray(keys, dtype=np.int64)
    if exclusions.size == 0 or keys.size == 0:
        return np.zeros(keys.shape, dtype=bool)
    from .sparse_search import in_sorted  # Numba loads only when lists are built

    rows = np.ascontiguousarray(keys.reshape(keys.shape[0], -1))
    return in_sorted(rows, exclusions).reshape(keys.shape)


def dense_scores(features: Features, settings: Settings, exclusions: np.ndarray) -> np.ndarray:
    """The full (mentees x mentors) score matrix, ``-inf`` where forbidden. Only for
    cohorts whose matrix fits in memory."""
    n_e, n_m = features.mentee.shape[0], features.mentor.shape[0]
    out = np.empty((n_e, n_m), dtype=np.float64)
    rows = max(1, DENSE_BLOCK_ENTRIES // max(1, n_m))
    mentors = np.arange(n_m)
    for start in range(0, n_e, rows):
        chunk = np.arange(start, min(n_e, start + rows))
        out[chunk] = block_scores(features, chunk, mentors, settings)
    if exclusions.size:
        out.reshape(-1)[exclusions] = -np.inf
    return out


def all_pairs(features: Features, settings: Settings, exclusions: np.ndarray) -> Edges:
    """Every eligible pair, scored in float64."""
    return Edges.from_dense(dense_scores(features, settings, exclusions))


def _topk_rows(scores: np.ndarray, cols: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the k best finite entries, best first, ties by column order."""
    kk = min(k, scores.shape[1])
    if kk == 0:
        return np.zeros((scores.shape[0], 0), dtype=np.int64), np.zeros((scores.shape[0], 0))
    if kk < scores.shape[1]:
        part = np.argpartition(-scores, kk - 1, axis=1)[:, :kk]
    else:
        part = np.tile(np.arange(scores.shape[1]), (scores.shape[0], 1))
    vals = np.take_along_axis(scores, part, axis=1)
    order = np.lexsort((part, -vals), axis=1)
    part = np.take_along_axis(part, order, axis=1)
    return cols[part], np.take_along_axis(vals, order, axis=1)


@dataclass
class _Lists:
    query: np.ndarray
    target: np.ndarray
    score: np.ndarray
    tau: np.ndarray


def _numpy_lists(
    n_queries: int,
    n_targets: int,
    block: Callable[[np.ndarray], np.ndarray],
    k: int,
    key: Callable[[np.ndarray, np.ndarray], np.ndarray],
    exclusions: np.ndarray,
) -> _Lists:
    rows = max(1, DENSE_BLOCK_ENTRIES // max(1, n_targets))
    q, t, s, tau = [], [], [], np.full(n_queries, -np.inf)
    targets = np.arange(n_targets)
    for start in range(0, n_queries, rows):
        chunk = np.arange(start, min(n_queries, start + rows))
        scores = block(chunk)
        if exclusions.size:
            qq = np.repeat(chunk, n_targets)
            tt = np.tile(targets, len(chunk))
            scores[_excluded(key(qq, tt).reshape(scores.shape), exclusions)] = -np.inf
        idx, vals = _topk_rows(scores, targets, k)
        finite = np.isfinite(vals)
        counts = np.isfinite(scores).sum(axis=1)
        truncated = counts > k
        tau[chunk[truncated]] = vals[truncated, -1]
        q.append(np.repeat(chunk, idx.shape[1])[finite.ravel()])
        t.append(idx[finite])
        s.append(vals[finite])
    return _Lists(np.concatenate(q), np.concatenate(t), np.concatenate(s), tau)


def _search_lists(
    queries: np.ndarray,
    query_levels: np.ndarray,
    base: np.ndarray,
    base_levels: np.ndarray,
    feasible: Callable[[np.ndarray, int], tuple[int, int]],
    k: int,
    extra: np.ndarray,
    key: Callable[[np.ndarray, np.ndarray], np.ndarray],
    exclusions: np.ndarray,
    ends: np.ndarray | None = None,
    floors: np.ndarray | None = None,
) -> _Lists:
    """Exact top-k per query row over the level-feasible, contiguous slice of ``base``
    (see :func:`_searcher`); with ``ends``, query ``q`` searches only the first
    ``ends[q]`` rows of its slice, and with ``floors`` the search may leave out the
    entries at or below ``floors[q]``."""
    if len(base_levels) < 2 or bool((np.diff(base_levels) >= 0).all()):
        order = np.arange(len(base_levels))  # already sorted: search ``base`` as it is
        sorted_levels = base_levels
        base32 = np.ascontiguousarray(base, dtype=np.float32)
    else:
        order = np.argsort(base_levels, kind="stable")
        sorted_levels = base_levels[order]
        base32 = np.ascontiguousarray(base[order], dtype=np.float32)
    q_out, t_out, s_out = [], [], []
    tau = np.full(queries.shape[0], -np.inf)
    search = _searcher(queries, base32)
    for level in np.unique(query_levels):
        lo, hi = feasible(sorted_levels, int(level))
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
        for kk in np.unique(bucket):
            in_bucket = bucket == kk
            rows = rows_of_level[in_bucket]
            rows_db = n_db[in_bucket]
            dist, idx = search(
                rows,
                lo,
                hi,
                int(kk),
                None if ends is None else rows_db,
                None if floors is None else floors[rows],
            )
            target = order[lo + np.maximum(idx, 0)]
            valid = (idx >= 0) & (dist > -BIG / 2)
            # Only rows with sparse exclusions can lose entries to them.
            risky = np.flatnonzero(extra[rows] > 0)
            if risky.size:
                qq = np.repeat(rows[risky], int(kk)).reshape(len(risky), int(kk))
                valid[risky] &= ~_excluded(key(qq, target[risky]), exclusions)
            # Keep the first k valid entries of each row (rows are sorted best first).
            keep, over = valid, np.zeros(len(rows), dtype=bool)
            if kk > k:
                rank = np.cumsum(valid, axis=1)
                keep, over = valid & (rank <= k), rank[:, -1] > k
            truncated = np.flatnonzero(over | ((kk < rows_db) & (dist[:, -1] > -BIG / 2)))
            tau[rows[truncated]] = np.where(keep[truncated], dist[truncated], np.inf).min(axis=1)
            at_row, _ = np.nonzero(keep)
            q_out.append(rows[at_row])
            t_out.append(target[keep])
            s_out.append(dist[keep].astype(np.float64))
    if not q_out:
        empty = np.zeros(0, dtype=np.int64)
        return _Lists(empty, empty, np.zeros(0), tau)
    return _Lists(np.concatenate(q_out), np.concatenate(t_out), np.concatenate(s_out), tau)


Search = Callable[
    [np.ndarray, int, int, int, np.ndarray | None, np.ndarray | None],
    tuple[np.ndarray, np.ndarray],
]
"""(query rows, lo, hi, k, ends or None, floors or None) -> (scores, indices relative to
lo), best first; with ``ends``, each query searches only the first ``ends[q]`` rows of
``lo:hi``; with ``floors``, entries at or below a query's floor may be left out."""


def _searcher(queries: np.ndarray, base32: np.ndarray) -> Search:
    """The exact search for these queries against slices of ``base32``. Sparse mentee
    vectors as queries take :mod:`.sparse_search`'s ``knn`` (which stops each query at its
    own end and floor); as the base, its ``knn_by_column``; dense ones on both sides
    faiss's ``knn``. The last two search queries of one length together and keep
    everything above the floors."""
    from . import sparse_search  # Numba loads only when a search runs

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
            return sparse_search.knn(queries[rows], base_t, lo, hi, k, threads, ends, floors)

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
            kk = int(min(k, end))
            dist[same, :kk], idx[same, :kk] = one_length(rows[same], lo, lo + int(end), kk)
        return dist, idx

    return by_length


def _mentor_range(settings: Settings) -> Callable[[np.ndarray, int], tuple[int, int]]:
    """For a mentee level: the slice of level-sorted mentors that the level rule allows."""
    gap = settings.min_level_gap

    def mentors_for(levels: np.ndarray, level: int) -> tuple[int, int]:
        if settings.program_type == "reverse":
            return 0, int(np.searchsorted(levels, level - gap, side="right"))
        if settings.program_type == "traditional":
            return int(np.searchsorted(levels, level + gap, side="left")), len(levels)
        return 0, len(levels)

    return mentors_for


def _mentee_range(settings: Settings) -> Callable[[np.ndarray, int], tuple[int, int]]:
    """For a mentor level: the slice of level-sorted mentees that the level rule allows."""
    gap = settings.min_level_gap

    def mentees_for(levels: np.ndarray, level: int) -> tuple[int, int]:
        if settings.program_type == "reverse":
            return int(np.searchsorted(levels, level + gap, side="left")), len(levels)
        if settings.program_type == "traditional":
            return 0, int(np.searchsorted(levels, level - gap, side="right"))
        return 0, len(levels)

    return mentees_for


def _forward_lists(
    features: Features,
    settings: Settings,
    exclusions: np.ndarray,
    k: int,
    prices: np.ndarray | None = None,
) -> _Lists:
    """Exact top-k mentors per mentee by ``score - prices[mentor]`` (by score without
    prices). A price is one more column: [x, 1] . [y, -price] (faiss searches it exactly)."""
    n_e, n_m = features.mentee.shape[0], features.mentor.shape[0]
    extra = np.bincount(exclusions // max(1, n_m), minlength=n_e)

    def key(j: np.ndarray, i: np.ndarray) -> np.ndarray:
        return j * n_m + i

    if features.mutual_min is None:
        queries, base = features.mentee, features.mentor
        if prices is not None:
            queries = np.hstack([queries, np.ones((n_e, 1))])
            base = np.hstack([base, -prices[:, None]])
        return _search_lists(
            queries,
            features.mentee_levels,
            base,
            features.mentor_levels,
            _mentor_range(settings),
            k,
            extra,
            key,
            exclusions,
        )
    all_m = np.arange(n_m)
    shift = np.zeros((1, n_m)) if prices is None else prices[None, :]
    return _numpy_lists(
        n_e,
        n_m,
        lambda rows: block_scores(features, rows, all_m, settings) - shift,
        k,
        key,
        exclusions,
    )


def top_k(
    features: Features,
    settings: Settings,
    exclusions: np.ndarray,
    k: int | None = None,
    *,
    prices: np.ndarray | None = None,
) -> Edges:
    """Exact top-k mentors per mentee plus top ``mentor_k`` mentees for mentors with few
    candidates. Never builds the full matrix.

    With ``prices`` (one per mentor), the mentee lists rank mentors by score minus price
    instead, so that popular mentors do not fill every list: with prices near the optimal
    dual values the lists hold the optimal partners. The result then carries ``cut`` and
    ``price`` (see :class:`Edges`); scores are the plain pair scores either way.
    """
    k = k or settings.top_k
    n_e, n_m = features.mentee.shape[0], features.mentor.shape[0]
    extra_mentor = np.bincount(exclusions % max(1, n_m), minlength=n_m)
    set_threads(settings)
    p = None if prices is None else np.asarray(prices, np.float32).astype(np.float64)
    forward = _forward_lists(features, settings, exclusions, k, p)
    cut = None
    if p is not None:
        # Adjusted values back to scores; tau on its own: a left-out pair scores at most
        # the cut plus the highest price.
        cut = forward.tau
        top_price = float(p.max()) if p.size else 0.0
        forward = _Lists(
            forward.query, forward.target, forward.score + p[forward.target], cut + top_price
        )
    all_e = np.arange(n_e)
    counts = np.bincount(forward.target, minlength=n_m)
    few = np.flatnonzero(counts < settings.mentor_k)
    mentee_idx, mentor_idx, score = [forward.query], [forward.target], [forward.score]
    eligible_mentor = counts > 0
    if few.size:
        if features.mutual_min is None:
            backward = _search_lists(
                features.mentor[few],
                features.mentor_levels[few],
                features.mentee,
                features.mentee_levels,
                _mentee_range(settings),
                settings.mentor_k,
                extra_mentor[few],
                lambda r, j: j * n_m + few[r],
                exclusions,
            )
        else:
            backward = _numpy_lists(
                len(few),
                n_e,
                lambda rows: block_scores(features, all_e, few[rows], settings).T,
                settings.mentor_k,
                lambda r, j: j * n_m + few[r],
                exclusions,
            )
        mentee_idx.append(backward.target)
        mentor_idx.append(few[backward.query])
        score.append(backward.score)
        eligible_mentor[few[backward.query]] = True
    mentee_all = np.concatenate(mentee_idx)
    mentor_all = np.concatenate(mentor_idx)
    score_all = np.concatenate(score)
    first = first_of_each_pair(mentee_all, mentor_all)
    return Edges(
        mentee=mentee_all[first],
        mentor=mentor_all[first],
        score=score_all[first],
        n_mentees=n_e,
        n_mentors=n_m,
        tau=forward.tau,
        eligible_mentee=np.bincount(forward.query, minlength=n_e) > 0,
        eligible_mentor=eligible_mentor,
        cut=cut,
        price=p,
    )


def price_within(
    features: Features,
    settings: Settings,
    exclusions: np.ndarray,
    mentor_price: np.ndarray,
    k: int,
    order: np.ndarray,
    prefix: np.ndarray,
    floor: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exact top-k mentors per mentee by ``score - mentor_price``, the pricing step of column
    generation, where mentee ``j`` searches only the first ``prefix[j]`` mentors of
    ``order`` (all mentors, in the order to search them; for mutual programs sizes are
    rounded up to a few steps, so a mentee may see a few more); mentees with ``prefix`` 0
    are not searched. With ``floor`` (per mentee), pairs at or below it may be left out
    (the caller has no use for them). Returns (mentee, mentor, adjusted score).

    The mentors each mentee level may have (the level rule) are put in ``order`` once,
    with the price as one more column, so every search runs on a leading slice of that
    one matrix."""
    n_e, n_m = features.mentee.shape[0], features.mentor.shape[0]
    prices = np.asarray(mentor_price, dtype=np.float64)
    prefix = np.minimum(np.asarray(prefix, dtype=np.int64), len(order))
    wanted = np.flatnonzero(prefix > 0)
    empty = np.zeros(0, dtype=np.int64)
    if wanted.size == 0:
        return empty, empty, np.zeros(0)
    extra = np.bincount(exclusions // max(1, n_m), minlength=n_e)
    rank = np.empty(n_m, dtype=np.int64)
    rank[order] = np.arange(len(order))
    by_level = np.argsort(features.mentor_levels, kind="stable")
    sorted_levels = features.mentor_levels[by_level]
    mentors_for = _mentor_range(settings)
    # The level rule's slice of the level-sorted mentors, once per distinct mentee level.
    levels, level_of = np.unique(features.mentee_levels[wanted], return_inverse=True)
    per_level = np.array([mentors_for(sorted_levels, int(v)) for v in levels]).reshape(-1, 2)
    # Levels with the same slice are searched together.
    slices, slice_of_level = np.unique(per_level, axis=0, return_inverse=True)
    slice_of = slice_of_level.ravel()[level_of.ravel()]
    set_threads(settings)
    q_out, t_out, s_out = [], [], []
    for at, (lo, hi) in enumerate(slices):
        rows = wanted[slice_of == at]
        feasible = by_level[lo:hi]
        base = feasible[np.argsort(rank[feasible], kind="stable")]
        if base.size == 0:
            continue
        matrix = np.zeros((0, 0), dtype=np.float32)  # mutual "min": scored block by block
        if features.mutual_min is None:
            matrix = np.ascontiguousarray(
                np.hstack([features.mentor[base], -prices[base, None]]), dtype=np.float32
            )
        # How many of this level's mentors each mentee searches.
        counts = np.searchsorted(rank[base], prefix[rows])
        rows, counts = rows[counts > 0], counts[counts > 0]
        if features.mutual_min is None:

            def key(
                q: np.ndarray, t: np.ndarray, rows: np.ndarray = rows, base: np.ndarray = base
            ) -> np.ndarray:
                return rows[q] * n_m + base[t]

            lists = _search_lists(
                np.hstack([features.mentee[rows], np.ones((len(rows), 1))]),
                np.zeros(len(rows), dtype=np.int64),
                matrix,
                np.zeros(len(base), dtype=np.int64),
                _whole,
                k,
                extra[rows],
                key,
                exclusions,
                ends=counts,
                floors=None if floor is None else floor[rows],
            )
            ok = lists.score > -BIG / 2
            q_out.append(rows[lists.query[ok]])
            t_out.append(base[lists.target[ok]])
            s_out.append(lists.score[ok])
            continue
        # Mutual "min" scores, block by block: mentees of one size (rounded up) together.
        steps = np.ceil(
            PREFIX_STEP ** np.ceil(np.log(np.maximum(counts, 1)) / np.log(PREFIX_STEP) - 1e-9)
        )
        sizes = np.minimum(len(base), np.maximum(counts, steps)).astype(np.int64)
        for size in np.unique(sizes):
            group = rows[sizes == size]
            head = base[:size]

            def block(
                chunk: np.ndarray, group: np.ndarray = group, head: np.ndarray = head
            ) -> np.ndarray:
                scores = block_scores(features, group[chunk], head, settings)
                return scores - prices[head][None, :]

            def group_key(
                q: np.ndarray, t: np.ndarray, group: np.ndarray = group, head: np.ndarray = head
            ) -> np.ndarray:
                return group[q] * n_m + head[t]

            lists = _numpy_lists(len(group), int(size), block, k, group_key, exclusions)
            ok = lists.score > -BIG / 2
            q_out.append(group[lists.query[ok]])
            t_out.append(head[lists.target[ok]])
            s_out.append(lists.score[ok])
    if not q_out:
        return empty, empty, np.zeros(0)
    return np.concatenate(q_out), np.concatenate(t_out), np.concatenate(s_out)


def _whole(levels: np.ndarray, level: int) -> tuple[int, int]:
    """The whole base: for searches whose base already keeps the level rule."""
    return 0, len(levels)


def mentor_prices(
    features: Features,
    settings: Settings,
    exclusions: np.ndarray,
    mentee_rows: np.ndarray,
    mentee_values: np.ndarray,
) -> np.ndarray:
    """Per mentor, ``max(0, max_j score(j, i) - mentee_values[j])`` over the eligible
    mentees ``mentee_rows``: the mentor duals that mentee duals imply (one exact top-1
    search of the mentors against the mentees, with the values as one more column)."""
    n_m = features.mentor.shape[0]
    rows = np.asarray(mentee_rows, dtype=np.int64)
    values = np.asarray(mentee_values, dtype=np.float64)
    out = np.zeros(n_m)
    if rows.size == 0 or n_m == 0:
        return out
    extra = np.bincount(exclusions % n_m, minlength=n_m)

    def key(i: np.ndarray, r: np.ndarray) -> np.ndarray:
        return rows[r] * n_m + i

    set_threads(settings)
    if features.mutual_min is None:
        lists = _search_lists(
            np.hstack([features.mentor, np.ones((n_m, 1))]),
            features.mentor_levels,
            np.hstack([features.mentee[rows], -values[:, None]]),
            features.mentee_levels[rows],
            _mentee_range(settings),
            1,
            extra,
            key,
            exclusions,
        )
    else:
        lists = _numpy_lists(
            n_m,
            len(rows),
            lambda r: block_scores(features, rows, r, settings).T - values[None, :],
            1,
            key,
            exclusions,
        )
    ok = lists.score > -BIG / 2
    np.maximum.at(out, lists.query[ok], lists.score[ok])
    return out


def restrict(
    features: Features, exclusions: np.ndarray, mentee_rows: np.ndarray, mentor_rows: np.ndarray
) -> tuple[Features, np.ndarray]:
    """The features and sparse exclusions of a sub-cohort (rows in increasing order)."""
    n_e, n_m = features.mentee.shape[0], features.mentor.shape[0]
    mutual = None
    if features.mutual_min is not None:
        forward, backward = features.mutual_min
        mutual = (
            Block(forward.mentor[mentor_rows], forward.mentee[mentee_rows]),
            Block(backward.mentor[mentee_rows], backward.mentee[mentor_rows]),
        )
    sub = Features(
        mentor=np.ascontiguousarray(features.mentor[mentor_rows]),
        mentee=np.ascontiguousarray(features.mentee[mentee_rows]),
        mentor_levels=features.mentor_levels[mentor_rows],
        mentee_levels=features.mentee_levels[mentee_rows],
        columns=features.columns,
        mutual_min=mutual,
        skills_weight=features.skills_weight,
        has_penalty=features.has_penalty,
    )
    at_e = np.full(n_e, -1, dtype=np.int64)
    at_e[mentee_rows] = np.arange(len(mentee_rows))
    at_m = np.full(n_m, -1, dtype=np.int64)
    at_m[mentor_rows] = np.arange(len(mentor_rows))
    j, i = at_e[exclusions // max(1, n_m)], at_m[exclusions % max(1, n_m)]
    keep = (j >= 0) & (i >= 0)
    return sub, np.unique(j[keep] * len(mentor_rows) + i[keep])
