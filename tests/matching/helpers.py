"""Builders for matching tests: a program in the Matching step and enrolled people."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.utils import timezone

from remento.core.models import Organization
from remento.enrollment.models import Enrollment, EnrollmentRole
from remento.people.models import (
    Employee,
    SensitiveAttribute,
    SensitiveKind,
    SkillOffer,
    SkillWant,
)
from remento.programs.models import Program
from tests import factories
from tests.factories import EmployeeFactory, SkillFactory, UserFactory, employee_with_login
from tests.factories import enroll as enroll

# A program in the Matching step, matched in bulk, with a level gap of 3.
make_program = partial(factories.make_program, stage="matching")


def teach(employee: Employee, **skills: int) -> None:
    """``teach(maya, tiktok=5)``: the person teaches each skill (slug) at that proficiency."""
    for slug, level in skills.items():
        skill = SkillFactory(organization=employee.organization, slug=slug, name=slug.title())
        SkillOffer.objects.create(employee=employee, skill=skill, proficiency=level)


def want(employee: Employee, **skills: int) -> None:
    for slug, level in skills.items():
        skill = SkillFactory(organization=employee.organization, slug=slug, name=slug.title())
        SkillWant.objects.create(employee=employee, skill=skill, priority=level)


def person(
    organization: Organization, *, login: bool = False, user: bool = False, **fields: Any
) -> Employee:
    """An employee; ``login`` gives them a password to sign in with (slow: it is hashed),
    ``user`` only a user account, enough to act through services."""
    fields.setdefault("organization", organization)
    if login:
        return employee_with_login(**fields)
    employee = EmployeeFactory(**fields)
    if user:
        employee.user = UserFactory(email=employee.email, password=None)
        employee.save(update_fields=["user"])
    return employee


def small_pool(program: Program, *, login: bool = False, user: bool = False) -> dict[str, Employee]:
    """Three mentors and three mentees whose best pairing is a1-x1, a2-x2, a3-x3:
    each mentor teaches exactly what one mentee wants."""
    org = program.organization
    people: dict[str, Employee] = {}
    for i, skill in enumerate(("tiktok", "genai", "excel"), start=1):
        mentor = person(
            org,
            login=login,
            user=user,
            first_name=f"Ada{i}",
            last_name="Mentor",
            level=2,
            email=f"ada{i}@acme.example",
        )
        mentee = person(
            org,
            login=login,
            user=user,
            first_name=f"Xavier{i}",
            last_name="Mentee",
            level=9,
            email=f"xavier{i}@acme.example",
        )
        teach(mentor, **{skill: 5})
        want(mentee, **{skill: 5})
        enroll(program, mentor, EnrollmentRole.MENTOR)
        enroll(program, mentee, EnrollmentRole.MENTEE)
        people[f"a{i}"] = mentor
        people[f"x{i}"] = mentee
    return people


def compute_preview(client: Any, program: Program, capture: Any) -> None:
    """Have the preview computed as the page asks for it: the coordinator's Refresh, with the
    worker's task run on commit (the immediate backend of tests)."""
    from django.urls import reverse

    with capture(execute=True):
        client.post(reverse("matching:preview_refresh", args=[program.pk]))


def declare(employee: Employee, value: str | None, kind: str = SensitiveKind.GENDER) -> None:
    """The person's own answer, consented for matching (``None``: no answer at all)."""
    SensitiveAttribute.objects.filter(employee=employee, kind=kind).delete()
    if value is not None:
        SensitiveAttribute.objects.create(
            employee=employee,
            kind=kind,
            value=value,
            consent_matching=True,
            consented_at=timezone.now(),
        )


def consent_everywhere(program: Program) -> None:
    """Every enrolment of ``program`` consents to its sensitive attributes being used."""
    Enrollment.objects.filter(program=program).update(
        consent_sensitive=True, consented_at=timezone.now()
    )


def preview_requests(monkeypatch: Any) -> list[int]:
    """The programs whose preview the worker is asked for, in order (the worker itself does
    not run): ``matching_preview_compute`` replaced by a recorder."""
    asked: list[int] = []

    class Task:
        @staticmethod
        def enqueue(**kwargs: Any) -> None:
            asked.append(kwargs["program_id"])

    monkeypatch.setattr("remento.matching.tasks.matching_preview_compute", Task)
    return asked
