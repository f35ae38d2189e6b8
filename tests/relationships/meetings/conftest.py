"""An active pair whose mentor lives in London and mentee in New York, meeting weekly."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from remento.enrollment.models import Enrollment
from remento.people.models import Employee
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.meetings.services import meeting_propose
from remento.relationships.models import Pair, PairAgreement, PairStatus
from tests.factories import user_of

LONDON, NEW_YORK = "Europe/London", "America/New_York"


def set_zone(pair: Pair, employee: Employee, zone: str) -> None:
    Enrollment.objects.filter(program=pair.program, employee=employee).update(timezone=zone)


@pytest.fixture
def active_pair(pair: Pair, mentor: Employee, mentee: Employee) -> Pair:
    pair.status = PairStatus.ACTIVE
    pair.started_at = timezone.now()
    pair.save()
    PairAgreement.objects.create(
        pair=pair, goals="Martin posts weekly.", cadence_days=7, confidentiality=True
    )
    set_zone(pair, mentor, LONDON)
    set_zone(pair, mentee, NEW_YORK)
    return Pair.objects.select_related("program", "mentor", "mentee", "agreement").get(pk=pair.pk)


def next_weekday(weekday: int = 1) -> date:
    """A day at least a week ahead (Tuesday by default), far from any DST change edge."""
    day = timezone.now().date() + timedelta(days=8)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


@pytest.fixture
def propose(
    active_pair: Pair, django_capture_on_commit_callbacks: Any
) -> Callable[..., list[Meeting]]:
    """Propose as ``by`` (the mentor by default), emails sent; returns the meetings."""

    def _propose(by: Employee | None = None, **fields: Any) -> list[Meeting]:
        values: dict[str, Any] = {
            "day": next_weekday(),
            "at": time(9, 0),
            "duration_minutes": 60,
            "location": "Room 4.2",
            "video_url": "https://meet.example/abc",
            "agenda": "Posting on the company network.",
        }
        values.update(fields)
        person = by or active_pair.mentor
        with django_capture_on_commit_callbacks(execute=True):
            return meeting_propose(actor=user_of(person), pair=active_pair, **values)

    return _propose


def past_meeting(
    pair: Pair, *, days_ago: int = 1, status: str = MeetingStatus.CONFIRMED
) -> Meeting:
    """A meeting whose time has come (made directly: proposals must be in the future)."""
    starts = datetime.now(tz=UTC) - timedelta(days=days_ago)
    return Meeting.objects.create(
        pair=pair,
        starts_at=starts.replace(microsecond=0),
        duration_minutes=45,
        timezone=LONDON,
        organizer=pair.mentor,
        proposed_by=pair.mentor,
        status=status,
        missed_by="mentee" if status == MeetingStatus.MISSED else "",
    )


@pytest.fixture(autouse=True)
def _empty_outbox() -> None:
    mail.outbox = []
