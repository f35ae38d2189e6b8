"""A person's meeting steps for the home page: answer the partner's proposal, log a meeting
that has ended. Registered on ``remento.core.next_steps`` from the app's ``ready``."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from remento.core.next_steps import URGENCY_REQUEST, HomePart, NextStep
from remento.people.models import Employee
from remento.relationships.meetings.calendar import zone
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.models import PairStatus

# Between a request to answer and the agreement: a partner is waiting on the answer.
URGENCY_MEETING = URGENCY_REQUEST + 5
# A meeting waits to be logged this long after it ended, then the step goes (health takes over).
LOG_WINDOW = timedelta(days=30)


def _when(meeting: Meeting, employee: Employee) -> str:
    local = meeting.starts_at.astimezone(zone(employee.timezone))
    today = timezone.now().astimezone(local.tzinfo).date()
    if local.date() == today:
        return "today's meeting"
    if local.date() == today - timedelta(days=1):
        return "yesterday's meeting"
    return f"the meeting of {local.day} {local:%b}"


def meetings_home(employee: Employee) -> HomePart:
    """One step per proposal the partner waits on, and one per ended meeting to log. One
    query."""
    now = timezone.now()
    meetings = list(
        Meeting.objects.filter(Q(pair__mentor=employee) | Q(pair__mentee=employee))
        .filter(
            pair__status=PairStatus.ACTIVE, pair__program__organization=employee.organization_id
        )
        .filter(
            Q(status=MeetingStatus.PROPOSED, starts_at__gt=now) & ~Q(proposed_by=employee)
            | Q(status=MeetingStatus.CONFIRMED, starts_at__lt=now, starts_at__gte=now - LOG_WINDOW)
        )
        # Only the proposer's name is shown: the pair and its people are not read.
        .select_related("proposed_by")
        .order_by("starts_at", "id")
    )
    part = HomePart()
    for meeting in meetings:
        url = reverse("relationships:meetings:list", kwargs={"pair_pk": meeting.pair_id})
        if meeting.status == MeetingStatus.PROPOSED:
            part.steps.append(
                NextStep(
                    urgency=URGENCY_MEETING,
                    title=f"Answer {meeting.proposed_by.display_name}'s meeting proposal",
                    detail="Accept it, propose another time or decline.",
                    action="Answer",
                    url=url,
                    due=meeting.starts_at,
                )
            )
        elif meeting.ends_at <= now:
            part.steps.append(
                NextStep(
                    urgency=URGENCY_MEETING,
                    title=f"Log {_when(meeting, employee)}",
                    detail="Say whether it was held, how long it lasted and what you covered.",
                    action="Log it",
                    url=reverse(
                        "relationships:meetings:log",
                        kwargs={"pair_pk": meeting.pair_id, "meeting_pk": meeting.pk},
                    ),
                )
            )
    return part
