"""A coordinator's pairs that need them, on the home page: one step per program with pairs
at risk or needing attention, linking to the program's health board filtered by that state.
Registered on ``remento.core.next_steps`` from ``RelationshipsConfig.ready``.

The counts are the board's own (``health.counts.state_counts``): each open pair's state as
stored in its ``PairHealthRecord`` (every rule of ``health.rules``, judged in the database by
``states.refresh_records``), so "3 pairs at risk" on the home page opens a board that lists
those 3. Records lapse as time passes or when a pair's data changes; the home page judges
those first, in one statement (usually none: the worker's ``judge-pair-health`` keeps them
current), then counts the records by program and state from an index. Two queries, whose
cost does not grow with the organisation's pairs once they are judged. A pair the
coordinator is in themselves counts as its people see it, without the check-in answers
confidential between the pair (as the board counts it for them): two more queries, only
for a coordinator who is in an open pair.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from remento.core.next_steps import URGENCY_COORDINATION, HomePart, NextStep
from remento.core.words import count_of
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.health.counts import state_counts
from remento.relationships.health.rules import HealthState

# Before a coordinator's other program work: these pairs may be drifting apart right now.
URGENCY_AT_RISK = URGENCY_COORDINATION - 3
URGENCY_ATTENTION = URGENCY_COORDINATION - 2
_SHOWN = (HealthState.AT_RISK, HealthState.NEEDS_ATTENTION)


def attention_counts(
    *, organization_id: int, now: datetime, viewer_id: int | None = None
) -> list[dict[str, Any]]:
    """Per program of the organisation with any open pair at risk or needing attention: its
    id and name and the pairs in each of those states, as its health board counts them for
    ``viewer_id`` (a pair they are in as its people see it), by program name."""
    programs = Program.objects.filter(organization_id=organization_id)
    rows: list[dict[str, Any]] = []
    for program in state_counts(programs, now=now, viewer_id=viewer_id):
        shown: dict[str, int] = {s: program.counts[s] for s in _SHOWN if program.counts[s]}
        if shown:
            rows.append({"program_id": program.program_id, "program__name": program.name, **shown})
    return rows


def _step(row: dict[str, Any], state: HealthState, count: int) -> NextStep:
    name = row["program__name"]
    url = reverse("relationships:health_board", kwargs={"program_pk": row["program_id"]})
    if state == HealthState.AT_RISK:
        title = f"{count_of(count, 'pair')} at risk in {name}"
        detail = (
            "No meeting for more than twice their rhythm, repeated cancellations, a low "
            "rating or “not a good fit”."
        )
    else:
        title = f"{count_of(count, 'pair')} {'needs' if count == 1 else 'need'} attention in {name}"
        detail = (
            "A meeting gap with none scheduled, cancellations, a falling rating, unanswered "
            "check-ins or stalled goals."
        )
    return NextStep(
        urgency=URGENCY_AT_RISK if state == HealthState.AT_RISK else URGENCY_ATTENTION,
        title=title,
        detail=f"{detail} See why on the health board, and nudge them from there.",
        action="Open the health board",
        url=f"{url}?state={state.value}",
    )


def health_home(employee: Employee) -> HomePart:
    """For a coordinator, a step per program and state with pairs at risk or needing
    attention (at risk first); nothing for anyone else. The same queries whatever the
    pairs."""
    part = HomePart()
    if not employee.is_coordinator:
        return part
    rows = attention_counts(
        organization_id=employee.organization_id, now=timezone.now(), viewer_id=employee.pk
    )
    for state in _SHOWN:
        for row in rows:
            count = int(row.get(state, 0))
            if count:
                part.steps.append(_step(row, state, count))
    return part
