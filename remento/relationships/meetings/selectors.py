"""Reading meetings: a pair's meetings as one of its people or a coordinator sees them, each
person's time zone, and a summary per pair for many pairs at once (for the health board)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from remento.enrollment.models import Enrollment
from remento.people.models import Employee
from remento.relationships.meetings.calendar import zone
from remento.relationships.meetings.models import (
    LOGGED_STATUSES,
    OPEN_STATUSES,
    Meeting,
    MeetingStatus,
)
from remento.relationships.models import Pair

# How far back a calendar feed reaches: recent meetings stay in people's calendars.
FEED_DAYS_BACK = 92


def pair_zones(*, pair: Pair) -> dict[int, str]:
    """Each of the pair's two people -> their time zone: as confirmed at enrolment, else the
    directory's (the rule of the pair page). One query."""
    zones = {pair.mentor_id: pair.mentor.timezone, pair.mentee_id: pair.mentee.timezone}
    for employee_id, name in Enrollment.objects.filter(
        program_id=pair.program_id, employee_id__in=list(zones)
    ).values_list("employee_id", "timezone"):
        if name:
            zones[employee_id] = name
    return zones


def zone_of(*, pair: Pair, employee: Employee) -> ZoneInfo:
    return zone(pair_zones(pair=pair)[employee.pk])


# The people a meeting names (who organised, proposed, answered, cancelled, logged it).
MEETING_PEOPLE = ("organizer", "proposed_by", "answered_by", "cancelled_by", "logged_by")


def meetings_queryset() -> QuerySet[Meeting]:
    return Meeting.objects.select_related(
        "pair", "pair__mentor", "pair__mentee", "pair__program", *MEETING_PEOPLE
    )


@dataclass(frozen=True)
class PairMeetings:
    """A pair's meetings split for its page: still to come (or to answer), and past ones."""

    upcoming: list[Meeting]
    past: list[Meeting]
    to_log: list[Meeting]


def meetings_of_pair(*, pair: Pair, now: datetime | None = None) -> PairMeetings:
    """Every meeting of ``pair`` (the caller has checked the viewer may see the pair, see
    ``access.pair_get_for``): upcoming soonest first; past newest first, the confirmed ones
    that ended and wait to be logged listed in ``to_log`` too. One query."""
    now = now or timezone.now()
    # Through the pair's own manager, each meeting's ``pair`` is the ``pair`` given (with
    # what the caller loaded of it): joining the pair and its people again for every
    # meeting cost a third of the pair page's statement building.
    meetings = list(pair.meetings.select_related(*MEETING_PEOPLE).order_by("starts_at", "id"))
    upcoming = [m for m in meetings if m.ends_at > now and m.status in OPEN_STATUSES]
    past = [m for m in reversed(meetings) if m not in upcoming]
    to_log = [m for m in past if m.status == MeetingStatus.CONFIRMED]
    return PairMeetings(upcoming=upcoming, past=past, to_log=to_log)


def meeting_of_pair(*, pair: Pair, meeting_pk: object) -> Meeting:
    """One meeting of ``pair``; a 404 for any other id."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(meetings_queryset().filter(pair=pair), pk=meeting_pk)


@dataclass(frozen=True)
class MeetingSummary:
    """What the health board needs of one pair's meetings."""

    next_meeting: Meeting | None
    last_held: Meeting | None
    held: int
    missed: int
    cancelled: int
    planned: int


def meeting_summaries(
    *, pair_ids: list[int], now: datetime | None = None
) -> dict[int, MeetingSummary]:
    """For many pairs at once, each pair's next meeting (proposed or confirmed, not yet
    started), its last held meeting, and its counts of held, missed and cancelled meetings
    and of meetings planned so far (held + missed + confirmed ones whose time has come).

    Two queries whatever the number of pairs: one annotates the pairs with the ids of both
    meetings and the counts, one loads those meetings. The caller scopes ``pair_ids`` to what
    the viewer may see (a coordinator's own organisation).
    """
    now = now or timezone.now()
    by_pair = Meeting.objects.filter(pair=OuterRef("pk"))
    next_id = by_pair.filter(status__in=OPEN_STATUSES, starts_at__gte=now).order_by(
        "starts_at", "id"
    )
    last_id = by_pair.filter(status=MeetingStatus.HELD).order_by("-starts_at", "-id")
    rows = list(
        Pair.objects.filter(pk__in=pair_ids)
        .annotate(
            next_id=Subquery(next_id.values("pk")[:1], output_field=IntegerField()),
            last_id=Subquery(last_id.values("pk")[:1], output_field=IntegerField()),
            held=Count("meetings", filter=Q(meetings__status=MeetingStatus.HELD)),
            missed=Count("meetings", filter=Q(meetings__status=MeetingStatus.MISSED)),
            cancelled=Count("meetings", filter=Q(meetings__status=MeetingStatus.CANCELLED)),
            planned=Count(
                "meetings",
                filter=Q(meetings__status__in=LOGGED_STATUSES)
                | Q(meetings__status=MeetingStatus.CONFIRMED, meetings__starts_at__lt=now),
            ),
        )
        .values("pk", "next_id", "last_id", "held", "missed", "cancelled", "planned")
    )
    ids = {row[key] for row in rows for key in ("next_id", "last_id") if row[key]}
    meetings = Meeting.objects.in_bulk(ids) if ids else {}
    return {
        row["pk"]: MeetingSummary(
            next_meeting=meetings.get(row["next_id"]),
            last_held=meetings.get(row["last_id"]),
            held=row["held"],
            missed=row["missed"],
            cancelled=row["cancelled"],
            planned=row["planned"],
        )
        for row in rows
    }


def feed_meetings(*, employee: Employee, now: datetime | None = None) -> list[Meeting]:
    """The meetings in ``employee``'s calendar feed: their own pairs only, from the last
    three months on, without declined or cancelled ones (a feed that drops an event removes
    it from the subscribed calendar). One query."""
    now = now or timezone.now()
    return list(
        meetings_queryset()
        .filter(Q(pair__mentor=employee) | Q(pair__mentee=employee))
        .filter(pair__program__organization_id=employee.organization_id)
        .exclude(status__in=[MeetingStatus.DECLINED, MeetingStatus.CANCELLED])
        .filter(starts_at__gte=now - timedelta(days=FEED_DAYS_BACK))
        .order_by("starts_at", "id")
    )
