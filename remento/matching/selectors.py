"""Reading matching: runs under review, the preview, a mentee's choices, a mentor's inbox.

Program-scoped selectors take a program already fetched through ``program_get_for`` (so
scoped to the viewer's organisation); participant selectors take the participant and show
only their own requests. Query counts do not grow with the number of pairs.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.matching import adapters
from remento.matching.models import MatchRun, MatchRunStatus, MentorRequest, ProposedPair, Unmatched
from remento.matching.services.choice import already_asked
from remento.matching.services.common import limit_outcome, pairs_room, round_limit
from remento.people.models import Employee
from remento.programs.models import Program, Status, default_weights
from remento.relationships.models import OPEN_PAIR, Pair

HISTOGRAM_BINS = 10
PREVIEW_TOP = 10
SUGGESTIONS_SHOWN = 10


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


def max_score(weights: dict[str, float]) -> float:
    """The best score a pair can reach: every criterion's score is at most 1."""
    return float(sum(max(0.0, float(v)) for v in {**default_weights(), **weights}.values()))


def score_histogram(
    scores: Sequence[float], *, top: float, bins: int = HISTOGRAM_BINS
) -> list[HistogramBin]:
    """Counts of ``scores`` in ``bins`` equal bins from 0 to ``top`` (the best possible)."""
    top = max(top, max(scores, default=0.0), 1e-9)
    width = top / bins
    counts = [0] * bins
    for score in scores:
        counts[min(bins - 1, max(0, int(score / width)))] += 1
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
    runs = MatchRun.objects.filter(program=program).select_related("created_by", "published_by")
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
    run: MatchRun
    proposals: list[ProposedPair]
    removed: list[ProposedPair]
    unmatched: list[Unmatched]
    summary: ScoreSummary
    histogram: list[HistogramBin]
    best_possible: float
    criteria: list[str] = field(default_factory=list)


def match_run_review(*, run: MatchRun) -> RunReview:
    """Everything the review page shows, with the summary of the pairs as they are now
    (after swaps and removals), not as the engine first proposed them."""
    rows = list(
        run.proposals.select_related("mentor__department", "mentee__department", "pair").order_by(
            "-score", "id"
        )
    )
    proposals = [p for p in rows if not p.removed]
    unmatched = list(run.unmatched.select_related("employee__department"))
    scores = [p.score for p in proposals]
    best = max_score(run.settings_snapshot.get("weights", {}))
    return RunReview(
        run=run,
        proposals=proposals,
        removed=[p for p in rows if p.removed],
        unmatched=unmatched,
        summary=score_summary(
            scores,
            [
                (u.role, u.employee.department.name if u.employee.department else None)
                for u in unmatched
            ],
        ),
        histogram=score_histogram(scores, top=best),
        best_possible=best,
        criteria=list(default_weights()),
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
    )


@dataclass
class MenteeChoice:
    """A mentee's choice page: where they stand, and whom they may ask."""

    enrollment: Enrollment | None
    pair: Pair | None
    pending: MentorRequest | None
    history: list[MentorRequest]
    suggestions: list[tuple[Employee, adapters.SuggestionResult]]
    program_full: bool = False


def _requests(queryset: QuerySet[MentorRequest]) -> QuerySet[MentorRequest]:
    return queryset.select_related("mentor__department", "mentee__department", "program")


def mentee_choice(*, program: Program, mentee: Employee) -> MenteeChoice:
    """The mentee's own enrolment, pair, waiting request, past requests and suggestions.

    Reads only: the page expires due requests first (``choice.mentor_requests_expire``),
    so a request past its deadline never shows as waiting. When the program is full
    (“pairs at once”) no mentor is suggested and ``program_full`` says so.
    """
    enrollment = Enrollment.objects.filter(
        program=program, employee=mentee, role=EnrollmentRole.MENTEE
    ).first()
    pair = (
        Pair.objects.filter(OPEN_PAIR, program=program, mentee=mentee)
        .select_related("mentor")
        .first()
    )
    history = list(_requests(MentorRequest.objects.filter(program=program, mentee=mentee)))
    pending = next((r for r in history if r.status == "pending"), None)
    suggestions: list[tuple[Employee, adapters.SuggestionResult]] = []
    full = pairs_room(program) == 0
    if (
        enrollment is not None
        and enrollment.status == EnrollmentStatus.ENROLLED
        and pair is None
        and pending is None
        and not full
    ):
        found = adapters.mentee_suggestions(
            program=program,
            mentee=mentee,
            exclude_mentor_ids=already_asked(program=program, mentee=mentee),
            k=SUGGESTIONS_SHOWN,
        )
        mentors = Employee.objects.select_related("department").in_bulk(
            [s.mentor_id for s in found]
        )
        suggestions = [(mentors[s.mentor_id], s) for s in found]
    return MenteeChoice(
        enrollment=enrollment,
        pair=pair,
        pending=pending,
        history=history,
        suggestions=suggestions,
        program_full=full,
    )


@dataclass
class MentorInbox:
    enrollment: Enrollment | None
    pending: list[MentorRequest]
    answered: list[MentorRequest]
    mentees: int
    capacity: int


def mentor_inbox(*, program: Program, mentor: Employee) -> MentorInbox:
    """Requests to ``mentor`` in ``program``: waiting ones first, then the answered.

    Reads only: the page expires due requests first (``choice.mentor_requests_expire``).
    """
    enrollment = Enrollment.objects.filter(
        program=program, employee=mentor, role=EnrollmentRole.MENTOR
    ).first()
    rows = list(
        _requests(MentorRequest.objects.filter(program=program, mentor=mentor)).order_by(
            "expires_at", "id"
        )
    )
    return MentorInbox(
        enrollment=enrollment,
        pending=[r for r in rows if r.status == "pending"],
        answered=[r for r in rows if r.status != "pending"],
        mentees=Pair.objects.filter(OPEN_PAIR, program=program, mentor=mentor).count(),
        capacity=enrollment.capacity if enrollment else 0,
    )


def mentor_request_get_for(*, viewer: Employee, request_pk: Any) -> MentorRequest:
    """A request the viewer made or received (404 for anyone else, coordinators included:
    the message is between the two people)."""
    return get_object_or_404(
        _requests(MentorRequest.objects.filter(Q(mentee=viewer) | Q(mentor=viewer))),
        pk=request_pk,
    )
