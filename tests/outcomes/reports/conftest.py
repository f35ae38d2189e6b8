"""A closed program with five completed pairs, two KPIs, held meetings and closing
check-ins: some comments may be quoted, one may not, and a private note nobody else reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from remento.core.models import Organization
from remento.people.models import Employee
from remento.programs.models import KpiKind, Program, ProgramKpi, Status
from remento.relationships.checkins.models import CheckIn, CheckInKind, CheckInStatus
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.models import Pair, PairStatus, PrivateNote
from tests.factories import EmployeeFactory, make_pair, make_program

SPONSOR = "Grace Hopper"
QUOTE_OK = "I finally understand what our teams do on Teams."
QUOTE_REFUSED = "This one stays with the coordinator."
PRIVATE = "My private note about Martin."
LESSON = "Run the feedback training before the kick-off."


@dataclass
class ClosedProgram:
    program: Program
    pairs: list[Pair]


def _checkin(pair: Pair, person: Employee, role: str, **fields: Any) -> CheckIn:
    now = timezone.now()
    return CheckIn.objects.create(
        pair=pair,
        employee=person,
        role=role,
        kind=CheckInKind.CLOSING,
        status=CheckInStatus.ANSWERED,
        opened_at=now - timedelta(days=3),
        remind_at=now,
        remind_again_at=now,
        closes_at=now + timedelta(days=10),
        answered_at=now - timedelta(days=2),
        rating=4,
        **fields,
    )


@pytest.fixture
def closed_program(organization: Organization, mentor: Employee, mentee: Employee) -> ClosedProgram:
    program = make_program(
        organization,
        name="Digital Leaders 2026",
        sponsor_name=SPONSOR,
        sponsor_title="Chief Operating Officer",
        lessons=LESSON,
    )
    ProgramKpi.objects.create(program=program, kind=KpiKind.MEETINGS_PER_PAIR, target=Decimal(6))
    ProgramKpi.objects.create(program=program, kind=KpiKind.COMPLETION, target=Decimal(80))
    now = timezone.now()
    people = [(mentor, mentee)] + [
        (
            EmployeeFactory(organization=organization, level=2),
            EmployeeFactory(organization=organization, level=9),
        )
        for _ in range(4)
    ]
    pairs = []
    for number, (junior, senior) in enumerate(people):
        pair = make_pair(
            program,
            junior,
            senior,
            status=PairStatus.CLOSED,
            started_at=now - timedelta(days=90),
            ended_at=now - timedelta(days=3),
            completed=True,
        )
        for days in (80, 60):
            Meeting.objects.create(
                pair=pair,
                starts_at=now - timedelta(days=days),
                duration_minutes=45,
                timezone="Europe/London",
                organizer=junior,
                proposed_by=junior,
                status=MeetingStatus.HELD,
                held_minutes=60,
            )
        _checkin(pair, senior, "mentee", comments=f"{QUOTE_OK} ({number})", quote_allowed=True)
        _checkin(pair, junior, "mentor", comments=QUOTE_REFUSED, quote_allowed=False)
        pairs.append(pair)
    note = PrivateNote(pair=pairs[0], author=mentor)
    note.set_body(PRIVATE)
    note.save()
    program.status = Status.CLOSED
    program.save(update_fields=["status"])
    return ClosedProgram(program, pairs)
