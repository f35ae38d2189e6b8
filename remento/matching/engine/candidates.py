"""Candidate sets: every eligible pair (small cohorts) or exact top-k lists (large ones).

The top-k lists are exact: each mentee gets its k best eligible mentors, found by a
brute-force inner-product search (:mod:`.search`) on the level-feasible slice of mentors
(sorted by level, so the slice is contiguous): :mod:`.sparse_search` whenever one side is
the sparse mentee vectors, faiss's ``knn`` when both are dense. Each query asks for ``k``
plus the number of sparse exclusions of that mentee so that filtering them out still
leaves the true top k.
Department and time-zone rules are penalty columns, so forbidden pairs rank last and are
dropped. A second pass gives every mentor with few candidates its own best mentees. For
the non-linear mutual "min" score the same lists come from blocked NumPy products.

``tau`` records, per mentee, a bound on the score of any eligible pair left out; the
solver turns it into a certificate (upper bound) on the all-pairs optimum.

With mentor prices the lists rank by score minus price instead: the price is one more
column ([x, 1] . [y, -price]), so the same exact search applies, and ``cut`` plus the
mentor's price bounds every pair left out. The same search with the mentors' duals as
prices is the pricing step of column generation (:func:`price_within`, on a searched
subset); the other way round, mentors against mentees with their duals, it turns
mentee duals into mentor prices (:func:`mentor_prices`).
"""

from __future__ import annotations

import numpy as np

from .edges import Edges, first_of_each_pair
from .features import Block, Features, block_scores
from .model import Settings
from .search import (
    DENSE_BLOCK_ENTRIES,
    Lists,
    mentee_range,
    mentor_range,
    numpy_lists,
    search_lists,
    set_threads,
)


def dense_scores(features: Features, settings: Settings, exclusions: np.ndarray) -> np.ndarray:
    """The full (mentees x mentors) score matrix, ``-inf`` where forbidden. Only for
    cohorts whose matrix fits in memory."""
    n_e, n_m = features.mentee.shape[0], features.mentor.shape[0]
    out = np.empty((n_e, n_m), dtype=np.float64)
    rows = max(1, DENSE_BLOCK_ENTRIES // max(1, n_m))
    mentors = np.arange(n_m)
    for start in range(0, n_e, rows):
        chunk = np.arange(start, min(n_e, start + rows))
        out[chunk] = block_scores(features, chunk, mentors, settings)
    if exclusions.size:
        out.reshape(-1)[exclusions] = -np.inf
    return out


def all_pairs(features: Features, settings: Settings, exclusions: np.ndarray) -> Edges:
    """Every eligible pair, scored in float64."""
    return Edges.from_dense(dense_scores(features, settings, exclusions))


def _forward_lists(
    features: Features,
    settings: Settings,
    exclusions: np.ndarray,
    k: int,
    prices: np.ndarray | None = None,
) -> Lists:
    """Exact top-k mentors per mentee by ``score - prices[mentor]`` (by score without
    prices). A price is one more column: [x, 1] . [y, -price] (faiss searches it exactly)."""
    n_e, n_m = features.mentee.shape[0], features.mentor.shape[0]
    extra = np.bincount(exclusions // max(1, n_m), minlength=n_e)

    def key(j: np.ndarray, i: np.ndarray) -> np.ndarray:
        return j * n_m + i

    if features.mutual_min is None:
        queries, base = features.mentee, features.mentor
        if prices is not None:
            queries = np.hstack([queries, np.ones((n_e, 1))])
            base = np.hstack([base, -prices[:, None]])
        return search_lists(
            queries=queries,
            query_levels=features.mentee_levels,
            base=base,
            base_levels=features.mentor_levels,
            feasible=mentor_range(settings),
            k=k,
            extra=extra,
            key=key,
            exclusions=exclusions,
        )
    all_m = np.arange(n_m)
    shift = np.zeros((1, n_m)) if prices is None else prices[None, :]
    return numpy_lists(
        n_e,
        n_m,
        lambda rows: block_scores(features, rows, all_m, settings) - shift,
        k=k,
        key=key,
        exclusions=exclusions,
    )


def _backward_lists(
    features: Features,
    settings: Settings,
    exclusions: np.ndarray,
    few: np.ndarray,
    values: np.ndarray | None = None,
) -> Lists:
    """The best ``settings.mentor_k`` mentees of each mentor in ``few`` (query ``r`` is
    mentor ``few[r]``), by score, or with ``values`` (one per mentee) by score less the
    mentee's value (the mentee's side of the prices: a mentor is offered the mentees it
    can win, not those every mentor wants); the lists' scores are plain scores either
    way."""
    n_m = features.mentor.shape[0]
    extra_mentor = np.bincount(exclusions % max(1, n_m), minlength=n_m)

    def key(r: np.ndarray, j: np.ndarray) -> np.ndarray:
        return j * n_m + few[r]

    if features.mutual_min is None:
        queries, base = features.mentor[few], features.mentee
        if values is not None:
            queries = np.hstack([queries, np.ones((len(few), 1))])
            base = np.hstack([base, -values[:, None]])
        lists = search_lists(
            queries=queries,
            query_levels=features.mentor_levels[few],
            base=base,
            base_levels=features.mentee_levels,
            feasible=mentee_range(settings),
            k=settings.mentor_k,
            extra=extra_mentor[few],
            key=key,
            exclusions=exclusions,
        )
        return lists if values is None else _plain_scores(lists, values)
    all_e = np.arange(features.mentee.shape[0])
    shift = np.zeros((1, len(all_e))) if values is None else values[None, :]
    lists = numpy_lists(
        len(few),
        len(all_e),
        lambda rows: block_scores(features, all_e, few[rows], settings).T - shift,
        k=settings.mentor_k,
        key=key,
        exclusions=exclusions,
    )
    return lists if values is None else _plain_scores(lists, values)


def _plain_scores(lists: Lists, values: np.ndarray) -> Lists:
    """Lists found on score less the target's value, with their plain scores back."""
    return Lists(lists.query, lists.target, lists.score + values[lists.target], lists.tau)


def _mentee_values(forward: Lists, price: np.ndarray, n_mentees: int) -> np.ndarray:
    """Each mentee's value at these mentor prices: its best score less price over its
    price-adjusted list, at least 0 (staying out), rounded to float32 like the search."""
    values = np.zeros(n_mentees)
    np.maximum.at(values, forward.query, forward.score - price[forward.target])
    return values.astype(np.float32).astype(np.float64)


def top_k(
    features: Features,
    settings: Settings,
    exclusions: np.ndarray,
    k: int | None = None,
    *,
    prices: np.ndarray | None = None,
) -> Edges:
    """Exact top-k mentors per mentee plus top ``mentor_k`` mentees for mentors with few
    candidates. Never builds the full matrix.

    With ``prices`` (one per mentor), the mentee lists rank mentors by score minus price
    instead, so that popular mentors do not fill every list: with prices near the optimal
    dual values the lists hold the optimal partners. The result then carries ``cut`` and
    ``price`` (see :class:`Edges`); scores are the plain pair scores either way.
    """
    k = k or settings.top_k
    n_e, n_m = features.mentee.shape[0], features.mentor.shape[0]
    set_threads(settings)
    price = None if prices is None else np.asarray(prices, np.float32).astype(np.float64)
    forward = _forward_lists(features, settings, exclusions, k, price)
    cut = None
    if price is not None:
        # Adjusted values back to scores; tau on its own: a left-out pair scores at most
        # the cut plus the highest price.
        cut = forward.tau
        top_price = float(price.max()) if price.size else 0.0
        forward = Lists(
            forward.query, forward.target, forward.score + price[forward.target], cut + top_price
        )
    counts = np.bincount(forward.target, minlength=n_m)
    few = np.flatnonzero(counts < settings.mentor_k)
    mentee_idx, mentor_idx, score = [forward.query], [forward.target], [forward.score]
    eligible_mentor = counts > 0
    if few.size:
        values = None if price is None else _mentee_values(forward, price, n_e)
        backward = _backward_lists(features, settings, exclusions, few, values)
        mentee_idx.append(backward.target)
        mentor_idx.append(few[backward.query])
        score.append(backward.score)
        eligible_mentor[few[backward.query]] = True
    mentee_all = np.concatenate(mentee_idx)
    mentor_all = np.concatenate(mentor_idx)
    first = first_of_each_pair(mentee_all, mentor_all)
    return Edges(
        mentee=mentee_all[first],
        mentor=mentor_all[first],
        score=np.concatenate(score)[first],
        n_mentees=n_e,
        n_mentors=n_m,
        tau=forward.tau,
        eligible_mentee=np.bincount(forward.query, minlength=n_e) > 0,
        eligible_mentor=eligible_mentor,
        cut=cut,
        price=price,
    )


def restrict(
    features: Features, exclusions: np.ndarray, mentee_rows: np.ndarray, mentor_rows: np.ndarray
) -> tuple[Features, np.ndarray]:
    """The features and sparse exclusions of a sub-cohort (rows in increasing order)."""
    n_e, n_m = features.mentee.shape[0], features.mentor.shape[0]
    mutual = None
    if features.mutual_min is not None:
        forward, backward = features.mutual_min
        mutual = (
            Block(forward.mentor[mentor_rows], forward.mentee[mentee_rows]),
            Block(backward.mentor[mentee_rows], backward.mentee[mentor_rows]),
        )
    sub = Features(
        mentor=np.ascontiguousarray(features.mentor[mentor_rows]),
        mentee=np.ascontiguousarray(features.mentee[mentee_rows]),
        mentor_levels=features.mentor_levels[mentor_rows],
        mentee_levels=features.mentee_levels[mentee_rows],
        columns=features.columns,
        mutual_min=mutual,
        skills_weight=features.skills_weight,
        has_penalty=features.has_penalty,
    )
    at_e = np.full(n_e, -1, dtype=np.int64)
    at_e[mentee_rows] = np.arange(len(mentee_rows))
    at_m = np.full(n_m, -1, dtype=np.int64)
    at_m[mentor_rows] = np.arange(len(mentor_rows))
    j, i = at_e[exclusions // max(1, n_m)], at_m[exclusions % max(1, n_m)]
    keep = (j >= 0) & (i >= 0)
    return sub, np.unique(j[keep] * len(mentor_rows) + i[keep])
