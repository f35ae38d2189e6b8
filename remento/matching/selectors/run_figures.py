"""A run's figures for its review, worked out by the database: a run of 6,000 pairs costs
the page what a run of twelve does.

The review's summary (total, minimum, 10th percentile and median of the kept pairs' scores,
the histogram, the removed, locked and unmatched counts) used to be worked out in Python
from every proposal of the run, read as rows at each view. Here each figure is one
aggregate or grouped query, and a percentile reads the two scores around its position
(``ORDER BY score LIMIT 2 OFFSET k``) instead of the whole list; the figures are the same,
computed with the same formulas, and still follow each swap, lock and removal at once.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.db.models import Count, F, FloatField, Max, Min, Q, QuerySet, Sum, Value
from django.db.models.functions import Floor

from remento.enrollment.models import EnrollmentRole
from remento.matching.models import MatchRun, ProposedPair


@dataclass(frozen=True)
class KeptFigures:
    """The kept (not removed) pairs' counts and score extremes, and the removed count."""

    pairs: int
    removed: int
    locked: int
    total: float
    minimum: float | None
    maximum: float | None


def kept_figures(run: MatchRun) -> KeptFigures:
    """The counts and score extremes of ``run``'s pairs in one aggregate query."""
    kept = Q(removed=False)
    figures = run.proposals.order_by().aggregate(
        n_pairs=Count("pk", filter=kept),
        n_removed=Count("pk", filter=Q(removed=True)),
        n_locked=Count("pk", filter=kept & Q(locked=True)),
        n_total=Sum("score", filter=kept),
        n_minimum=Min("score", filter=kept),
        n_maximum=Max("score", filter=kept),
    )
    return KeptFigures(
        pairs=figures["n_pairs"],
        removed=figures["n_removed"],
        locked=figures["n_locked"],
        total=round(figures["n_total"] or 0.0, 2),
        minimum=figures["n_minimum"],
        maximum=figures["n_maximum"],
    )


def _scores_from(kept: QuerySet[ProposedPair], position: int) -> list[float]:
    """The kept scores at ``position`` and the one after it, in ascending order (one query
    of two rows)."""
    return list(kept.order_by("score").values_list("score", flat=True)[position : position + 2])


def kept_percentile(kept: QuerySet[ProposedPair], count: int, share: float) -> float | None:
    """The ``share`` percentile of the ``count`` kept scores, interpolated between the two
    scores around its position as ``runs._percentile`` does over the whole list."""
    if not count:
        return None
    position = share * (count - 1)
    below = int(position)
    scores = _scores_from(kept, below)
    if len(scores) == 1:
        return scores[0]
    return scores[0] + (scores[1] - scores[0]) * (position - below)


def kept_median(kept: QuerySet[ProposedPair], count: int) -> float | None:
    """The median of the ``count`` kept scores, as ``statistics.median`` gives it."""
    if not count:
        return None
    middle = count // 2
    if count % 2:
        return _scores_from(kept, middle)[0]
    return statistics.median(_scores_from(kept, middle - 1))


def histogram_counts(kept: QuerySet[ProposedPair], *, width: float, bins: int) -> list[int]:
    """How many kept scores fall in each of ``bins`` bins of ``width`` from 0 (the last bin
    takes what lies beyond), from one grouped query: ``FLOOR(score / width)`` is the bin
    ``int(score / width)`` gives in Python, scores being at least 0."""
    counts = [0] * bins
    grouped = (
        kept.order_by()
        .values(bin=Floor(F("score") / Value(width, output_field=FloatField())))
        .annotate(n=Count("pk"))
        .values_list("bin", "n")
    )
    for number, n in grouped:
        counts[min(bins - 1, max(0, int(number)))] += n
    return counts


@dataclass(frozen=True)
class UnmatchedFigures:
    """The people a run left without a partner: in all, by role, by department."""

    total: int
    mentees: int
    mentors: int
    by_department: list[tuple[str, int]]


def unmatched_figures(run: MatchRun) -> UnmatchedFigures:
    """The people ``run`` left without a partner, by role and by department (most first),
    from one grouped query."""
    by_role: dict[str, int] = {}
    by_department: dict[str, int] = {}
    for role, department, n in (
        run.unmatched.order_by()
        .values("role", "employee__department__name")
        .annotate(n=Count("pk"))
        .values_list("role", "employee__department__name", "n")
    ):
        by_role[role] = by_role.get(role, 0) + n
        name = department or "No department"
        by_department[name] = by_department.get(name, 0) + n
    return UnmatchedFigures(
        total=sum(by_role.values()),
        mentees=by_role.get(EnrollmentRole.MENTEE, 0),
        mentors=by_role.get(EnrollmentRole.MENTOR, 0),
        by_department=sorted(by_department.items(), key=lambda kv: (-kv[1], kv[0])),
    )
