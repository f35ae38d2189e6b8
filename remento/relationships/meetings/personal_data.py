"""A person's meetings in their personal data export (``people.lifecycle.person_exporting``).

When and how each meeting went, and in the person's own copy the pair's own words too
(place, video link, agenda, topics); an export anyone else opens (an organisation admin's)
says where the person reads those instead: they are the pair's only (PRODUCT.md).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from remento.people.lifecycle import ExportSection
from remento.people.models import Employee
from remento.relationships.meetings.models import CalendarFeed, Meeting
from remento.relationships.personal_data import keep_confidential, pair_row


def _name(person: Employee | None) -> str:
    return person.display_name if person is not None else ""


def export_meetings(
    sender: Any, *, employee: Employee, own: bool = False, **kwargs: Any
) -> list[ExportSection]:
    """Every meeting of the person's pairs (the partner by name only; the pair's words only
    in the person's ``own`` copy) and whether they have a calendar feed (never its address).
    Two queries."""
    meetings = (
        Meeting.objects.filter(Q(pair__mentor=employee) | Q(pair__mentee=employee))
        .select_related(
            "pair__program", "pair__mentor", "pair__mentee", "proposed_by", "cancelled_by"
        )
        .order_by("starts_at", "id")
    )
    rows = [
        keep_confidential(
            "meetings",
            pair_row(
                meeting.pair,
                employee,
                {
                    "starts_at_utc": meeting.starts_at.isoformat(),
                    "length_minutes": meeting.duration_minutes,
                    "time_zone": meeting.timezone,
                    "status": meeting.get_status_display(),
                    "proposed_by": _name(meeting.proposed_by),
                    "cancelled_by": _name(meeting.cancelled_by),
                    "missed_by": meeting.get_missed_by_display() if meeting.missed_by else "",
                    "real_length_minutes": meeting.held_minutes,
                    "place": meeting.location,
                    "video_link": meeting.video_url,
                    "agenda": meeting.agenda,
                    "topics": meeting.topics,
                },
            ),
            pair=meeting.pair,
            employee=employee,
            own=own,
        )
        for meeting in meetings
    ]
    feed = CalendarFeed.objects.filter(employee=employee).first()
    feeds = (
        [{"created_at": feed.created_at.isoformat(), "last_reset_at": feed.reset_at.isoformat()}]
        if feed is not None
        else []
    )
    return [
        ExportSection("meetings", "Mentoring meetings", rows, order=31),
        ExportSection("calendar_feed", "Private calendar feed", feeds, order=32),
    ]
