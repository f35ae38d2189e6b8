"""Proposing a meeting or a series: only the pair's two people of an active pair; times in
the proposer's zone; a weekly series keeps its wall-clock time across DST changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from remento.core.errors import FieldErrors, ServiceError
from remento.core.models import AuditEvent
from remento.people.models import Employee
from remento.relationships.meetings.checks import outside_working_day
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.meetings.services import meeting_propose
from remento.relationships.models import Pair, PairAgreement, PairStatus
from tests.factories import user_of
from tests.relationships.meetings.conftest import next_weekday
from tests.relationships.meetings.helpers import invitations_to, only_event

Propose = Callable[..., list[Meeting]]


def test_mentor_proposes_and_both_get_the_invitation(active_pair: Pair, propose: Propose) -> None:
    [meeting] = propose(day=date(2031, 6, 10), at=time(9, 0))
    assert meeting.status == MeetingStatus.PROPOSED
    assert meeting.proposed_by == active_pair.mentor
    assert meeting.organizer == active_pair.mentor
    assert meeting.timezone == "Europe/London"
    # 09:00 in London in June (BST) is 08:00 UTC.
    assert meeting.starts_at == datetime(2031, 6, 10, 8, 0, tzinfo=UTC)
    assert sorted(m.to[0] for m in mail.outbox) == ["martin@acme.example", "maya@acme.example"]
    to_mentee = next(m for m in mail.outbox if m.to == ["martin@acme.example"])
    assert to_mentee.subject == "Maya Junior proposes a meeting"
    # The mentee reads it in New York time: 04:00.
    assert "Tuesday 10 June 2031, 04:00–05:00 (America/New_York)" in to_mentee.body
    assert "04:00" in to_mentee.alternatives[0][0]  # type: ignore[attr-defined]
    assert AuditEvent.objects.filter(verb="meeting.propose", target_id=str(meeting.pk)).exists()


def test_mentee_proposes_in_new_york_time(active_pair: Pair, propose: Propose) -> None:
    [meeting] = propose(by=active_pair.mentee, day=date(2031, 1, 14), at=time(9, 0))
    assert meeting.timezone == "America/New_York"
    assert meeting.starts_at == datetime(2031, 1, 14, 14, 0, tzinfo=UTC)


def _series_utc(meetings: list[Meeting]) -> list[datetime]:
    return [m.starts_at.astimezone(UTC) for m in meetings]


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[arg-type,misc]


def test_weekly_series_in_london_keeps_nine_oclock_across_both_dst_changes(
    propose: Propose,
) -> None:
    spring = propose(day=date(2031, 3, 18), at=time(9, 0), occurrences=3)
    assert _series_utc(spring) == [
        utc(2031, 3, 18, 9, 0),  # GMT
        utc(2031, 3, 25, 9, 0),  # GMT
        utc(2031, 4, 1, 8, 0),  # BST after the last Sunday of March
    ]
    autumn = propose(day=date(2031, 10, 14), at=time(9, 0), occurrences=3)
    assert _series_utc(autumn) == [
        utc(2031, 10, 14, 8, 0),  # BST
        utc(2031, 10, 21, 8, 0),  # BST
        utc(2031, 10, 28, 9, 0),  # GMT after the last Sunday of October
    ]
    assert len({m.series for m in spring}) == 1
    assert [m.series_position for m in spring] == [1, 2, 3]


def test_weekly_series_in_new_york_keeps_nine_oclock_across_both_dst_changes(
    active_pair: Pair, propose: Propose
) -> None:
    spring = propose(by=active_pair.mentee, day=date(2031, 3, 4), at=time(9, 0), occurrences=2)
    assert _series_utc(spring) == [utc(2031, 3, 4, 14, 0), utc(2031, 3, 11, 13, 0)]
    autumn = propose(by=active_pair.mentee, day=date(2031, 10, 28), at=time(9, 0), occurrences=2)
    assert _series_utc(autumn) == [utc(2031, 10, 28, 13, 0), utc(2031, 11, 4, 14, 0)]


def test_a_time_the_clocks_skip_is_refused_with_the_reason(propose: Propose) -> None:
    # London's clocks go from 01:00 to 02:00 on Sunday 30 March 2031: 01:30 never happens.
    with pytest.raises(FieldErrors) as refused:
        propose(day=date(2031, 3, 30), at=time(1, 30))
    assert refused.value.errors == {
        "at": "There is no 01:30 on 30 March 2031 in Europe/London: the clocks go forward "
        "that night. Choose another time."
    }
    assert not Meeting.objects.exists()
    assert not mail.outbox
    # The hour repeated in autumn exists (its first time is taken).
    [meeting] = propose(day=date(2031, 10, 26), at=time(1, 30))
    assert meeting.starts_at == utc(2031, 10, 26, 0, 30)


def test_series_sends_one_email_each_with_one_invitation_per_meeting(
    active_pair: Pair, propose: Propose
) -> None:
    meetings = propose(day=date(2031, 10, 21), at=time(9, 0), occurrences=2)
    found = invitations_to(active_pair.mentee.email)
    assert [message.attachments[i][0] for i, (message, _c) in enumerate(found)] == [
        "invite-1.ics",
        "invite-2.ics",
    ]
    assert len(mail.outbox) == 2
    starts = [only_event(c)["DTSTART"].dt for _m, c in found]
    assert starts == [m.starts_at for m in meetings]
    assert starts[1] == datetime(2031, 10, 28, 9, 0, tzinfo=UTC)


def test_series_needs_an_agreed_cadence(active_pair: Pair, propose: Propose) -> None:
    PairAgreement.objects.filter(pair=active_pair).update(cadence_days=None)
    active_pair.agreement.cadence_days = None
    with pytest.raises(FieldErrors) as refused:
        propose(occurrences=3)
    assert "occurrences" in refused.value.errors
    assert not Meeting.objects.exists()


def test_past_times_and_bad_lengths_are_refused(propose: Propose) -> None:
    yesterday = timezone.now().date() - timedelta(days=1)
    with pytest.raises(FieldErrors) as refused:
        propose(day=yesterday, duration_minutes=5)
    assert set(refused.value.errors) == {"day", "duration_minutes"}
    assert not mail.outbox


@pytest.mark.parametrize("who", ["coordinator", "admin", "stranger"])
def test_only_the_pair_may_propose(
    active_pair: Pair, who: str, request: pytest.FixtureRequest
) -> None:
    person: Employee = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        meeting_propose(
            actor=user_of(person),
            pair=active_pair,
            day=next_weekday(),
            at=time(9, 0),
            duration_minutes=60,
        )
    assert not Meeting.objects.exists()


def test_another_participant_of_the_organisation_may_not_propose(
    active_pair: Pair, organization: object
) -> None:
    from tests.factories import employee_with_login, user_of

    other = employee_with_login(organization=organization, email="olga@acme.example", level=3)
    with pytest.raises(PermissionDenied):
        meeting_propose(
            actor=user_of(other),
            pair=active_pair,
            day=next_weekday(),
            at=time(9),
            duration_minutes=30,
        )


@pytest.mark.parametrize("status", [PairStatus.LAUNCHING, PairStatus.CLOSED])
def test_a_pair_that_is_not_active_cannot_meet(
    active_pair: Pair, propose: Propose, status: str
) -> None:
    Pair.objects.filter(pk=active_pair.pk).update(status=status)
    with pytest.raises(ServiceError, match="while the pair is active"):
        propose()
    assert not Meeting.objects.exists()


def test_only_web_links_are_video_links(propose: Propose) -> None:
    with pytest.raises(FieldErrors) as refused:
        propose(video_url="javascript:alert(1)")
    assert set(refused.value.errors) == {"video_url"}


SYDNEY = ZoneInfo("Australia/Sydney")


@pytest.mark.parametrize(
    ("local", "minutes", "said"),
    [
        (datetime(2026, 12, 8, 9, 0, tzinfo=SYDNEY), 60, ""),  # a Tuesday morning
        (datetime(2026, 12, 8, 19, 0, tzinfo=SYDNEY), 60, ""),  # ends at 20:00
        (datetime(2026, 12, 8, 7, 30, tzinfo=SYDNEY), 60, "07:30 on Tuesday 8 December"),
        (datetime(2026, 12, 8, 19, 30, tzinfo=SYDNEY), 60, "19:30 on Tuesday 8 December"),
        (datetime(2026, 12, 8, 23, 30, tzinfo=SYDNEY), 60, "23:30 on Tuesday 8 December"),
        (datetime(2026, 12, 12, 11, 0, tzinfo=SYDNEY), 60, "11:00 on Saturday 12 December"),
    ],
)
def test_outside_a_working_day_is_early_late_or_a_weekend(
    local: datetime, minutes: int, said: str
) -> None:
    starts_at = local.astimezone(UTC)

    assert outside_working_day(starts_at, minutes, "Australia/Sydney") == said
