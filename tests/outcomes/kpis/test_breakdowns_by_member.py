"""The breakdowns file each person's rows under them once (``_by_member``) instead of
reading every row once per group: the figures are those of the rule applied row by row."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
from django.utils import timezone

from remento.core.models import Organization
from remento.outcomes.kpis import breakdowns
from remento.outcomes.kpis.breakdowns import (
    DIMENSIONS,
    GroupFigure,
    Member,
    organization_breakdowns,
    program_breakdowns,
)
from remento.outcomes.kpis.facts import cutoff_of
from remento.programs.models import KpiKind, Program, Status
from tests.outcomes.kpis.builders import hand_made_program


@pytest.fixture(autouse=True)
def _every_group_shown(settings: Any) -> None:
    settings.REMENTO_MIN_GROUP_SIZE = 1


def by_the_row(scope: breakdowns._Scope, members: set[Member]) -> dict[str, GroupFigure]:
    """The figures of ``members`` read row by row: each started pair with one of them in it,
    each goal of a started pair they own, each rating they gave."""
    cutoff = cutoff_of(timezone.localdate())
    pairs, goals, ratings = [], [], []
    for program_id, facts in scope.facts.items():
        started = [p for p in facts.pairs if p.started_by(cutoff)]
        pairs += [
            p
            for p in started
            if (program_id, p.mentor_id) in members or (program_id, p.mentee_id) in members
        ]
        ids = {p.id for p in started}
        goals += [
            g for g in facts.goals if g.pair_id in ids and (program_id, g.owner_id) in members
        ]
        ratings += [
            float(r.rating) for r in facts.ratings if (program_id, r.employee_id) in members
        ]
    held = [float(scope.held[p.id]) for p in pairs]
    closed = [p for p in pairs if p.closed_by(cutoff)]
    goals_done = sum(g.achieved_by(cutoff) for g in goals)
    people = len({employee for _program, employee in members})
    return {
        KpiKind.PARTICIPATION: GroupFigure(float(people), people),
        KpiKind.MEETINGS_PER_PAIR: GroupFigure(sum(held) / len(held) if held else None, len(held)),
        KpiKind.GOALS_ACHIEVED: GroupFigure(
            100 * goals_done / len(goals) if goals else None, len(goals)
        ),
        KpiKind.CHECKIN_RATING: GroupFigure(
            sum(ratings) / len(ratings) if ratings else None, len(ratings)
        ),
        KpiKind.COMPLETION: GroupFigure(
            100 * sum(1 for p in closed if p.completed) / len(closed) if closed else None,
            len(closed),
        ),
    }


def test_every_groups_figures_are_those_of_the_row_by_row_rule(
    organization: Organization,
) -> None:
    made = hand_made_program(organization)
    scope = breakdowns._scope(
        {made.program.pk: made.program.program_type}, made.program.organization_id
    )
    org_scope = breakdowns._scope(
        dict(
            Program.objects.filter(organization=organization)
            .exclude(status=Status.DRAFT)
            .values_list("pk", "program_type")
        ),
        organization.pk,
    )

    for found, of in (
        (program_breakdowns(made.program), scope),
        (organization_breakdowns(organization), org_scope),
    ):
        for breakdown in found:
            grouped: dict[str, set[Member]] = defaultdict(set)
            for member in of.members:
                grouped[breakdowns._group_of(of, member, breakdown.dimension)[0]].add(member)
            assert breakdown.total == by_the_row(of, of.members)
            for group in breakdown.groups:
                assert group.figures == by_the_row(of, grouped[group.key])
    assert {b.dimension for b in organization_breakdowns(organization)} == set(DIMENSIONS)
