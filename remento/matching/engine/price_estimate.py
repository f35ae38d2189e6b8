"""Mentor prices for the large path, estimated from a sample of the cohort.

Plain top-k lists fill up with the few mentors everybody likes, so the first solve on them
is far from the optimum and needs many pricing passes. Instead, :func:`estimate_prices`
matches a small fixed sample of the cohort (recursively: a sample of the sample gives that
one's prices), and every mentor's price is read off the sample's mentee duals (the
c-transform). The top-k lists then rank mentors by score minus price (see :mod:`.refine`).
"""

from __future__ import annotations

import numpy as np

from .arcs import SCALE
from .assignment import assign
from .candidates import all_pairs, restrict, top_k
from .features import Features
from .model import Settings
from .pricing import mentor_prices

# Price estimation: each sample takes this share of the level above, at most SAMPLE_MAX
# mentees; a sample of at most EXACT_SAMPLE_PAIRS pairs is matched on all pairs, a bigger
# one on SAMPLE_K price-adjusted candidates per mentee.
SAMPLE_SHARE = 0.2


SAMPLE_MAX = 4000


EXACT_SAMPLE_PAIRS = 200_000


SAMPLE_K = 30


SAMPLE_SEED = 20240601


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
