"""A pair's whole workspace in Chromium, on a pair with a demo-style history (written by the
demo's own ``PairPast``, through the services): the mentor proposes a meeting and the mentee
accepts it, and both receive invitations whose .ics parses with ``icalendar`` and starts at the
right UTC time; the mentee logs yesterday's meeting; the mentor answers the check-in and the
coordinator reads the rating on the health board; a private note stays invisible to the
partner, the coordinator and the admin; the mentee's confidential request reaches only the
coordinators, who close the pair and rematch the mentee with a new mentor."""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from remento.demo.programs.workspace.past import PairPast
from remento.enrollment.models import EnrollmentRole
from remento.people.models import Employee
from remento.relationships.checkins.schedule import checkins_process
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.models import OPEN_PAIR, Pair, PairAgreement, PairStatus
from remento.relationships.notes.models import PrivateNote
from remento.relationships.safety.models import SafetyRequest, SafetyStatus
from tests.matching.helpers import enroll, person, teach, want
from tests.relationships.builders import make_pair, make_program
from tests.relationships.meetings.conftest import LONDON, NEW_YORK, next_weekday, set_zone
from tests.relationships.meetings.helpers import invitations_to, only_event

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("REMENTO_SHOTS")
PRIVATE = "Martin seemed distracted today; ask about the reorganisation gently"
CONFIDENTIAL = "Our meetings keep slipping and I would rather learn from someone else"


def _shoot(page: Page, name: str) -> None:
    """With REMENTO_SHOTS=<folder>, a full-page screenshot at 1366 and 390 px wide."""
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/workspace-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def _pair_with_a_past(organization: object, mentor: Employee, mentee: Employee) -> Pair:
    """An active pair of a London mentor and a New York mentee, started three weeks ago: one
    meeting held nine days ago (with its shared notes), yesterday's meeting still to log, and
    the first check-ins open. A spare mentor who teaches what the mentee wants waits, enrolled,
    for a rematch."""
    program = make_program(organization)  # type: ignore[arg-type]
    pair = make_pair(program, mentor, mentee)
    Pair.objects.filter(pk=pair.pk).update(
        status=PairStatus.ACTIVE, started_at=timezone.now() - timedelta(days=21)
    )
    PairAgreement.objects.create(
        pair=pair, goals="Post on LinkedIn twice a month.", cadence_days=14, confidentiality=True
    )
    set_zone(pair, mentor, LONDON)
    set_zone(pair, mentee, NEW_YORK)
    pair = Pair.objects.select_related("program", "mentor", "mentee").get(pk=pair.pk)
    past = PairPast(pair, today=timezone.localdate(), rng=random.Random(6))
    past.held(by="mentor", day=timezone.localdate() - timedelta(days=9))
    past.to_log(by="mentee", day=timezone.localdate() - timedelta(days=1), hour=8)
    past.goals(
        done=(1,), target=timezone.localdate() + timedelta(days=90), set_on=timezone.localdate()
    )
    checkins_process()
    spare = person(
        pair.program.organization,
        first_name="Priya",
        last_name="Spare",
        level=2,
        email="priya@acme.example",
    )
    teach(spare, linkedin=5)
    want(mentee, linkedin=5)
    enroll(pair.program, spare, EnrollmentRole.MENTOR, timezone=LONDON)
    return pair


def _propose_and_accept(page: Page, site: str, pair: Pair, day: str) -> None:
    page.goto(f"{site}/pairs/{pair.pk}/meetings/")
    page.get_by_role("link", name="Propose a meeting").click()
    page.get_by_label("Day").fill(day)
    page.get_by_label("Starts at").fill("14:00")  # 09:00 for the mentee in New York
    page.get_by_label("Length in minutes").fill("45")
    page.get_by_label("Video link").fill("https://meet.example/maya-martin")
    page.get_by_label("Agenda").fill("A first post of your own on LinkedIn.")
    page.get_by_role("button", name="Send the proposal").click()
    expect(page.get_by_role("status")).to_contain_text("proposed")


def test_a_pair_lives_its_workspace_and_the_coordinator_acts_on_it(
    site: str,
    sign_in: Callable[[Employee], Page],
    organization: object,
    mentor: Employee,
    mentee: Employee,
    coordinator: Employee,
    admin: Employee,
) -> None:
    pair = _pair_with_a_past(organization, mentor, mentee)
    mail.outbox = []
    day = next_weekday()
    start = datetime.combine(day, time(14), ZoneInfo(LONDON)).astimezone(UTC)

    # The mentor proposes a meeting and writes a private note.
    page = sign_in(mentor)
    page.on("dialog", lambda dialog: dialog.accept())
    _propose_and_accept(page, site, pair, day.isoformat())
    page.goto(f"{site}/pairs/{pair.pk}/notes/")
    page.locator("#id_private-body").fill(PRIVATE)
    page.get_by_role("button", name="Save my private note").click()
    expect(page.get_by_role("status")).to_contain_text("only you can see it")
    _shoot(page, "notes-mentor")

    # ...and answers the first check-in from the home page.
    page.goto(f"{site}/")
    page.get_by_role("link", name="Check in").first.click()
    page.get_by_label("4 — Good").check()
    page.get_by_label("Yes, a good fit").check()
    page.get_by_role("button", name="Send my check-in").click()
    expect(page.get_by_text("Thank you: your coordinator has your answers.")).to_be_visible()
    _sign_out(page)

    # The mentee accepts the meeting, logs yesterday's, and asks, confidentially, for a change.
    sign_in(mentee)
    page.goto(f"{site}/pairs/{pair.pk}/meetings/")
    page.locator(".meeting").filter(has_text="A first post of your own").get_by_role(
        "button", name="Accept", exact=True
    ).click()
    expect(page.get_by_role("status")).to_contain_text("Confirmed")
    page.goto(f"{site}/")
    page.get_by_role("link", name="Log it").first.click()
    page.get_by_label("Yes, we met").check()
    page.get_by_label("How long did it last (minutes)?").fill("40")
    page.get_by_label("What did you talk about?").fill("When to post and how often.")
    page.get_by_role("button", name="Save the log").click()
    expect(page.get_by_role("status")).to_contain_text("logged")
    _shoot(page, "meetings-mentee")
    page.goto(f"{site}/pairs/{pair.pk}/notes/")
    expect(page.locator("main")).not_to_contain_text(PRIVATE)
    page.goto(f"{site}/pairs/{pair.pk}/")
    page.get_by_role("link", name="Ask the coordinators, confidentially").click()
    page.get_by_label("Change something about the pair").check()
    page.get_by_label("Our schedules don't work together").check()
    page.get_by_label("In your own words (optional)").fill(CONFIDENTIAL)
    page.get_by_role("button", name="Send to the coordinators").click()
    expect(page.get_by_text("Waiting for a coordinator")).to_be_visible()
    _sign_out(page)

    # Both received the invitation, at the right UTC time.
    meeting = Meeting.objects.get(pair=pair, starts_at=start)
    assert meeting.status == MeetingStatus.CONFIRMED
    for someone in (mentor, mentee):
        found = invitations_to(someone.email)
        assert [calendar["METHOD"] for _message, calendar in found] == ["REQUEST", "REQUEST"]
        for _message, calendar in found:
            assert only_event(calendar)["DTSTART"].dt == start
    logged = Meeting.objects.get(pair=pair, topics="When to post and how often.")
    assert (logged.status, logged.held_minutes) == (MeetingStatus.HELD, 40)

    # The partner sees no trace of the request, nor the private note.
    sign_in(mentor)
    for path in ("/", f"/pairs/{pair.pk}/", "/pairs/safety/requests/"):
        page.goto(f"{site}{path}")
        expect(page.locator("main")).not_to_contain_text(CONFIDENTIAL)
        expect(page.locator("main")).not_to_contain_text("Our schedules don't work together")
    expect(page.locator("main")).to_contain_text("You have sent no request")
    _sign_out(page)

    # The admin sees no private note either.
    sign_in(admin)
    for path in (f"/pairs/{pair.pk}/", f"/pairs/{pair.pk}/notes/", f"/pairs/{pair.pk}/health/"):
        page.goto(f"{site}{path}")
        expect(page.locator("body")).not_to_contain_text(PRIVATE)
    _sign_out(page)

    # The coordinator: the rating on the health board, the request, the close and the rematch.
    sign_in(coordinator)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{site}/pairs/programs/{pair.program_id}/health/")
    row = page.locator("tr").filter(has_text=mentor.display_name)
    expect(row).to_contain_text("Mentor: 4/5")
    _shoot(page, "board-coordinator")
    for path in (f"/pairs/{pair.pk}/", f"/pairs/{pair.pk}/notes/", f"/pairs/{pair.pk}/health/"):
        page.goto(f"{site}{path}")
        expect(page.locator("body")).not_to_contain_text(PRIVATE)
    request = SafetyRequest.objects.get(pair=pair)
    page.goto(f"{site}" + reverse("relationships:program_safety_requests", args=[pair.program_id]))
    page.locator(f"a[href='/pairs/safety/requests/{request.pk}/']").first.click()
    expect(page.locator("main")).to_contain_text(CONFIDENTIAL)
    _shoot(page, "request-coordinator")
    page.get_by_role("button", name="Close the pair").click()
    page.get_by_role("link", name="Rematch…").click()
    page.get_by_role("button", name="Pair Martin Senior with Priya Spare").click()
    _shoot(page, "rematched-coordinator")
    _sign_out(page)

    pair.refresh_from_db()
    assert pair.status == PairStatus.CLOSED
    request.refresh_from_db()
    assert request.status == SafetyStatus.RESOLVED
    new = Pair.objects.filter(OPEN_PAIR, mentee=mentee).get()
    assert new.mentor.email == "priya@acme.example"
    assert PrivateNote.objects.get(pair=pair, author=mentor).body == PRIVATE
