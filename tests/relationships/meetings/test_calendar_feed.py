"""Each person's private, revocable calendar feed: token only, their own pairs only,
nothing after a reset, nothing for a person who left."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from remento.core.models import AuditEvent
from remento.people.models import Employee
from remento.relationships.meetings import calendar
from remento.relationships.meetings.models import CalendarFeed, Meeting, MeetingStatus
from remento.relationships.meetings.services import calendar_feed_reset
from remento.relationships.models import Pair, PairSource
from tests.factories import employee_with_login, user_of
from tests.relationships.builders import enroll
from tests.relationships.meetings.conftest import past_meeting


def _url(feed: CalendarFeed) -> str:
    return reverse("relationships:calendar_feed_ics", args=[calendar.feed_token(feed.key)])


def test_feed_lists_the_persons_meetings_without_signing_in(
    active_pair: Pair, propose: Callable[..., list[Meeting]]
) -> None:
    meetings = propose(occurrences=2)
    held = past_meeting(active_pair, days_ago=3, status=MeetingStatus.HELD)
    past_meeting(active_pair, days_ago=2, status=MeetingStatus.CANCELLED)
    feed = calendar_feed_reset(actor=user_of(active_pair.mentee))
    response = Client().get(_url(feed))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    parsed = Calendar.from_ical(response.content)
    assert parsed["METHOD"] == "PUBLISH"
    uids = {str(event["UID"]) for event in parsed.walk("VEVENT")}
    assert uids == {calendar.meeting_uid(m) for m in [*meetings, held]}


def test_another_persons_meetings_are_absent(
    active_pair: Pair, propose: Callable[..., list[Meeting]], organization: object, program: object
) -> None:
    propose()
    olga = employee_with_login(organization=organization, email="olga@acme.example", level=2)
    feed = calendar_feed_reset(actor=user_of(olga))
    parsed = Calendar.from_ical(Client().get(_url(feed)).content)
    assert parsed.walk("VEVENT") == []


def test_a_reset_revokes_the_old_address(active_pair: Pair) -> None:
    first = calendar_feed_reset(actor=user_of(active_pair.mentor))
    old_url = _url(first)
    second = calendar_feed_reset(actor=user_of(active_pair.mentor))
    assert Client().get(old_url).status_code == 404
    assert Client().get(_url(second)).status_code == 200
    assert AuditEvent.objects.filter(verb="calendar_feed.reset").count() == 1


def test_a_forged_or_malformed_token_is_a_404(active_pair: Pair) -> None:
    feed = calendar_feed_reset(actor=user_of(active_pair.mentor))
    token = calendar.feed_token(feed.key)
    forged = f"{feed.key}.{'0' * 64}"
    for bad in (forged, feed.key, token[:-2], "nothing"):
        url = reverse("relationships:calendar_feed_ics", args=[bad])
        assert Client().get(url).status_code == 404


def test_nothing_for_a_person_who_left(active_pair: Pair) -> None:
    feed = calendar_feed_reset(actor=user_of(active_pair.mentor))
    Employee.objects.filter(pk=active_pair.mentor_id).update(is_active=False)
    assert Client().get(_url(feed)).status_code == 404


def test_feed_page_creates_shows_and_resets_the_address(
    mentor: Employee, mentor_client: Client
) -> None:
    page = reverse("relationships:calendar_feed")
    assert b"Create my calendar address" in mentor_client.get(page).content
    mentor_client.post(page)
    feed = CalendarFeed.objects.get(employee=mentor)
    shown = mentor_client.get(page).content.decode()
    assert "webcal://testserver" + _url(feed) in shown
    mentor_client.post(page)
    assert calendar.feed_token(feed.key) not in mentor_client.get(page).content.decode()


def test_feed_covers_every_pair_of_the_person(
    active_pair: Pair, organization: object, program: object, mentor: Employee
) -> None:
    other = employee_with_login(organization=organization, email="otto@acme.example", level=8)
    enroll(program, other, "mentee")  # type: ignore[arg-type]
    second = Pair.objects.create(
        program=program,
        mentor=mentor,
        mentee=other,
        source=PairSource.BULK,  # type: ignore[misc]
    )
    first_meeting = past_meeting(active_pair)
    second_meeting = past_meeting(second)
    feed = calendar_feed_reset(actor=user_of(mentor))
    parsed = Calendar.from_ical(Client().get(_url(feed)).content)
    uids = {str(event["UID"]) for event in parsed.walk("VEVENT")}
    assert uids == {calendar.meeting_uid(first_meeting), calendar.meeting_uid(second_meeting)}


def test_feed_answers_only_reads(active_pair: Pair) -> None:
    """A calendar feed is read, never written: a POST (or PUT, DELETE) to its address is
    refused with 405, and does not hand out the meetings."""
    feed = calendar_feed_reset(actor=user_of(active_pair.mentee))
    client = Client()
    for method in ("post", "put", "delete"):
        response = getattr(client, method)(_url(feed))
        assert response.status_code == 405
        assert b"BEGIN:VCALENDAR" not in response.content
    assert client.head(_url(feed)).status_code == 200
