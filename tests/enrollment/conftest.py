"""Programs, skills and helpers shared by the enrolment tests."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest

from remento.core.models import Organization
from remento.enrollment.models import Enrollment
from remento.enrollment.services import enrollment_submit
from remento.people.models import Employee, Skill
from remento.programs.models import Program
from tests import factories
from tests.factories import SkillFactory, employee_with_login

# A reverse program (mentors at levels 1–4, mentees 7–10), recruiting, open sign-up.
make_program = partial(factories.make_program, stage="signup")


@pytest.fixture
def program(organization: Organization) -> Program:
    return make_program(organization)


@pytest.fixture
def ai_skill(organization: Organization) -> Skill:
    return SkillFactory(organization=organization, name="Generative AI", slug="generative-ai")


@pytest.fixture
def sheets_skill(organization: Organization) -> Skill:
    return SkillFactory(organization=organization, name="Spreadsheets", slug="spreadsheets")


def person(organization: Organization, name: str, level: int) -> Employee:
    """A participant who can sign in."""
    return employee_with_login(
        organization=organization,
        first_name=name,
        last_name="Tester",
        email=f"{name.lower()}@acme.example",
        level=level,
    )


def submit(employee: Employee, program: Program, **overrides: Any) -> Enrollment:
    """Sign ``employee`` up with sensible answers; ``overrides`` replace any argument."""
    assert employee.user is not None
    arguments: dict[str, Any] = {
        "actor": employee.user,
        "program": program,
        "employee": employee,
        "role": "mentor" if employee.level <= program.mentor_max_level else "mentee",
        "hours_per_month": 4,
        "timezone": "Europe/London",
        "consent_sensitive": False,
        "answers": {},
    }
    return enrollment_submit(**{**arguments, **overrides})


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Any:
    """``with commit(): ...`` runs what waits for the commit (the emails) at the block's end,
    as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
