"""The large path: price-adjusted candidates, then column generation while the proven gap
is too wide.

Plain top-k lists fill up with the few mentors everybody likes, so the first solve on them
is far from the optimum and needs many pricing passes. Instead, :func:`estimate_prices`
matches a small fixed sample of the cohort (recursively: a sample of the sample gives that
one's prices), and every mentor's price is read off the sample's mentee duals (the
c-transform). The top-k lists then rank mentors by score minus price: with prices near the
optimal duals they hold the pairs an optimal matching uses.

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

import numpy as np

from .arcs import SCALE
from .assignment import Assignment, assign
from .candidates import all_pairs, restrict, top_k
from .duals import NOT_CUT, left_out_units
from .edges import Edges, with_pairs
from .features import BIG, Features
from .model import Settings
from .pricing import PricedPairs, mentor_prices, price_within
from .total import Start

# float32 products and the integer rounding of scores: a safety margin, in score units
# scaled by SCALE, added to every mentee dual taken from a float32 search.
MARGIN_UNITS = 16


PRICING_K = 16


SLACK_SHARE = 0.1
"""Each solve on the candidate set stops within a slack per mentee of its optimum: this
share of the gap tolerance times the mean candidate score (docs/matching.md gives the
figures at 10k and 100k). The mean candidate score is below what a
matched mentee typically scores, so the slack of every mentee together stays under this
share of the tolerance. The auction's last phases, which settle what the tolerance does
not ask for, are skipped; the proven bound and gap include the slack."""


# Price estimation: each sample takes this share of the level above, at most SAMPLE_MAX
# mentees; a sample of at most EXACT_SAMPLE_PAIRS pairs is matched on all pairs, a bigger
# one on SAMPLE_K price-adjusted candidates per mentee.
SAMPLE_SHARE = 0.2


SAMPLE_MAX = 4000


EXACT_SAMPLE_PAIRS = 200_000


SAMPLE_K = 30


SAMPLE_SEED = 20240601


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
class _Pass:
    """One pricing pass: the bound it proves and the pairs that would improve the result
    (scores back from price-adjusted values)."""

    bound: float
    improving: PricedPairs


def _sample(n: int, size: int, salt: int) -> np.ndarray:
    """``size`` of ``range(n)``, in increasing order: a fixed pseudo-random choice, so the
    same cohort always gives the same sample."""
    rng = np.random.default_rng(SAMPLE_SEED + salt)
    return np.sort(rng.permutation(n)[:size])


def estimate_prices(
    features: Features,
    settings: Settings,
    exclusions: np.ndarray,
    capacities: np.ndarray,
    mentees: np.ndarray | None = None,
) -> np.ndarray:
    """Mentor prices close to the optimal dual values of the whole problem, from a sample.

    A fixed random sample of the free ``mentees`` (all by default) and the same share of
    the mentors with places left is matched (on all pairs when small, else on price-adjusted
    lists with prices from a sample of the sample), and its mentee duals give every
    mentor a price: the best score it gets from a sampled mentee, less what that mentee is
    worth (the c-transform). The sample is a small market of the same people, so its prices
    are close to those of the whole; they only choose the candidates, the guarantees do not
    depend on them.
    """
    n_e, n_m = features.mentee.shape[0], features.mentor.shape[0]
    pool_e = np.arange(n_e) if mentees is None else np.asarray(mentees, dtype=np.int64)
    pool_m = np.flatnonzero(capacities > 0)
    if pool_e.size == 0 or pool_m.size == 0:
        return np.zeros(n_m)
    share = min(SAMPLE_SHARE, SAMPLE_MAX / pool_e.size)
    rows_e = pool_e[_sample(pool_e.size, max(1, round(share * pool_e.size)), 0)]
    rows_m = pool_m[_sample(pool_m.size, max(1, round(share * pool_m.size)), 1)]
    # Sparse exclusions (reporting lines, blocked pairs) are left out here: they hardly
    # move prices, and the lists and the bound built with the prices still respect them.
    none = np.zeros(0, dtype=np.int64)
    sub, _ = restrict(features, none, rows_e, rows_m)
    caps = capacities[rows_m]
    if rows_e.size * rows_m.size <= EXACT_SAMPLE_PAIRS:
        edges = all_pairs(sub, settings, none)
    else:
        prices = estimate_prices(sub, settings, none, caps)
        edges = top_k(sub, settings, none, SAMPLE_K, prices=prices)
    sample = assign(edges, capacities=caps, sharp_bound=False)  # only its duals are used
    values = sample.set_mentee_duals / SCALE
    return mentor_prices(features, settings, none, rows_e, values)


def _search_sizes(
    edges: Edges,
    *,
    mentor_duals: np.ndarray,
    mentee_duals: np.ndarray,
    places_left: np.ndarray,
    locked_mentees: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Which pairs a pricing pass must search, as (mentor order, prefix per mentee).

    A pair left out of the lists weighs at most ``lift[j] + price[i]`` (see
    ``left_out_units``), so with duals ``u`` (mentors) and ``v`` (mentees) it can only
    have a positive reduced cost when ``price[i] - u[i] > v[j] - lift[j]``: mentors sorted
    by ``price - u``, each mentee searches the prefix above its own threshold, and every
    pair not searched is already covered by ``v`` (the bound stays a bound over all pairs).
    Pairs in the set are covered by ``v`` too. Mentees with complete lists, or locked,
    search nothing."""
    lift, unit_price = left_out_units(edges)
    gain = unit_price - mentor_duals
    gain[places_left <= 0] = NOT_CUT  # no place left: nothing to price
    room = mentee_duals - lift
    room[locked_mentees] = -NOT_CUT
    order = np.argsort(-gain, kind="stable")
    prefix = np.searchsorted(-gain[order], -room, side="left")
    return order, prefix


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
    while passes < rounds and not _close_enough(bound, result.total, settings):
        passes += 1
        priced = _pricing_pass(problem, edges, result, stats)
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
    problem: _Problem, edges: Edges, result: Assignment, stats: dict[str, float]
) -> _Pass:
    """Classic column generation: the optimal duals on the candidate set price the rest.
    Returns the bound the pass proves and the pairs that improve the result."""
    places_left = result.remaining_capacity
    u, v = result.set_mentor_duals, result.set_mentee_duals
    prices = np.where(places_left > 0, u / SCALE, 4 * BIG)
    began = time.perf_counter()
    order, prefix = _search_sizes(
        edges,
        mentor_duals=u,
        mentee_duals=v,
        places_left=places_left,
        locked_mentees=problem.locked_mentees,
    )
    stats["pricing_share"] = float(prefix.sum()) / max(1, edges.n_mentees * edges.n_mentors)
    # Pairs this far below a mentee's dual neither improve nor raise the bound (one
    # margin for the float32 search, one for the floor's own rounding to float32).
    found = price_within(
        problem.features,
        problem.settings,
        problem.exclusions,
        mentor_price=prices,
        k=PRICING_K,
        order=order,
        prefix=prefix,
        floor=(v - 2 * MARGIN_UNITS) / SCALE,
    )
    stats["pricing_s"] += time.perf_counter() - began
    free = ~np.isin(found.mentee, problem.locked_mentees)
    mentee, mentor, adjusted = found.mentee[free], found.mentor[free], found.adjusted[free]
    units = np.ceil(adjusted * SCALE).astype(np.int64) + 1
    # Mentees' duals: the set's cover the set and every pair left unsearched.
    best = v.copy()
    if units.size:
        np.maximum.at(best, mentee, units + MARGIN_UNITS)
    bound = result.locked_total + float((places_left * u).sum() + best.sum()) / SCALE
    pick = np.flatnonzero(units > v[mentee] + MARGIN_UNITS)
    score = adjusted[pick].astype(np.float64) + u[mentor[pick]] / SCALE
    return _Pass(bound, PricedPairs(mentee[pick], mentor[pick], score))
