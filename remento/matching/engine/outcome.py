"""A match's outcome: its pairs scored in float64, and the result with the people left
out and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from .assignment import Assignment
from .edges import Edges
from .features import Features, pair_scores
from .model import MatchResult, Pair, Person, Unmatched
from .unmatched import UnmatchedReasons, unmatched_reasons

RESCORE_CHUNK = 200_000
"""Pairs scored again at once (their feature rows in float64: about 200 MB)."""


def in_float64(edges: Edges, features: Features) -> Edges:
    """The candidate set with every pair scored again in float64 (the large path's lists
    come from a float32 search): stable matching ranks by these scores, so that pairs
    that tie rank by id as on the exact path."""
    score = np.empty(len(edges))
    for lo in range(0, len(edges), RESCORE_CHUNK):
        hi = lo + RESCORE_CHUNK
        score[lo:hi] = pair_scores(features, edges.mentee[lo:hi], edges.mentor[lo:hi])
    return replace(edges, score=score)


def rescored(
    pairs: list[Pair], features: Features, mentor_at: dict[str, int], mentee_at: dict[str, int]
) -> list[Pair]:
    """The pairs with their scores in float64 (the large path searched in float32; locked
    pairs were scored one by one already)."""
    scores = pair_scores(
        features,
        np.array([mentee_at[p.mentee_id] for p in pairs], dtype=np.int64),
        np.array([mentor_at[p.mentor_id] for p in pairs], dtype=np.int64),
    )
    return [
        p if p.locked else Pair(p.mentor_id, p.mentee_id, float(s), False)
        for p, s in zip(pairs, scores, strict=True)
    ]


def match_result(
    pairs: list[Pair],
    edges: Edges,
    mentors: Sequence[Person],
    mentees: Sequence[Person],
    *,
    upper_bound: float,
    method: str,
    timings: dict[str, float],
    capacities: np.ndarray,
    locks: list[tuple[int, int]],
    solved: Assignment | None = None,
) -> MatchResult:
    """The result of ``pairs``; ``solved``, the assignment they come from (if they do),
    gives the reasons for those left out without working them out again."""
    matched_mentees = {p.mentee_id for p in pairs}
    matched_mentors = {p.mentor_id for p in pairs}
    unmatched_e = np.array(
        [j for j, p in enumerate(mentees) if p.id not in matched_mentees], dtype=np.int64
    )
    unmatched_m = np.array(
        [i for i, p in enumerate(mentors) if p.id not in matched_mentors], dtype=np.int64
    )
    if (
        solved is not None
        and np.array_equal(solved.unmatched_mentees, unmatched_e)
        and np.array_equal(solved.unmatched_mentors, unmatched_m)
    ):
        reasons = UnmatchedReasons(solved.unmatched_mentee_reasons, solved.unmatched_mentor_reasons)
    else:
        lock_m = np.array([i for _, i in locks], dtype=np.int64)
        reasons = unmatched_reasons(
            edges,
            capacities=capacities,
            places_left=capacities - np.bincount(lock_m, minlength=len(mentors)),
            locked_mentees=np.array([j for j, _ in locks], dtype=np.int64),
            unmatched_mentees=unmatched_e,
            unmatched_mentors=unmatched_m,
        )
    unmatched = [
        Unmatched(mentees[j].id, "mentee", reason)
        for j, reason in zip(unmatched_e, reasons.mentees, strict=True)
    ] + [
        Unmatched(mentors[i].id, "mentor", reason)
        for i, reason in zip(unmatched_m, reasons.mentors, strict=True)
    ]
    return MatchResult(
        pairs=tuple(pairs),
        unmatched=tuple(unmatched),
        total=float(sum(p.score for p in pairs)),
        upper_bound=max(upper_bound, float(sum(p.score for p in pairs))),
        method=method,
        candidate_edges=len(edges),
        timings=timings,
    )
