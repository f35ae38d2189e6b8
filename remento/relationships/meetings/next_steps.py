"""A person's meeting steps for the home page: answer the partner's proposal, log a meeting
that has ended. Registered on ``remento.core.next_steps`` from the app's ``ready``."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from remento.core.next_steps import URGENCY_REQUEST, HomePart, NextStep
from remento.enrollment.models import Enrollment
from remento.people.models import Employee
from remento.relationships.meetings.calendar import zone
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.models import PairStatus

# Between a request to answer and the agreement: a partner is waiting on the answer.
URGENCY_MEETING = URGENCY_REQUEST + 5
# A meeting waits to be logged this long after it ended, then the step goes (health takes over).
LOG_WINDOW = timedelta(days=30)


def _local(meeting: Meeting, employee: Employee) -> datetime:
    """When ``meeting`` starts, in the reader's zone for the pair (as confirmed at enrolment,
    else the directory's: the rule of the pair's pages)."""
    name = getattr(meeting, "reader_zone", None) or employee.timezone
    return meeting.starts_at.astimezone(zone(name))


def _when(meeting: Meeting, employee: Employee) -> str:
    local = _local(meeting, employee)
    today = timezone.now().astimezone(local.tzinfo).date()
    if local.date() == today:
        return "today's meeting"
    if local.date() == today - timedelta(days=1):
        return "yesterday's meeting"
    return f"the meeting of {local.day} {local:%b}"


def _day_and_time(meeting: Meeting, employee: Employee) -> str:
    """ "Tuesday 9 Dec, 10:00": when ``meeting`` starts, for ``employee``."""
    local = _local(meeting, employee)
    return f"{local:%A} {local.day} {local:%b, %H:%M}"


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
        .annotate(
            reader_zone=Enrollment.objects.filter(
                program_id=OuterRef("pair__program_id"), employee_id=employee.pk
            ).values("timezone")[:1]
        )
        .order_by("starts_at", "id")
    )
    part = HomePart()
    for meeting in meetings:
        url = reverse("relationships:meetings:list", kwargs={"pair_pk": meeting.pair_id})
        if meeting.status == MeetingStatus.PROPOSED:
            part.steps.append(
                NextStep(
                    urgency=URGENCY_MEETING,
                    title=f"Answer {meeting.proposed_by.display_name}'s meeting proposal "
                    f"for {_day_and_time(meeting, employee)}",
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
