"""One-call matching: validate, encode, build candidates, solve, name who is left out.

:func:`match` runs its steps in order on one :class:`_Problem` (the cohort in id order,
its features and locks): :func:`_prepare`, :func:`_candidates`, :func:`_solve` (the best
total, on all pairs or on top-k lists with pricing), then :func:`_solve_fairness` or
:func:`_solve_stable` for those objectives, and :func:`_outcome`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

import numpy as np

from .assignment import Assignment, assign
from .candidates import all_pairs, dense_scores, top_k
from .constraints import check_locks, sparse_exclusions
from .edges import Edges
from .explain import explain
from .fairness import FairOutcome, judge_fairness
from .features import Features, encode
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
from .outcome import in_float64, match_result, rescored
from .price_estimate import estimate_prices
from .refine import solve_with_pricing
from .scoring import pair_score
from .stable import stable_pairs, union_edges, wider_lists
from .widening import Judged, widened

DENSE_LIMIT = 50_000_000
FAIRNESS_CAVEAT = (
    "fairness is proven on the candidate set only (the top-k lists and priced "
    "pairs): a pair outside it could raise the worst score or match more people"
)
STABILITY_CAVEAT = (
    "stability is proven on the candidate lists only: {n} mentees' lists "
    "were cut off above their match, so a pair outside them could still block"
)


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


@dataclass
class _Problem:
    """The cohort in id order (mentors who take nobody left out: ``idle``), its locks as
    (mentee index, mentor index) with their scores, its features and sparse exclusions,
    and whether it is solved on all pairs (``exact``)."""

    mentors: list[Person]
    mentees: list[Person]
    taxonomy: Taxonomy
    settings: Settings
    idle: list[str]
    mentor_at: dict[str, int]
    mentee_at: dict[str, int]
    locks: list[tuple[int, int]]
    locked_scores: list[float]
    capacities: np.ndarray
    features: Features
    exclusions: np.ndarray
    exact: bool
    phase: Callable[[str], None]
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class _Solved:
    """A solve so far: the assignment, its candidate set, the proven upper bound, the
    method that found it and what it could not prove."""

    result: Assignment
    edges: Edges
    upper_bound: float
    method: str
    caveats: list[str] = field(default_factory=list)


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
    problem = _prepare(mentors, mentees, taxonomy, settings, progress or _quiet)
    edges = _candidates(problem)
    start = time.perf_counter()
    problem.phase("solving")
    solved = _solve(problem, edges)
    if settings.objective == "fairness":
        solved = _solve_fairness(problem, solved)
    problem.timings["solve_s"] = time.perf_counter() - start
    pairs = [
        Pair(problem.mentors[i].id, problem.mentees[j].id, float(s), bool(lk))
        for j, i, s, lk in zip(
            solved.result.mentee,
            solved.result.mentor,
            solved.result.score,
            solved.result.locked,
            strict=True,
        )
    ]
    if settings.objective == "stable":
        pairs, solved = _solve_stable(problem, solved)
    return _outcome(problem, pairs, solved)


def _quiet(_phase: str) -> None:
    """No progress report."""


def _prepare(
    mentors: Sequence[Person],
    mentees: Sequence[Person],
    taxonomy: Taxonomy,
    settings: Settings,
    phase: Callable[[str], None],
) -> _Problem:
    """People checked and in id order, locks placed, features encoded."""
    _check_people(mentors, mentees)
    locked_mentors = {mentor_id for mentor_id, _ in settings.locked_pairs}
    # Mentors who take nobody are left out of the problem (and reported).
    idle = sorted(p.id for p in mentors if p.capacity == 0 and p.id not in locked_mentors)
    in_play = sorted(
        (p for p in mentors if p.capacity > 0 or p.id in locked_mentors), key=lambda p: p.id
    )
    by_id = sorted(mentees, key=lambda p: p.id)
    mentor_at = {p.id: i for i, p in enumerate(in_play)}
    mentee_at = {p.id: j for j, p in enumerate(by_id)}
    # Locked pairs as (mentee index, mentor index), after check_locks (errors name people).
    check_locks(in_play, by_id, settings)
    locks = [
        (mentee_at[mentee_id], mentor_at[mentor_id])
        for mentor_id, mentee_id in settings.locked_pairs
    ]
    start = time.perf_counter()
    phase("encoding features")
    features = encode(in_play, by_id, taxonomy, settings)
    exclusions = sparse_exclusions(in_play, by_id, settings)
    encode_s = time.perf_counter() - start
    return _Problem(
        mentors=in_play,
        mentees=by_id,
        taxonomy=taxonomy,
        settings=settings,
        idle=idle,
        mentor_at=mentor_at,
        mentee_at=mentee_at,
        locks=locks,
        locked_scores=[pair_score(in_play[i], by_id[j], taxonomy, settings) for j, i in locks],
        capacities=np.array([p.capacity for p in in_play], dtype=np.int64),
        features=features,
        exclusions=exclusions,
        exact=len(in_play) * len(by_id) <= settings.exact_pairs_limit,
        phase=phase,
        timings={"encode_s": encode_s},
    )


def _candidates(problem: _Problem) -> Edges:
    """Every eligible pair (exact path), or top-k lists (large path)."""
    settings = problem.settings
    start = time.perf_counter()
    if problem.exact:
        problem.phase("scoring all pairs")
        edges = all_pairs(problem.features, settings, problem.exclusions)
    else:
        problem.phase(f"finding the top {settings.top_k} mentors per mentee")
        edges = _large_candidates(problem)
    problem.timings["candidates_s"] = time.perf_counter() - start
    return edges


def _large_candidates(problem: _Problem) -> Edges:
    """Top-k candidates for the large path. For the total objective the lists rank mentors
    by score minus a price estimated on a sample (so that they hold the pairs an optimal
    matching uses, not only the most popular mentors); fairness and stability keep the
    plain top-k lists they reason about."""
    features, settings, exclusions = problem.features, problem.settings, problem.exclusions
    if settings.objective != "total":
        return top_k(features, settings, exclusions)
    start = time.perf_counter()
    locked_e = np.array([j for j, _ in problem.locks], dtype=np.int64)
    locked_m = np.array([i for _, i in problem.locks], dtype=np.int64)
    places_left = problem.capacities - np.bincount(locked_m, minlength=len(problem.mentors))
    free = np.setdiff1d(np.arange(features.mentee.shape[0]), locked_e)
    prices = estimate_prices(features, settings, exclusions, places_left, free)
    problem.timings["prices_s"] = time.perf_counter() - start
    return top_k(features, settings, exclusions, prices=prices)


def _solve(problem: _Problem, edges: Edges) -> _Solved:
    """The best total: exact on all pairs, or on the lists with pricing passes."""
    if problem.exact:
        result = assign(
            edges,
            capacities=problem.capacities,
            locked=problem.locks,
            locked_scores=problem.locked_scores,
        )
        return _Solved(result, edges, result.upper_bound, "exact")
    priced = solve_with_pricing(
        problem.features,
        problem.settings,
        problem.exclusions,
        edges,
        capacities=problem.capacities,
        locked=problem.locks,
        locked_scores=problem.locked_scores,
        rounds=problem.settings.pricing_rounds,
    )
    problem.timings.update(priced.stats)
    return _Solved(priced.assignment, priced.edges, priced.upper_bound, "top-k")


def _solve_fairness(problem: _Problem, solved: _Solved) -> _Solved:
    """The fairness objective on the candidate set, widening the lists of the mentees in
    doubt (large path only: the exact one has every pair)."""
    problem.phase("solving for fairness")
    fair = widened(
        solved.edges,
        partial(_fair_on, problem),
        settings=problem.settings,
        n_mentors=len(problem.mentors),
        widen=None if problem.exact else partial(_wider, problem),
        phase=problem.phase,
    )
    caveats = [] if problem.exact or fair.outcome.proven else [FAIRNESS_CAVEAT]
    return _Solved(fair.outcome.assignment, fair.edges, solved.upper_bound, "fairness", caveats)


def _fair_on(problem: _Problem, candidates: Edges) -> Judged[FairOutcome]:
    fair = assign(
        candidates,
        capacities=problem.capacities,
        locked=problem.locks,
        locked_scores=problem.locked_scores,
        objective="fairness",
    )
    return judge_fairness(fair, candidates, problem.locks)


def _solve_stable(problem: _Problem, solved: _Solved) -> tuple[list[Pair], _Solved]:
    """Stable pairs on the candidate set (scored in float64 on the large path), widening
    the lists of the mentees whose stability is not proven."""
    edges = solved.edges if problem.exact else in_float64(solved.edges, problem.features)
    stable = widened(
        edges,
        partial(_stable_on, problem),
        settings=problem.settings,
        n_mentors=len(problem.mentors),
        widen=None if problem.exact else partial(_wider_scored, problem),
        phase=problem.phase,
    )
    unsure = stable.doubtful
    caveats = [STABILITY_CAVEAT.format(n=unsure.size)] if unsure.size else []
    return stable.outcome, _Solved(
        solved.result, stable.edges, solved.upper_bound, "stable", caveats
    )


def _stable_on(problem: _Problem, candidates: Edges) -> Judged[list[Pair]]:
    pairs, unsure = stable_pairs(
        candidates,
        problem.mentors,
        problem.mentees,
        locks=problem.locks,
        locked_scores=problem.locked_scores,
        capacities=problem.capacities,
    )
    return Judged(pairs, unsure)


def _wider(problem: _Problem, candidates: Edges, rows: np.ndarray, k: int) -> Edges:
    """The candidate set plus top-``k`` lists for the mentees at ``rows``."""
    settings, taxonomy = problem.settings, problem.taxonomy
    lists = wider_lists(problem.mentors, problem.mentees, taxonomy, settings, rows=rows, k=k)
    return union_edges(candidates, lists)


def _wider_scored(problem: _Problem, candidates: Edges, rows: np.ndarray, k: int) -> Edges:
    """:func:`_wider`, every pair scored in float64 (stable matching ranks by them)."""
    return in_float64(_wider(problem, candidates, rows, k), problem.features)


def _outcome(problem: _Problem, pairs: list[Pair], solved: _Solved) -> MatchResult:
    """The result: pairs in float64 (large path), the people left out and why, the
    mentors who take nobody last."""
    if not problem.exact:
        pairs = rescored(pairs, problem.features, problem.mentor_at, problem.mentee_at)
    stable = problem.settings.objective == "stable"
    outcome = match_result(
        pairs,
        solved.edges,
        problem.mentors,
        problem.mentees,
        upper_bound=solved.upper_bound,
        method=solved.method,
        timings=problem.timings,
        capacities=problem.capacities,
        locks=problem.locks,
        solved=None if stable else solved.result,
    )
    outcome = replace(outcome, caveats=tuple(solved.caveats))
    if not problem.idle:
        return outcome
    idle = tuple(Unmatched(pid, "mentor", NO_CAPACITY) for pid in problem.idle)
    return replace(outcome, unmatched=outcome.unmatched + idle)


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
