"""One-call matching: validate, encode, build candidates, solve, name who is left out."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from .candidates import Edges, all_pairs, dense_scores, top_k
from .constraints import check_locks, sparse_exclusions
from .explain import explain
from .features import Features, encode, pair_scores
from .model import (
    NO_CAPACITY,
    MatchResult,
    Pair,
    Person,
    Settings,
    Suggestion,
    Taxonomy,
    Unmatched,
)
from .refine import estimate_prices, solve_with_pricing
from .scoring import pair_score
from .solve import Assignment, assign, unmatched_reasons
from .stable import stable_on_edges, union_edges, wider_lists

DENSE_LIMIT = 50_000_000
RESCORE_CHUNK = 200_000
"""Pairs scored again at once (their feature rows in float64: about 200 MB)."""


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
    settings: Settings,
    mentors: Sequence[Person],
    mentees: Sequence[Person],
    mentor_at: dict[str, int],
    mentee_at: dict[str, int],
) -> list[tuple[int, int]]:
    """Locked pairs as (mentee index, mentor index), after :func:`check_locks` (errors
    name people by id)."""
    check_locks(mentors, mentees, settings)
    return [
        (mentee_at[mentee_id], mentor_at[mentor_id])
        for mentor_id, mentee_id in settings.locked_pairs
    ]


def match(
    mentors: Sequence[Person],
    mentees: Sequence[Person],
    taxonomy: Taxonomy,
    settings: Settings,
    *,
    progress: Callable[[str], None] | None = None,
) -> MatchResult:
    """Match mentees to mentors under ``settings``.

    Cohorts up to ``settings.exact_pairs_limit`` pairs solve exactly on all pairs; larger
    ones on exact top-k candidates (``settings.top_k`` per mentee, ``settings.mentor_k``
    for mentors with few), with a proven upper bound on the all-pairs optimum. People are
    processed in id order, so the same people give the same result whatever the input
    order. Raises ``ValueError`` for duplicate ids or inconsistent locks. ``progress``, when
    given, is called with the name of each phase as it starts (for a command line).
    """
    phase = progress or (lambda _name: None)
    _check_people(mentors, mentees)
    locked_mentors = {mentor_id for mentor_id, _ in settings.locked_pairs}
    # Mentors who take nobody are left out of the problem (and reported).
    idle = sorted(p.id for p in mentors if p.capacity == 0 and p.id not in locked_mentors)
    mentors = sorted(
        (p for p in mentors if p.capacity > 0 or p.id in locked_mentors), key=lambda p: p.id
    )
    mentees = sorted(mentees, key=lambda p: p.id)
    timings: dict[str, float] = {}
    mentor_at = {p.id: i for i, p in enumerate(mentors)}
    mentee_at = {p.id: j for j, p in enumerate(mentees)}
    locks = _locks(settings, mentors, mentees, mentor_at, mentee_at)

    start = time.perf_counter()
    phase("encoding features")
    features = encode(mentors, mentees, taxonomy, settings)
    exclusions = sparse_exclusions(mentors, mentees, settings)
    timings["encode_s"] = time.perf_counter() - start

    start = time.perf_counter()
    exact = len(mentors) * len(mentees) <= settings.exact_pairs_limit
    phase("scoring all pairs" if exact else f"finding the top {settings.top_k} mentors per mentee")
    if exact:
        edges = all_pairs(features, settings, exclusions)
    else:
        edges = _large_candidates(features, settings, exclusions, mentors, locks, timings)
    timings["candidates_s"] = time.perf_counter() - start

    start = time.perf_counter()
    phase("solving")
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
    caveats: list[str] = []

    def wider(candidates: Edges, rows: np.ndarray, k: int) -> Edges:
        return union_edges(candidates, wider_lists(mentors, mentees, taxonomy, settings, rows, k))

    def wider_scored(candidates: Edges, rows: np.ndarray, k: int) -> Edges:
        return _in_float64(wider(candidates, rows, k), features)

    # Lists are widened only on the large path (the exact one has every pair).
    widen, widen_scored = (None, None) if exact else (wider, wider_scored)
    if settings.objective == "fairness":
        phase("solving for fairness")
        method = "fairness"

        def fair_on(candidates: Edges) -> tuple[tuple[Assignment, bool], np.ndarray]:
            fair = assign(
                candidates,
                capacities=capacities,
                locked=locks,
                locked_scores=locked_scores,
                objective="fairness",
            )
            proven, doubtful = _fair_doubts(fair, candidates, locks)
            return (fair, proven), doubtful

        (result, proven), edges, _ = _widened(settings, len(mentors), edges, fair_on, widen, phase)
        if not exact and not proven:
            caveats.append(
                "fairness is proven on the candidate set only (the top-k lists and priced "
                "pairs): a pair outside it could raise the worst score or match more people"
            )
    timings["solve_s"] = time.perf_counter() - start

    pairs = [
        Pair(mentors[i].id, mentees[j].id, float(s), bool(lk))
        for j, i, s, lk in zip(
            result.mentee, result.mentor, result.score, result.locked, strict=True
        )
    ]
    if settings.objective == "stable":
        if not exact:
            edges = _in_float64(edges, features)

        def stable_on(candidates: Edges) -> tuple[list[Pair], np.ndarray]:
            return _stable_pairs(candidates, mentors, mentees, locks, locked_scores, capacities)

        pairs, edges, unsure = _widened(
            settings, len(mentors), edges, stable_on, widen_scored, phase
        )
        if unsure.size:
            caveats.append(
                f"stability is proven on the candidate lists only: {unsure.size} mentees' lists "
                "were cut off above their match, so a pair outside them could still block"
            )
        method = "stable"
    if not exact:
        pairs = _rescored(pairs, features, mentor_at, mentee_at)
    from_assign = None if settings.objective == "stable" else result
    outcome = _result(
        pairs, edges, mentors, mentees, upper_bound, method, timings, capacities, locks, from_assign
    )
    outcome = replace(outcome, caveats=tuple(caveats))
    if not idle:
        return outcome
    extra = tuple(Unmatched(pid, "mentor", NO_CAPACITY) for pid in idle)
    return replace(outcome, unmatched=outcome.unmatched + extra)


def _rescored(
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


def _in_float64(edges: Edges, features: Features) -> Edges:
    """The candidate set with every pair scored again in float64 (the large path's lists
    come from a float32 search): stable matching ranks by these scores, so that pairs
    that tie rank by id as on the exact path."""
    score = np.empty(len(edges))
    for lo in range(0, len(edges), RESCORE_CHUNK):
        hi = lo + RESCORE_CHUNK
        score[lo:hi] = pair_scores(features, edges.mentee[lo:hi], edges.mentor[lo:hi])
    return replace(edges, score=score)


def _large_candidates(
    features: Features,
    settings: Settings,
    exclusions: np.ndarray,
    mentors: Sequence[Person],
    locks: list[tuple[int, int]],
    timings: dict[str, float],
) -> Edges:
    """Top-k candidates for the large path. For the total objective the lists rank mentors
    by score minus a price estimated on a sample (so that they hold the pairs an optimal
    matching uses, not only the most popular mentors); fairness and stability keep the
    plain top-k lists they reason about."""
    if settings.objective != "total":
        return top_k(features, settings, exclusions)
    start = time.perf_counter()
    capacities = np.array([p.capacity for p in mentors], dtype=np.int64)
    locked_e = np.array([j for j, _ in locks], dtype=np.int64)
    rem = capacities - np.bincount(
        np.array([i for _, i in locks], dtype=np.int64), minlength=len(mentors)
    )
    free = np.setdiff1d(np.arange(features.mentee.shape[0]), locked_e)
    prices = estimate_prices(features, settings, exclusions, rem, free)
    timings["prices_s"] = time.perf_counter() - start
    return top_k(features, settings, exclusions, prices=prices)


def _next_k(settings: Settings, k_done: int, rows: int, n_mentors: int) -> int | None:
    """The next list length to give ``rows`` mentees in doubt (fairness, stability on the
    large path): first ``widen_k``, then every mentor when ``rows x mentors`` fits
    ``exact_pairs_limit``; None when there is nothing cheap left to try (or widening is
    off: ``widen_k <= top_k``)."""
    if settings.widen_k <= settings.top_k:
        return None
    first = min(settings.widen_k, n_mentors)
    if k_done < first:
        return first
    if k_done < n_mentors and rows * n_mentors <= settings.exact_pairs_limit:
        return n_mentors
    return None


def _widened[Outcome](
    settings: Settings,
    n_mentors: int,
    edges: Edges,
    solve: Callable[[Edges], tuple[Outcome, np.ndarray]],
    widen: Callable[[Edges, np.ndarray, int], Edges] | None,
    phase: Callable[[str], None],
) -> tuple[Outcome, Edges, np.ndarray]:
    """``solve`` on ``edges`` (it returns an outcome and the mentees it is in doubt
    about), then again on the set that ``widen`` gives with longer lists for those mentees
    (:func:`_next_k`), while some are in doubt and a longer list is cheap; no widening
    without ``widen``. Returns the last outcome, its candidate set and the mentees still
    in doubt."""
    outcome, doubtful = solve(edges)
    k_done = settings.top_k
    while widen is not None and doubtful.size:
        k = _next_k(settings, k_done, doubtful.size, n_mentors)
        if k is None:
            break
        phase(f"widening {doubtful.size} candidate lists to {k} mentors")
        edges = widen(edges, doubtful, k)
        outcome, doubtful = solve(edges)
        k_done = k
    return outcome, edges, doubtful


def _fair_doubts(
    result: Assignment, edges: Edges, locks: list[tuple[int, int]]
) -> tuple[bool, np.ndarray]:
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
        return True, np.zeros(0, dtype=np.int64)
    lonely = np.zeros(edges.n_mentees, dtype=bool)
    lonely[result.unmatched_mentees] = True
    left_places = int(result.remaining_capacity.sum()) - int(free.sum())
    most_matched = left_places <= 0 or not (lonely & edges.eligible_mentee).any()
    worst = float(result.score[free].min()) if free.any() else np.inf
    doubtful = cut & (edges.tau >= worst - 1e-6)
    if not most_matched:
        doubtful |= cut & lonely
    return most_matched and not doubtful.any(), np.flatnonzero(doubtful)


def _stable_pairs(
    edges: Edges,
    mentors: Sequence[Person],
    mentees: Sequence[Person],
    locks: list[tuple[int, int]],
    locked_scores: list[float],
    capacities: np.ndarray,
) -> tuple[list[Pair], np.ndarray]:
    """Locked pairs plus Gale–Shapley on the rest; and the mentees whose stability over
    all pairs is not proven (see :func:`stable_on_edges`)."""
    mentor_ids = [p.id for p in mentors]
    mentee_ids = [p.id for p in mentees]
    chosen, score, unsure = stable_on_edges(edges, mentor_ids, mentee_ids, locks, capacities)
    pairs = [
        Pair(mentor_ids[i], mentee_ids[j], s, True)
        for (j, i), s in zip(locks, locked_scores, strict=True)
    ]
    pairs += [Pair(mentor_ids[i], mentee_ids[j], float(score[j])) for j, i in chosen.items()]
    return sorted(pairs, key=lambda p: (p.mentee_id, p.mentor_id)), unsure


def _result(
    pairs: list[Pair],
    edges: Edges,
    mentors: Sequence[Person],
    mentees: Sequence[Person],
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
    lonely_e = np.array(
        [j for j, p in enumerate(mentees) if p.id not in matched_mentees], dtype=np.int64
    )
    lonely_m = np.array(
        [i for i, p in enumerate(mentors) if p.id not in matched_mentors], dtype=np.int64
    )
    lock_e = np.array([j for j, _ in locks], dtype=np.int64)
    lock_m = np.array([i for _, i in locks], dtype=np.int64)
    remaining = capacities - np.bincount(lock_m, minlength=len(mentors))
    if (
        solved is not None
        and np.array_equal(solved.unmatched_mentees, lonely_e)
        and np.array_equal(solved.unmatched_mentors, lonely_m)
    ):
        mentee_reasons = solved.unmatched_mentee_reasons
        mentor_reasons = solved.unmatched_mentor_reasons
    else:
        mentee_reasons, mentor_reasons = unmatched_reasons(
            edges, capacities, remaining, lock_e, lonely_e, lonely_m
        )
    unmatched = [
        Unmatched(mentees[j].id, "mentee", reason)
        for j, reason in zip(lonely_e, mentee_reasons, strict=True)
    ] + [
        Unmatched(mentors[i].id, "mentor", reason)
        for i, reason in zip(lonely_m, mentor_reasons, strict=True)
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
    """The ``k`` best eligible mentors with a place (capacity above 0) for one mentee, best
    first (ties by id), each with its explanation: for programs where participants
    choose."""
    _check_people(mentors, [mentee])
    if not mentors:
        return []
    scores = score_pairs(mentors, [mentee], taxonomy, settings)[0]
    order = sorted(
        (i for i in range(len(mentors)) if np.isfinite(scores[i]) and mentors[i].capacity > 0),
        key=lambda i: (-scores[i], mentors[i].id),
    )[:k]
    return [
        Suggestion(mentors[i].id, float(scores[i]), explain(mentors[i], mentee, taxonomy, settings))
        for i in order
    ]
