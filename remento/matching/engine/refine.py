"""The large path: price-adjusted candidates, then column generation while the proven gap
is too wide.

The top-k lists rank mentors by score minus a price estimated from a sample of the cohort
(:mod:`.price_estimate`): with prices near the optimal duals they hold the pairs an optimal
matching uses.

After a solve, the optimal duals on the candidate set act as prices: a pair outside the set
can only improve the result if its score minus its mentor's price beats the mentee's dual.
A pricing pass finds such pairs (they join the set and the problem is solved again) and, at
the same time, proves an upper bound on the all-pairs optimum. It searches only where that
is possible: a pair left out of the lists scores at most its mentee's cut plus its mentor's
list price, so only mentors whose dual fell below their list price by more than the
mentee's margin need looking at (a few percent of all pairs). Passes stop as soon as the
proven gap is under ``settings.gap_tolerance``, when no pair improves (then the result is
optimal over all pairs, to the integer rounding of scores), or after ``pricing_rounds``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np

from .arcs import SCALE
from .assignment import Assignment, assign
from .duals import NOT_CUT, left_out_units
from .edges import Edges, with_pairs
from .features import BIG, Features
from .model import Settings
from .pricing import PricedPairs, price_within
from .total import Start

# float32 products and the integer rounding of scores: a safety margin, in score units
# scaled by SCALE, added to every mentee dual taken from a float32 search.
MARGIN_UNITS = 16


PRICING_K = 16


NARROWING_WORTH = 0.9
"""A pass searches by the last pass's bound too (see :func:`_searches`) only where that
leaves at most this share of the pairs the lists' bound alone would: a second search
has its own set-up (30k: 0.87 of the pairs, 100k: 0.62)."""


SLACK_SHARE = 0.1
"""Each solve on the candidate set stops within a slack per mentee of its optimum: this
share of the gap tolerance times the mean candidate score (docs/matching.md gives the
figures at 10k and 100k). The mean candidate score is below what a
matched mentee typically scores, so the slack of every mentee together stays under this
share of the tolerance. The auction's last phases, which settle what the tolerance does
not ask for, are skipped; the proven bound and gap include the slack."""


@dataclass
class PricedSolution:
    """What :func:`solve_with_pricing` ends with: the assignment, the final candidate set,
    the best proven upper bound and statistics (pricing passes made, seconds spent
    pricing and assigning, auction bids)."""

    assignment: Assignment
    edges: Edges
    upper_bound: float
    stats: dict[str, float]


@dataclass
class _Problem:
    """What stays the same from one solve of the large path to the next."""

    features: Features
    settings: Settings
    exclusions: np.ndarray
    capacities: np.ndarray
    locked: Sequence[tuple[int, int]]
    locked_scores: Sequence[float]
    locked_mentees: np.ndarray
    slack: float


@dataclass
class LeftOut:
    """What a pricing pass proves about the pairs it leaves out of the candidate set:
    every eligible pair ``(j, i)`` not in the set after the pass weighs at most
    ``cut[j] + price[i]`` weight units (``price``: the pass's mentor duals). The next pass
    need not search a pair this already covers."""

    cut: np.ndarray
    price: np.ndarray


@dataclass
class _Pass:
    """One pricing pass: the bound it proves, the pairs that would improve the result
    (scores back from price-adjusted values), and what it proves about the rest."""

    bound: float
    improving: PricedPairs
    left_out: LeftOut


@dataclass
class _Region:
    """The pairs a pricing pass must look at under one bound on the pairs left out:
    those with ``gain[i] > room[j]`` (mentor ``i``, mentee ``j``); every other pair has
    no positive reduced cost. See :func:`_region`."""

    gain: np.ndarray
    room: np.ndarray

    def search(self) -> tuple[np.ndarray, np.ndarray]:
        """As (mentor order, prefix per mentee): mentors by ``gain``, each mentee the
        prefix above its ``room``."""
        order = np.argsort(-self.gain, kind="stable")
        return order, np.searchsorted(-self.gain[order], -self.room, side="left")

    def holds(self, mentee: np.ndarray, mentor: np.ndarray) -> np.ndarray:
        return self.gain[mentor] > self.room[mentee]


def _region(
    lift: np.ndarray,
    unit_price: np.ndarray,
    *,
    mentor_duals: np.ndarray,
    mentee_duals: np.ndarray,
    places_left: np.ndarray,
    locked_mentees: np.ndarray,
) -> _Region:
    """Which pairs a pricing pass must search.

    Every pair left out of the set weighs at most ``lift[j] + unit_price[i]`` (the lists'
    cut and price, see ``left_out_units``, or what the last pass proved, see
    :class:`LeftOut`), so with duals ``u`` (mentors) and ``v`` (mentees) it can only have
    a positive reduced cost when ``unit_price[i] - u[i] > v[j] - lift[j]``: mentors sorted
    by ``unit_price - u``, each mentee searches the prefix above its own threshold, and
    every pair not searched is already covered by ``v`` (the bound stays a bound over all
    pairs). Pairs in the set are covered by ``v`` too. Mentees with complete lists, or
    locked, search nothing."""
    gain = unit_price - mentor_duals
    gain[places_left <= 0] = NOT_CUT  # no place left: nothing to price
    room = mentee_duals - lift
    room[locked_mentees] = -NOT_CUT
    return _Region(gain, room)


@dataclass
class _Searches:
    """The searches of a pricing pass, as (mentor order, prefix per mentee), and the
    regions whose every one a pair must lie in to need pricing."""

    searches: list[tuple[np.ndarray, np.ndarray]]
    regions: list[_Region]

    def needed(self, mentee: np.ndarray, mentor: np.ndarray) -> np.ndarray:
        """Which of these pairs no bound covers (only they can improve the result)."""
        need = np.ones(len(mentee), dtype=bool)
        for region in self.regions:
            need &= region.holds(mentee, mentor)
        return need


def _searches(
    problem: _Problem,
    edges: Edges,
    result: Assignment,
    previous: LeftOut | None,
) -> _Searches:
    """The searches of a pricing pass: one by the lists' bound on the pairs left out, and
    after an earlier pass one by what that pass proved, each mentee in the one that
    gives it fewer mentors (a pair that either bound covers needs no search). The second
    bound is loose where the duals moved since, tight where they did not: at 100k it
    spares a third of the second pass's pairs (docs/matching.md)."""
    region = partial(
        _region,
        mentor_duals=result.set_mentor_duals,
        mentee_duals=result.set_mentee_duals,
        places_left=result.remaining_capacity,
        locked_mentees=problem.locked_mentees,
    )
    by_lists = region(*left_out_units(edges))
    if previous is None:
        return _Searches([by_lists.search()], [by_lists])
    by_pass = region(previous.cut, previous.price.astype(np.int64))
    (lists_order, lists_prefix), (pass_order, pass_prefix) = by_lists.search(), by_pass.search()
    mine = pass_prefix < lists_prefix
    regions = [by_lists, by_pass]
    narrowed = np.where(mine, pass_prefix, lists_prefix).sum()
    if narrowed > NARROWING_WORTH * lists_prefix.sum():
        return _Searches([(lists_order, lists_prefix)], regions)  # not worth a second search
    return _Searches(
        [
            (lists_order, np.where(mine, 0, lists_prefix)),
            (pass_order, np.where(mine, pass_prefix, 0)),
        ],
        regions,
    )


def solve_slack(edges: Edges, settings: Settings) -> float:
    """The slack per mentee (score points) each solve on the candidate set may stop at:
    :data:`SLACK_SHARE` of the gap tolerance times the mean candidate score."""
    if len(edges) == 0:
        return 0.0
    return SLACK_SHARE * settings.gap_tolerance * max(0.0, float(edges.score.mean()))


def solve_with_pricing(
    features: Features,
    settings: Settings,
    exclusions: np.ndarray,
    edges: Edges,
    *,
    capacities: np.ndarray,
    locked: Sequence[tuple[int, int]],
    locked_scores: Sequence[float],
    rounds: int,
) -> PricedSolution:
    """Solve on the candidate set, then price and add columns only while the proven gap
    is above ``settings.gap_tolerance``: at most ``rounds`` pricing passes.

    Each pass searches all pairs on score minus mentor dual: it proves an upper bound on
    the all-pairs optimum (whatever comes next) and finds the pairs that would improve the
    result; they join the set and the problem is solved again. Each solve stops within
    :func:`solve_slack` of the candidate set's optimum, and proves only a quick bound of
    its own where a pricing pass follows (that pass proves a sharper one; docs/matching.md
    has the figures).
    """
    stats = {"pricing_passes": 0.0, "pricing_s": 0.0, "assign_s": 0.0, "auction_bids": 0.0}
    problem = _Problem(
        features=features,
        settings=settings,
        exclusions=exclusions,
        capacities=capacities,
        locked=locked,
        locked_scores=locked_scores,
        locked_mentees=np.array([j for j, _ in locked], dtype=np.int64),
        slack=solve_slack(edges, settings),
    )
    result = _assign(problem, edges, Start(prices=edges.price), rounds == 0, stats)
    bound = result.upper_bound
    passes = 0
    left_out: LeftOut | None = None
    while passes < rounds and not _close_enough(bound, result.total, settings):
        passes += 1
        priced = _pricing_pass(problem, edges, result, stats, left_out)
        left_out = priced.left_out
        stats["pricing_passes"] = passes
        bound = min(bound, priced.bound)
        if _close_enough(bound, result.total, settings) or len(priced.improving.mentee) == 0:
            break  # no pair improves: optimal over all pairs (to the rounding of scores)
        found = priced.improving
        edges = with_pairs(edges, found.mentee, found.mentor, found.adjusted)
        result = _assign(problem, edges, result.as_start(), passes == rounds, stats)
        bound = min(bound, result.upper_bound)
    return PricedSolution(result, edges, max(bound, result.total), stats)


def _close_enough(bound: float, total: float, settings: Settings) -> bool:
    return bound - total <= settings.gap_tolerance * max(abs(bound), 1e-12)


def _assign(
    problem: _Problem, edges: Edges, start: Start, sharp_bound: bool, stats: dict[str, float]
) -> Assignment:
    """One solve on the candidate set, timed into ``stats``."""
    began = time.perf_counter()
    result = assign(
        edges,
        capacities=problem.capacities,
        locked=problem.locked,
        locked_scores=problem.locked_scores,
        start=start,
        slack=problem.slack,
        sharp_bound=sharp_bound,
    )
    stats["assign_s"] += time.perf_counter() - began
    stats["auction_bids"] += result.stats.get("auction_bids", 0.0)
    return result


def _pricing_pass(
    problem: _Problem,
    edges: Edges,
    result: Assignment,
    stats: dict[str, float],
    previous: LeftOut | None = None,
) -> _Pass:
    """Classic column generation: the optimal duals on the candidate set price the rest.
    Returns the bound the pass proves, the pairs that improve the result, and what the
    pass proves about the pairs it leaves out (``previous``: the last pass's, which
    narrows this one's search)."""
    places_left = result.remaining_capacity
    u, v = result.set_mentor_duals, result.set_mentee_duals
    prices = np.where(places_left > 0, u / SCALE, 4 * BIG)
    began = time.perf_counter()
    plan = _searches(problem, edges, result, previous)
    searched = sum(int(prefix.sum()) for _, prefix in plan.searches)
    stats["pricing_share"] = searched / max(1, edges.n_mentees * edges.n_mentors)
    # Pairs this far below a mentee's dual neither improve nor raise the bound (one
    # margin for the float32 search, one for the floor's own rounding to float32).
    floor = (v - 2 * MARGIN_UNITS) / SCALE
    found = PricedPairs.concat(
        [
            price_within(
                problem.features,
                problem.settings,
                problem.exclusions,
                mentor_price=prices,
                k=PRICING_K,
                order=order,
                prefix=prefix,
                floor=floor,
            )
            for order, prefix in plan.searches
        ]
    )
    stats["pricing_s"] += time.perf_counter() - began
    free = ~np.isin(found.mentee, problem.locked_mentees)
    mentee, mentor, adjusted = found.mentee[free], found.mentor[free], found.adjusted[free]
    units = np.ceil(adjusted * SCALE).astype(np.int64) + 1
    # Mentees' duals: the set's cover the set, every pair left unsearched and every pair
    # found where another bound covers it.
    best = v.copy()
    need = plan.needed(mentee, mentor)
    if need.any():
        np.maximum.at(best, mentee[need], units[need] + MARGIN_UNITS)
    bound = result.locked_total + float((places_left * u).sum() + best.sum()) / SCALE
    pick = np.flatnonzero(need & (units > v[mentee] + MARGIN_UNITS))
    score = adjusted[pick].astype(np.float64) + u[mentor[pick]] / SCALE
    left_out = LeftOut(_cut_after(v, mentee, units), u)
    return _Pass(bound, PricedPairs(mentee[pick], mentor[pick], score), left_out)


def _cut_after(v: np.ndarray, mentee: np.ndarray, units: np.ndarray) -> np.ndarray:
    """Per mentee, what a pair left out of the set after a pass weighs at most less its
    mentor's dual (weight units; ``v``: the mentee duals the pass priced with, ``mentee``
    and ``units`` the pairs it found). A pair it did not search is covered by ``v``; one
    it searched but did not return is below the floor, two margins under ``v``, or, where
    the mentee's list is full, at most its lowest entry; one it returned and did not add
    at most ``v`` plus a margin. Each float32 value gets one more margin."""
    cut = v + 2 * MARGIN_UNITS
    if units.size == 0:
        return cut
    full = np.bincount(mentee, minlength=len(v)) >= PRICING_K
    lowest = np.full(len(v), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(lowest, mentee, units)
    cut[full] = np.maximum(cut[full], lowest[full] + MARGIN_UNITS)
    return cut
