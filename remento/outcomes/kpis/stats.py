"""The two confidence intervals the KPIs use (95 %, from scipy.stats)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from remento.outcomes.results import Interval

LEVEL = 0.95


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def mean_interval(values: Sequence[float]) -> Interval | None:
    """Student's t interval of the mean; None with fewer than two values."""
    n = len(values)
    if n < 2:
        return None
    from scipy import stats  # here: SciPy is slow to load and only the figures need it

    centre = sum(values) / n
    variance = sum((v - centre) ** 2 for v in values) / (n - 1)
    half = float(stats.t.ppf((1 + LEVEL) / 2, n - 1)) * math.sqrt(variance / n)
    return Interval(low=centre - half, high=centre + half, level=LEVEL)


def share_interval(successes: int, trials: int) -> Interval | None:
    """Wilson score interval of a share, in percent; None without trials. (Wilson rather
    than the textbook normal interval: it stays inside 0–100 % and behaves at small n.)"""
    if trials == 0:
        return None
    from scipy import stats

    ci = stats.binomtest(successes, trials).proportion_ci(confidence_level=LEVEL, method="wilson")
    return Interval(low=100 * float(ci.low), high=100 * float(ci.high), level=LEVEL)
