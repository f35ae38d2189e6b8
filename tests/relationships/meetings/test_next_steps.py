"""The home page asks to answer a partner's proposal and to log a meeting that ended."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from typing import Any

from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.meetings.next_steps import meetings_home
from remento.relationships.models import Pair, PairStatus
from tests.relationships.meetings.conftest import past_meeting


def test_partner_is_asked_to_answer_and_the_proposer_is_not(
    active_pair: Pair, propose: Callable[..., list[Meeting]], django_assert_num_queries: Any
) -> None:
    propose(day=date(2031, 6, 10), at=time(9, 0), occurrences=2)
    with django_assert_num_queries(1):
        steps = meetings_home(active_pair.mentee).steps
    # Each proposal of a series says which meeting it is, in the mentee's zone (New York).
    assert [s.title for s in steps] == [
        "Answer Maya Junior's meeting proposal for Tuesday 10 Jun, 04:00",
        "Answer Maya Junior's meeting proposal for Tuesday 17 Jun, 04:00",
    ]
    assert steps[0].url == f"/pairs/{active_pair.pk}/meetings/"
    assert meetings_home(active_pair.mentor).steps == []


def test_both_are_asked_to_log_yesterdays_meeting_until_one_does(active_pair: Pair) -> None:
    meeting = past_meeting(active_pair, days_ago=1)
    for person in (active_pair.mentor, active_pair.mentee):
        [step] = meetings_home(person).steps
        assert step.title == "Log yesterday's meeting"
        assert step.url.endswith(f"/meetings/{meeting.pk}/log/")
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD, held_minutes=30)
    assert meetings_home(active_pair.mentor).steps == []


def test_nothing_for_a_closed_pair(active_pair: Pair) -> None:
    past_meeting(active_pair, days_ago=1)
    Pair.objects.filter(pk=active_pair.pk).update(status=PairStatus.CLOSED)
    assert meetings_home(active_pair.mentor).steps == []
