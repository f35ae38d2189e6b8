"""Pairs with a history: started some days ago, meetings held, missed or cancelled, goals,
check-ins answered or not (rows made directly, dated in the past)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

import pytest
from django.core import mail

from remento.core.models import Organization
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.checkins.models import CheckIn, CheckInKind, CheckInStatus
from remento.relationships.goals.models import Goal
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.models import Pair, PairAgreement, PairStatus
from tests.factories import EmployeeFactory, make_pair

ROUNDS = count(1)


def ago(days: float) -> datetime:
    return (datetime.now(tz=UTC) - timedelta(days=days)).replace(microsecond=0)


def start(pair: Pair, *, days_ago: int, cadence: int = 14) -> Pair:
    """Make ``pair`` active since ``days_ago`` with an agreed cadence."""
    pair.status = PairStatus.ACTIVE
    pair.started_at = ago(days_ago)
    pair.save()
    PairAgreement.objects.update_or_create(
        pair=pair, defaults={"goals": "Post weekly.", "cadence_days": cadence}
    )
    return pair


def meeting(
    pair: Pair, *, days_ago: float, status: str = MeetingStatus.HELD, **fields: Any
) -> Meeting:
    values: dict[str, Any] = {
        "pair": pair,
        "starts_at": ago(days_ago),
        "duration_minutes": 45,
        "organizer": pair.mentor,
        "proposed_by": pair.mentor,
        "status": status,
    }
    if status == MeetingStatus.MISSED:
        values["missed_by"] = "mentee"
    values.update(fields)
    return Meeting.objects.create(**values)


def checkin(
    pair: Pair, person: Employee, *, rating: int | None = None, days_ago: int = 1, **fields: Any
) -> CheckIn:
    answered = rating is not None or fields.get("fit")
    values: dict[str, Any] = {
        "pair": pair,
        "employee": person,
        "role": "mentor" if person.pk == pair.mentor_id else "mentee",
        "kind": CheckInKind.REGULAR,
        "number": next(ROUNDS),
        "status": CheckInStatus.ANSWERED if answered else CheckInStatus.MISSED,
        "opened_at": ago(days_ago + 5),
        "remind_at": ago(days_ago + 2),
        "remind_again_at": ago(days_ago + 1),
        "closes_at": ago(days_ago),
        "answered_at": ago(days_ago) if answered else None,
        "rating": rating,
    }
    values.update(fields)
    return CheckIn.objects.create(**values)


def goal(pair: Pair, *, progress: int = 0) -> Goal:
    return Goal.objects.create(pair=pair, owner=pair.mentee, title="Post weekly", progress=progress)


def new_pair(program: Program, organization: Organization, name: str = "Paired") -> Pair:
    # Fixed first names: a random one (Faker's “Carla”) could match another pair's name.
    mentor = EmployeeFactory.create(
        organization=organization, level=2, first_name="Pat", last_name=name
    )
    mentee = EmployeeFactory.create(
        organization=organization, level=9, first_name="Sam", last_name=f"{name} Senior"
    )
    return make_pair(program, mentor, mentee)


@pytest.fixture(autouse=True)
def _empty_outbox() -> None:
    mail.outbox = []
