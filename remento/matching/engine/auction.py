"""The assignment on a candidate set by auction (Bertsekas' forward auction, ε-scaling).

Each free mentee bids for a place with one of its candidate mentors; a mentor with
capacity ``c`` has ``c`` places, each with its own price, and a bid always takes the
cheapest. A mentee bids on the mentor with the best value (weight less price) and raises
that place's price by the margin over its second-best choice plus ``ε``; the mentee it
displaces bids again. Leaving a mentee unmatched is always a choice of value 0, so every
mentee either holds a place or stays out by choice.

When no mentee is left to bid, every mentee's choice is within ``ε`` of its best
(ε-complementary slackness). Reverse steps then deal with every place left empty at a
positive price (from a warm start or an earlier phase): it lowers its price to win the
mentee it is worth most to, or to 0 when no mentee would gain. Weights are multiplied by
(free mentees + 1) and the last phase runs at ``ε = 1``: the prices are then an optimal
dual solution to less than one weight unit, so the assignment is exactly optimal on the
candidate set (:func:`_proves_optimal` checks it). Phases start with a large ``ε`` (fast,
rough) and divide it; between phases, mentees whose choice is no longer within the new
``ε`` bid again. A caller that can live with a slack of a few weight units per mentee
(the large path) ends the phases there instead, about half of them on the benchmark.

The auction is written for Numba: the loops are plain Python compiled once (cached in
``__pycache__``). :func:`solve` returns None when it runs past its budget of bids (or,
should it ever happen, when the prices fail to prove the result), and the caller then
solves with the min-cost flow instead. :func:`least_mentor_duals` is the other loop kept
here: the least duals of an optimal assignment, for the certificate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit

EPSILON_DIVISOR = 10
"""ε is divided by this between phases."""
START_EPSILON_SHARE = 1 / 32
"""The first phase's ε, as a share of the largest weight (cold start)."""
WARM_EPSILON_UNITS = 50_000
"""The first phase's ε, in weight units, when the prices are warm (close to optimal)."""
SEATED_EPSILON_UNITS = 10_000
"""The first phase's ε, in weight units, when an earlier assignment is given too."""
BIDS_PER_ARC = 60
"""Budget: at most this many bids per candidate arc and mentee, all phases together..."""
BUDGET_FLOOR = 1_000
"""... plus this many."""
DUAL_UPDATES_PER_ARC = 60
"""At most this many mentors taken per arc and mentee in :func:`least_mentor_duals`."""

_OUT = -2  # a mentee that stays unmatched by choice
_FREE = -1  # a mentee that has yet to bid
_INF = np.iinfo(np.int64).max // 4


@dataclass
class Auction:
    """An optimal assignment on the candidate set and the prices that prove it.

    ``used`` flags the arcs in the assignment (in the caller's arc order); ``prices``
    (per mentor, weight units, at least 0), with each mentee at its best ``weight -
    price``, form a dual solution over the arcs whose total is above the optimum by less
    than the number of places (the scaled prices are rounded up). ``exact_prices`` are the
    same prices unrounded (a warm start for the next solve).
    """

    used: np.ndarray
    prices: np.ndarray
    exact_prices: np.ndarray
    bids: int
    phases: int


@njit(cache=True)
def _refresh(i, slot_start, slot_price, min_price, min_slot, second_price):
    """The cheapest place of mentor ``i``, and the price of the next cheapest."""
    lo, hi = slot_start[i], slot_start[i + 1]
    best = lo
    p1 = slot_price[lo]
    p2 = _INF
    for s in range(lo + 1, hi):
        p = slot_price[s]
        if p < p1:
            p2 = p1
            p1 = p
            best = s
        elif p < p2:
            p2 = p
    min_price[i] = p1
    min_slot[i] = best
    second_price[i] = p2


@njit(cache=True)
def _refresh_all(slot_start, slot_price, min_price, min_slot, second_price):
    """:func:`_refresh` for every mentor with a place."""
    for i in range(len(slot_start) - 1):
        if slot_start[i + 1] > slot_start[i]:
            _refresh(i, slot_start, slot_price, min_price, min_slot, second_price)


@njit(cache=True)
def _bid_round(
    row_start,
    head,
    weight,
    slot_start,
    slot_price,
    slot_owner,
    min_price,
    min_slot,
    second_price,
    held,
    held_arc,
    eps,
    budget,
):
    """Bid until every mentee holds a place or stays out; returns the bids made, or -1
    past ``budget``."""
    n = len(row_start) - 1
    queue = np.empty(n + 1, dtype=np.int64)
    first, last = 0, 0
    for j in range(n):
        if held[j] == _FREE:
            queue[last] = j
            last += 1
    bids = 0
    while first != last:
        j = queue[first]
        first = first + 1 if first < n else 0
        b1 = -_INF
        b2 = -_INF
        best_arc = -1
        for a in range(row_start[j], row_start[j + 1]):
            if weight[a] <= b2:
                break  # arcs run by weight, best first: no later one beats the second
            value = weight[a] - min_price[head[a]]
            if value > b1:
                b2 = b1
                b1 = value
                best_arc = a
            elif value > b2:
                b2 = value
        if best_arc < 0 or b1 <= 0:
            held[j] = _OUT
            continue
        i = head[best_arc]
        if second_price[i] < _INF:
            other_place = weight[best_arc] - second_price[i]
            if other_place > b2:
                b2 = other_place
        if b2 < 0:
            b2 = 0  # staying out is worth 0
        s = min_slot[i]
        previous = slot_owner[s]
        slot_owner[s] = j
        slot_price[s] = min_price[i] + (b1 - b2) + eps
        held[j] = s
        held_arc[j] = best_arc
        if previous >= 0:
            held[previous] = _FREE
            queue[last] = previous
            last = last + 1 if last < n else 0
        _refresh(i, slot_start, slot_price, min_price, min_slot, second_price)
        bids += 1
        if bids > budget:
            return -1
    return bids


@njit(inline="always")
def _best_value(row_start, head, weight, min_price, j):
    """Mentee ``j``'s best value, weight less price, and at least 0 (staying out); its
    arcs run heaviest first, so the scan stops at the first arc that cannot win."""
    best = 0
    for a in range(row_start[j], row_start[j + 1]):
        if weight[a] <= best:
            break
        value = weight[a] - min_price[head[a]]
        if value > best:
            best = value
    return best


@njit(cache=True)
def _release_slack(row_start, head, weight, slot_price, slot_owner, min_price, held, held_arc, eps):
    """Free every mentee whose choice is more than ``eps`` below its best; returns how
    many."""
    n = len(row_start) - 1
    released = 0
    for j in range(n):
        best = _best_value(row_start, head, weight, min_price, j)
        s = held[j]
        mine = 0 if s < 0 else weight[held_arc[j]] - slot_price[s]
        if mine < best - eps:
            if s >= 0:
                slot_owner[s] = -1
            held[j] = _FREE
            released += 1
    return released


@njit(cache=True)
def _reverse_round(
    col_start,
    col_mentee,
    col_arc,
    weight,
    slot_start,
    mentor_of_slot,
    slot_price,
    slot_owner,
    min_price,
    min_slot,
    second_price,
    held,
    held_arc,
    eps,
    budget,
):
    """Reverse auction on the empty places with a positive price: each lowers its price
    to win the mentee it is worth most to (just enough to beat the second), or to 0 when
    no mentee gains; the place a mentee leaves is handled next. Every step raises one
    mentee's profit, and nobody's choice falls more than ``eps`` below its best. Returns
    the steps made, or -1 past ``budget``."""
    n = len(held)
    profit = np.zeros(n, dtype=np.int64)
    for j in range(n):
        if held[j] >= 0:
            profit[j] = weight[held_arc[j]] - slot_price[held[j]]
    n_slots = len(slot_price)
    queue = np.empty(n_slots + 1, dtype=np.int64)
    first, last = 0, 0
    for s in range(n_slots):
        if slot_owner[s] < 0 and slot_price[s] > 0:
            queue[last] = s
            last += 1
    steps = 0
    while first != last:
        s = queue[first]
        first = first + 1 if first < n_slots else 0
        if slot_owner[s] >= 0 or slot_price[s] <= 0:
            continue
        i = mentor_of_slot[s]
        b1 = -_INF
        b2 = -_INF
        best = -1
        for c in range(col_start[i], col_start[i + 1]):
            if weight[col_arc[c]] <= b2:
                break
            value = weight[col_arc[c]] - profit[col_mentee[c]]
            if value > b1:
                b2 = b1
                b1 = value
                best = c
            elif value > b2:
                b2 = value
        if best < 0 or b1 <= 0:
            slot_price[s] = 0
        else:
            j = col_mentee[best]
            price = b2 - eps
            if price < 0:
                price = 0
            left = held[j]
            if left >= 0:
                slot_owner[left] = -1
                k = mentor_of_slot[left]
                _refresh(k, slot_start, slot_price, min_price, min_slot, second_price)
                if slot_price[left] > 0:
                    queue[last] = left
                    last = last + 1 if last < n_slots else 0
            slot_price[s] = price
            slot_owner[s] = j
            held[j] = s
            held_arc[j] = col_arc[best]
            profit[j] = weight[col_arc[best]] - price
        _refresh(i, slot_start, slot_price, min_price, min_slot, second_price)
        steps += 1
        if steps > budget:
            return -1
    return steps


def heaviest_first(groups: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The order of arcs by group (ascending, groups >= 0), heaviest first within a
    group, ties in arc order: a counting sort by group, then a sort within each group
    (the groups are small: one mentee's or one mentor's arcs)."""
    groups = np.asarray(groups, dtype=np.int64)
    weights = np.asarray(weights, dtype=np.int64)
    if len(weights) == 0:
        return np.zeros(0, dtype=np.int64)
    return _by_group_heaviest_first(groups, weights, int(groups.max()) + 1)


@njit(cache=True)
def _by_group_heaviest_first(groups, weights, n_groups):
    start = np.zeros(n_groups + 1, dtype=np.int64)
    for g in groups:
        start[g + 1] += 1
    for g in range(n_groups):
        start[g + 1] += start[g]
    order = np.empty(len(groups), dtype=np.int64)
    fill = start[:-1].copy()
    for a in range(len(groups)):
        order[fill[groups[a]]] = a
        fill[groups[a]] += 1
    for g in range(n_groups):
        if start[g + 1] - start[g] > 1:
            arcs = order[start[g] : start[g + 1]].copy()
            by_weight = np.argsort(-weights[arcs], kind="mergesort")
            order[start[g] : start[g + 1]] = arcs[by_weight]
    return order


def _seat(
    arcs: np.ndarray,
    row_start: np.ndarray,
    head: np.ndarray,
    slot_start: np.ndarray,
    slot_owner: np.ndarray,
    held: np.ndarray,
    held_arc: np.ndarray,
) -> None:
    """Give the mentees of ``arcs`` (one each) the places of their mentors, in order."""
    rows = np.searchsorted(row_start, arcs, side="right") - 1
    mentors = head[arcs]
    order = np.argsort(mentors, kind="stable")
    mentors, rows, arcs = mentors[order], rows[order], arcs[order]
    first = np.searchsorted(mentors, mentors, side="left")
    slots = slot_start[mentors] + np.arange(len(mentors)) - first
    fits = slots < slot_start[mentors + 1]
    slot_owner[slots[fits]] = rows[fits]
    held[rows[fits]] = slots[fits]
    held_arc[rows[fits]] = arcs[fits]


def solve(
    n_mentors: int,
    row_start: np.ndarray,
    head: np.ndarray,
    weight: np.ndarray,
    places: np.ndarray,
    warm_prices: np.ndarray | None = None,
    warm_arcs: np.ndarray | None = None,
    slack: int = 0,
) -> Auction | None:
    """Optimal assignment of the mentees of a CSR arc list (``row_start`` per mentee,
    ``head`` the mentor of each arc, ``weight`` >= 1 in integer units; each mentee's arcs
    by weight, heaviest first, so that a scan stops once no arc left can matter) to
    mentors with ``places`` each. A warm start: ``warm_prices`` (weight units per mentor),
    and ``warm_arcs``, arcs of a feasible assignment (at most one per mentee, within the
    places) to start from, e.g. an earlier solve's on fewer arcs. ``slack`` (weight units;
    0: exact) ends the phases at ``ε = slack``, for fewer phases: every mentee's choice is
    then within ``slack`` of its best, and the total within ``slack`` per mentee of the
    optimum. Returns None past the budget of bids, or for weights too large for 64-bit
    sums of the scaled prices (the caller then uses another solver)."""
    n = len(row_start) - 1
    scale = n + 1
    w = weight.astype(np.int64) * scale
    slot_start = np.zeros(n_mentors + 1, dtype=np.int64)
    slot_start[1:] = np.cumsum(places)
    n_slots = int(slot_start[-1])
    mentor_of_slot = np.repeat(np.arange(n_mentors), places)
    slot_price = np.zeros(n_slots, dtype=np.int64)
    warm = warm_prices is not None
    if warm_prices is not None:
        warm_units = np.maximum(np.asarray(warm_prices, dtype=np.float64), 0)
        slot_price[:] = np.rint(warm_units * scale).astype(np.int64)[mentor_of_slot]
    slot_owner = np.full(n_slots, -1, dtype=np.int64)
    min_price = np.full(n_mentors, _INF, dtype=np.int64)
    min_slot = np.zeros(n_mentors, dtype=np.int64)
    second_price = np.full(n_mentors, _INF, dtype=np.int64)
    _refresh_all(slot_start, slot_price, min_price, min_slot, second_price)
    held = np.full(n, _FREE, dtype=np.int64)
    held_arc = np.full(n, -1, dtype=np.int64)
    top = int(w.max()) if len(w) else 0
    if top >= 2**62 // max(1, n + n_slots):
        return None  # weights too large for exact sums of scaled prices in 64 bits
    stop = max(1, int(slack) * scale)
    wanted = WARM_EPSILON_UNITS * scale if warm else int(top * START_EPSILON_SHARE)
    eps = _phase_ladder(wanted, stop)
    if warm_arcs is not None and len(warm_arcs):
        _seat(
            np.asarray(warm_arcs, dtype=np.int64),
            row_start,
            head,
            slot_start,
            slot_owner,
            held,
            held_arc,
        )
        _refresh_all(slot_start, slot_price, min_price, min_slot, second_price)
        eps = _phase_ladder(SEATED_EPSILON_UNITS * scale, stop)
        _release_slack(row_start, head, w, slot_price, slot_owner, min_price, held, held_arc, eps)
    budget = BIDS_PER_ARC * (len(w) + n) + BUDGET_FLOOR
    columns: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
    bids, phases = 0, 0
    while True:
        phases += 1
        made = _bid_round(
            row_start, head, w, slot_start, slot_price, slot_owner,
            min_price, min_slot, second_price, held, held_arc, eps, budget - bids,
        )  # fmt: skip
        if made < 0:
            return None
        bids += made
        # Empty places must end at price 0: reverse steps on those that do not.
        if ((slot_owner < 0) & (slot_price > 0)).any():
            if columns is None:
                columns = _incoming_arcs(n_mentors, row_start, head, weight)
            col_start, col_mentee, col_arc = columns
            made = _reverse_round(
                col_start, col_mentee, col_arc, w, slot_start, mentor_of_slot, slot_price,
                slot_owner, min_price, min_slot, second_price, held, held_arc, eps, budget - bids,
            )  # fmt: skip
            if made < 0:
                return None
            bids += made
        if eps <= stop:
            break
        eps //= EPSILON_DIVISOR
        _release_slack(row_start, head, w, slot_price, slot_owner, min_price, held, held_arc, eps)
    used = np.zeros(len(w), dtype=bool)
    used[held_arc[held >= 0]] = True
    if not _proves_optimal(row_start, head, w, used, slot_price, min_price, n * eps):
        return None
    mentor_price = np.where(places > 0, min_price, 0)
    prices = -(-mentor_price // scale)  # rounded up: still covers every arc
    return Auction(used, prices, mentor_price / scale, bids, phases)


def _phase_ladder(wanted: int, stop: int) -> int:
    """The first phase's ε: ``stop`` times the power of :data:`EPSILON_DIVISOR` nearest
    to ``wanted`` (by ratio), so that dividing by the divisor ends exactly at ``stop`` and
    no phase is spent on a step smaller than the divisor."""
    if wanted <= stop:
        return stop
    steps = round(math.log(wanted / stop) / math.log(EPSILON_DIVISOR))
    return int(stop * EPSILON_DIVISOR**steps)


def _incoming_arcs(
    n_mentors: int, row_start: np.ndarray, head: np.ndarray, weight: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each mentor's incoming arcs, heaviest first, for the reverse steps (only built
    when a place is left empty at a positive price): (start per mentor, their mentees,
    the arcs)."""
    order = heaviest_first(head, weight)
    col_start = np.zeros(n_mentors + 1, dtype=np.int64)
    col_start[1:] = np.cumsum(np.bincount(head, minlength=n_mentors))
    col_mentee = np.repeat(np.arange(len(row_start) - 1), np.diff(row_start))[order]
    return col_start, col_mentee, order


def _proves_optimal(
    row_start: np.ndarray,
    head: np.ndarray,
    scaled: np.ndarray,
    used: np.ndarray,
    slot_price: np.ndarray,
    min_price: np.ndarray,
    allowed: int,
) -> bool:
    """Whether the place prices prove the assignment within ``allowed`` (scaled units)
    of the optimum: their dual total (places at their prices, each mentee at its best
    value) is above the assignment's scaled total by at most that. After a last phase at
    ε = 1, ``allowed`` is the number of mentees, less than the scale: no other integer
    assignment fits in between, so the assignment is optimal."""
    dual = int(slot_price.sum()) + int(_best_values(row_start, head, scaled, min_price))
    return dual - int(scaled[used].sum()) <= allowed


@njit(cache=True)
def _best_values(row_start, head, weight, min_price):
    """The sum over mentees of their best value (:func:`_best_value`)."""
    total = 0
    for j in range(len(row_start) - 1):
        total += _best_value(row_start, head, weight, min_price, j)
    return total


@njit(cache=True)
def best_by_group(n, starts, keys, head, weight, prices):
    """Per group of arcs (runs starting at ``starts``, for rows ``keys`` of ``n``): the
    best ``weight - prices[head]``, and at least 0; rows without arcs get 0."""
    out = np.zeros(n, dtype=np.int64)
    for g in range(len(starts)):
        end = starts[g + 1] if g + 1 < len(starts) else len(weight)
        best = 0
        for a in range(starts[g], end):
            value = weight[a] - prices[head[a]]
            if value > best:
                best = value
        out[keys[g]] = best
    return out


@njit(inline="always")
def _push(keys, nodes, size, key, node):
    """Put (key, node) on a binary min-heap of ``size`` entries (arrays large enough)."""
    p = size
    keys[p] = key
    nodes[p] = node
    while p > 0:
        parent = (p - 1) // 2
        if keys[parent] <= keys[p]:
            break
        keys[parent], keys[p] = keys[p], keys[parent]
        nodes[parent], nodes[p] = nodes[p], nodes[parent]
        p = parent
    return size + 1


@njit(inline="always")
def _pop(keys, nodes, size):
    """Take the smallest key off the heap; returns the new size (it is left at the end)."""
    size -= 1
    keys[0], keys[size] = keys[size], keys[0]
    nodes[0], nodes[size] = nodes[size], nodes[0]
    p = 0
    while True:
        c = 2 * p + 1
        if c >= size:
            break
        if c + 1 < size and keys[c + 1] < keys[c]:
            c += 1
        if keys[p] <= keys[c]:
            break
        keys[c], keys[p] = keys[p], keys[c]
        nodes[c], nodes[p] = nodes[p], nodes[c]
        p = c
    return size


@njit(cache=True)
def _least_duals(row_start, head, weight, weight_of, held_start, held_by, potential, u, budget):
    """Label-correcting pass behind :func:`least_mentor_duals`, mentors taken by least
    ``potential - u`` first; returns the mentors taken, or -1 past ``budget``."""
    n = len(row_start) - 1
    n_m = len(u)
    for j in range(n):
        for a in range(row_start[j], row_start[j + 1]):
            value = weight[a] - weight_of[j]
            if value > u[head[a]]:
                u[head[a]] = value
    cap = 2 * n_m + 16
    keys = np.empty(cap, dtype=np.int64)
    nodes = np.empty(cap, dtype=np.int64)
    size = 0
    for i in range(n_m):
        if u[i] > 0 and held_start[i + 1] > held_start[i]:
            size = _push(keys, nodes, size, potential[i] - u[i], i)
    taken = 0
    while size > 0:
        size = _pop(keys, nodes, size)
        k = nodes[size]
        if keys[size] != potential[k] - u[k]:
            continue  # u[k] rose since: a later entry takes it
        taken += 1
        if taken > budget:
            return -1
        for h in range(held_start[k], held_start[k + 1]):
            j = held_by[h]
            value_j = weight_of[j] - u[k]
            for a in range(row_start[j], row_start[j + 1]):
                i = head[a]
                value = weight[a] - value_j
                if value > u[i]:
                    u[i] = value
                    if held_start[i + 1] > held_start[i]:
                        if size == len(keys):
                            keys = np.concatenate((keys, np.empty(size, dtype=np.int64)))
                            nodes = np.concatenate((nodes, np.empty(size, dtype=np.int64)))
                        size = _push(keys, nodes, size, potential[i] - value, i)
    return taken


def least_mentor_duals(
    n_mentors: int,
    row_start: np.ndarray,
    head: np.ndarray,
    weight: np.ndarray,
    mentor_of: np.ndarray,
    weight_of: np.ndarray,
    potentials: np.ndarray | None = None,
) -> tuple[np.ndarray, int]:
    """The least mentor duals of an optimal assignment (CSR arcs per mentee; each
    mentee's mentor, or -1, and that pair's weight): the least fix-point of
    ``u[i] = max(0, max_j w[j, i] - v[j])`` with ``v[j] = w[j, m(j)] - u[m(j)]`` for a
    matched mentee and 0 otherwise, i.e. longest alternating paths. Returns (duals,
    mentors taken), or the duals reached so far and -1 when the pass ran past its budget
    (they then cover the arcs only once the caller recomputes the mentee duals).

    Mentors are taken in order of least ``potentials - u``. With any feasible duals of
    the same assignment as ``potentials`` (the auction's prices), that is Dijkstra's
    order on the alternating paths (the reduced weights are never positive): each mentor
    is taken about once, where a first-in first-out queue takes each mentee many times.
    Any potentials give the same duals; only the work differs."""
    n = len(row_start) - 1
    u = np.zeros(n_mentors, dtype=np.int64)
    matched = np.flatnonzero(mentor_of >= 0)
    held_by = matched[np.argsort(mentor_of[matched], kind="stable")]
    held_start = np.zeros(n_mentors + 1, dtype=np.int64)
    held_start[1:] = np.cumsum(np.bincount(mentor_of[matched], minlength=n_mentors))
    if potentials is None:
        potentials = np.zeros(n_mentors, dtype=np.int64)
    budget = DUAL_UPDATES_PER_ARC * (len(head) + n) + BUDGET_FLOOR
    taken = _least_duals(
        row_start, head, weight.astype(np.int64), np.asarray(weight_of, dtype=np.int64),
        held_start, held_by.astype(np.int64), np.asarray(potentials, dtype=np.int64), u, budget,
    )  # fmt: skip
    return u, int(taken)
