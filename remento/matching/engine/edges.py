"""The engine's central type: a scored candidate set of (mentee, mentor) pairs."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from . import kernels


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
    if len(mentee) == 0:
        return np.zeros(0, dtype=np.int64)
    order = kernels.sorting.heaviest_first(mentee, -np.asarray(mentor, dtype=np.int64))
    e, m = mentee[order], mentor[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (e[1:] != e[:-1]) | (m[1:] != m[:-1])
    return order[first]


def with_pairs(edges: Edges, mentee: np.ndarray, mentor: np.ndarray, score: np.ndarray) -> Edges:
    """``edges`` plus these pairs (a pair already there keeps its score), ordered by
    mentee then mentor; everything else as in ``edges``."""
    merged = _merged_in_order(edges, mentee, mentor, score)
    if merged is not None:
        return merged
    all_e = np.concatenate([edges.mentee, mentee])
    all_m = np.concatenate([edges.mentor, mentor])
    keep = first_of_each_pair(all_e, all_m)
    return replace(
        edges,
        mentee=all_e[keep],
        mentor=all_m[keep],
        score=np.concatenate([edges.score, score])[keep],
    )


def _merged_in_order(
    edges: Edges, mentee: np.ndarray, mentor: np.ndarray, score: np.ndarray
) -> Edges | None:
    """:func:`with_pairs` where ``edges`` is already ordered by mentee then mentor, each
    pair once (as every set it returns is): the new pairs go in at their places, without
    sorting millions of arcs again between two solves. None otherwise."""
    keys = edges.mentee * edges.n_mentors + edges.mentor
    if len(keys) > 1 and not bool((keys[1:] > keys[:-1]).all()):
        return None
    new_keys, first = np.unique(
        np.asarray(mentee, dtype=np.int64) * edges.n_mentors + mentor, return_index=True
    )
    at = np.searchsorted(keys, new_keys)
    fresh = np.ones(len(new_keys), dtype=bool)
    if len(keys):
        fresh = (at == len(keys)) | (keys[np.minimum(at, len(keys) - 1)] != new_keys)
    at, take = at[fresh], first[fresh]

    def put(old: np.ndarray, new: np.ndarray) -> np.ndarray:
        # The dtype a concatenation would give (float32 lists, float64 new scores).
        kind = np.result_type(old, new)
        return np.insert(old.astype(kind, copy=False), at, np.asarray(new, dtype=kind)[take])

    return replace(
        edges,
        mentee=put(edges.mentee, mentee),
        mentor=put(edges.mentor, mentor),
        score=put(edges.score, score),
    )
