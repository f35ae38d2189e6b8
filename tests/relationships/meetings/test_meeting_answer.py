"""Answering a proposal: the partner accepts, proposes another time or declines; either
person cancels. Each change emails both and bumps the SEQUENCE."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from remento.core.errors import FieldErrors, ServiceError
from remento.core.models import AuditEvent
from remento.people.models import Employee
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.meetings.services import (
    meeting_accept,
    meeting_cancel,
    meeting_counter,
    meeting_decline,
)
from remento.relationships.models import Pair, PairStatus
from tests.factories import user_of
from tests.relationships.meetings.conftest import past_meeting

Propose = Callable[..., list[Meeting]]


@pytest.fixture
def proposed(propose: Propose) -> Meeting:
    [meeting] = propose(day=date(2031, 6, 10), at=time(9, 0))
    mail.outbox = []
    return meeting


def test_partner_accepts(
    active_pair: Pair, proposed: Meeting, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        meeting_accept(actor=user_of(active_pair.mentee), meeting=proposed)
    proposed.refresh_from_db()
    assert proposed.status == MeetingStatus.CONFIRMED
    assert proposed.answered_by == active_pair.mentee
    assert proposed.sequence == 1
    assert len(mail.outbox) == 2
    assert {m.subject for m in mail.outbox} == {
        "You accepted: meeting confirmed",
        "Martin Senior accepted: meeting confirmed",
    }
    assert AuditEvent.objects.filter(verb="meeting.accept").count() == 1


def test_proposer_cannot_accept_their_own_time(active_pair: Pair, proposed: Meeting) -> None:
    with pytest.raises(ServiceError, match="your partner answers"):
        meeting_accept(actor=user_of(active_pair.mentor), meeting=proposed)


def test_partner_proposes_another_time_which_goes_back_to_the_first(
    active_pair: Pair, proposed: Meeting, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        meeting_counter(
            actor=user_of(active_pair.mentee),
            meeting=proposed,
            day=date(2031, 6, 11),
            at=time(10, 0),
            duration_minutes=30,
        )
    proposed.refresh_from_db()
    assert proposed.status == MeetingStatus.PROPOSED
    assert proposed.proposed_by == active_pair.mentee
    assert proposed.organizer == active_pair.mentor
    assert proposed.starts_at == datetime(2031, 6, 11, 14, 0, tzinfo=UTC)  # 10:00 EDT
    assert proposed.timezone == "America/New_York"
    to_mentor = next(m for m in mail.outbox if m.to == ["maya@acme.example"])
    assert to_mentor.subject == "Martin Senior proposes another time"
    assert "Wednesday 11 June 2031, 15:00–15:30 (Europe/London)" in to_mentor.body
    # Now the mentor answers, and the mentee no longer can.
    with pytest.raises(ServiceError):
        meeting_accept(actor=user_of(active_pair.mentee), meeting=proposed)
    meeting_accept(actor=user_of(active_pair.mentor), meeting=proposed)
    proposed.refresh_from_db()
    assert proposed.status == MeetingStatus.CONFIRMED
    assert proposed.sequence == 2


def test_counter_needs_a_future_time(active_pair: Pair, proposed: Meeting) -> None:
    with pytest.raises(FieldErrors) as refused:
        meeting_counter(
            actor=user_of(active_pair.mentee),
            meeting=proposed,
            day=date(2020, 1, 1),
            at=time(10, 0),
            duration_minutes=30,
        )
    assert "day" in refused.value.errors


def test_moving_a_meeting_to_the_time_it_has_is_refused(
    active_pair: Pair, proposed: Meeting
) -> None:
    with pytest.raises(FieldErrors) as refused:
        meeting_counter(
            actor=user_of(active_pair.mentee),
            meeting=proposed,
            day=date(2031, 6, 10),
            at=time(4, 0),  # 09:00 in London is 04:00 in New York
            duration_minutes=proposed.duration_minutes,
        )
    assert refused.value.errors == {"day": "That is the meeting's time already: choose another."}
    proposed.refresh_from_db()
    assert proposed.sequence == 0
    assert not mail.outbox


def test_a_time_that_overlaps_another_meeting_of_the_pair_is_refused(
    active_pair: Pair, proposed: Meeting, propose: Propose
) -> None:
    with pytest.raises(FieldErrors) as refused:
        propose(day=date(2031, 6, 10), at=time(9, 30))
    assert refused.value.errors == {
        "day": "This overlaps your meeting of Tuesday 10 June 2031, 09:00: choose another time."
    }
    [later] = propose(day=date(2031, 6, 10), at=time(10, 0))  # right after it: fine
    with pytest.raises(FieldErrors) as moved:
        meeting_counter(
            actor=user_of(active_pair.mentee),
            meeting=later,
            day=date(2031, 6, 10),
            at=time(3, 30),  # 08:30 in London, into the meeting of 09:00
            duration_minutes=60,
        )
    assert moved.value.errors == {
        "day": "This overlaps your meeting of Tuesday 10 June 2031, 04:00: choose another time."
    }
    assert Meeting.objects.count() == 2


def test_partner_declines_and_both_get_a_cancellation(
    active_pair: Pair, proposed: Meeting, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        meeting_decline(actor=user_of(active_pair.mentee), meeting=proposed)
    proposed.refresh_from_db()
    assert proposed.status == MeetingStatus.DECLINED
    assert len(mail.outbox) == 2
    assert all(m.attachments[0][2] == "text/calendar; method=CANCEL" for m in mail.outbox)


def test_either_person_cancels_and_it_is_recorded_who(
    active_pair: Pair, proposed: Meeting, django_capture_on_commit_callbacks: Any
) -> None:
    meeting_accept(actor=user_of(active_pair.mentee), meeting=proposed)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(actor=user_of(active_pair.mentee), meeting=proposed)
    proposed.refresh_from_db()
    assert proposed.status == MeetingStatus.CANCELLED
    assert proposed.cancelled_by == active_pair.mentee
    assert proposed.cancelled_at is not None
    with pytest.raises(ServiceError, match="cancelled already"):
        meeting_cancel(actor=user_of(active_pair.mentor), meeting=proposed)


def test_accepting_or_cancelling_a_whole_series(
    active_pair: Pair, propose: Propose, django_capture_on_commit_callbacks: Any
) -> None:
    first, second, third = propose(day=date(2031, 6, 10), occurrences=3)
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        accepted = meeting_accept(
            actor=user_of(active_pair.mentee), meeting=first, whole_series=True
        )
    assert {m.pk for m in accepted} == {first.pk, second.pk, third.pk}
    assert len(mail.outbox) == 2
    assert len(mail.outbox[0].attachments) == 3
    cancelled = meeting_cancel(actor=user_of(active_pair.mentor), meeting=second, whole_series=True)
    assert {m.pk for m in cancelled} == {second.pk, third.pk}
    first.refresh_from_db()
    assert first.status == MeetingStatus.CONFIRMED


def test_a_meeting_that_started_cannot_be_cancelled(active_pair: Pair) -> None:
    meeting = past_meeting(active_pair)
    with pytest.raises(ServiceError, match="log it"):
        meeting_cancel(actor=user_of(active_pair.mentor), meeting=meeting)


@pytest.mark.parametrize("who", ["coordinator", "admin", "stranger"])
@pytest.mark.parametrize("service", ["accept", "decline", "cancel", "counter"])
def test_only_the_pair_answers(
    proposed: Meeting, who: str, service: str, request: pytest.FixtureRequest
) -> None:
    person: Employee = request.getfixturevalue(who)
    calls: dict[str, Callable[[], object]] = {
        "accept": lambda: meeting_accept(actor=user_of(person), meeting=proposed),
        "decline": lambda: meeting_decline(actor=user_of(person), meeting=proposed),
        "cancel": lambda: meeting_cancel(actor=user_of(person), meeting=proposed),
        "counter": lambda: meeting_counter(
            actor=user_of(person),
            meeting=proposed,
            day=date(2031, 7, 1),
            at=time(9),
            duration_minutes=30,
        ),
    }
    with pytest.raises(PermissionDenied):
        calls[service]()
    proposed.refresh_from_db()
    assert proposed.status == MeetingStatus.PROPOSED
    assert proposed.sequence == 0


def test_a_closed_pair_is_read_only(active_pair: Pair, proposed: Meeting) -> None:
    Pair.objects.filter(pk=active_pair.pk).update(status=PairStatus.CLOSED)
    with pytest.raises(ServiceError, match="closed"):
        meeting_accept(actor=user_of(active_pair.mentee), meeting=proposed)
    with pytest.raises(ServiceError, match="closed"):
        meeting_cancel(actor=user_of(active_pair.mentor), meeting=proposed)
