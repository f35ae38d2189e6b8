"""The per-pair meeting summary that the health board reads, for many pairs at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.meetings.selectors import meeting_summaries, meetings_of_pair
from remento.relationships.models import Pair, PairSource
from tests.factories import employee_with_login
from tests.relationships.builders import enroll
from tests.relationships.meetings.conftest import past_meeting


def _other_pair(program: Any, organization: Any, n: int) -> Pair:
    a = employee_with_login(organization=organization, email=f"a{n}@acme.example", level=2)
    b = employee_with_login(organization=organization, email=f"b{n}@acme.example", level=8)
    enroll(program, a, "mentor")
    enroll(program, b, "mentee")
    return Pair.objects.create(program=program, mentor=a, mentee=b, source=PairSource.BULK)


def test_summaries_in_two_queries_whatever_the_number_of_pairs(
    active_pair: Pair,
    propose: Callable[..., list[Meeting]],
    program: Any,
    organization: Any,
    django_assert_num_queries: Any,
) -> None:
    upcoming = propose(occurrences=2)
    old_held = past_meeting(active_pair, days_ago=20, status=MeetingStatus.HELD)
    last_held = past_meeting(active_pair, days_ago=6, status=MeetingStatus.HELD)
    past_meeting(active_pair, days_ago=13, status=MeetingStatus.MISSED)
    past_meeting(active_pair, days_ago=9, status=MeetingStatus.CANCELLED)
    past_meeting(active_pair, days_ago=1, status=MeetingStatus.CONFIRMED)
    others = [_other_pair(program, organization, n) for n in range(5)]
    past_meeting(others[0], days_ago=2, status=MeetingStatus.HELD)
    with django_assert_num_queries(2):
        summaries = meeting_summaries(pair_ids=[active_pair.pk, *(p.pk for p in others)])
    mine = summaries[active_pair.pk]
    assert mine.next_meeting == upcoming[0]
    assert mine.last_held == last_held != old_held
    assert (mine.held, mine.missed, mine.cancelled, mine.planned) == (2, 1, 1, 4)
    assert summaries[others[1].pk].next_meeting is None
    assert summaries[others[1].pk].held == 0
    assert summaries[others[0].pk].held == 1


def test_meetings_of_pair_splits_upcoming_and_past(
    active_pair: Pair, propose: Callable[..., list[Meeting]], django_assert_num_queries: Any
) -> None:
    [future] = propose()
    to_log = past_meeting(active_pair, days_ago=1)
    held = past_meeting(active_pair, days_ago=8, status=MeetingStatus.HELD)
    with django_assert_num_queries(1):
        split = meetings_of_pair(pair=active_pair)
        assert [m.pk for m in split.upcoming] == [future.pk]
        assert [m.pk for m in split.past] == [to_log.pk, held.pk]
        assert [m.pk for m in split.to_log] == [to_log.pk]
        assert split.past[0].pair.mentor.display_name
