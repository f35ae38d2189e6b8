"""Stable matching: mentee-proposing Gale–Shapley with mentor capacities.

For participant-choice programs where both sides rank each other. The result is stable
(no mentee and mentor who both prefer each other to what they got) and the best stable
matching for every mentee.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Mapping, Sequence

import numpy as np

from .candidates import Edges


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
    """Both sides rank their candidates by pair score, best first, ties by id."""
    mentee_ids_arr = np.asarray(mentee_ids, dtype=object)
    mentor_ids_arr = np.asarray(mentor_ids, dtype=object)
    mentee_prefs: dict[str, list[str]] = {m: [] for m in mentee_ids}
    mentor_prefs: dict[str, list[str]] = {t: [] for t in mentor_ids}
    # Indices follow id order (the engine sorts people by id), so index ties = id ties.
    order = np.lexsort((edges.mentor, -edges.score, edges.mentee))
    for j, i in zip(edges.mentee[order], edges.mentor[order], strict=True):
        mentee_prefs[mentee_ids_arr[j]].append(mentor_ids_arr[i])
    order = np.lexsort((edges.mentee, -edges.score, edges.mentor))
    for j, i in zip(edges.mentee[order], edges.mentor[order], strict=True):
        mentor_prefs[mentor_ids_arr[i]].append(mentee_ids_arr[j])
    return mentee_prefs, mentor_prefs
