"""The auction's loops (see :mod:`..auction` for the method): bids, reverse steps, and
the values that check its prices."""

from __future__ import annotations

import numpy as np
from numba import njit

OUT = -2  # a mentee that stays unmatched by choice
FREE = -1  # a mentee that has yet to bid
INF = np.iinfo(np.int64).max // 4


@njit(cache=True)
def refresh(i, slot_start, slot_price, min_price, min_slot, second_price):
    """The cheapest place of mentor ``i``, and the price of the next cheapest."""
    lo, hi = slot_start[i], slot_start[i + 1]
    best = lo
    p1 = slot_price[lo]
    p2 = INF
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
def refresh_all(slot_start, slot_price, min_price, min_slot, second_price):
    """:func:`refresh` for every mentor with a place."""
    for i in range(len(slot_start) - 1):
        if slot_start[i + 1] > slot_start[i]:
            refresh(i, slot_start, slot_price, min_price, min_slot, second_price)


@njit(cache=True)
def bid_round(
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
    # long-function: the auction's hot loop, each bid inlined in one compiled function.
    """Bid until every mentee holds a place or stays out; returns the bids made, or -1
    past ``budget``."""
    n = len(row_start) - 1
    queue = np.empty(n + 1, dtype=np.int64)
    first, last = 0, 0
    for j in range(n):
        if held[j] == FREE:
            queue[last] = j
            last += 1
    bids = 0
    while first != last:
        j = queue[first]
        first = first + 1 if first < n else 0
        b1 = -INF
        b2 = -INF
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
            held[j] = OUT
            continue
        i = head[best_arc]
        if second_price[i] < INF:
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
            held[previous] = FREE
            queue[last] = previous
            last = last + 1 if last < n else 0
        refresh(i, slot_start, slot_price, min_price, min_slot, second_price)
        bids += 1
        if bids > budget:
            return -1
    return bids


@njit(inline="always")
def best_value(row_start, head, weight, min_price, j):
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
def release_slack(row_start, head, weight, slot_price, slot_owner, min_price, held, held_arc, eps):
    """Free every mentee whose choice is more than ``eps`` below its best; returns how
    many."""
    n = len(row_start) - 1
    released = 0
    for j in range(n):
        best = best_value(row_start, head, weight, min_price, j)
        s = held[j]
        mine = 0 if s < 0 else weight[held_arc[j]] - slot_price[s]
        if mine < best - eps:
            if s >= 0:
                slot_owner[s] = -1
            held[j] = FREE
            released += 1
    return released


@njit(cache=True)
def reverse_round(
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
    # long-function: one compiled loop, the reverse step inlined like the bid.
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
        b1 = -INF
        b2 = -INF
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
                refresh(k, slot_start, slot_price, min_price, min_slot, second_price)
                if slot_price[left] > 0:
                    queue[last] = left
                    last = last + 1 if last < n_slots else 0
            slot_price[s] = price
            slot_owner[s] = j
            held[j] = s
            held_arc[j] = col_arc[best]
            profit[j] = weight[col_arc[best]] - price
        refresh(i, slot_start, slot_price, min_price, min_slot, second_price)
        steps += 1
        if steps > budget:
            return -1
    return steps


@njit(cache=True)
def best_values(row_start, head, weight, min_price):
    """The sum over mentees of their best value (:func:`best_value`)."""
    total = 0
    for j in range(len(row_start) - 1):
        total += best_value(row_start, head, weight, min_price, j)
    return total
