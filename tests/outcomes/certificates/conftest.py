"""A completed pair (Maya mentored Martin) with held meetings, an assessment of Martin's
skills and Maya's manager; a second pair of the same program mentored by someone else."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from remento.core.models import Organization
from remento.outcomes.assessments.models import (
    Assessment,
    AssessmentRating,
    AssessmentStatus,
    Phase,
    RaterRole,
)
from remento.people.models import Employee
from remento.programs.models import Program, Status
from remento.relationships.meetings.models import Meeting, MeetingStatus, MissedBy
from remento.relationships.models import Pair, PairStatus
from tests.factories import SkillFactory, employee_with_login, make_pair, make_program


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    mail.outbox = []


@pytest.fixture
def program(organization: Organization, coordinator: Employee) -> Program:
    return make_program(
        organization,
        name="Digital Leaders 2026",
        status=Status.CLOSED,
        sponsor_name="Grace Hopper",
        sponsor_title="Chief Operating Officer",
        created_by=coordinator.user,
    )


@pytest.fixture
def manager(organization: Organization) -> Employee:
    return employee_with_login(
        organization=organization, first_name="Mona", last_name="Manager", email="mona@acme.example"
    )


def meeting(pair: Pair, days_ago: int, **fields: Any) -> Meeting:
    return Meeting.objects.create(
        pair=pair,
        starts_at=timezone.now() - timedelta(days=days_ago),
        duration_minutes=45,
        timezone="Europe/London",
        organizer=pair.mentor,
        proposed_by=pair.mentor,
        **fields,
    )


def completed_pair(program: Program, mentor: Employee, mentee: Employee, **fields: Any) -> Pair:
    now = timezone.now()
    values = {
        "status": PairStatus.CLOSED,
        "started_at": now - timedelta(days=100),
        "ended_at": now - timedelta(days=2),
        "completed": True,
    } | fields
    return make_pair(program, mentor, mentee, **values)


@pytest.fixture
def pair(program: Program, mentor: Employee, mentee: Employee, manager: Employee) -> Pair:
    mentor.manager = manager
    mentor.save(update_fields=["manager"])
    pair = completed_pair(program, mentor, mentee)
    meeting(pair, 90, status=MeetingStatus.HELD, held_minutes=60)
    meeting(pair, 60, status=MeetingStatus.HELD, held_minutes=50)
    meeting(pair, 30, status=MeetingStatus.HELD)  # not logged with a length: 45 planned
    meeting(pair, 10, status=MeetingStatus.MISSED, missed_by=MissedBy.MENTEE)
    assessment = Assessment.objects.create(
        pair=pair,
        learner=mentee,
        rater=mentee,
        rater_role=RaterRole.SELF,
        phase=Phase.BEFORE,
        status=AssessmentStatus.ANSWERED,
        opened_at=pair.started_at,
    )
    for name in ("Prompting AI", "Social media"):
        skill = SkillFactory(organization=program.organization, name=name)
        AssessmentRating.objects.create(assessment=assessment, skill=skill, level=2)
    return pair


@pytest.fixture
def other_mentor(organization: Organization, program: Program) -> Employee:
    """The mentor of another completed pair of the same program."""
    olu = employee_with_login(
        organization=organization, first_name="Olu", email="olu@acme.example", level=2
    )
    vera = employee_with_login(
        organization=organization, first_name="Vera", email="vera@acme.example", level=8
    )
    completed_pair(program, olu, vera)
    return olu
