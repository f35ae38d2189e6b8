"""Test data builders (factory_boy), the one place tests make their rows.
Personas (an organisation, its admin, a coordinator, a mentor, a mentee, a stranger) are
fixtures in conftest.py built from these."""

from __future__ import annotations

from typing import Any

import factory

from remento.core.models import Organization, User
from remento.enrollment.models import Enrollment, EnrollmentStatus
from remento.matching.models import MatchRun, MatchRunStatus, ProposedPair
from remento.people.models import Department, Employee, Role, Skill, SkillCategory
from remento.programs.models import EnrollmentMode, MatchingMode, Program, Status
from remento.relationships.models import Pair, PairSource

AGREEMENT_TEXT = "We meet regularly, keep confidences and tell each other the truth."


class OrganizationFactory(factory.django.DjangoModelFactory[Organization]):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    # Its people's email domain: acme.example for the slug acme (the import checks it).
    email_domains = factory.LazyAttribute(lambda org: [f"{org.slug}.example"])


class DepartmentFactory(factory.django.DjangoModelFactory[Department]):
    class Meta:
        model = Department
        django_get_or_create = ("organization", "name")

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Department {n}")


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    password = factory.django.Password("correct-horse-battery")


class EmployeeFactory(factory.django.DjangoModelFactory[Employee]):
    class Meta:
        model = Employee

    organization = factory.SubFactory(OrganizationFactory)
    employee_id = factory.Sequence(lambda n: f"E{n:05d}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    title = "Analyst"
    department = factory.SubFactory(
        DepartmentFactory, organization=factory.SelfAttribute("..organization")
    )
    level = 3
    timezone = "Europe/London"
    role = Role.PARTICIPANT


class SkillFactory(factory.django.DjangoModelFactory[Skill]):
    class Meta:
        model = Skill
        django_get_or_create = ("organization", "slug")

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Skill {n}")
    slug = factory.Sequence(lambda n: f"skill-{n}")
    category = SkillCategory.DIGITAL_TOOLS


PASSWORD = "correct-horse-battery"


def employee_with_login(**kwargs: object) -> Employee:
    """An employee who can sign in with their email and ``PASSWORD``."""
    employee = EmployeeFactory.create(**kwargs)
    employee.user = UserFactory.create(email=employee.email)
    employee.save(update_fields=["user"])
    return employee


def employee_with_user(**kwargs: object) -> Employee:
    """An employee with a user account but no password (quick: nothing to hash), enough to
    act through the services."""
    employee = EmployeeFactory.create(**kwargs)
    employee.user = UserFactory.create(email=employee.email, password=None)
    employee.save(update_fields=["user"])
    return employee


def user_of(employee: Employee) -> User:
    """The user account an employee acts through (services take ``actor=``)."""
    assert employee.user is not None
    return employee.user


class ProgramFactory(factory.django.DjangoModelFactory[Program]):
    """A program; a stage trait (``launching``, ``signup``, ``matching``) puts it where the
    tests of that step want it."""

    class Meta:
        model = Program

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Program {n}")
    goal = "Leaders learn the tools their teams use."

    class Params:
        # Active, with an agreement to sign: the pairs' launch and meetings.
        launching = factory.Trait(
            name="Digital Leaders 2026",
            goal="Senior leaders learn the digital tools their teams use.",
            status=Status.ACTIVE,
            agreement_text=AGREEMENT_TEXT,
        )
        # Recruiting with open sign-up (mentors at levels 1-4, mentees 7-10).
        signup = factory.Trait(
            name="Digital Fluency",
            status=Status.RECRUITING,
            enrollment_mode=EnrollmentMode.OPEN,
        )
        # In the Matching step, matched in bulk by the coordinator.
        matching = factory.Trait(
            name="Digital reverse mentoring",
            status=Status.MATCHING,
            matching_mode=MatchingMode.BULK,
            min_level_gap=3,
        )


def make_program(organization: Organization, stage: str = "launching", **fields: Any) -> Program:
    """``make_program(org, "signup", name=...)``: a program of ``organization`` at that stage."""
    return ProgramFactory.create(organization=organization, **{stage: True}, **fields)


class EnrollmentFactory(factory.django.DjangoModelFactory[Enrollment]):
    class Meta:
        model = Enrollment

    program = factory.SubFactory(ProgramFactory)
    employee = factory.SubFactory(
        EmployeeFactory, organization=factory.SelfAttribute("..program.organization")
    )
    role = "mentor"
    status = EnrollmentStatus.ENROLLED
    timezone = "Europe/London"
    hours_per_month = 4
    sort_name = factory.LazyAttribute(lambda enrollment: enrollment.employee.sort_name)


def enroll(program: Program, employee: Employee, role: str, **fields: Any) -> Enrollment:
    """``employee`` enrolled in ``program`` as ``role`` (``fields`` override the answers)."""
    return EnrollmentFactory.create(program=program, employee=employee, role=role, **fields)


class PairFactory(factory.django.DjangoModelFactory[Pair]):
    """A pair made directly, as publishing a run would (no enrolments: see ``make_pair``)."""

    class Meta:
        model = Pair

    program = factory.SubFactory(ProgramFactory, launching=True)
    mentor = factory.SubFactory(
        EmployeeFactory, organization=factory.SelfAttribute("..program.organization"), level=2
    )
    mentee = factory.SubFactory(
        EmployeeFactory, organization=factory.SelfAttribute("..program.organization"), level=9
    )
    source = PairSource.BULK
    mentee_sort_name = factory.LazyAttribute(lambda pair: pair.mentee.sort_name)


def make_pair(
    program: Program,
    mentor: Employee,
    mentee: Employee,
    *,
    timezone: str = "Europe/London",
    **fields: Any,
) -> Pair:
    """A launching pair of two people, both enrolled in ``program`` from ``timezone``."""
    enroll(program, mentor, "mentor", timezone=timezone)
    enroll(program, mentee, "mentee", timezone=timezone)
    return PairFactory.create(program=program, mentor=mentor, mentee=mentee, **fields)


class MatchRunFactory(factory.django.DjangoModelFactory[MatchRun]):
    """A run under review, with no proposals (add ``ProposedPair`` rows as needed)."""

    class Meta:
        model = MatchRun

    program = factory.SubFactory(ProgramFactory, matching=True)
    settings_snapshot = factory.LazyAttribute(lambda run: run.program.engine_settings())
    status = MatchRunStatus.REVIEW


class ProposedPairFactory(factory.django.DjangoModelFactory[ProposedPair]):
    """A pair a run proposes, of two new people of the run's organisation."""

    class Meta:
        model = ProposedPair

    run = factory.SubFactory(MatchRunFactory)
    mentor = factory.SubFactory(
        EmployeeFactory, organization=factory.SelfAttribute("..run.program.organization"), level=2
    )
    mentee = factory.SubFactory(
        EmployeeFactory, organization=factory.SelfAttribute("..run.program.organization"), level=9
    )
    score = 0.8
    reasons = factory.LazyFunction(lambda: ["Teaches what the mentee wants to learn"])
