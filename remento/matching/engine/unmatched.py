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
    n_e, n_m = edges.n_mentees, edges.n_mentors
    locked_e = np.zeros(n_e, dtype=bool)
    locked_e[locked_mentees] = True
    takes = capacities[edges.mentor] > 0
    # Eligible partners that take anyone, and those still free once the locks are placed.
    mentee_has_taker = np.bincount(edges.mentee[takes], minlength=n_e) > 0
    mentee_has_free = np.bincount(edges.mentee[places_left[edges.mentor] > 0], minlength=n_e) > 0
    mentor_has_any = np.bincount(edges.mentor, minlength=n_m) > 0
    mentor_has_free = np.bincount(edges.mentor[~locked_e[edges.mentee]], minlength=n_m) > 0
    # With a truncated list (finite tau) a partner outside the set may be free: say "lost".
    complete_e = ~np.isfinite(edges.tau)
    complete = bool(complete_e.all())
    mentee_reasons = []
    for j in unmatched_mentees:
        if not (edges.eligible_mentee[j] and (mentee_has_taker[j] or not complete_e[j])):
            mentee_reasons.append(NO_ELIGIBLE_PARTNER)
        elif complete_e[j] and not mentee_has_free[j]:
            mentee_reasons.append(LOCKED_ELSEWHERE)
        else:
            mentee_reasons.append(LOST_TO_BETTER_MATCH)
    mentor_reasons = []
    for i in unmatched_mentors:
        if capacities[i] == 0:
            mentor_reasons.append(NO_CAPACITY)
        elif not (edges.eligible_mentor[i] or mentor_has_any[i]):
            mentor_reasons.append(NO_ELIGIBLE_PARTNER)
        elif complete and not mentor_has_free[i]:
            mentor_reasons.append(LOCKED_ELSEWHERE)
        else:
            mentor_reasons.append(LOST_TO_BETTER_MATCH)
    return UnmatchedReasons(mentee_reasons, mentor_reasons)
