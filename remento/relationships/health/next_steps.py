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

from datetime import datetime, timedelta
from typing import Any

from django.db.models import (
    Count,
    DateTimeField,
    DurationField,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone

from remento.core.next_steps import URGENCY_COORDINATION, HomePart, NextStep
from remento.core.words import count_of
from remento.people.models import Employee
from remento.relationships.health.rules import GAP_AT_RISK_FACTOR, HealthState
from remento.relationships.meetings.models import OPEN_STATUSES, Meeting, MeetingStatus
from remento.relationships.models import Pair, PairStatus

# Before a coordinator's other program work: these pairs may be drifting apart right now.
URGENCY_AT_RISK = URGENCY_COORDINATION - 3
URGENCY_ATTENTION = URGENCY_COORDINATION - 2


def _gap_ends(since: Expression, cadence: Expression, factor: int) -> ExpressionWrapper:
    """When more than ``factor`` cadences will have passed since ``since`` in whole days,
    as the rules count them (``days > factor * cadence``), in the database (interval
    arithmetic on PostgreSQL, Django's duration functions on SQLite)."""
    days = ExpressionWrapper(cadence * Value(factor) + Value(1), output_field=IntegerField())
    span = ExpressionWrapper(days * Value(timedelta(days=1)), output_field=DurationField())
    return ExpressionWrapper(since + span, output_field=DateTimeField())


def gap_counts(*, organization_id: int, now: datetime) -> list[dict[str, Any]]:
    """Per program of the organisation with any: its id and name, and how many active pairs
    are at risk and need attention by the meeting-gap proxy (see the module). One query."""
    meetings = Meeting.objects.filter(pair=OuterRef("pk"))
    last_held = meetings.filter(status=MeetingStatus.HELD).order_by("-starts_at")
    since = Coalesce(
        Subquery(last_held.values("starts_at")[:1]), F("started_at"), output_field=DateTimeField()
    )
    cadence = Coalesce(
        NullIf(F("agreement__cadence_days"), Value(0)),
        F("program__meeting_cadence_days"),
        output_field=IntegerField(),
    )
    pairs = Pair.objects.filter(
        status=PairStatus.ACTIVE,
        started_at__isnull=False,
        program__organization_id=organization_id,
    ).alias(
        risk_from=_gap_ends(since, cadence, GAP_AT_RISK_FACTOR),
        attention_from=_gap_ends(since, cadence, 1),
        scheduled=Exists(meetings.filter(status__in=OPEN_STATUSES, starts_at__gte=now)),
    )
    at_risk = Q(risk_from__lte=now)
    attention = Q(attention_from__lte=now, scheduled=False) & ~at_risk
    rows = (
        pairs.values("program_id", "program__name")
        .annotate(at_risk=Count("pk", filter=at_risk), attention=Count("pk", filter=attention))
        .filter(Q(at_risk__gt=0) | Q(attention__gt=0))
        .order_by("program__name", "program_id")
    )
    return [dict(row) for row in rows]


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
