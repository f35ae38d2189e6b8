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
(the large path) ends the phases there instead (docs/matching.md: how many it saves).

The loops are Numba code (:mod:`.kernels.auction`); this module drives them.
:func:`solve` returns None when it runs past its budget of bids (or, should it ever
happen, when the prices fail to prove the result), and the caller then solves with the
min-cost flow instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import kernels

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


@dataclass
class _Arcs:
    """The mentees' arcs in CSR form (``row_start`` per mentee, ``head`` the mentor of each
    arc, heaviest first within a mentee), with their weights plain and scaled."""

    row_start: np.ndarray
    head: np.ndarray
    weight: np.ndarray
    scaled: np.ndarray


@dataclass
class IncomingArcs:
    """Each mentor's incoming arcs, heaviest first: where each mentor's run starts, the
    mentee of each entry, and its arc."""

    start: np.ndarray
    mentee: np.ndarray
    arc: np.ndarray


@dataclass
class _Market:
    """The places (a mentor with capacity ``c`` has ``c``), their prices and owners, each
    mentor's cheapest place and the price of its next cheapest, and which place (and arc)
    each mentee holds: the state the bidding kernels share."""

    slot_start: np.ndarray
    mentor_of_slot: np.ndarray
    slot_price: np.ndarray
    slot_owner: np.ndarray
    min_price: np.ndarray
    min_slot: np.ndarray
    second_price: np.ndarray
    held: np.ndarray
    held_arc: np.ndarray

    @classmethod
    def open(
        cls,
        *,
        n_mentees: int,
        n_mentors: int,
        places: np.ndarray,
        warm_prices: np.ndarray | None,
        scale: int,
    ) -> _Market:
        """Empty places at the warm prices (scaled), or at 0; every mentee yet to bid."""
        slot_start = np.zeros(n_mentors + 1, dtype=np.int64)
        slot_start[1:] = np.cumsum(places)
        n_slots = int(slot_start[-1])
        mentor_of_slot = np.repeat(np.arange(n_mentors), places)
        slot_price = np.zeros(n_slots, dtype=np.int64)
        if warm_prices is not None:
            warm_units = np.maximum(np.asarray(warm_prices, dtype=np.float64), 0)
            slot_price[:] = np.rint(warm_units * scale).astype(np.int64)[mentor_of_slot]
        market = cls(
            slot_start=slot_start,
            mentor_of_slot=mentor_of_slot,
            slot_price=slot_price,
            slot_owner=np.full(n_slots, -1, dtype=np.int64),
            min_price=np.full(n_mentors, kernels.auction.INF, dtype=np.int64),
            min_slot=np.zeros(n_mentors, dtype=np.int64),
            second_price=np.full(n_mentors, kernels.auction.INF, dtype=np.int64),
            held=np.full(n_mentees, kernels.auction.FREE, dtype=np.int64),
            held_arc=np.full(n_mentees, -1, dtype=np.int64),
        )
        market.refresh()
        return market

    def refresh(self) -> None:
        kernels.auction.refresh_all(
            self.slot_start, self.slot_price, self.min_price, self.min_slot, self.second_price
        )

    def bid(self, arcs: _Arcs, eps: int, budget: int) -> int:
        return int(
            kernels.auction.bid_round(
                arcs.row_start,
                arcs.head,
                arcs.scaled,
                self.slot_start,
                self.slot_price,
                self.slot_owner,
                self.min_price,
                self.min_slot,
                self.second_price,
                self.held,
                self.held_arc,
                eps,
                budget,
            )
        )

    def reverse(self, arcs: _Arcs, columns: IncomingArcs, eps: int, budget: int) -> int:
        return int(
            kernels.auction.reverse_round(
                columns.start,
                columns.mentee,
                columns.arc,
                arcs.scaled,
                self.slot_start,
                self.mentor_of_slot,
                self.slot_price,
                self.slot_owner,
                self.min_price,
                self.min_slot,
                self.second_price,
                self.held,
                self.held_arc,
                eps,
                budget,
            )
        )

    def release(self, arcs: _Arcs, eps: int) -> None:
        """Free every mentee whose choice is more than ``eps`` below its best."""
        kernels.auction.release_slack(
            arcs.row_start, arcs.head, arcs.scaled, self.slot_price, self.slot_owner,
            self.min_price, self.held, self.held_arc, eps,
        )  # fmt: skip

    def has_priced_empty_place(self) -> bool:
        return bool(((self.slot_owner < 0) & (self.slot_price > 0)).any())


@dataclass
class _Phases:
    bids: int
    phases: int
    last_eps: int


def _seat(seated: np.ndarray, arcs: _Arcs, market: _Market) -> None:
    """Give the mentees of the arcs ``seated`` (one each) the places of their mentors, in
    order."""
    rows = np.searchsorted(arcs.row_start, seated, side="right") - 1
    mentors = arcs.head[seated]
    order = np.argsort(mentors, kind="stable")
    mentors, rows, seated = mentors[order], rows[order], seated[order]
    first = np.searchsorted(mentors, mentors, side="left")
    slot_start = market.slot_start
    slots = slot_start[mentors] + np.arange(len(mentors)) - first
    fits = slots < slot_start[mentors + 1]
    market.slot_owner[slots[fits]] = rows[fits]
    market.held[rows[fits]] = slots[fits]
    market.held_arc[rows[fits]] = seated[fits]


def solve(
    n_mentors: int,
    row_start: np.ndarray,
    head: np.ndarray,
    weight: np.ndarray,
    places: np.ndarray,
    *,
    warm_prices: np.ndarray | None = None,
    warm_arcs: np.ndarray | None = None,
    slack: int = 0,
) -> Auction | None:
    """Optimal assignment of the mentees of a CSR arc list (``row_start`` per mentee,
    ``head`` the mentor of each arc, ``weight`` >= 1 in integer units; each mentee's arcs
    by weight, heaviest first, so that a scan stops once no arc left can matter) to
    ``n_mentors`` mentors with ``places`` each. A warm start: ``warm_prices`` (weight units
    per mentor), and ``warm_arcs``, arcs of a feasible assignment (at most one per mentee,
    within the places) to start from, e.g. an earlier solve's on fewer arcs. ``slack``
    (weight units; 0: exact) ends the phases at ``ε = slack``, for fewer phases: every
    mentee's choice is then within ``slack`` of its best, and the total within ``slack``
    per mentee of the optimum. Returns None past the budget of bids, or for weights too
    large for 64-bit sums of the scaled prices (the caller then uses another solver)."""
    n = len(row_start) - 1
    scale = n + 1
    arcs = _Arcs(row_start, head, weight, weight.astype(np.int64) * scale)
    top = int(arcs.scaled.max()) if len(arcs.scaled) else 0
    if top >= 2**62 // max(1, n + int(places.sum())):
        return None  # weights too large for exact sums of scaled prices in 64 bits
    market = _Market.open(
        n_mentees=n, n_mentors=n_mentors, places=places, warm_prices=warm_prices, scale=scale
    )
    stop = max(1, int(slack) * scale)
    wanted = (
        WARM_EPSILON_UNITS * scale if warm_prices is not None else int(top * START_EPSILON_SHARE)
    )
    eps = _phase_ladder(wanted, stop)
    if warm_arcs is not None and len(warm_arcs):
        _seat(np.asarray(warm_arcs, dtype=np.int64), arcs, market)
        market.refresh()
        eps = _phase_ladder(SEATED_EPSILON_UNITS * scale, stop)
        market.release(arcs, eps)
    run = _run_phases(market, arcs, eps, stop)
    if run is None:
        return None
    used = np.zeros(len(arcs.scaled), dtype=bool)
    used[market.held_arc[market.held >= 0]] = True
    if not _proves_optimal(arcs, used, market, allowed=n * run.last_eps):
        return None
    mentor_price = np.where(places > 0, market.min_price, 0)
    prices = -(-mentor_price // scale)  # rounded up: still covers every arc
    return Auction(used, prices, mentor_price / scale, run.bids, run.phases)


def _run_phases(market: _Market, arcs: _Arcs, eps: int, stop: int) -> _Phases | None:
    """Bidding phases from ``eps`` down to ``stop``, each with reverse steps for the empty
    places left at a positive price; None past the budget of bids."""
    n = len(arcs.row_start) - 1
    budget = BIDS_PER_ARC * (len(arcs.scaled) + n) + BUDGET_FLOOR
    columns: IncomingArcs | None = None
    bids, phases = 0, 0
    while True:
        phases += 1
        made = market.bid(arcs, eps, budget - bids)
        if made < 0:
            return None
        bids += made
        # Empty places must end at price 0: reverse steps on those that do not.
        if market.has_priced_empty_place():
            if columns is None:
                columns = _incoming_arcs(
                    len(market.min_price), arcs.row_start, arcs.head, arcs.weight
                )
            made = market.reverse(arcs, columns, eps, budget - bids)
            if made < 0:
                return None
            bids += made
        if eps <= stop:
            return _Phases(bids, phases, eps)
        eps //= EPSILON_DIVISOR
        market.release(arcs, eps)


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
) -> IncomingArcs:
    """Each mentor's incoming arcs, heaviest first, for the reverse steps (only built
    when a place is left empty at a positive price)."""
    order = kernels.sorting.heaviest_first(head, weight)
    col_start = np.zeros(n_mentors + 1, dtype=np.int64)
    col_start[1:] = np.cumsum(np.bincount(head, minlength=n_mentors))
    col_mentee = np.repeat(np.arange(len(row_start) - 1), np.diff(row_start))[order]
    return IncomingArcs(col_start, col_mentee, order)


def _proves_optimal(arcs: _Arcs, used: np.ndarray, market: _Market, *, allowed: int) -> bool:
    """Whether the place prices prove the assignment within ``allowed`` (scaled units)
    of the optimum: their dual total (places at their prices, each mentee at its best
    value) is above the assignment's scaled total by at most that. After a last phase at
    ε = 1, ``allowed`` is the number of mentees, less than the scale: no other integer
    assignment fits in between, so the assignment is optimal."""
    values = kernels.auction.best_values(arcs.row_start, arcs.head, arcs.scaled, market.min_price)
    dual = int(market.slot_price.sum()) + int(values)
    return dual - int(arcs.scaled[used].sum()) <= allowed
