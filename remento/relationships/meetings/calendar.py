"""Calendar files (RFC 5545) built with ``icalendar``: the invitation each change sends
(iTIP METHOD REQUEST or CANCEL) and a person's subscription feed, plus the feed's token.

Each meeting has one UID for life (``meeting-<id>@<site host>``) and a SEQUENCE that grows
with every change, which is how Outlook, Google and Apple Calendar update the event they
already hold instead of adding a second one. Times are written in UTC.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from icalendar import Calendar, Event, vCalAddress, vText

from remento.people.models import Employee
from remento.relationships.meetings.models import Meeting, MeetingStatus

PRODID = "-//Remento//Mentoring meetings//EN"
REQUEST, CANCEL, PUBLISH = "REQUEST", "CANCEL", "PUBLISH"
ICS_STATUS = {
    MeetingStatus.PROPOSED: "TENTATIVE",
    MeetingStatus.CONFIRMED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.MISSED: "CONFIRMED",
    MeetingStatus.DECLINED: "CANCELLED",
    MeetingStatus.CANCELLED: "CANCELLED",
}
FEED_SALT = "remento.meetings.calendar-feed"


def zone(name: str) -> ZoneInfo:
    """The named time zone, or UTC when the name is not a known zone."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "remento.invalid"


def meeting_uid(meeting: Meeting) -> str:
    """The meeting's UID for life: the same in every invitation and in the feeds."""
    return f"meeting-{meeting.pk}@{site_host()}"


def summary(meeting: Meeting) -> str:
    pair = meeting.pair
    return f"Mentoring: {pair.mentor.display_name} and {pair.mentee.display_name}"


def _address(person: Employee, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = vText(person.display_name)
    for name, value in params.items():
        address.params[name] = vText(value)
    return address


def _partstat(meeting: Meeting, person: Employee) -> str:
    if meeting.status == MeetingStatus.DECLINED and person.pk == meeting.answered_by_id:
        return "DECLINED"
    if meeting.status == MeetingStatus.PROPOSED and person.pk != meeting.proposed_by_id:
        return "NEEDS-ACTION"
    return "ACCEPTED"


def meeting_event(meeting: Meeting, *, now: datetime | None = None) -> Event:
    """The meeting as one VEVENT (its pair, mentor and mentee loaded)."""
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", (now or timezone.now()).astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", summary(meeting))
    location = meeting.location or meeting.video_url
    if location:
        event.add("location", location)
    if meeting.video_url:
        event.add("url", meeting.video_url)
    if meeting.agenda:
        event.add("description", meeting.agenda)
    event.add("status", ICS_STATUS[MeetingStatus(meeting.status)])
    event.add("organizer", _address(meeting.organizer))
    for person in (meeting.pair.mentor, meeting.pair.mentee):
        partstat = _partstat(meeting, person)
        params = {"ROLE": "REQ-PARTICIPANT", "PARTSTAT": partstat}
        if partstat == "NEEDS-ACTION":
            params["RSVP"] = "TRUE"
        event.add("attendee", _address(person, **params), encode=False)
    return event


def _calendar(method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def invitation(meeting: Meeting) -> str:
    """The iTIP message for the meeting as it is now: CANCEL when it was cancelled or
    declined, REQUEST otherwise."""
    cancelled = meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.DECLINED)
    calendar = _calendar(CANCEL if cancelled else REQUEST)
    calendar.add_component(meeting_event(meeting))
    return calendar.to_ical().decode("utf-8")


def invitation_method(meeting: Meeting) -> str:
    return (
        CANCEL if meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.DECLINED) else REQUEST
    )


def feed(meetings: Iterable[Meeting], *, name: str) -> str:
    """A subscription feed (METHOD:PUBLISH): every meeting given, as calendars expect."""
    calendar = _calendar(PUBLISH)
    calendar.add("x-wr-calname", name)
    now = timezone.now()
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, now=now))
    return calendar.to_ical().decode("utf-8")


def new_feed_key() -> str:
    return secrets.token_urlsafe(18)


def feed_token(key: str) -> str:
    """The URL token for a feed key: the key, a dot, and its HMAC under SECRET_KEY."""
    return f"{key}.{salted_hmac(FEED_SALT, key, algorithm='sha256').hexdigest()}"


def feed_key_from(token: str) -> str | None:
    """The key of a well-formed, authentic token (compared in constant time), else None."""
    key, _, _signature = token.partition(".")
    if not key or not constant_time_compare(feed_token(key), token):
        return None
    return key
