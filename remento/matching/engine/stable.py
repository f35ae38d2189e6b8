"""Stable matching: mentee-proposing Gale–Shapley with mentor capacities.

For participant-choice programs where both sides rank each other. The result is stable
(no mentee and mentor who both prefer each other to what they got) and the best stable
matching for every mentee.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .candidates import top_k
from .constraints import sparse_exclusions
from .edges import Edges, with_pairs
from .features import encode
from .model import Pair, Person, Settings, Taxonomy

TIE_DECIMALS = 9
"""Pair scores are compared to this many decimals when ranking."""


@dataclass
class StableOutcome:
    """Gale–Shapley on a candidate set: ``chosen`` ``{mentee index: mentor index}`` for the
    free mentees, each mentee's pair ``score`` (``-inf`` when unmatched or locked), and
    the mentees whose stability over all pairs is ``unsure`` (see :func:`stable_on_edges`)."""

    chosen: dict[int, int]
    score: np.ndarray
    unsure: np.ndarray


def stable_match(
    mentee_prefs: Mapping[str, Sequence[str]],
    mentor_prefs: Mapping[str, Sequence[str]],
    capacities: Mapping[str, int] | None = None,
) -> dict[str, str]:
    """Mentee-proposing Gale–Shapley; returns ``{mentee_id: mentor_id}``.

    ``mentee_prefs[m]`` lists acceptable mentors best first; ``mentor_prefs[t]`` lists
    acceptable mentees best first. A pair is possible only when each lists the other.
    ``capacities`` defaults to 1 per mentor. Deterministic: mentees propose in id order.
    """
    rank = {t: {m: r for r, m in enumerate(prefs)} for t, prefs in mentor_prefs.items()}
    caps = {t: (capacities or {}).get(t, 1) for t in mentor_prefs}
    next_choice = dict.fromkeys(mentee_prefs, 0)
    # Per mentor, a heap of (-rank, mentee): the worst accepted mentee is on top.
    held: dict[str, list[tuple[int, str]]] = {t: [] for t in mentor_prefs}
    free = deque(sorted(mentee_prefs))
    while free:
        mentee = free.popleft()
        prefs = mentee_prefs[mentee]
        while next_choice[mentee] < len(prefs):
            mentor = prefs[next_choice[mentee]]
            next_choice[mentee] += 1
            r = rank.get(mentor, {}).get(mentee)
            if r is None or caps.get(mentor, 0) <= 0:
                continue
            heap = held[mentor]
            if len(heap) < caps[mentor]:
                heapq.heappush(heap, (-r, mentee))
                break
            worst_rank, worst = heap[0]
            if r < -worst_rank:
                heapq.heapreplace(heap, (-r, mentee))
                free.append(worst)
                break
    return {mentee: mentor for mentor, heap in held.items() for _, mentee in heap}


def preferences_from_edges(
    edges: Edges, mentor_ids: Sequence[str], mentee_ids: Sequence[str]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Both sides rank their candidates by pair score, best first, ties by id. Scores
    equal to :data:`TIE_DECIMALS` decimals tie: one pair scored by two float64 sums in a
    different order can differ in the last bits."""
    mentee_ids_arr = np.asarray(mentee_ids, dtype=object)
    mentor_ids_arr = np.asarray(mentor_ids, dtype=object)
    mentee_prefs: dict[str, list[str]] = {m: [] for m in mentee_ids}
    mentor_prefs: dict[str, list[str]] = {t: [] for t in mentor_ids}
    # Indices follow id order (the engine sorts people by id), so index ties = id ties.
    rank_by = -np.round(edges.score, TIE_DECIMALS)
    order = np.lexsort((edges.mentor, rank_by, edges.mentee))
    for j, i in zip(edges.mentee[order], edges.mentor[order], strict=True):
        mentee_prefs[mentee_ids_arr[j]].append(mentor_ids_arr[i])
    order = np.lexsort((edges.mentee, rank_by, edges.mentor))
    for j, i in zip(edges.mentee[order], edges.mentor[order], strict=True):
        mentor_prefs[mentor_ids_arr[i]].append(mentee_ids_arr[j])
    return mentee_prefs, mentor_prefs


def union_edges(first: Edges, second: Edges) -> Edges:
    """Both candidate sets together (a pair in both keeps ``first``'s score). ``tau`` is
    the smaller of the two bounds: a pair missing from the union is missing from each."""
    both = with_pairs(first, second.mentee, second.mentor, second.score)
    return Edges(
        both.mentee,
        both.mentor,
        both.score,
        first.n_mentees,
        first.n_mentors,
        np.minimum(first.tau, second.tau),
        first.eligible_mentee | second.eligible_mentee,
        first.eligible_mentor | second.eligible_mentor,
    )


def wider_lists(
    mentors: Sequence[Person],
    mentees: Sequence[Person],
    taxonomy: Taxonomy,
    settings: Settings,
    *,
    rows: np.ndarray,
    k: int,
) -> Edges:
    """Exact top-``k`` candidate lists for the mentees at ``rows`` only, as :class:`Edges`
    over the whole cohort (indices of ``mentees``; ``tau`` is +inf, i.e. "no bound", for the
    other mentees, so that :func:`union_edges` keeps their old bound). The rows are encoded
    on their own: the encoding's columns depend on the cohort, its scores do not."""
    subset = [mentees[int(j)] for j in rows]
    features = encode(mentors, subset, taxonomy, settings)
    lists = top_k(features, settings, sparse_exclusions(mentors, subset, settings), k)
    rows = np.asarray(rows, dtype=np.int64)
    tau = np.full(len(mentees), np.inf)
    tau[rows] = lists.tau
    eligible = np.zeros(len(mentees), dtype=bool)
    eligible[rows] = lists.eligible_mentee
    return Edges(
        rows[lists.mentee],
        lists.mentor,
        lists.score,
        len(mentees),
        len(mentors),
        tau,
        eligible,
        lists.eligible_mentor,
    )


def stable_on_edges(
    edges: Edges,
    mentor_ids: Sequence[str],
    mentee_ids: Sequence[str],
    locks: Sequence[tuple[int, int]],
    capacities: np.ndarray,
) -> StableOutcome:
    """Mentee-proposing Gale–Shapley on a candidate set, both sides ranking by pair score.

    Locked mentees stay out (their mentor's capacity shrinks by the lock). Unsure: the
    mentees for which stability over *all* pairs is not proven: those whose list was cut
    off (``tau`` finite) and who ended unmatched or matched below ``tau``. For every other
    mentee each mentor it would prefer is in its list, so (as Gale–Shapley leaves no blocking pair
    inside the set) no pair outside the set can block either, up to exact ties.
    """
    locked_mentees = np.array([j for j, _ in locks], dtype=np.int64)
    keep = ~np.isin(edges.mentee, locked_mentees)
    sub = Edges(
        edges.mentee[keep],
        edges.mentor[keep],
        edges.score[keep],
        edges.n_mentees,
        edges.n_mentors,
        edges.tau,
        edges.eligible_mentee,
        edges.eligible_mentor,
    )
    mentee_prefs, mentor_prefs = preferences_from_edges(sub, mentor_ids, mentee_ids)
    caps = {mentor_ids[i]: int(c) for i, c in enumerate(capacities)}
    for _, i in locks:
        caps[mentor_ids[i]] -= 1
    chosen = stable_match(mentee_prefs, mentor_prefs, caps)
    mentor_index = {t: i for i, t in enumerate(mentor_ids)}
    mentee_index = {m: j for j, m in enumerate(mentee_ids)}
    result = {mentee_index[m]: mentor_index[t] for m, t in chosen.items()}
    score = np.full(edges.n_mentees, -np.inf)
    if result:
        wanted = np.fromiter(result, dtype=np.int64) * edges.n_mentors + np.fromiter(
            result.values(), dtype=np.int64
        )
        keys = sub.mentee * edges.n_mentors + sub.mentor
        order = np.argsort(keys)
        pos = np.searchsorted(keys[order], wanted)
        score[np.fromiter(result, dtype=np.int64)] = sub.score[order][pos]
    free = np.ones(edges.n_mentees, dtype=bool)
    free[locked_mentees] = False
    unsure = np.flatnonzero(free & np.isfinite(edges.tau) & (score < edges.tau))
    return StableOutcome(result, score, unsure)


def stable_pairs(
    edges: Edges,
    mentors: Sequence[Person],
    mentees: Sequence[Person],
    *,
    locks: Sequence[tuple[int, int]],
    locked_scores: Sequence[float],
    capacities: np.ndarray,
) -> tuple[list[Pair], np.ndarray]:
    """Locked pairs plus Gale–Shapley on the rest, by mentee then mentor; and the mentees
    whose stability over all pairs is not proven (see :func:`stable_on_edges`)."""
    mentor_ids = [p.id for p in mentors]
    mentee_ids = [p.id for p in mentees]
    outcome = stable_on_edges(edges, mentor_ids, mentee_ids, locks, capacities)
    pairs = [
        Pair(mentor_ids[i], mentee_ids[j], s, True)
        for (j, i), s in zip(locks, locked_scores, strict=True)
    ]
    pairs += [
        Pair(mentor_ids[i], mentee_ids[j], float(outcome.score[j]))
        for j, i in outcome.chosen.items()
    ]
    return sorted(pairs, key=lambda p: (p.mentee_id, p.mentor_id)), outcome.unsure
