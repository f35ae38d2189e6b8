"""Logging a meeting as held (real length, topics) or missed (by whom)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from remento.core.errors import FieldErrors, ServiceError
from remento.people.models import Employee
from remento.relationships.meetings.models import Meeting, MeetingStatus, MissedBy
from remento.relationships.meetings.services import meeting_log
from remento.relationships.models import Pair, PairStatus
from tests.factories import user_of
from tests.relationships.meetings.conftest import past_meeting


def test_either_person_logs_a_held_meeting(active_pair: Pair) -> None:
    meeting = past_meeting(active_pair)
    meeting_log(
        actor=user_of(active_pair.mentee),
        meeting=meeting,
        held=True,
        held_minutes=50,
        topics="  LinkedIn posts and the new intranet.  ",
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert meeting.held_minutes == 50
    assert meeting.topics == "LinkedIn posts and the new intranet."
    assert meeting.logged_by == active_pair.mentee
    assert not mail.outbox


def test_a_missed_meeting_says_by_whom_and_can_be_corrected(active_pair: Pair) -> None:
    meeting = past_meeting(active_pair)
    with pytest.raises(FieldErrors) as refused:
        meeting_log(actor=user_of(active_pair.mentor), meeting=meeting, held=False)
    assert "missed_by" in refused.value.errors
    meeting_log(
        actor=user_of(active_pair.mentor), meeting=meeting, held=False, missed_by=MissedBy.MENTEE
    )
    meeting.refresh_from_db()
    assert (meeting.status, meeting.missed_by) == (MeetingStatus.MISSED, "mentee")
    meeting_log(actor=user_of(active_pair.mentee), meeting=meeting, held=True, held_minutes=20)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.missed_by, meeting.held_minutes) == ("held", "", 20)


def test_a_held_meeting_needs_its_length(active_pair: Pair) -> None:
    with pytest.raises(FieldErrors) as refused:
        meeting_log(actor=user_of(active_pair.mentor), meeting=past_meeting(active_pair), held=True)
    assert "held_minutes" in refused.value.errors


def test_a_future_or_unconfirmed_meeting_cannot_be_logged(
    active_pair: Pair, propose: Callable[..., list[Meeting]]
) -> None:
    [future] = propose()
    with pytest.raises(ServiceError):
        meeting_log(actor=user_of(active_pair.mentor), meeting=future, held=True, held_minutes=30)
    cancelled = past_meeting(active_pair, status=MeetingStatus.CANCELLED)
    with pytest.raises(ServiceError, match="confirmed"):
        meeting_log(
            actor=user_of(active_pair.mentor), meeting=cancelled, held=True, held_minutes=30
        )


@pytest.mark.parametrize("who", ["coordinator", "admin", "stranger"])
def test_only_the_pair_logs(active_pair: Pair, who: str, request: pytest.FixtureRequest) -> None:
    person: Employee = request.getfixturevalue(who)
    meeting = past_meeting(active_pair)
    with pytest.raises(PermissionDenied):
        meeting_log(actor=user_of(person), meeting=meeting, held=True, held_minutes=30)


def test_a_closed_pair_cannot_log(active_pair: Pair) -> None:
    meeting = past_meeting(active_pair)
    Pair.objects.filter(pk=active_pair.pk).update(status=PairStatus.CLOSED)
    with pytest.raises(ServiceError, match="closed"):
        meeting_log(actor=user_of(active_pair.mentor), meeting=meeting, held=True, held_minutes=30)
