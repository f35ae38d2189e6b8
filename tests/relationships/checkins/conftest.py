"""An active pair (Maya mentors Martin) and helpers to log a meeting and run the sweep."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from remento.core.models import Organization
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.checkins.models import CheckIn
from remento.relationships.checkins.schedule import SweepResult, checkins_process
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.models import Pair, PairAgreement, PairStatus
from tests.factories import employee_with_login
from tests.relationships.builders import make_pair


def activate(pair: Pair) -> Pair:
    pair.status = PairStatus.ACTIVE
    pair.started_at = timezone.now() - timedelta(days=10)
    pair.save()
    PairAgreement.objects.get_or_create(
        pair=pair, defaults={"goals": "Martin posts weekly.", "cadence_days": 14}
    )
    return Pair.objects.select_related("program__organization", "mentor", "mentee").get(pk=pair.pk)


@pytest.fixture
def active_pair(pair: Pair) -> Pair:
    return activate(pair)


def held_meeting(pair: Pair, *, days_ago: int = 1) -> Meeting:
    starts = datetime.now(tz=UTC).replace(microsecond=0) - timedelta(days=days_ago)
    return Meeting.objects.create(
        pair=pair,
        starts_at=starts,
        duration_minutes=45,
        timezone="Europe/London",
        organizer=pair.mentor,
        proposed_by=pair.mentor,
        status=MeetingStatus.HELD,
        held_minutes=50,
    )


@pytest.fixture
def sweep(django_capture_on_commit_callbacks: Any) -> Callable[[], SweepResult]:
    """Run the sweep now (with the emails it sends delivered to ``mail.outbox``)."""

    def _sweep() -> SweepResult:
        with django_capture_on_commit_callbacks(execute=True):
            return checkins_process()

    return _sweep


def mails_to(person: Employee) -> list[Any]:
    return [m for m in mail.outbox if person.email in m.to]


def checkin_of(pair: Pair, person: Employee, **filters: Any) -> CheckIn:
    return CheckIn.objects.get(pair=pair, employee=person, **filters)


@pytest.fixture
def other_pair(organization: Organization, program: Program) -> Pair:
    """A second pair of the same program: its people must see nothing of the first pair."""
    mentor = employee_with_login(
        organization=organization, first_name="Olu", email="olu@acme.example", level=2
    )
    mentee = employee_with_login(
        organization=organization, first_name="Vera", email="vera@acme.example", level=8
    )
    return activate(make_pair(program, mentor, mentee))


@pytest.fixture(autouse=True)
def _empty_outbox() -> None:
    mail.outbox = []
