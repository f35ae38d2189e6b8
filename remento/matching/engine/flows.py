"""Network flows on the open arcs (OR-Tools): the min-cost flow behind the "total"
objective when the auction gives up, and the max flows and min-cost max flow behind the
"fairness" objective.

In the min-cost flow every free mentee sends one unit either to a mentor it is a
candidate of (cost ``-weight``) or along an "unmatched" arc to the sink, and each mentor
passes at most its places left to the sink.
"""

from __future__ import annotations

import numpy as np

from .arcs import SCALE, FreeArcs


def min_cost(arcs: FreeArcs, *, unmatched_arcs: bool) -> np.ndarray:
    """Min-cost flow; returns a boolean flag per arc (used or not). With
    ``unmatched_arcs`` a mentee may stay out (the best total); without, as many mentees as
    possible are matched, at the least cost (a min-cost max flow)."""
    n_e, n_m, places = arcs.n_mentees, arcs.n_mentors, arcs.places_left
    free_mentees = arcs.free_mentees
    # OR-Tools is imported where a flow is solved: most processes that import the engine
    # never solve one, and it takes a few tenths of a second to import.
    from ortools.graph.python import min_cost_flow

    flow = min_cost_flow.SimpleMinCostFlow()
    sink = n_e + n_m
    count = len(arcs)
    flow.add_arcs_with_capacity_and_unit_cost(
        arcs.mentee.astype(np.int32),
        (n_e + arcs.mentor).astype(np.int32),
        np.ones(count, dtype=np.int64),
        -arcs.weight.astype(np.int64),
    )
    mentors = np.flatnonzero(places > 0)
    flow.add_arcs_with_capacity_and_unit_cost(
        (n_e + mentors).astype(np.int32),
        np.full(len(mentors), sink, dtype=np.int32),
        places[mentors].astype(np.int64),
        np.zeros(len(mentors), dtype=np.int64),
    )
    if unmatched_arcs:
        flow.add_arcs_with_capacity_and_unit_cost(
            free_mentees.astype(np.int32),
            np.full(len(free_mentees), sink, dtype=np.int32),
            np.ones(len(free_mentees), dtype=np.int64),
            np.zeros(len(free_mentees), dtype=np.int64),
        )
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[free_mentees] = 1
    supplies[sink] = -len(free_mentees)
    flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = flow.solve() if unmatched_arcs else flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    return np.asarray(flow.flows(np.arange(count, dtype=np.int32)) > 0)


def max_flow_size(arcs: FreeArcs, keep: np.ndarray | None = None) -> int:
    """How many free mentees can be matched at most on these arcs (only the arcs
    ``keep`` flags, when given)."""
    n_e, n_m, places = arcs.n_mentees, arcs.n_mentors, arcs.places_left
    free_mentees = arcs.free_mentees
    from ortools.graph.python import max_flow

    flow = max_flow.SimpleMaxFlow()
    source, sink = n_e + n_m, n_e + n_m + 1
    mentors = np.flatnonzero(places > 0)
    mentee, mentor = arcs.mentee, arcs.mentor
    if keep is not None:
        mentee, mentor = mentee[keep], mentor[keep]
    tails = np.concatenate([np.full(len(free_mentees), source), mentee, n_e + mentors])
    heads = np.concatenate([free_mentees, n_e + mentor, np.full(len(mentors), sink)])
    capacities = np.concatenate([np.ones(len(free_mentees) + len(mentee)), places[mentors]])
    flow.add_arcs_with_capacity(
        tails.astype(np.int32), heads.astype(np.int32), capacities.astype(np.int64)
    )
    if flow.solve(source, sink) != flow.OPTIMAL:
        raise RuntimeError("max flow failed")
    return int(flow.optimal_flow())


def fairest(arcs: FreeArcs, stats: dict[str, float]) -> np.ndarray:
    """Max-cardinality matching maximising the minimum weight, then the total: used flags
    per arc. The threshold is found by bisection over the distinct weights, each step a
    max flow on the arcs at or above it."""
    weights = arcs.weight
    size = max_flow_size(arcs)
    levels = np.unique(weights)
    lo, hi = 0, len(levels) - 1  # invariant: threshold levels[lo] keeps the full size
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if max_flow_size(arcs, keep=weights >= levels[mid]) == size:
            lo = mid
        else:
            hi = mid - 1
    threshold = levels[lo] if len(levels) else 0
    stats["fairness_threshold"] = float(threshold - 1) / SCALE
    keep = np.flatnonzero(weights >= threshold)
    used_sub = min_cost(arcs.subset(keep), unmatched_arcs=False)
    used = np.zeros(len(weights), dtype=bool)
    used[keep[used_sub]] = True
    return used
