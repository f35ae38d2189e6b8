"""The emails a meeting change sends: one to each of the pair's two people, in their own
time zone, with the calendar invitation attached (one file per meeting of a series)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from remento.core.notifications import Attachment, notify
from remento.people.models import Employee
from remento.relationships.meetings.calendar import invitation, invitation_method, zone
from remento.relationships.meetings.models import Meeting
from remento.relationships.meetings.selectors import pair_zones

CHANGES = ("proposed", "accepted", "moved", "declined", "cancelled", "pair_closed")


@dataclass(frozen=True)
class LocalMeeting:
    """A meeting with its start and end in one reader's time zone."""

    meeting: Meeting
    starts: datetime
    ends: datetime


def local_meetings(meetings: list[Meeting], zone_name: str) -> list[LocalMeeting]:
    tz = zone(zone_name)
    return [LocalMeeting(m, m.starts_at.astimezone(tz), m.ends_at.astimezone(tz)) for m in meetings]


def shared_details(meetings: list[Meeting]) -> Meeting | None:
    """The first meeting, whose place, video link and agenda the email shows once, when
    every meeting has the same (a series); ``None`` when they differ (each then shows its
    own)."""
    first = meetings[0]
    details = (first.location, first.video_url, first.agenda)
    same = all((m.location, m.video_url, m.agenda) == details for m in meetings)
    return first if same else None


def attachments_for(meetings: list[Meeting]) -> tuple[Attachment, ...]:
    """One invitation file per meeting: "invite.ics", or "invite-1.ics"… for a series."""
    many = len(meetings) > 1
    return tuple(
        Attachment(
            filename=f"invite-{index}.ics" if many else "invite.ics",
            content=invitation(meeting),
            mimetype=f"text/calendar; method={invitation_method(meeting)}",
        )
        for index, meeting in enumerate(meetings, start=1)
    )


def send_invitations(
    *, meetings: list[Meeting], actor: Employee | None, change: str, not_to: Collection[int] = ()
) -> None:
    """Email both people of the meetings' pair about ``change`` (after the commit), except
    the employee ids in ``not_to``; ``actor`` is None when no one person made the change."""
    assert change in CHANGES
    pair = meetings[0].pair
    zones = pair_zones(pair=pair)
    files = attachments_for(meetings)
    for person in (pair.mentor, pair.mentee):
        if person.pk in not_to:
            continue
        partner = pair.partner_of(person.pk)
        notify(
            to=person,
            template=f"relationships/email/meeting_{change}",
            context={
                "pair": pair,
                "actor": actor,
                "by_you": actor is not None and actor.pk == person.pk,
                "partner": partner,
                "meetings": local_meetings(meetings, zones[person.pk]),
                "shared": shared_details(meetings),
                "zone_name": zones[person.pk],
            },
            attachments=files,
        )
