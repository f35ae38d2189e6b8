"""Reading a pair's goals, scoped to what the viewer may see.

The two people read every goal; an organisation admin after break-glass reads them too (as
the agreement's goals they come from); a coordinator reads only how many goals there are and
their average progress.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from remento.relationships.goals.models import Goal, Milestone
from remento.relationships.models import Pair


@dataclass(frozen=True)
class GoalSummary:
    """What a coordinator may know: how many goals, and how far they are on average."""

    count: int
    average_progress: int | None
    milestones_done: int
    milestones_total: int


def _summary(rows: list[tuple[int, int, int]]) -> GoalSummary:
    percents = [round(100 * done / total) if total else progress for progress, total, done in rows]
    return GoalSummary(
        count=len(rows),
        average_progress=round(sum(percents) / len(percents)) if percents else None,
        milestones_done=sum(done for _p, _t, done in rows),
        milestones_total=sum(total for _p, total, _d in rows),
    )


def goal_summary(*, pair: Pair) -> GoalSummary:
    """The pair's goals in aggregate (one query), for coordinators and health rules."""
    rows = Goal.objects.filter(pair=pair).annotate(
        total=Count("milestones"),
        done=Count("milestones", filter=Q(milestones__done_at__isnull=False)),
    )
    return _summary([(g.progress, g.total, g.done) for g in rows])


def pair_goals(*, pair: Pair) -> list[Goal]:
    """The pair's goals with their owners and milestones (two queries). Only for a viewer
    the caller has checked may read them (one of the two, or an admin after break-glass)."""
    return list(
        Goal.objects.filter(pair=pair).select_related("owner").prefetch_related("milestones")
    )


def summary_of(goals: list[Goal]) -> GoalSummary:
    """The summary of goals already read with ``pair_goals`` (no query)."""
    rows = []
    for goal in goals:
        milestones = list(goal.milestones.all())
        done = sum(1 for milestone in milestones if milestone.done_at is not None)
        rows.append((goal.progress, len(milestones), done))
    return _summary(rows)


def goal_of(*, pair: Pair, goal_pk: object) -> Goal:
    """One of the pair's goals, or a 404."""
    return get_object_or_404(Goal.objects.select_related("pair", "owner"), pair=pair, pk=goal_pk)


def milestone_of(*, pair: Pair, milestone_pk: object) -> Milestone:
    """One of the pair's milestones, or a 404."""
    return get_object_or_404(
        Milestone.objects.select_related("goal", "goal__pair"), goal__pair=pair, pk=milestone_pk
    )
