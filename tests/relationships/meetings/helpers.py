"""Reading the invitations that meeting emails carry."""

from __future__ import annotations

from typing import Any

from django.core import mail
from icalendar import Calendar


def invitations_to(address: str) -> list[tuple[Any, Calendar]]:
    """(email, parsed calendar) for every .ics attached to emails sent to ``address``."""
    found = []
    for message in mail.outbox:
        if address not in message.to:
            continue
        for attachment in message.attachments:
            filename, content, mimetype = attachment
            if filename.endswith(".ics"):
                assert mimetype.startswith("text/calendar; method=")
                found.append((message, Calendar.from_ical(content)))
    return found


def only_event(calendar: Calendar) -> Any:
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]
