"""The fairness objective beyond the candidate set: when its result holds over all pairs,
and which mentees' longer lists could settle a doubt."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .assignment import Assignment
from .edges import Edges
from .widening import Judged


@dataclass
class FairOutcome:
    """A fairness assignment on a candidate set, and whether it is proven over all pairs."""

    assignment: Assignment
    proven: bool


def judge_fairness(
    result: Assignment, edges: Edges, locks: list[tuple[int, int]]
) -> Judged[FairOutcome]:
    """Whether a fairness result on a candidate set is also right over all pairs, and the
    mentees whose longer lists could settle a doubt.

    The number matched is the most possible when no place is left, or no unmatched mentee
    has an eligible partner at all (no augmenting path can start). Then, when every pair
    left out of the set scores below the worst matched pair (``tau`` below it), a
    matching with a higher minimum, or the same minimum and a higher total, could use only
    pairs of the set, so the result on the set is the result on all pairs.
    """
    free = ~result.locked
    locked_e = np.zeros(edges.n_mentees, dtype=bool)
    locked_e[[j for j, _ in locks]] = True
    cut = np.isfinite(edges.tau) & ~locked_e
    if not cut.any():
        return Judged(FairOutcome(result, proven=True), np.zeros(0, dtype=np.int64))
    unmatched = np.zeros(edges.n_mentees, dtype=bool)
    unmatched[result.unmatched_mentees] = True
    left_places = int(result.remaining_capacity.sum()) - int(free.sum())
    most_matched = left_places <= 0 or not (unmatched & edges.eligible_mentee).any()
    worst = float(result.score[free].min()) if free.any() else np.inf
    doubtful = cut & (edges.tau >= worst - 1e-6)
    if not most_matched:
        doubtful |= cut & unmatched
    proven = most_matched and not doubtful.any()
    return Judged(FairOutcome(result, proven), np.flatnonzero(doubtful))
