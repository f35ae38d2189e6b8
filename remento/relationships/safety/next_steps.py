"""Confidential requests on the home page: the asker sees where theirs stand; a
coordinator sees how many wait, per program. Registered on ``remento.core.next_steps``."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from remento.core.next_steps import URGENCY_COORDINATION, HomePart, NextStep, Waiting
from remento.core.words import count_of
from remento.people.models import Employee
from remento.relationships.safety.models import (
    OPEN_REQUEST_STATUSES,
    SafetyRequest,
    SafetyStatus,
)

# Before the rest of a coordinator's program work: someone is waiting for an answer.
URGENCY_SAFETY = URGENCY_COORDINATION - 5


def safety_home(employee: Employee) -> HomePart:
    """The person's own waiting requests (one query) and, for a coordinator, the waiting
    requests of their organisation's programs outside their own pairs (one more)."""
    part = HomePart()
    own = SafetyRequest.objects.filter(
        asked_by=employee, status__in=OPEN_REQUEST_STATUSES
    ).order_by("-created_at", "-id")
    for request in own:
        url = reverse("relationships:safety_request", kwargs={"request_pk": request.pk})
        if request.status == SafetyStatus.ANSWERED:
            text = "A coordinator replied to your confidential request."
        else:
            text = "Your confidential request is with the program's coordinators."
        part.waiting.append(Waiting(text=text, url=url, link_text="Read it"))
    if not employee.is_coordinator:
        return part
    waiting = (
        SafetyRequest.objects.filter(
            status=SafetyStatus.OPEN,
            pair__program__organization_id=employee.organization_id,
        )
        .exclude(Q(pair__mentor=employee) | Q(pair__mentee=employee))
        .values("pair__program_id", "pair__program__name")
        .annotate(n=Count("pk"))
        .order_by("pair__program__name")
    )
    for row in waiting:
        part.steps.append(
            NextStep(
                urgency=URGENCY_SAFETY,
                title=f"{count_of(row['n'], 'confidential request')} waiting in "
                f"{row['pair__program__name']}",
                detail="Someone asked to end or change their pair; they wait for your answer.",
                action="Answer",
                url=reverse(
                    "relationships:program_safety_requests",
                    kwargs={"program_pk": row["pair__program_id"]},
                ),
            )
        )
    return part
