"""Priced searches: pairs ranked by score minus a mentor price.

:func:`price_within` is the pricing step of column generation (:mod:`.refine`): with the
mentors' duals as prices it finds, on a searched subset, the pairs left out of the
candidate set that could improve the assignment. :func:`mentor_prices` is the same search
the other way round: mentors against mentees with the mentees' values as one more column,
it turns mentee duals into mentor prices (the c-transform).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .features import BIG, Features, block_scores
from .model import Settings
from .search import (
    Lists,
    mentee_range,
    mentor_range,
    numpy_lists,
    search_lists,
    set_threads,
    whole_base,
)

PREFIX_STEP = 1.5
"""Restricted pricing of mutual programs rounds each mentee's search size up to a power
of this (mentees of one size are scored together)."""


@dataclass
class PricedPairs:
    """Pairs a pricing search found: (mentee, mentor, score less the mentor's price)."""

    mentee: np.ndarray
    mentor: np.ndarray
    adjusted: np.ndarray

    @classmethod
    def concat(cls, parts: list[PricedPairs]) -> PricedPairs:
        if not parts:
            empty = np.zeros(0, dtype=np.int64)
            return cls(empty, empty, np.zeros(0))
        return cls(
            np.concatenate([p.mentee for p in parts]),
            np.concatenate([p.mentor for p in parts]),
            np.concatenate([p.adjusted for p in parts]),
        )

    @classmethod
    def of(cls, lists: Lists, query_rows: np.ndarray, target_rows: np.ndarray) -> PricedPairs:
        """The allowed entries of ``lists`` (query ``q`` is mentee ``query_rows[q]``,
        target ``t`` mentor ``target_rows[t]``)."""
        ok = lists.score > -BIG / 2
        return cls(query_rows[lists.query[ok]], target_rows[lists.target[ok]], lists.score[ok])


@dataclass
class _Slice:
    """One search of :func:`price_within`: mentees ``rows``, each over the first
    ``counts[r]`` mentors of ``mentors`` (the level rule's slice, in search order)."""

    rows: np.ndarray
    counts: np.ndarray
    mentors: np.ndarray


@dataclass
class _Pricing:
    """What every search of one :func:`price_within` call shares."""

    features: Features
    settings: Settings
    exclusions: np.ndarray
    prices: np.ndarray
    k: int
    extra: np.ndarray
    floor: np.ndarray | None


def price_within(
    features: Features,
    settings: Settings,
    exclusions: np.ndarray,
    *,
    mentor_price: np.ndarray,
    k: int,
    order: np.ndarray,
    prefix: np.ndarray,
    floor: np.ndarray | None = None,
) -> PricedPairs:
    """Exact top-k mentors per mentee by ``score - mentor_price``, the pricing step of column
    generation, where mentee ``j`` searches only the first ``prefix[j]`` mentors of
    ``order`` (all mentors, in the order to search them; for mutual programs sizes are
    rounded up to a few steps, so a mentee may see a few more); mentees with ``prefix`` 0
    are not searched. With ``floor`` (per mentee), pairs at or below it may be left out
    (the caller has no use for them).

    The mentors each mentee level may have (the level rule) are put in ``order`` once,
    with the price as one more column, so every search runs on a leading slice of that
    one matrix."""
    n_e, n_m = features.mentee.shape[0], features.mentor.shape[0]
    prefix = np.minimum(np.asarray(prefix, dtype=np.int64), len(order))
    wanted = np.flatnonzero(prefix > 0)
    if wanted.size == 0:
        return PricedPairs.concat([])
    pricing = _Pricing(
        features=features,
        settings=settings,
        exclusions=exclusions,
        prices=np.asarray(mentor_price, dtype=np.float64),
        k=k,
        extra=np.bincount(exclusions // max(1, n_m), minlength=n_e),
        floor=floor,
    )
    rank = np.empty(n_m, dtype=np.int64)
    rank[order] = np.arange(len(order))
    set_threads(settings)
    found = []
    for feasible, rows in _level_slices(features, settings, wanted):
        mentors = feasible[np.argsort(rank[feasible], kind="stable")]
        if mentors.size == 0:
            continue
        # How many of this level's mentors each mentee searches.
        counts = np.searchsorted(rank[mentors], prefix[rows])
        part = _Slice(rows[counts > 0], counts[counts > 0], mentors)
        if features.mutual_min is None:
            found.append(_price_by_search(pricing, part))
        else:
            found.extend(_price_by_blocks(pricing, part))
    return PricedPairs.concat(found)


def _level_slices(
    features: Features, settings: Settings, wanted: np.ndarray
) -> list[tuple[np.ndarray, np.ndarray]]:
    """The mentees ``wanted`` grouped by the slice of mentors the level rule gives them:
    (the slice's mentors, its mentees), once per distinct slice."""
    by_level = np.argsort(features.mentor_levels, kind="stable")
    sorted_levels = features.mentor_levels[by_level]
    mentors_for = mentor_range(settings)
    # The level rule's slice of the level-sorted mentors, once per distinct mentee level.
    levels, level_of = np.unique(features.mentee_levels[wanted], return_inverse=True)
    per_level = np.array([mentors_for(sorted_levels, int(v)) for v in levels]).reshape(-1, 2)
    # Levels with the same slice are searched together.
    slices, slice_of_level = np.unique(per_level, axis=0, return_inverse=True)
    slice_of = slice_of_level.ravel()[level_of.ravel()]
    return [(by_level[lo:hi], wanted[slice_of == at]) for at, (lo, hi) in enumerate(slices)]


def _price_by_search(pricing: _Pricing, part: _Slice) -> PricedPairs:
    """Inner-product programs: one exact search, the price as one more column."""
    features, rows, mentors = pricing.features, part.rows, part.mentors
    n_m = features.mentor.shape[0]
    matrix = np.ascontiguousarray(
        np.hstack([features.mentor[mentors], -pricing.prices[mentors, None]]), dtype=np.float32
    )

    def key(q: np.ndarray, t: np.ndarray) -> np.ndarray:
        return rows[q] * n_m + mentors[t]

    lists = search_lists(
        queries=np.hstack([features.mentee[rows], np.ones((len(rows), 1))]),
        query_levels=np.zeros(len(rows), dtype=np.int64),
        base=matrix,
        base_levels=np.zeros(len(mentors), dtype=np.int64),
        feasible=whole_base,
        k=pricing.k,
        extra=pricing.extra[rows],
        key=key,
        exclusions=pricing.exclusions,
        ends=part.counts,
        floors=None if pricing.floor is None else pricing.floor[rows],
    )
    return PricedPairs.of(lists, rows, mentors)


def _price_by_blocks(pricing: _Pricing, part: _Slice) -> list[PricedPairs]:
    """Mutual "min" programs, block by block: mentees of one size (rounded up) together."""
    features, counts, mentors = pricing.features, part.counts, part.mentors
    n_m = features.mentor.shape[0]
    steps = np.ceil(
        PREFIX_STEP ** np.ceil(np.log(np.maximum(counts, 1)) / np.log(PREFIX_STEP) - 1e-9)
    )
    sizes = np.minimum(len(mentors), np.maximum(counts, steps)).astype(np.int64)
    found = []
    for size in np.unique(sizes):
        group = part.rows[sizes == size]
        head = mentors[:size]

        def block(
            chunk: np.ndarray, group: np.ndarray = group, head: np.ndarray = head
        ) -> np.ndarray:
            scores = block_scores(features, group[chunk], head, pricing.settings)
            return scores - pricing.prices[head][None, :]

        def key(
            q: np.ndarray, t: np.ndarray, group: np.ndarray = group, head: np.ndarray = head
        ) -> np.ndarray:
            return group[q] * n_m + head[t]

        lists = numpy_lists(
            len(group), int(size), block, k=pricing.k, key=key, exclusions=pricing.exclusions
        )
        found.append(PricedPairs.of(lists, group, head))
    return found


def mentor_prices(
    features: Features,
    settings: Settings,
    exclusions: np.ndarray,
    mentee_rows: np.ndarray,
    mentee_values: np.ndarray,
) -> np.ndarray:
    """Per mentor, ``max(0, max_j score(j, i) - mentee_values[j])`` over the eligible
    mentees ``mentee_rows``: the mentor duals that mentee duals imply (one exact top-1
    search of the mentors against the mentees, with the values as one more column)."""
    n_m = features.mentor.shape[0]
    rows = np.asarray(mentee_rows, dtype=np.int64)
    values = np.asarray(mentee_values, dtype=np.float64)
    out = np.zeros(n_m)
    if rows.size == 0 or n_m == 0:
        return out
    extra = np.bincount(exclusions % n_m, minlength=n_m)

    def key(i: np.ndarray, r: np.ndarray) -> np.ndarray:
        return rows[r] * n_m + i

    set_threads(settings)
    if features.mutual_min is None:
        lists = search_lists(
            queries=np.hstack([features.mentor, np.ones((n_m, 1))]),
            query_levels=features.mentor_levels,
            base=np.hstack([features.mentee[rows], -values[:, None]]),
            base_levels=features.mentee_levels[rows],
            feasible=mentee_range(settings),
            k=1,
            extra=extra,
            key=key,
            exclusions=exclusions,
        )
    else:
        lists = numpy_lists(
            n_m,
            len(rows),
            lambda r: block_scores(features, rows, r, settings).T - values[None, :],
            k=1,
            key=key,
            exclusions=exclusions,
        )
    ok = lists.score > -BIG / 2
    np.maximum.at(out, lists.query[ok], lists.score[ok])
    return out
