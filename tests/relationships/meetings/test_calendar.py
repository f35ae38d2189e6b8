"""The invitations are RFC 5545 files that calendar apps accept: METHOD, a stable UID, a
growing SEQUENCE, UTC times and every property a VEVENT in an iTIP REQUEST needs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time

from django.core import mail
from icalendar import Calendar

from remento.relationships.meetings import calendar
from remento.relationships.meetings.models import Meeting
from remento.relationships.meetings.services import meeting_accept, meeting_cancel, meeting_counter
from remento.relationships.models import Pair
from tests.factories import user_of
from tests.relationships.meetings.conftest import next_weekday
from tests.relationships.meetings.helpers import invitations_to, only_event


def test_proposal_invitation_parses_with_every_required_property(
    active_pair: Pair, propose: Callable[..., list[Meeting]]
) -> None:
    [meeting] = propose(day=date(2031, 1, 14), at=time(9, 0))
    [(message, parsed)] = invitations_to(active_pair.mentee.email)
    assert message.attachments[0][0] == "invite.ics"
    assert message.attachments[0][2] == "text/calendar; method=REQUEST"
    assert parsed["METHOD"] == "REQUEST"
    assert parsed["VERSION"] == "2.0"
    assert parsed["PRODID"]
    event = only_event(parsed)
    assert str(event["UID"]) == f"meeting-{meeting.pk}@127.0.0.1"
    assert event["SEQUENCE"] == 0
    assert event["DTSTAMP"].dt.tzinfo is not None
    # 09:00 in London in January is 09:00 UTC; written in UTC ("Z").
    assert event["DTSTART"].dt == datetime(2031, 1, 14, 9, 0, tzinfo=UTC)
    assert event["DTEND"].dt == datetime(2031, 1, 14, 10, 0, tzinfo=UTC)
    assert b"DTSTART:20310114T090000Z" in parsed.to_ical()
    assert str(event["SUMMARY"]) == "Mentoring: Maya Junior and Martin Senior"
    assert str(event["LOCATION"]) == "Room 4.2"
    assert str(event["URL"]) == "https://meet.example/abc"
    assert str(event["DESCRIPTION"]) == "Posting on the company network."
    assert str(event["STATUS"]) == "TENTATIVE"
    assert str(event["ORGANIZER"]) == "mailto:maya@acme.example"
    attendees = {str(a): a.params["PARTSTAT"] for a in event["ATTENDEE"]}
    assert attendees == {
        "mailto:maya@acme.example": "ACCEPTED",
        "mailto:martin@acme.example": "NEEDS-ACTION",
    }


def test_uid_stays_and_sequence_grows_across_changes(
    active_pair: Pair,
    propose: Callable[..., list[Meeting]],
    django_capture_on_commit_callbacks: object,
) -> None:
    [meeting] = propose(day=date(2031, 1, 14), at=time(9, 0))
    mentee = active_pair.mentee
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        meeting_counter(
            actor=user_of(mentee),
            meeting=meeting,
            day=date(2031, 1, 15),
            at=time(8, 30),
            duration_minutes=45,
        )
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        meeting_accept(actor=user_of(active_pair.mentor), meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        meeting_cancel(actor=user_of(mentee), meeting=meeting)
    calendars = [parsed for _m, parsed in invitations_to(active_pair.mentor.email)]
    events = [only_event(c) for c in calendars]
    assert {str(e["UID"]) for e in events} == {f"meeting-{meeting.pk}@127.0.0.1"}
    assert [e["SEQUENCE"] for e in events] == [0, 1, 2, 3]
    assert [c["METHOD"] for c in calendars] == ["REQUEST", "REQUEST", "REQUEST", "CANCEL"]
    assert [str(e["STATUS"]) for e in events] == [
        "TENTATIVE",
        "TENTATIVE",
        "CONFIRMED",
        "CANCELLED",
    ]
    # The mentee moved it to 08:30 in New York (EST, UTC-5): 13:30 UTC.
    assert events[1]["DTSTART"].dt == datetime(2031, 1, 15, 13, 30, tzinfo=UTC)
    assert events[1]["DTEND"].dt == datetime(2031, 1, 15, 14, 15, tzinfo=UTC)
    cancel_mail = mail.outbox[-1]
    assert cancel_mail.attachments[0][2] == "text/calendar; method=CANCEL"


def test_feed_is_published_without_a_request_method(
    active_pair: Pair, propose: Callable[..., list[Meeting]]
) -> None:
    meetings = propose(day=next_weekday(), occurrences=3)
    parsed = Calendar.from_ical(calendar.feed(meetings, name="Mine"))
    assert parsed["METHOD"] == "PUBLISH"
    assert len(parsed.walk("VEVENT")) == 3
    assert len({str(e["UID"]) for e in parsed.walk("VEVENT")}) == 3


def test_feed_token_is_checked_in_full() -> None:
    token = calendar.feed_token("abc")
    assert calendar.feed_key_from(token) == "abc"
    assert calendar.feed_key_from(token[:-1] + ("0" if token[-1] != "0" else "1")) is None
    assert calendar.feed_key_from("abc") is None
    assert calendar.feed_key_from("") is None
