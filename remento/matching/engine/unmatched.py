"""Why each person left unmatched is left out."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .edges import Edges
from .model import LOCKED_ELSEWHERE, LOST_TO_BETTER_MATCH, NO_CAPACITY, NO_ELIGIBLE_PARTNER


@dataclass
class UnmatchedReasons:
    """One reason per unmatched mentee and per unmatched mentor, in the order asked."""

    mentees: list[str]
    mentors: list[str]


def unmatched_reasons(
    edges: Edges,
    *,
    capacities: np.ndarray,
    places_left: np.ndarray,
    locked_mentees: np.ndarray,
    unmatched_mentees: np.ndarray,
    unmatched_mentors: np.ndarray,
) -> UnmatchedReasons:
    """Why each unmatched mentee and mentor is left out.

    A mentor with capacity 0 "takes no mentee"; someone with no eligible partner that
    takes anyone has "no eligible partner"; someone whose eligible partners are all used
    up by locked pairs (mentors' places taken by locks, or mentees locked to others) says
    so, when the candidate set is known to hold all their eligible pairs; anyone else was
    "lost to a better overall match".
    """
    complete_e = ~np.isfinite(edges.tau)
    mentees = _mentee_reasons(edges, places_left, complete_e, unmatched_mentees, capacities)
    mentors = _mentor_reasons(
        edges, capacities, locked_mentees, bool(complete_e.all()), unmatched_mentors
    )
    return UnmatchedReasons(mentees, mentors)


def _mentee_reasons(
    edges: Edges,
    places_left: np.ndarray,
    complete_e: np.ndarray,
    unmatched: np.ndarray,
    capacities: np.ndarray,
) -> list[str]:
    """Counted over the candidate set only when someone is left out (a pass over every
    pair: a full cohort of a dense path mostly has nobody)."""
    if unmatched.size == 0:
        return []
    n_e = edges.n_mentees
    # Eligible partners that take anyone, and those still free once the locks are placed.
    has_taker = np.bincount(edges.mentee[capacities[edges.mentor] > 0], minlength=n_e) > 0
    has_free = np.bincount(edges.mentee[places_left[edges.mentor] > 0], minlength=n_e) > 0
    reasons = []
    for j in unmatched:
        # With a truncated list (finite tau) a partner outside the set may be free: "lost".
        if not (edges.eligible_mentee[j] and (has_taker[j] or not complete_e[j])):
            reasons.append(NO_ELIGIBLE_PARTNER)
        elif complete_e[j] and not has_free[j]:
            reasons.append(LOCKED_ELSEWHERE)
        else:
            reasons.append(LOST_TO_BETTER_MATCH)
    return reasons


def _mentor_reasons(
    edges: Edges,
    capacities: np.ndarray,
    locked_mentees: np.ndarray,
    complete: bool,
    unmatched: np.ndarray,
) -> list[str]:
    if unmatched.size == 0:
        return []
    n_e, n_m = edges.n_mentees, edges.n_mentors
    locked_e = np.zeros(n_e, dtype=bool)
    locked_e[locked_mentees] = True
    has_any = np.bincount(edges.mentor, minlength=n_m) > 0
    has_free = np.bincount(edges.mentor[~locked_e[edges.mentee]], minlength=n_m) > 0
    reasons = []
    for i in unmatched:
        if capacities[i] == 0:
            reasons.append(NO_CAPACITY)
        elif not (edges.eligible_mentor[i] or has_any[i]):
            reasons.append(NO_ELIGIBLE_PARTNER)
        elif complete and not has_free[i]:
            reasons.append(LOCKED_ELSEWHERE)
        else:
            reasons.append(LOST_TO_BETTER_MATCH)
    return reasons


def matrix_reasons(
    capacities: np.ndarray,
    mentee_has_candidate: np.ndarray,
    mentor_has_candidate: np.ndarray,
    unmatched_mentees: np.ndarray,
    unmatched_mentors: np.ndarray,
) -> UnmatchedReasons:
    """:func:`unmatched_reasons` for a complete score matrix without locks, from whether
    each mentee has a candidate pair with a mentor that takes anyone and whether each
    mentor with a place has one. With nobody locked, "every eligible partner is taken by
    a locked pair" never applies."""
    mentees = [
        LOST_TO_BETTER_MATCH if ok else NO_ELIGIBLE_PARTNER
        for ok in mentee_has_candidate[unmatched_mentees].tolist()
    ]
    mentors = [
        NO_CAPACITY if capacities[i] == 0 else LOST_TO_BETTER_MATCH if ok else NO_ELIGIBLE_PARTNER
        for i, ok in zip(
            unmatched_mentors.tolist(),
            mentor_has_candidate[unmatched_mentors].tolist(),
            strict=True,
        )
    ]
    return UnmatchedReasons(mentees, mentors)
