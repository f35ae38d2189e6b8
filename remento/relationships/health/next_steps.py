"""A coordinator's pairs that need them, on the home page: one step per program with pairs
at risk or needing attention, linking to the program's health board filtered by that state.
Registered on ``remento.core.next_steps`` from ``RelationshipsConfig.ready``.

The board evaluates every rule of ``health.rules`` for each pair in Python (meetings,
cancellations, check-ins, goals): right for one program's board, too heavy for a home page
that every coordinator opens, in an organisation of 100,000 people. So the home page counts
a cheap proxy in one grouped query: the ``meeting_gap`` rule alone, the one rule that fires
on most pairs that drift. An active pair that held no meeting (counted from its start when
it held none) for more than twice its cadence is at risk; for more than its cadence with no
meeting scheduled, it needs attention. The board may find more (its other rules), never
fewer: every pair counted here is in the same state or a worse one there.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone

from remento.core.day_counts import WholeDaysUntil
from remento.core.next_steps import URGENCY_COORDINATION, HomePart, NextStep
from remento.core.words import count_of
from remento.people.models import Employee
from remento.relationships.health.rules import GAP_AT_RISK_FACTOR, HealthState
from remento.relationships.meetings.models import OPEN_STATUSES, Meeting, MeetingStatus
from remento.relationships.models import Pair, PairStatus

# Before a coordinator's other program work: these pairs may be drifting apart right now.
URGENCY_AT_RISK = URGENCY_COORDINATION - 3
URGENCY_ATTENTION = URGENCY_COORDINATION - 2
# A pair's state by the proxy, named as the rows of ``gap_counts`` name their counts.
_AT_RISK, _ATTENTION, _FINE = "at_risk", "attention", ""


def gap_counts(*, organization_id: int, now: datetime) -> list[dict[str, Any]]:
    """Per program of the organisation with any: its id and name, and how many active pairs
    are at risk and need attention by the meeting-gap proxy (see the module). One query.

    Each pair is judged once, into a state (``_AT_RISK``, ``_ATTENTION`` or none) that the
    query groups by; the whole days since its last held meeting (since its start when it
    held none) are counted by the database's own functions (``core.day_counts``): on
    SQLite, Django's duration arithmetic called a Python function for every pair."""
    meetings = Meeting.objects.filter(pair=OuterRef("pk"))
    last_held = meetings.filter(status=MeetingStatus.HELD).order_by("-starts_at")
    days = Coalesce(
        Subquery(
            last_held.annotate(days=WholeDaysUntil(F("starts_at"), now=now)).values("days")[:1]
        ),
        WholeDaysUntil(F("started_at"), now=now),
        output_field=IntegerField(),
    )
    cadence = Coalesce(
        NullIf(F("agreement__cadence_days"), Value(0)),
        F("program__meeting_cadence_days"),
        output_field=IntegerField(),
    )
    scheduled = Exists(meetings.filter(status__in=OPEN_STATUSES, starts_at__gte=now))
    state = Case(
        When(Q(days__gt=F("cadence") * GAP_AT_RISK_FACTOR), then=Value(_AT_RISK)),
        When(Q(days__gt=F("cadence")) & ~Q(scheduled), then=Value(_ATTENTION)),
        default=Value(_FINE),
    )
    groups = (
        Pair.objects.filter(
            status=PairStatus.ACTIVE,
            started_at__isnull=False,
            program__organization_id=organization_id,
        )
        .alias(days=days, cadence=cadence)
        .annotate(state=state)
        .values("program_id", "program__name", "state")
        .annotate(pairs=Count("pk"))
        .order_by("program__name", "program_id")
    )
    by_program: dict[int, dict[str, Any]] = {}
    for group in groups:
        if group["state"] == _FINE:
            continue
        row = by_program.setdefault(
            group["program_id"],
            {
                "program_id": group["program_id"],
                "program__name": group["program__name"],
                "at_risk": 0,
                "attention": 0,
            },
        )
        row[group["state"]] += group["pairs"]
    return list(by_program.values())


def _step(row: dict[str, Any], state: HealthState, count: int) -> NextStep:
    name = row["program__name"]
    url = reverse("relationships:health_board", kwargs={"program_pk": row["program_id"]})
    if state == HealthState.AT_RISK:
        title = f"{count_of(count, 'pair')} at risk in {name}"
        detail = "No meeting held for more than twice the rhythm they agreed."
    else:
        title = f"{count_of(count, 'pair')} {'needs' if count == 1 else 'need'} attention in {name}"
        detail = "No meeting held for longer than the rhythm they agreed, and none scheduled."
    return NextStep(
        urgency=URGENCY_AT_RISK if state == HealthState.AT_RISK else URGENCY_ATTENTION,
        title=title,
        detail=f"{detail} See why on the health board, and nudge them from there.",
        action="Open the health board",
        url=f"{url}?state={state.value}",
    )


def health_home(employee: Employee) -> HomePart:
    """For a coordinator, a step per program and state with pairs at risk or needing
    attention (at risk first); nothing for anyone else. One query, whatever the pairs."""
    part = HomePart()
    if not employee.is_coordinator:
        return part
    rows = gap_counts(organization_id=employee.organization_id, now=timezone.now())
    for state, key in (
        (HealthState.AT_RISK, "at_risk"),
        (HealthState.NEEDS_ATTENTION, "attention"),
    ):
        for row in rows:
            count = int(row[key])
            if count:
                part.steps.append(_step(row, state, count))
    return part
