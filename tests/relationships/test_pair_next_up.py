"""The top of an active pair's page says what to do next: for one of the pair, a proposal
to answer, a meeting to log, their own check-in, then the next meeting or a nudge to propose
one; for a coordinator, meeting dates only. Queries do not grow with the meetings."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from remento.people.models import Employee
from remento.relationships.checkins.models import CheckInStatus
from remento.relationships.meetings.models import MeetingStatus
from remento.relationships.models import Pair
from remento.relationships.overview import pair_next_up
from tests.relationships.health.conftest import checkin, meeting, start


def _lines(pair: Pair, viewer: Employee, member: bool = True) -> list[tuple[str, str]]:
    return [
        (line.action, line.text) for line in pair_next_up(pair=pair, viewer=viewer, member=member)
    ]


def test_a_new_pair_with_no_meeting_is_asked_to_propose_one(pair: Pair, mentor: Employee) -> None:
    start(pair, days_ago=2)
    [(action, text)] = _lines(pair, mentor)
    assert action == "Propose a meeting"
    assert "you agreed to meet every 2 weeks" in text


def test_the_partners_proposal_comes_first_and_the_proposer_waits(
    pair: Pair, mentor: Employee, mentee: Employee
) -> None:
    start(pair, days_ago=20)
    meeting(pair, days_ago=-3, status=MeetingStatus.PROPOSED, proposed_by=mentee)
    [(action, text)] = _lines(pair, mentor)
    assert action == "Answer"
    assert text.startswith("Martin Senior proposed a meeting on ")
    [(action, text)] = _lines(pair, mentee)
    assert action == "See the meetings"
    assert text.startswith("Waiting for Maya Junior to answer your proposal")


def test_a_meeting_to_log_and_an_open_checkin_come_before_the_next_meeting(
    pair: Pair, mentor: Employee, mentee: Employee
) -> None:
    start(pair, days_ago=30)
    ended = meeting(pair, days_ago=2, status=MeetingStatus.CONFIRMED)
    meeting(pair, days_ago=-5, status=MeetingStatus.CONFIRMED, location="Room 4")
    now = timezone.now()
    checkin(
        pair,
        mentor,
        status=CheckInStatus.OPEN,
        answered_at=None,
        opened_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=4),
    )
    lines = pair_next_up(pair=pair, viewer=mentor, member=True)
    assert [line.action for line in lines] == ["Log it", "Check in", "See the meetings"]
    assert lines[0].url == reverse("relationships:meetings:log", args=[pair.pk, ended.pk])
    assert "45 minutes (Room 4)" in lines[2].text
    # The mentee's check-in is theirs alone: not on the mentee's list, nor the coordinator's.
    assert [action for action, _ in _lines(pair, mentee)] == ["Log it", "See the meetings"]


def test_a_coordinator_sees_dates_only(
    pair: Pair, mentor: Employee, coordinator: Employee, coordinator_client: Client
) -> None:
    start(pair, days_ago=30)
    meeting(pair, days_ago=12, topics="Private topics")
    meeting(pair, days_ago=-3, status=MeetingStatus.CONFIRMED, location="Secret room")
    [(_action, text)] = _lines(pair, coordinator, member=False)
    assert text.startswith("Last met 12 days ago")
    assert "next meeting confirmed for" in text
    page = coordinator_client.get(reverse("relationships:pair_detail", args=[pair.pk]))
    body = page.content.decode()
    assert "Meetings at a glance" in body
    assert "Secret room" not in body
    assert "Private topics" not in body


def test_the_panel_opens_the_page_and_is_absent_before_the_start(
    pair: Pair, mentor_client: Client
) -> None:
    url = reverse("relationships:pair_detail", args=[pair.pk])
    assert "What's next" not in mentor_client.get(url).content.decode()
    start(pair, days_ago=2)
    body = mentor_client.get(url).content.decode()
    assert body.index("What's next") < body.index("The two of you")


def test_the_pair_page_queries_do_not_grow_with_meetings(
    pair: Pair,
    mentor: Employee,
    mentee: Employee,
    mentor_client: Client,
    django_assert_max_num_queries: Any,
) -> None:
    start(pair, days_ago=60)
    url = reverse("relationships:pair_detail", args=[pair.pk])
    meeting(pair, days_ago=40)
    with CaptureQueriesContext(connection) as first:
        mentor_client.get(url)
    for days in range(1, 10):
        meeting(pair, days_ago=days * 3, status=MeetingStatus.CONFIRMED)
        meeting(pair, days_ago=-days, status=MeetingStatus.PROPOSED, proposed_by=mentee)
    with django_assert_max_num_queries(len(first.captured_queries)):
        mentor_client.get(url)
