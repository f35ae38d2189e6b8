"""Test data builders (factory_boy). Personas live in conftest.py."""

from __future__ import annotations

import factory

from remento.core.models import Organization, User
from remento.people.models import Department, Employee, Role, Skill, SkillCategory


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    # Its people's email domain: acme.example for the slug acme (the import checks it).
    email_domains = factory.LazyAttribute(lambda org: [f"{org.slug}.example"])


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("organization", "name")

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Department {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    password = factory.django.Password("correct-horse-battery")


class EmployeeFactory(factory.django.DjangoModelFactory):
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


class SkillFactory(factory.django.DjangoModelFactory):
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
    employee = EmployeeFactory(**kwargs)
    employee.user = UserFactory(email=employee.email)
    employee.save(update_fields=["user"])
    return employee
