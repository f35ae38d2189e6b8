"""Every way a pair ends takes its future meetings out of both calendars (one METHOD:CANCEL
invitation per meeting, same UID, SEQUENCE up), leaves past meetings as they were, asks the
closing check-in, and leaves the pair's record read-only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from remento.core.errors import ServiceError
from remento.core.models import AuditEvent
from remento.people.models import Employee
from remento.people.services.personal_data import leavers_offboard
from remento.programs.models import Status
from remento.programs.services.lifecycle import program_transition
from remento.relationships.checkins.models import CheckIn, CheckInKind
from remento.relationships.goals.services import goal_create, goal_update, milestone_toggle
from remento.relationships.meetings.calendar import meeting_uid
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.meetings.services import (
    meeting_accept,
    meeting_cancel,
    meeting_counter,
    meeting_decline,
    meeting_log,
    meeting_propose,
    meetings_cancel_for_closed_pair,
)
from remento.relationships.models import Pair, PairStatus
from remento.relationships.notes.services import (
    action_item_create,
    action_item_toggle,
    private_note_save,
    shared_note_save,
)
from remento.relationships.services import pair_close
from tests.factories import user_of
from tests.relationships.meetings.conftest import past_meeting
from tests.relationships.meetings.helpers import invitations_to, only_event

Propose = Callable[..., list[Meeting]]


@pytest.fixture
def planned(active_pair: Pair, propose: Propose) -> list[Meeting]:
    """Two future meetings (one confirmed, one proposed) and a past one to log."""
    first, second = propose(day=date(2031, 6, 10), at=time(9, 0), occurrences=2)
    meeting_accept(actor=user_of(active_pair.mentee), meeting=first)
    past_meeting(active_pair)
    mail.outbox = []
    for meeting in (first, second):
        meeting.refresh_from_db()
    return [first, second]


def _cancellations(pair: Pair, person: Employee) -> list[Any]:
    return [
        (message, calendar)
        for message, calendar in invitations_to(person.email)
        if calendar.get("method") == "CANCEL"
    ]


def _assert_cancelled(pair: Pair, meetings: list[Meeting], *, told: list[Employee]) -> None:
    for meeting in meetings:
        before = meeting.sequence
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.CANCELLED
        assert meeting.cancelled_by is None  # nobody to blame in the pair's health
        assert meeting.sequence == before + 1
    past = Meeting.objects.get(pair=pair, starts_at__lt=meetings[0].starts_at, series=None)
    assert past.status == MeetingStatus.CONFIRMED
    for person in told:
        cancelled = _cancellations(pair, person)
        assert len(cancelled) == len(meetings)
        message = cancelled[0][0]
        assert "your pair has ended" in message.subject
        uids = {str(only_event(calendar)["uid"]) for _, calendar in cancelled}
        assert uids == {meeting_uid(m) for m in meetings}
        for _, calendar in cancelled:
            assert str(only_event(calendar)["status"]) == "CANCELLED"


def _closing_checkins(pair: Pair) -> set[int]:
    return set(
        CheckIn.objects.filter(pair=pair, kind=CheckInKind.CLOSING).values_list(
            "employee_id", flat=True
        )
    )


def test_closing_a_pair_cancels_its_future_meetings_in_both_calendars(
    active_pair: Pair, planned: list[Meeting], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        pair_close(actor=user_of(active_pair.mentor), pair=active_pair, reason="We are done.")
    _assert_cancelled(active_pair, planned, told=[active_pair.mentor, active_pair.mentee])
    event = AuditEvent.objects.get(verb="meeting.cancel_pair_closed")
    assert event.data == {"meetings": [m.pk for m in planned]}
    assert _closing_checkins(active_pair) == {active_pair.mentor_id, active_pair.mentee_id}


def test_the_cancelling_email_gives_each_meeting_its_own_place_and_agenda(
    active_pair: Pair, propose: Propose, django_capture_on_commit_callbacks: Any
) -> None:
    propose(day=date(2031, 6, 10), at=time(9, 0), location="Room 4.2", agenda="Posting.")
    propose(day=date(2031, 6, 17), at=time(9, 0), location="", video_url="", agenda="")
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        pair_close(actor=user_of(active_pair.mentor), pair=active_pair, reason="We are done.")
    [(message, _calendar), _second] = _cancellations(active_pair, active_pair.mentee)
    body = message.body
    first = "- Tuesday 10 June 2031, 04:00–05:00 (America/New_York) — cancelled\n"
    assert f"{first}  Place: Room 4.2\n  Video link: https://meet.example/abc\n" in body
    second = "- Tuesday 17 June 2031, 04:00–05:00 (America/New_York) — cancelled\n"
    assert f"  Agenda: Posting.\n{second}\n" in body
    assert "\nPlace:" not in body  # no place shown once as if both meetings had it
    html = message.alternatives[0][0]  # type: ignore[attr-defined]
    assert "(America/New_York) — cancelled<br>Place: Room 4.2<br>" in html


def test_a_series_shows_its_place_once(
    active_pair: Pair, planned: list[Meeting], django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(actor=user_of(active_pair.mentor), meeting=planned[0], whole_series=True)
    [(message, _calendar), *_rest] = invitations_to(active_pair.mentee.email)
    assert message.body.count("Place: Room 4.2") == 1


def test_a_coordinators_neutral_close_cancels_them_with_a_neutral_email(
    active_pair: Pair,
    planned: list[Meeting],
    coordinator: Employee,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        pair_close(
            actor=user_of(coordinator), pair=active_pair, reason="Thank you both.", neutral=True
        )
    _assert_cancelled(active_pair, planned, told=[active_pair.mentor, active_pair.mentee])
    for message in mail.outbox:
        assert coordinator.display_name not in message.body
    closed = [m for m in mail.outbox if "has ended" in m.subject and not m.attachments]
    assert len(closed) == 2
    assert all("Thank you both." in m.body for m in closed)


def test_only_a_coordinator_closes_neutrally(active_pair: Pair) -> None:
    with pytest.raises(PermissionDenied):
        pair_close(actor=user_of(active_pair.mentor), pair=active_pair, reason="x", neutral=True)


def test_a_program_that_closes_cancels_its_pairs_meetings(
    active_pair: Pair,
    planned: list[Meeting],
    coordinator: Employee,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        program_transition(
            actor=user_of(coordinator), program=active_pair.program, to=Status.CLOSED
        )
    active_pair.refresh_from_db()
    assert active_pair.status == PairStatus.CLOSED
    _assert_cancelled(active_pair, planned, told=[active_pair.mentor, active_pair.mentee])
    assert _closing_checkins(active_pair) == {active_pair.mentor_id, active_pair.mentee_id}


def test_a_leaver_s_pair_cancels_the_meetings_for_the_partner_who_stays(
    active_pair: Pair, planned: list[Meeting], django_capture_on_commit_callbacks: Any
) -> None:
    leaver, stays = active_pair.mentee, active_pair.mentor
    Employee.objects.filter(pk=leaver.pk).update(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        leavers_offboard(
            actor=None,
            organization=active_pair.program.organization,
            employee_pks=[leaver.pk],
            now=planned[0].created_at,
        )
    active_pair.refresh_from_db()
    assert active_pair.status == PairStatus.CLOSED
    _assert_cancelled(active_pair, planned, told=[stays])
    assert not [m for m in mail.outbox if leaver.email in m.to]
    assert _closing_checkins(active_pair) == {stays.pk}


def test_cancelling_reads_and_writes_the_meetings_in_bulk(
    active_pair: Pair, planned: list[Meeting], django_assert_num_queries: Any
) -> None:
    """One select, one update, one audit insert and the time zones for the emails (inside
    two savepoints, four statements): the same for any number of meetings."""
    Pair.objects.filter(pk=active_pair.pk).update(status=PairStatus.CLOSED)
    pair = Pair.objects.select_related("program", "mentor", "mentee").get(pk=active_pair.pk)
    with django_assert_num_queries(8):
        cancelled = meetings_cancel_for_closed_pair(actor=None, pair=pair)
    assert len(cancelled) == 2


def test_an_open_pair_s_meetings_are_not_cancelled_for_it(active_pair: Pair) -> None:
    with pytest.raises(ValueError, match="closed"):
        meetings_cancel_for_closed_pair(actor=None, pair=active_pair)


def test_a_closed_pair_s_record_is_read_only_for_both(
    active_pair: Pair, planned: list[Meeting]
) -> None:
    """Every write of the pair's workspace refuses once the pair has ended."""
    mentee = active_pair.mentee
    actor = user_of(mentee)
    goal = goal_create(actor=actor, pair=active_pair, title="Post weekly", milestones=["First"])
    item = action_item_create(
        actor=actor, pair=active_pair, title="Draft a post", owner=mentee, due_date=None
    )
    past = Meeting.objects.get(pair=active_pair, status=MeetingStatus.CONFIRMED, series=None)
    pair_close(actor=actor, pair=active_pair, reason="Goals reached.")
    writes: list[Callable[[], object]] = [
        lambda: goal_create(actor=actor, pair=active_pair, title="More"),
        lambda: goal_update(
            actor=actor,
            goal=goal,
            title="Changed",
            detail="",
            target_date=None,
            progress=50,
            milestones=["First"],
        ),
        lambda: milestone_toggle(actor=actor, milestone=goal.milestones.get(), done=True),
        lambda: shared_note_save(actor=actor, pair=active_pair, body="more"),
        lambda: private_note_save(actor=actor, pair=active_pair, body="more"),
        lambda: action_item_toggle(actor=actor, item=item, done=True),
        lambda: meeting_propose(
            actor=actor, pair=active_pair, day=date(2031, 7, 1), at=time(9), duration_minutes=30
        ),
        lambda: meeting_counter(
            actor=actor, meeting=planned[1], day=date(2031, 7, 1), at=time(9), duration_minutes=30
        ),
        lambda: meeting_decline(actor=actor, meeting=planned[1]),
        lambda: meeting_cancel(actor=actor, meeting=planned[0]),
        lambda: meeting_log(actor=actor, meeting=past, held=True, held_minutes=30),
    ]
    for write in writes:
        with pytest.raises(ServiceError):
            write()
