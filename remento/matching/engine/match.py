"""One-call matching: validate, encode, build candidates, solve, name who is left out."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from .candidates import Edges, all_pairs, dense_scores, top_k
from .constraints import sparse_exclusions
from .explain import explain
from .features import encode
from .model import (
    LOST_TO_BETTER_MATCH,
    NO_CAPACITY,
    NO_ELIGIBLE_PARTNER,
    MatchResult,
    Pair,
    Person,
    Settings,
    Suggestion,
    Taxonomy,
    Unmatched,
)
from .refine import solve_with_pricing
from .scoring import pair_score
from .solve import assign
from .stable import preferences_from_edges, stable_match

DENSE_LIMIT = 50_000_000


def _check_people(mentors: Sequence[Person], mentees: Sequence[Person]) -> None:
    for side, people in (("mentor", mentors), ("mentee", mentees)):
        seen: set[str] = set()
        for person in people:
            if person.id in seen:
                raise ValueError(f"{side} id {person.id!r} appears twice")
            seen.add(person.id)
            if person.capacity < 0:
                raise ValueError(f"{side} {person.id!r} has a negative capacity")


def score_pairs(
    mentors: Sequence[Person], mentees: Sequence[Person], taxonomy: Taxonomy, settings: Settings
) -> np.ndarray:
    """Dense (mentees x mentors) score matrix in the given order, ``-inf`` for forbidden
    pairs. Refuses cohorts above 50 million pairs: use :func:`candidate_edges` there."""
    _check_people(mentors, mentees)
    if len(mentors) * len(mentees) > DENSE_LIMIT:
        raise ValueError(
            f"{len(mentees)} x {len(mentors)} pairs do not fit a dense matrix; "
            "use candidate_edges (top-k) instead"
        )
    features = encode(mentors, mentees, taxonomy, settings)
    return dense_scores(features, settings, sparse_exclusions(mentors, mentees, settings))


def candidate_edges(
    mentors: Sequence[Person],
    mentees: Sequence[Person],
    taxonomy: Taxonomy,
    settings: Settings,
    k: int | None = None,
) -> Edges:
    """Scored candidates in the given order: every eligible pair when the cohort has at
    most ``settings.exact_pairs_limit`` pairs (and ``k`` is None), else exact top-k."""
    _check_people(mentors, mentees)
    features = encode(mentors, mentees, taxonomy, settings)
    exclusions = sparse_exclusions(mentors, mentees, settings)
    if k is None and len(mentors) * len(mentees) <= settings.exact_pairs_limit:
        return all_pairs(features, settings, exclusions)
    return top_k(features, settings, exclusions, k)


def _locks(
    settings: Settings, mentors: Sequence[Person], mentees: Sequence[Person]
) -> list[tuple[int, int]]:
    mentor_index = {p.id: i for i, p in enumerate(mentors)}
    mentee_index = {p.id: j for j, p in enumerate(mentees)}
    out = []
    for mentor_id, mentee_id in settings.locked_pairs:
        if mentor_id not in mentor_index:
            raise ValueError(f"locked pair ({mentor_id}, {mentee_id}): unknown mentor")
        if mentee_id not in mentee_index:
            raise ValueError(f"locked pair ({mentor_id}, {mentee_id}): unknown mentee")
        if (mentor_id, mentee_id) in settings.blocked_pairs:
            raise ValueError(f"pair ({mentor_id}, {mentee_id}) is both locked and blocked")
        out.append((mentee_index[mentee_id], mentor_index[mentor_id]))
    return out


def match(
    mentors: Sequence[Person], mentees: Sequence[Person], taxonomy: Taxonomy, settings: Settings
) -> MatchResult:
    """Match mentees to mentors under ``settings``.

    Cohorts up to ``settings.exact_pairs_limit`` pairs solve exactly on all pairs; larger
    ones on exact top-k candidates (``settings.top_k`` per mentee, ``settings.mentor_k``
    for mentors with few), with a proven upper bound on the all-pairs optimum. People are
    processed in id order, so the same people give the same result whatever the input
    order. Raises ``ValueError`` for duplicate ids or inconsistent locks.
    """
    _check_people(mentors, mentees)
    locked_mentors = {mentor_id for mentor_id, _ in settings.locked_pairs}
    # Mentors who take nobody are left out of the problem (and reported).
    idle = sorted(p.id for p in mentors if p.capacity == 0 and p.id not in locked_mentors)
    mentors = sorted(
        (p for p in mentors if p.capacity > 0 or p.id in locked_mentors), key=lambda p: p.id
    )
    mentees = sorted(mentees, key=lambda p: p.id)
    timings: dict[str, float] = {}
    locks = _locks(settings, mentors, mentees)

    start = time.perf_counter()
    features = encode(mentors, mentees, taxonomy, settings)
    exclusions = sparse_exclusions(mentors, mentees, settings)
    timings["encode_s"] = time.perf_counter() - start

    start = time.perf_counter()
    exact = len(mentors) * len(mentees) <= settings.exact_pairs_limit
    edges = (
        all_pairs(features, settings, exclusions)
        if exact
        else top_k(features, settings, exclusions)
    )
    timings["candidates_s"] = time.perf_counter() - start

    start = time.perf_counter()
    capacities = np.array([p.capacity for p in mentors], dtype=np.int64)
    locked_scores = [pair_score(mentors[i], mentees[j], taxonomy, settings) for j, i in locks]
    if exact:
        result = assign(edges, capacities=capacities, locked=locks, locked_scores=locked_scores)
        upper_bound, method = result.upper_bound, "exact"
    else:
        result, edges, upper_bound, stats = solve_with_pricing(
            features,
            settings,
            exclusions,
            edges,
            capacities=capacities,
            locked=locks,
            locked_scores=locked_scores,
            rounds=settings.pricing_rounds,
        )
        timings.update(stats)
        method = "top-k"
    if settings.objective == "fairness":
        result = assign(
            edges,
            capacities=capacities,
            locked=locks,
            locked_scores=locked_scores,
            objective="fairness",
        )
        method = "fairness"
    timings["solve_s"] = time.perf_counter() - start

    pairs = [
        Pair(mentors[i].id, mentees[j].id, float(s), bool(lk))
        for j, i, s, lk in zip(
            result.mentee, result.mentor, result.score, result.locked, strict=True
        )
    ]
    if settings.objective == "stable":
        pairs = _stable_pairs(edges, mentors, mentees, locks, locked_scores, capacities)
        method = "stable"
    outcome = _result(pairs, edges, mentors, mentees, upper_bound, method, timings)
    if not idle:
        return outcome
    extra = tuple(Unmatched(pid, "mentor", NO_CAPACITY) for pid in idle)
    return replace(outcome, unmatched=outcome.unmatched + extra)


def _stable_pairs(
    edges: Edges,
    mentors: Sequence[Person],
    mentees: Sequence[Person],
    locks: list[tuple[int, int]],
    locked_scores: list[float],
    capacities: np.ndarray,
) -> list[Pair]:
    mentor_ids = [p.id for p in mentors]
    mentee_ids = [p.id for p in mentees]
    locked_mentees = {j for j, _ in locks}
    keep = ~np.isin(edges.mentee, list(locked_mentees))
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
    score_of = {
        (mentee_ids[j], mentor_ids[i]): float(s)
        for j, i, s in zip(sub.mentee, sub.mentor, sub.score, strict=True)
    }
    pairs = [
        Pair(mentor_ids[i], mentee_ids[j], s, True)
        for (j, i), s in zip(locks, locked_scores, strict=True)
    ]
    pairs += [Pair(t, m, score_of[(m, t)]) for m, t in chosen.items()]
    return sorted(pairs, key=lambda p: (p.mentee_id, p.mentor_id))


def _result(
    pairs: list[Pair],
    edges: Edges,
    mentors: Sequence[Person],
    mentees: Sequence[Person],
    upper_bound: float,
    method: str,
    timings: dict[str, float],
) -> MatchResult:
    matched_mentees = {p.mentee_id for p in pairs}
    matched_mentors = {p.mentor_id for p in pairs}
    unmatched = [
        Unmatched(
            p.id,
            "mentee",
            LOST_TO_BETTER_MATCH if edges.eligible_mentee[j] else NO_ELIGIBLE_PARTNER,
        )
        for j, p in enumerate(mentees)
        if p.id not in matched_mentees
    ] + [
        Unmatched(
            p.id,
            "mentor",
            LOST_TO_BETTER_MATCH if edges.eligible_mentor[i] else NO_ELIGIBLE_PARTNER,
        )
        for i, p in enumerate(mentors)
        if p.id not in matched_mentors
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


def suggest(
    mentee: Person,
    mentors: Sequence[Person],
    taxonomy: Taxonomy,
    settings: Settings,
    k: int = 5,
) -> list[Suggestion]:
    """The ``k`` best eligible mentors for one mentee, best first (ties by id), each with
    its explanation: for programs where participants choose."""
    _check_people(mentors, [mentee])
    if not mentors:
        return []
    scores = score_pairs(mentors, [mentee], taxonomy, settings)[0]
    order = sorted(
        (i for i in range(len(mentors)) if np.isfinite(scores[i])),
        key=lambda i: (-scores[i], mentors[i].id),
    )[:k]
    return [
        Suggestion(mentors[i].id, float(scores[i]), explain(mentors[i], mentee, taxonomy, settings))
        for i in order
    ]
