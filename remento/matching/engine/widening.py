"""Longer candidate lists for the mentees a result is in doubt about (fairness and
stability on the large path)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .edges import Edges
from .model import Settings


@dataclass
class Judged[Outcome]:
    """An outcome on a candidate set and the mentees it is in doubt about."""

    outcome: Outcome
    doubtful: np.ndarray


@dataclass
class Widened[Outcome]:
    """The last outcome, its candidate set and the mentees still in doubt."""

    outcome: Outcome
    edges: Edges
    doubtful: np.ndarray


def next_k(settings: Settings, k_done: int, rows: int, n_mentors: int) -> int | None:
    """The next list length to give ``rows`` mentees in doubt (fairness, stability on the
    large path): first ``widen_k``, then every mentor when ``rows x mentors`` fits
    ``exact_pairs_limit``; None when there is nothing cheap left to try (or widening is
    off: ``widen_k <= top_k``)."""
    if settings.widen_k <= settings.top_k:
        return None
    first = min(settings.widen_k, n_mentors)
    if k_done < first:
        return first
    if k_done < n_mentors and rows * n_mentors <= settings.exact_pairs_limit:
        return n_mentors
    return None


def widened[Outcome](
    edges: Edges,
    solve: Callable[[Edges], Judged[Outcome]],
    *,
    settings: Settings,
    n_mentors: int,
    widen: Callable[[Edges, np.ndarray, int], Edges] | None,
    phase: Callable[[str], None],
) -> Widened[Outcome]:
    """``solve`` on ``edges`` (it judges its outcome: the mentees it is in doubt
    about), then again on the set that ``widen`` gives with longer lists for those mentees
    (:func:`next_k`), while some are in doubt and a longer list is cheap; no widening
    without ``widen``."""
    judged = solve(edges)
    k_done = settings.top_k
    while widen is not None and judged.doubtful.size:
        k = next_k(settings, k_done, judged.doubtful.size, n_mentors)
        if k is None:
            break
        phase(f"widening {judged.doubtful.size} candidate lists to {k} mentors")
        edges = widen(edges, judged.doubtful, k)
        judged = solve(edges)
        k_done = k
    return Widened(judged.outcome, edges, judged.doubtful)
