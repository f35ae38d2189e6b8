"""Participants against a comparison group matched exactly on strata, reweighted to the
participants' mix (the effect on the participants: each stratum weighs what its share of
participants is), with a 95% Wald interval of the difference.

With ``N1`` matched participants, of whom ``x1`` have the outcome, and in stratum ``k``
``n1k`` participants and ``n0k`` comparators of whom ``x0k`` have it:

- participants' rate ``p1 = x1 / N1``, variance ``p1 (1 - p1) / N1``;
- comparison rate ``p0 = Σ wk x0k / n0k`` with ``wk = n1k / N1``: each comparator of
  stratum ``k`` weighs ``ωk = wk / n0k`` (the weights sum to 1);
- its variance is that of a weighted mean (linearisation): ``Σ ωi² (yi - p0)²`` over the
  comparators, i.e. ``Σk ωk² (x0k (1 - p0)² + (n0k - x0k) p0²)``. It uses each person's
  distance from the overall rate, so a stratum of one comparator still adds its share;
- difference ``d = p1 - p0`` with ``d ± z·sqrt(var1 + var0)``, ``z`` the normal 97.5%
  quantile (``scipy.stats.norm``), in percentage points, kept within ±100.

Strata without a comparator are left out; their participants are counted as unmatched.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from remento.outcomes.results import Interval

LEVEL = 0.95


@dataclass
class Cell:
    """People of one stratum, and how many of them have the outcome."""

    people: int = 0
    hits: int = 0


@dataclass(frozen=True)
class Estimate:
    """Rates in percent, the difference and its interval in percentage points."""

    participant_rate: float
    comparison_rate: float
    difference: float
    interval: Interval
    participants: int  # matched participants
    comparison: int  # comparators in the matched strata
    unmatched: int  # participants whose stratum has no comparator


@dataclass(frozen=True)
class Matched:
    """The matched part of two groups of strata."""

    participants: int
    participant_hits: int
    comparison: int
    unmatched: int
    strata: tuple[tuple[Cell, Cell], ...]  # (participants, comparators) per matched stratum


def match[K: Hashable](participants: Mapping[K, Cell], comparison: Mapping[K, Cell]) -> Matched:
    """Keep the strata where both groups have someone."""
    strata = []
    unmatched = 0
    for key, treated in participants.items():
        control = comparison.get(key)
        if control is None or control.people == 0:
            unmatched += treated.people
        elif treated.people:
            strata.append((treated, control))
    return Matched(
        participants=sum(treated.people for treated, _ in strata),
        participant_hits=sum(treated.hits for treated, _ in strata),
        comparison=sum(control.people for _, control in strata),
        unmatched=unmatched,
        strata=tuple(strata),
    )


def weighted_difference(matched: Matched) -> Estimate:
    """The difference of the rates, the comparison group weighted to the participants'
    strata, with its 95% interval (see the module's docstring). ``matched`` must hold at
    least one participant."""
    from scipy import stats  # here: SciPy is slow to load and only the figures need it

    n1 = matched.participants
    p1 = matched.participant_hits / n1
    p0 = sum(
        (treated.people / n1) * (control.hits / control.people)
        for treated, control in matched.strata
    )
    var1 = p1 * (1 - p1) / n1
    var0 = sum(
        (treated.people / n1 / control.people) ** 2
        * (control.hits * (1 - p0) ** 2 + (control.people - control.hits) * p0**2)
        for treated, control in matched.strata
    )
    difference = 100 * (p1 - p0)
    half = float(stats.norm.ppf((1 + LEVEL) / 2)) * 100 * math.sqrt(var1 + var0)
    return Estimate(
        participant_rate=100 * p1,
        comparison_rate=100 * p0,
        difference=difference,
        interval=Interval(
            low=max(-100.0, difference - half), high=min(100.0, difference + half), level=LEVEL
        ),
        participants=n1,
        comparison=matched.comparison,
        unmatched=matched.unmatched,
    )
