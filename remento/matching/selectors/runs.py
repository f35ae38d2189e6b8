"""Reading bulk matching: the preview before anyone enrolled, runs under review.

Program-scoped selectors take a program already fetched through ``program_get_for`` (so
scoped to the viewer's organisation). Query counts do not grow with the number of pairs.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.shortcuts import get_object_or_404

from remento.enrollment.models import EnrollmentRole
from remento.matching import adapters
from remento.matching.models import MatchRun, MatchRunStatus, ProposedPair
from remento.matching.selectors import run_figures
from remento.matching.services.common import limit_outcome, round_limit
from remento.people.models import Employee
from remento.programs.models import Program, Status, default_weights

HISTOGRAM_BINS = 10
PREVIEW_TOP = 10


@dataclass(frozen=True)
class HistogramBin:
    low: float
    high: float
    count: int
    percent: int  # bar length relative to the fullest bin, 0–100

    @property
    def label(self) -> str:
        return f"{self.low:.1f}–{self.high:.1f}"


@dataclass(frozen=True)
class ScoreSummary:
    pairs: int
    total: float
    minimum: float | None
    p10: float | None
    median: float | None
    unmatched_mentees: int
    unmatched_mentors: int
    unmatched_by_department: list[tuple[str, int]]


# Scores people read leave this criterion out (see ``adapters.shown_settings``).
UNSHOWN_CRITERIA = frozenset({"diversity"})


def max_score(weights: dict[str, float]) -> float:
    """The best shown score a pair can reach: every criterion's score is at most 1, and the
    diversity criterion is never part of a shown score."""
    return float(
        sum(
            max(0.0, float(v))
            for name, v in {**default_weights(), **weights}.items()
            if name not in UNSHOWN_CRITERIA
        )
    )


def diversity_counts(weights: dict[str, float]) -> bool:
    """Whether the diversity criterion counts under ``weights`` (a weight above 0). The
    pages say so, and never how many pairs it brings together: the pairs a run counts can be
    chosen (who is enrolled, locks, removals, the size of the round), so two such counts
    could be compared to tell what named people shared (PRODUCT.md)."""
    return float({**default_weights(), **weights}.get("diversity", 0.0)) > 0


def score_histogram(
    scores: Sequence[float], *, top: float, bins: int = HISTOGRAM_BINS
) -> list[HistogramBin]:
    """Counts of ``scores`` in ``bins`` equal bins from 0 to ``top`` (the best possible)."""
    width = histogram_width(top=top, highest=max(scores, default=0.0), bins=bins)
    counts = [0] * bins
    for score in scores:
        counts[min(bins - 1, max(0, int(score / width)))] += 1
    return histogram_bins(counts, width=width)


def histogram_width(*, top: float, highest: float | None, bins: int = HISTOGRAM_BINS) -> float:
    """The width of a histogram's bins: from 0 to the best possible score, or to the highest
    score where one lies beyond it."""
    return max(top, highest or 0.0, 1e-9) / bins


def histogram_bins(counts: Sequence[int], *, width: float) -> list[HistogramBin]:
    """The bins of ``width`` holding ``counts``, each bar relative to the fullest."""
    fullest = max(counts) or 1
    return [
        HistogramBin(low=i * width, high=(i + 1) * width, count=c, percent=round(100 * c / fullest))
        for i, c in enumerate(counts)
    ]


def _percentile(values: Sequence[float], share: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def score_summary(
    scores: Sequence[float], unmatched: Sequence[tuple[str, str | None]]
) -> ScoreSummary:
    """Total, minimum, 10th percentile and median of ``scores``; ``unmatched`` is a list of
    (role, department name) for the people left without a partner."""
    by_department = Counter(department or "No department" for _, department in unmatched)
    return ScoreSummary(
        pairs=len(scores),
        total=round(sum(scores), 2),
        minimum=min(scores) if scores else None,
        p10=_percentile(scores, 0.10),
        median=statistics.median(scores) if scores else None,
        unmatched_mentees=sum(1 for role, _ in unmatched if role == EnrollmentRole.MENTEE),
        unmatched_mentors=sum(1 for role, _ in unmatched if role == EnrollmentRole.MENTOR),
        unmatched_by_department=sorted(by_department.items(), key=lambda kv: (-kv[1], kv[0])),
    )


def match_run_current(*, program: Program) -> MatchRun | None:
    """The run under review, else the latest published one, else None."""
    runs = MatchRun.objects.filter(program=program).select_related(
        "created_by__employee", "published_by__employee"
    )
    return (
        runs.filter(status=MatchRunStatus.REVIEW).first()
        or runs.filter(status=MatchRunStatus.PUBLISHED).first()
    )


def match_run_get(*, program: Program, run_pk: int) -> MatchRun:
    """A run of ``program`` (404 otherwise)."""
    return get_object_or_404(MatchRun.objects.select_related("program"), program=program, pk=run_pk)


def proposal_get(*, program: Program, proposal_pk: int) -> ProposedPair:
    """A proposed pair of one of ``program``'s runs (404 otherwise)."""
    return get_object_or_404(
        ProposedPair.objects.select_related("run__program", "mentor", "mentee"),
        run__program=program,
        pk=proposal_pk,
    )


@dataclass
class RunReview:
    """The whole run at a glance; its rows are read a page at a time (``review.review_page``)."""

    run: MatchRun
    removed: int  # pairs the coordinator removed
    unmatched: int  # people left without a partner
    locked: int  # pairs the next re-run keeps
    summary: ScoreSummary
    histogram: list[HistogramBin]
    best_possible: float
    criteria: list[str] = field(default_factory=list)
    diversity_counts: bool = False  # the diversity criterion counts (``diversity_counts``)
    number: int = 1  # the run's place among its program's runs: "Run 1", "Run 2"…
    started_by: str = ""  # the name of the person who started it ("" when unknown)


def match_run_number(run: MatchRun) -> int:
    """The run's number within its program, counting from 1 in the order the runs began."""
    return MatchRun.objects.filter(program_id=run.program_id, pk__lte=run.pk).count()


def user_display_name(user: Any) -> str:
    """A person's name for a user account: their employee's name, else the account's own
    name; "" for a deleted account."""
    if user is None:
        return ""
    employee = getattr(user, "employee", None)  # the reverse one-to-one may be missing
    if employee is not None:
        return str(employee.display_name)
    return str(user.get_full_name() or user.get_username())


def match_run_review(*, run: MatchRun) -> RunReview:
    """The summary of the whole run, with the pairs as they are now (after swaps and
    removals), not as the engine first proposed them. The database works every figure out
    (``run_figures``): a fixed number of small queries, whatever the size of the run; the
    rows come a page at a time (``review.review_page``)."""
    figures = run_figures.kept_figures(run)
    kept = run.proposals.filter(removed=False)
    unmatched = run_figures.unmatched_figures(run)
    weights = run.settings_snapshot.get("weights", {})
    best = max_score(weights)
    width = histogram_width(top=best, highest=figures.maximum)
    counts = (
        run_figures.histogram_counts(kept, width=width, bins=HISTOGRAM_BINS)
        if figures.pairs
        else [0] * HISTOGRAM_BINS
    )
    return RunReview(
        run=run,
        removed=figures.removed,
        unmatched=unmatched.total,
        locked=figures.locked,
        summary=ScoreSummary(
            pairs=figures.pairs,
            total=figures.total,
            minimum=figures.minimum,
            p10=run_figures.kept_percentile(kept, figures.pairs, 0.10),
            median=run_figures.kept_median(kept, figures.pairs),
            unmatched_mentees=unmatched.mentees,
            unmatched_mentors=unmatched.mentors,
            unmatched_by_department=unmatched.by_department,
        ),
        histogram=histogram_bins(counts, width=width),
        best_possible=best,
        criteria=list(default_weights()),
        diversity_counts=diversity_counts(weights),
        number=match_run_number(run),
        started_by=user_display_name(run.created_by),
    )


@dataclass
class Preview:
    """What the engine would propose now; nothing is written."""

    population: str  # "enrolled" or "eligible"
    mentors: int
    mentees: int
    summary: ScoreSummary
    histogram: list[HistogramBin]
    top_pairs: list[tuple[Employee, Employee, adapters.PairResult]]
    unmatched_reasons: list[tuple[str, int]]
    best_possible: float
    limit: int | None = None  # most pairs one round makes (pairs per cohort, pairs at once)
    beyond_limit: int = 0  # pairs the engine found that the limit leaves for a later round
    diversity_counts: bool = False  # as the run review's


def matching_preview(*, program: Program, top: int = PREVIEW_TOP) -> Preview:
    """Run the engine on the current pool under the program's settings, writing nothing.

    Before recruiting is over (Draft, Recruiting) an empty pool falls back to the eligible
    population, so a coordinator sees what the design would give before anyone enrols. The
    pairs are limited as a run limits them: at most the “pairs per cohort”, and no more than
    the places left under “pairs at once”; ``beyond_limit`` counts the pairs left over.
    """
    pool = adapters.pool_for_program(program)
    if not (pool.mentors and pool.mentees) and program.status in (Status.DRAFT, Status.RECRUITING):
        pool = adapters.pool_for_program(program, population="eligible")
    limit = round_limit(program)
    found = adapters.pool_match(pool)
    outcome = limit_outcome(found, limit)
    scores = [p.score for p in outcome.pairs]
    departments = {
        pk: (e.department.name if e.department else None) for pk, e in pool.employees.items()
    }
    best = max_score(pool.settings["weights"])
    return Preview(
        population=pool.population,
        mentors=len(pool.mentors),
        mentees=len(pool.mentees),
        summary=score_summary(
            scores, [(u.role, departments.get(u.employee_id)) for u in outcome.unmatched]
        ),
        histogram=score_histogram(scores, top=best),
        top_pairs=[
            (pool.employees[p.mentor_id], pool.employees[p.mentee_id], p)
            for p in outcome.pairs[:top]
        ],
        unmatched_reasons=Counter(u.reason for u in outcome.unmatched).most_common(),
        best_possible=best,
        limit=limit.limit,
        beyond_limit=len(found.pairs) - len(outcome.pairs),
        diversity_counts=diversity_counts(pool.settings["weights"]),
    )
