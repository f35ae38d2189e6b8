"""In Chromium: the mentor proposes a meeting, the mentee accepts it; both received an
email whose .ics parses with ``icalendar`` and starts at the right UTC time. Then the
mentor logs a past meeting. Also saves the pages' screenshots at 1366 and 390 px."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from remento.people.models import Employee
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.models import Pair, PairAgreement, PairStatus
from tests.browser.conftest import browser_type_launch_args, sign_in, site  # noqa: F401
from tests.relationships.builders import make_pair, make_program
from tests.relationships.meetings.conftest import (
    LONDON,
    NEW_YORK,
    next_weekday,
    past_meeting,
    set_zone,
)
from tests.relationships.meetings.helpers import invitations_to, only_event

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("REMENTO_SHOTS", "/tmp/shots/meetings"))


def _shoot(page: Page, name: str) -> None:
    if not SHOTS.parent.exists():
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def _active_pair(organization: object, mentor: Employee, mentee: Employee) -> Pair:
    pair = make_pair(make_program(organization), mentor, mentee)  # type: ignore[arg-type]
    Pair.objects.filter(pk=pair.pk).update(status=PairStatus.ACTIVE, started_at=timezone.now())
    PairAgreement.objects.create(pair=pair, goals="Posts.", cadence_days=14, confidentiality=True)
    set_zone(pair, mentor, LONDON)
    set_zone(pair, mentee, NEW_YORK)
    return Pair.objects.select_related("mentor", "mentee", "program").get(pk=pair.pk)


def test_pair_schedules_a_meeting_and_both_receive_the_invitation(
    site: str,  # noqa: F811
    sign_in: Callable[[Employee], Page],  # noqa: F811
    organization: object,
    mentor: Employee,
    mentee: Employee,
    coordinator: Employee,
) -> None:
    pair = _active_pair(organization, mentor, mentee)
    held = past_meeting(pair, days_ago=9, status=MeetingStatus.HELD)
    Meeting.objects.filter(pk=held.pk).update(held_minutes=50, topics="Our first LinkedIn post.")
    to_log = past_meeting(pair, days_ago=1)
    day = next_weekday()
    expected_utc = datetime.combine(day, datetime.min.time().replace(hour=14), ZoneInfo(LONDON))

    page = sign_in(mentor)
    page.goto(f"{site}/pairs/{pair.pk}/")
    page.get_by_role("navigation", name="This pair").get_by_role("link", name="Meetings").click()
    expect(page.get_by_role("heading", name="Coming up")).to_be_visible()
    page.get_by_role("link", name="Propose a meeting").click()
    _shoot(page, "propose")
    page.get_by_label("Day").fill(day.isoformat())
    page.get_by_label("Starts at").fill("09:00")
    page.get_by_label("Length in minutes").fill("45")
    page.get_by_label("Video link").fill("https://meet.example/maya-martin")
    page.get_by_label("Agenda").fill("Your first post on the company network.")
    page.get_by_role("button", name="Send the proposal").click()
    # 09:00 in London is 04:00 in New York: the page asks before waking Martin up.
    expect(page.get_by_role("alert")).to_contain_text("That is 04:00 on Tuesday", ignore_case=False)
    expect(page.get_by_role("alert")).to_contain_text("for Martin Senior (America/New_York)")
    expect(page.get_by_label("Agenda")).to_have_value("Your first post on the company network.")
    _shoot(page, "propose-outside-hours")
    assert not Meeting.objects.filter(status=MeetingStatus.PROPOSED).exists()
    page.get_by_label("Starts at").fill("14:00")
    page.get_by_role("button", name="Send the proposal").click()
    expect(page.get_by_role("status")).to_contain_text("proposed")
    expect(page.locator(".meeting").first).to_contain_text("waiting for Martin Senior's answer")
    _sign_out(page)

    sign_in(mentee)
    expect(page.get_by_text("Answer Maya Junior's meeting proposal")).to_be_visible()
    page.goto(f"{site}/pairs/{pair.pk}/meetings/")
    card = page.locator(".meeting").first
    local = expected_utc.astimezone(ZoneInfo(NEW_YORK))
    expect(card).to_contain_text(f"{local:%H:%M}")
    expect(card).to_contain_text("For Maya Junior")
    _shoot(page, "list-mentee")
    card.get_by_role("button", name="Accept", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Confirmed")
    expect(page.locator(".meeting").first).to_contain_text("Confirmed")
    _sign_out(page)

    meeting = Meeting.objects.exclude(pk__in=[held.pk, to_log.pk]).get()
    assert meeting.status == MeetingStatus.CONFIRMED
    for person in (mentor, mentee):
        found = invitations_to(person.email)
        assert [c["METHOD"] for _m, c in found] == ["REQUEST", "REQUEST"]
        for _message, parsed in found:
            event = only_event(parsed)
            assert event["DTSTART"].dt == expected_utc.astimezone(UTC)
            assert event["DTEND"].dt == expected_utc.astimezone(UTC) + timedelta(minutes=45)
            assert str(event["UID"]) == f"meeting-{meeting.pk}@127.0.0.1"
        assert [only_event(c)["SEQUENCE"] for _m, c in found] == [0, 1]
    assert len(mail.outbox) == 4

    # The mentor logs yesterday's meeting from the home page.
    sign_in(mentor)
    page.get_by_role("link", name="Log it").first.click()
    _shoot(page, "log")
    page.get_by_label("Yes, we met").check()
    page.get_by_label("How long did it last (minutes)?").fill("40")
    page.get_by_label("What did you talk about?").fill("Hashtags and when to post.")
    page.get_by_role("button", name="Save the log").click()
    expect(page.get_by_role("status")).to_contain_text("logged")
    expect(page.locator("#past")).to_contain_text("Hashtags and when to post.")
    _shoot(page, "list-mentor")
    to_log.refresh_from_db()
    assert (to_log.status, to_log.held_minutes) == (MeetingStatus.HELD, 40)
    page.goto(f"{site}/pairs/calendar/")
    page.get_by_role("button", name="Create my calendar address").click()
    expect(page.get_by_label("Calendar address")).to_have_value(re.compile(r"^webcal://"))
    _shoot(page, "calendar-feed")
    _sign_out(page)

    # A coordinator sees dates and statuses, not the topics.
    sign_in(coordinator)
    page.goto(f"{site}/pairs/{pair.pk}/meetings/")
    expect(page.locator("#past")).to_contain_text("Lasted 40 minutes")
    expect(page.locator("main")).not_to_contain_text("Hashtags")
    expect(page.get_by_role("button", name="Accept")).to_have_count(0)
    _shoot(page, "list-coordinator")


def test_cancelling_a_meeting_asks_first(
    site: str,  # noqa: F811
    sign_in: Callable[[Employee], Page],  # noqa: F811
    organization: object,
    mentor: Employee,
    mentee: Employee,
) -> None:
    pair = _active_pair(organization, mentor, mentee)
    starts = datetime(2031, 6, 10, 8, 0, tzinfo=UTC)  # 09:00 in London
    meeting = Meeting.objects.create(
        pair=pair,
        starts_at=starts,
        duration_minutes=45,
        timezone=LONDON,
        organizer=mentor,
        proposed_by=mentor,
        status=MeetingStatus.CONFIRMED,
    )
    page = sign_in(mentor)
    page.goto(f"{site}/pairs/{pair.pk}/meetings/")
    asked: list[str] = []

    def _answer(dialog: object, accept: bool) -> None:
        asked.append(dialog.message)  # type: ignore[attr-defined]
        dialog.accept() if accept else dialog.dismiss()  # type: ignore[attr-defined]

    page.once("dialog", lambda dialog: _answer(dialog, accept=False))
    page.get_by_role("button", name="Cancel it").click()
    expect(page.get_by_role("button", name="Cancel it")).to_be_visible()
    assert asked == [
        "Cancel the meeting of Tuesday 10 June, 09:00? Martin Senior is told, "
        "and it leaves both calendars."
    ]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONFIRMED

    page.once("dialog", lambda dialog: _answer(dialog, accept=True))
    page.get_by_role("button", name="Cancel it").click()
    expect(page.get_by_role("status")).to_contain_text("ancel")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
