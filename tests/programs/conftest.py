"""Programs in each state of their lifecycle, built through the services."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from remento.enrollment.models import EnrollmentRole
from remento.people.models import Employee
from remento.programs.models import Program, Status
from remento.programs.plan import KpiTarget, ProgramPlan
from remento.programs.services import program_create
from remento.relationships.models import Pair
from tests.factories import PairFactory
from tests.factories import enroll as enroll

READY_PLAN = ProgramPlan(
    name="Digital leaders",
    goal="Every director is fluent in the tools their teams use.",
    method="Fortnightly sessions on one tool at a time.",
    success_criteria="Directors use three new tools weekly.",
    start_date=date(2027, 1, 11),
    end_date=date(2027, 6, 30),
)
KPIS = [KpiTarget("meetings_per_pair", Decimal(6)), KpiTarget("completion", Decimal(80))]


@pytest.fixture
def draft(coordinator: Employee) -> Program:
    """A draft that lacks only what the Draft → Recruiting guard asks for."""
    return program_create(
        actor=coordinator.user,
        organization=coordinator.organization,
        plan=replace(READY_PLAN, name="Bare draft", goal="", start_date=None, end_date=None),
    )


@pytest.fixture
def ready_draft(coordinator: Employee) -> Program:
    """A draft with a goal, KPIs, dates and an agreement: ready to recruit."""
    return program_create(
        actor=coordinator.user, organization=coordinator.organization, plan=READY_PLAN, kpis=KPIS
    )


def pair(program: Program, mentor: Employee, mentee: Employee) -> Pair:
    return PairFactory(program=program, mentor=mentor, mentee=mentee)


def with_status(program: Program, status: str) -> Program:
    """Put a program straight into a status (the transition tests go through the service)."""
    Program.objects.filter(pk=program.pk).update(status=status)
    program.refresh_from_db()
    return program


@pytest.fixture
def matching_program(ready_draft: Program, mentor: Employee, mentee: Employee) -> Program:
    enroll(ready_draft, mentor, EnrollmentRole.MENTOR)
    enroll(ready_draft, mentee, EnrollmentRole.MENTEE)
    return with_status(ready_draft, Status.MATCHING)


@pytest.fixture
def active_program(matching_program: Program, mentor: Employee, mentee: Employee) -> Program:
    pair(matching_program, mentor, mentee)
    return with_status(matching_program, Status.ACTIVE)
