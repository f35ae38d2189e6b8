"""Column generation on top of the top-k candidate set.

After a solve, the mentor duals act as prices: a pair outside the candidate set can only
improve the result if its score minus its mentor's price beats the mentee's dual. One exact
search over all pairs on the price-adjusted scores finds such pairs (they join the set and
the problem is solved again) and, at the same time, sets every mentee's dual high enough to
cover all eligible pairs, which proves an upper bound on the all-pairs optimum. When no pair
improves, the result is optimal over all pairs (to the integer rounding of scores).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from .candidates import Edges, price
from .features import BIG, Features
from .model import Settings
from .solve import SCALE, Assignment, assign

# float32 products and the integer rounding of scores: a safety margin, in score units
# scaled by SCALE, added to every mentee dual taken from a float32 search.
MARGIN_UNITS = 16
PRICING_K = 16


def _merge(edges: Edges, mentee: np.ndarray, mentor: np.ndarray, score: np.ndarray) -> Edges:
    n_m = edges.n_mentors
    all_e = np.concatenate([edges.mentee, mentee])
    all_m = np.concatenate([edges.mentor, mentor])
    all_s = np.concatenate([edges.score, score])
    _, first = np.unique(all_e * n_m + all_m, return_index=True)
    return Edges(
        all_e[first],
        all_m[first],
        all_s[first],
        edges.n_mentees,
        n_m,
        edges.tau,
        edges.eligible_mentee,
        edges.eligible_mentor,
    )


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
) -> tuple[Assignment, Edges, float, dict[str, float]]:
    """Solve, price, add improving pairs, solve again: at most ``rounds`` pricing passes,
    the last of which only proves the bound of the final result.

    Returns the assignment, the final candidate set, the best proven upper bound and
    statistics (pricing passes made, seconds spent pricing and assigning).
    """
    stats = {"pricing_passes": 0.0, "pricing_s": 0.0, "assign_s": 0.0}
    start = time.perf_counter()
    result = assign(edges, capacities=capacities, locked=locked, locked_scores=locked_scores)
    stats["assign_s"] += time.perf_counter() - start
    bound = result.upper_bound
    locked_mentees = np.array([j for j, _ in locked], dtype=np.int64)
    for passes in range(1, rounds + 1):
        rem = result.remaining_capacity
        u = result.mentor_duals
        prices = np.where(rem > 0, u / SCALE, 4 * BIG)
        start = time.perf_counter()
        mentee, mentor, adjusted = price(features, settings, exclusions, prices, PRICING_K)
        stats["pricing_s"] += time.perf_counter() - start
        stats["pricing_passes"] = passes
        free = ~np.isin(mentee, locked_mentees)
        mentee, mentor, adjusted = mentee[free], mentor[free], adjusted[free]
        units = np.ceil(adjusted * SCALE).astype(np.int64) + 1
        best = np.zeros(edges.n_mentees, dtype=np.int64)
        if units.size:
            np.maximum.at(best, mentee, units + MARGIN_UNITS)
        bound = min(bound, result.locked_total + float((rem * u).sum() + best.sum()) / SCALE)
        improving = units > result.mentee_duals[mentee] + MARGIN_UNITS
        # The last pass only proves the bound of the result in hand.
        close_enough = bound - result.total <= settings.gap_tolerance * max(bound, 1e-12)
        if not improving.any() or passes == rounds or close_enough:
            break
        pick = np.flatnonzero(improving)
        edges = _merge(
            edges,
            mentee[pick],
            mentor[pick],
            adjusted[pick].astype(np.float64) + u[mentor[pick]] / SCALE,
        )
        start = time.perf_counter()
        result = assign(edges, capacities=capacities, locked=locked, locked_scores=locked_scores)
        stats["assign_s"] += time.perf_counter() - start
        bound = min(bound, result.upper_bound)
    return result, edges, max(bound, result.total), stats
