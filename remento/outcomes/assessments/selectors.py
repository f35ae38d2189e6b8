"""Reading assessments: a rater's own (to answer or re-read), and a program's progress.

A rating is read by its rater only. Coordinators see how many assessments are open or
answered (``assessment_progress``), who has one still waiting (``program_assessments``, to
follow up) and the aggregates of ``gains``, never one person's levels.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from remento.outcomes.assessments.models import Assessment, AssessmentStatus, Phase, RaterRole
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.models import Pair

_RELATED = ("pair__program", "pair__mentor", "pair__mentee", "learner", "rater")


def assessment_get_for(*, viewer: Employee, assessment_pk: object) -> Assessment:
    """One of the viewer's own assessments (they are its rater), in their organisation; a
    404 for anyone else's, a coordinator's included, so ids leak nothing."""
    return get_object_or_404(
        Assessment.objects.filter(
            rater=viewer, pair__program__organization_id=viewer.organization_id
        ).select_related(*_RELATED),
        pk=assessment_pk,
    )


def open_assessments_of(employee: Employee) -> QuerySet[Assessment]:
    """The assessments waiting for ``employee``'s answer, oldest first, each with its pair,
    program and people (one query). A retrospective “then” is left out: it is answered with
    the end-of-pair self-assessment, listed in its place."""
    return (
        Assessment.objects.filter(
            rater=employee,
            status=AssessmentStatus.OPEN,
            pair__program__organization_id=employee.organization_id,
        )
        .exclude(phase=Phase.BEFORE, retrospective=True)
        .select_related(*_RELATED)
        .order_by("opened_at", "id")
    )


def assessments_in_pair(*, viewer: Employee, pair: Pair) -> list[Assessment]:
    """The viewer's own assessments in ``pair`` (those they rate), in the order they opened.
    One query; the caller checked the viewer may see the pair."""
    return list(
        Assessment.objects.filter(pair=pair, rater=viewer)
        .select_related(*_RELATED)
        .order_by("opened_at", "id")
    )


@dataclass(frozen=True)
class PhaseProgress:
    """How far one kind of assessment has got in a program."""

    phase: str
    rater_role: str
    label: str
    open: int
    answered: int
    cancelled: int
    retrospective: int  # of the answered ones, given late (“then and now”)

    @property
    def asked(self) -> int:
        """Assessments still asked: open or answered (withdrawn ones left out)."""
        return self.open + self.answered

    @property
    def answered_share(self) -> float | None:
        """The share answered of those asked, 0 to 1; None when none was asked."""
        return self.answered / self.asked if self.asked else None


# The three kinds, in the order a pair meets them.
KINDS = (
    (Phase.BEFORE, RaterRole.SELF, "Self-assessment at the start"),
    (Phase.AFTER, RaterRole.SELF, "Self-assessment at the end"),
    (Phase.AFTER, RaterRole.MENTOR, "The mentor's assessment at the end"),
)


def assessment_progress(program: Program) -> tuple[PhaseProgress, ...]:
    """How many assessments of each kind are open, answered or withdrawn in ``program``,
    for its dashboards. One query. The caller fetched the program for a viewer who may see
    it (``programs.access.program_get_for``); no count names anyone."""
    counts: dict[tuple[str, str, str, bool], int] = {}
    rows = (
        Assessment.objects.filter(pair__program=program)
        .values_list("phase", "rater_role", "status", "retrospective")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for phase, role, status, retrospective, n in rows:
        counts[phase, role, status, retrospective] = n

    def count(phase: str, role: str, status: str, retrospective: bool | None = None) -> int:
        flags = (False, True) if retrospective is None else (retrospective,)
        return sum(counts.get((phase, role, status, flag), 0) for flag in flags)

    return tuple(
        PhaseProgress(
            phase=phase,
            rater_role=role,
            label=label,
            open=count(phase, role, AssessmentStatus.OPEN),
            answered=count(phase, role, AssessmentStatus.ANSWERED),
            cancelled=count(phase, role, AssessmentStatus.CANCELLED),
            retrospective=count(phase, role, AssessmentStatus.ANSWERED, True),
        )
        for phase, role, label in KINDS
    )


WAITING_PAGE_SIZE = 25


@dataclass(frozen=True)
class ProgramAssessments:
    """A program's assessments for its coordinators: each kind's progress, and one page of
    those still waiting for their rater."""

    progress: tuple[PhaseProgress, ...]
    waiting: Page[Assessment]


def program_assessments(
    *, viewer: Employee, program: Program, page_number: int | str | None = 1
) -> ProgramAssessments:
    """``program``'s assessments for a coordinator (``program`` from ``program_get_for``
    with ``manage=True``): the progress of each kind, and who still has one to answer, the
    longest waiting first, 25 a page. Who and which, never a level; the viewer's own pairs
    are left out of the list. Three queries."""
    if not viewer.is_coordinator or viewer.organization_id != program.organization_id:
        raise Http404("No such page.")
    waiting = (
        Assessment.objects.filter(pair__program=program, status=AssessmentStatus.OPEN)
        .exclude(Q(pair__mentor=viewer) | Q(pair__mentee=viewer))
        .select_related("rater__department", "learner", "pair__mentor", "pair__mentee")
        .order_by("opened_at", "id")
    )
    page = Paginator(waiting, WAITING_PAGE_SIZE).get_page(page_number)
    return ProgramAssessments(progress=assessment_progress(program), waiting=page)
