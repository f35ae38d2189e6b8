"""Candidate sets: every eligible pair (small cohorts) or exact top-k lists (large ones).

The top-k lists are exact: each mentee gets its k best eligible mentors, found with
faiss's brute-force inner-product search (``faiss.knn``) on the level-feasible slice of
mentors (sorted by level, so the slice is contiguous), asking for ``k`` plus the number of
sparse exclusions of that mentee so that filtering them out still leaves the true top k.
Department and time-zone rules are penalty columns, so forbidden pairs rank last and are
dropped. A second pass gives every mentor with few candidates its own best mentees. For
the non-linear mutual "min" score the same lists come from blocked NumPy products.

``tau`` records, per mentee, a bound on the score of any eligible pair left out; the
solver turns it into a certificate (upper bound) on the all-pairs optimum.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

import faiss
import numpy as np

from .features import BIG, Features, block_scores
from .model import Settings

DENSE_BLOCK_ENTRIES = 2_000_000


@dataclass
class Edges:
    """A scored candidate set: parallel arrays of (mentee index, mentor index, score).

    ``tau[j]`` bounds the score of every eligible pair of mentee ``j`` that is not in the
    set (``-inf`` when the set holds all of them). ``eligible_*`` say who has at least one
    eligible partner.
    """

    mentee: np.ndarray
    mentor: np.ndarray
    score: np.ndarray
    n_mentees: int
    n_mentors: int
    tau: np.ndarray
    eligible_mentee: np.ndarray
    eligible_mentor: np.ndarray

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


def set_threads(settings: Settings) -> None:
    """faiss uses OpenMP; without a limit it takes every core it sees."""
    faiss.omp_set_num_threads(max(1, settings.threads or os.cpu_count() or 1))


def _excluded(keys: np.ndarray, exclusions: np.ndarray) -> np.ndarray:
    if exclusions.size == 0:
        return np.zeros(keys.shape, dtype=bool)
    pos = np.searchsorted(exclusions, keys)
    pos = np.minimum(pos, exclusions.size - 1)
    return np.asarray(exclusions[pos] == keys)


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
            scores[_excluded(key(qq, tt), exclusions).reshape(scores.shape)] = -np.inf
        idx, vals = _topk_rows(scores, targets, k)
        finite = np.isfinite(vals)
        counts = np.isfinite(scores).sum(axis=1)
        truncated = counts > k
        tau[chunk[truncated]] = vals[truncated, -1]
        q.append(np.repeat(chunk, idx.shape[1])[finite.ravel()])
        t.append(idx[finite])
        s.append(vals[finite])
    return _Lists(np.concatenate(q), np.concatenate(t), np.concatenate(s), tau)


def _faiss_lists(
    queries: np.ndarray,
    query_levels: np.ndarray,
    base: np.ndarray,
    base_levels: np.ndarray,
    feasible: Callable[[np.ndarray, int], tuple[int, int]],
    k: int,
    extra: np.ndarray,
    key: Callable[[np.ndarray, np.ndarray], np.ndarray],
    exclusions: np.ndarray,
) -> _Lists:
    """Exact top-k per query row over the level-feasible, contiguous slice of ``base``."""
    order = np.argsort(base_levels, kind="stable")
    sorted_levels = base_levels[order]
    base32 = np.ascontiguousarray(base[order], dtype=np.float32)
    q_out, t_out, s_out = [], [], []
    tau = np.full(queries.shape[0], -np.inf)
    for level in np.unique(query_levels):
        lo, hi = feasible(sorted_levels, int(level))
        n_db = hi - lo
        rows_of_level = np.flatnonzero(query_levels == level)
        if n_db <= 0:
            continue
        # Ask for k plus the exclusions this query might lose, rounded up to few sizes.
        need = np.minimum(n_db, k + extra[rows_of_level])
        bucket = np.where(extra[rows_of_level] == 0, need, 2 ** np.ceil(np.log2(need)))
        bucket = np.minimum(n_db, bucket).astype(np.int64)
        db = base32[lo:hi]
        for kk in np.unique(bucket):
            rows = rows_of_level[bucket == kk]
            xq = np.ascontiguousarray(queries[rows], dtype=np.float32)
            dist, idx = faiss.knn(xq, db, int(kk), metric=faiss.METRIC_INNER_PRODUCT)
            target = order[lo + np.maximum(idx, 0)]
            valid = (idx >= 0) & (dist > -BIG / 2)
            qq = np.repeat(rows, int(kk)).reshape(len(rows), int(kk))
            valid &= ~_excluded(key(qq, target), exclusions)
            # Keep the first k valid entries of each row (rows are sorted best first).
            rank = np.cumsum(valid, axis=1)
            keep = valid & (rank <= k)
            truncated = (rank[:, -1] > k) | ((kk < n_db) & (dist[:, -1] > -BIG / 2))
            kth = np.where(keep, dist, np.inf).min(axis=1)
            tau[rows[truncated]] = kth[truncated]
            q_out.append(qq[keep])
            t_out.append(target[keep])
            s_out.append(dist[keep].astype(np.float64))
    if not q_out:
        empty = np.zeros(0, dtype=np.int64)
        return _Lists(empty, empty, np.zeros(0), tau)
    return _Lists(np.concatenate(q_out), np.concatenate(t_out), np.concatenate(s_out), tau)


def top_k(
    features: Features, settings: Settings, exclusions: np.ndarray, k: int | None = None
) -> Edges:
    """Exact top-k mentors per mentee plus top ``mentor_k`` mentees for mentors with few
    candidates. Never builds the full matrix."""
    k = k or settings.top_k
    n_e, n_m = features.mentee.shape[0], features.mentor.shape[0]
    gap = settings.min_level_gap
    mentee_of = exclusions // max(1, n_m)
    mentor_of = exclusions % max(1, n_m)
    extra_mentee = np.bincount(mentee_of, minlength=n_e)
    extra_mentor = np.bincount(mentor_of, minlength=n_m)

    def mentee_key(j: np.ndarray, i: np.ndarray) -> np.ndarray:
        return j * n_m + i

    def mentor_key(i: np.ndarray, j: np.ndarray) -> np.ndarray:
        return j * n_m + i

    def mentors_for(levels: np.ndarray, level: int) -> tuple[int, int]:
        if settings.program_type == "reverse":
            return 0, int(np.searchsorted(levels, level - gap, side="right"))
        if settings.program_type == "traditional":
            return int(np.searchsorted(levels, level + gap, side="left")), len(levels)
        return 0, len(levels)

    def mentees_for(levels: np.ndarray, level: int) -> tuple[int, int]:
        if settings.program_type == "reverse":
            return int(np.searchsorted(levels, level + gap, side="left")), len(levels)
        if settings.program_type == "traditional":
            return 0, int(np.searchsorted(levels, level - gap, side="right"))
        return 0, len(levels)

    set_threads(settings)
    all_e, all_m = np.arange(n_e), np.arange(n_m)
    if features.mutual_min is None:
        forward = _faiss_lists(
            features.mentee,
            features.mentee_levels,
            features.mentor,
            features.mentor_levels,
            mentors_for,
            k,
            extra_mentee,
            mentee_key,
            exclusions,
        )
    else:
        forward = _numpy_lists(
            n_e,
            n_m,
            lambda rows: block_scores(features, rows, all_m, settings),
            k,
            mentee_key,
            exclusions,
        )
    counts = np.bincount(forward.target, minlength=n_m)
    few = np.flatnonzero(counts < settings.mentor_k)
    mentee_idx, mentor_idx, score = [forward.query], [forward.target], [forward.score]
    eligible_mentor = counts > 0
    if few.size:
        if features.mutual_min is None:
            backward = _faiss_lists(
                features.mentor[few],
                features.mentor_levels[few],
                features.mentee,
                features.mentee_levels,
                mentees_for,
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
    _, first = np.unique(mentee_all * n_m + mentor_all, return_index=True)
    return Edges(
        mentee=mentee_all[first],
        mentor=mentor_all[first],
        score=score_all[first],
        n_mentees=n_e,
        n_mentors=n_m,
        tau=forward.tau,
        eligible_mentee=np.bincount(forward.query, minlength=n_e) > 0,
        eligible_mentor=eligible_mentor,
    )


def price(
    features: Features,
    settings: Settings,
    exclusions: np.ndarray,
    mentor_price: np.ndarray,
    k: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exact top-k mentors per mentee by ``score - mentor_price`` over all eligible pairs:
    the pricing step of column generation. Returns (mentee, mentor, adjusted score)."""
    n_e, n_m = features.mentee.shape[0], features.mentor.shape[0]
    gap = settings.min_level_gap

    def mentors_for(levels: np.ndarray, level: int) -> tuple[int, int]:
        if settings.program_type == "reverse":
            return 0, int(np.searchsorted(levels, level - gap, side="right"))
        if settings.program_type == "traditional":
            return int(np.searchsorted(levels, level + gap, side="left")), len(levels)
        return 0, len(levels)

    def key(j: np.ndarray, i: np.ndarray) -> np.ndarray:
        return j * n_m + i

    set_threads(settings)
    if features.mutual_min is None:
        lists = _faiss_lists(
            np.hstack([features.mentee, np.ones((n_e, 1))]),
            features.mentee_levels,
            np.hstack([features.mentor, -mentor_price[:, None]]),
            features.mentor_levels,
            mentors_for,
            k,
            np.bincount(exclusions // max(1, n_m), minlength=n_e),
            key,
            exclusions,
        )
    else:
        all_m = np.arange(n_m)
        lists = _numpy_lists(
            n_e,
            n_m,
            lambda rows: block_scores(features, rows, all_m, settings) - mentor_price[None, :],
            k,
            key,
            exclusions,
        )
    ok = lists.score > -BIG / 2
    return lists.query[ok], lists.target[ok], lists.score[ok]
