"""``remento seed-demo``: a deterministic, realistic, idempotent demo organisation."""

from __future__ import annotations

from collections import Counter
from io import StringIO
from statistics import mean
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from remento.core.models import Organization, User
from remento.demo import steps as demo
from remento.demo.people import seed as seed_module
from remento.demo.people.data import LATE_CAREER_AGES
from remento.demo.steps import demo_today
from remento.people.models import (
    Employee,
    Generation,
    Role,
    SensitiveAttribute,
    SkillCategory,
    SkillOffer,
    SkillWant,
)
from tests.factories import EmployeeFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def people_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the directory; the demo programs have tests of their own
    (tests/programs/test_demo_programs.py), so the steps after the people do not run."""
    monkeypatch.setattr(demo, "DEMO_STEPS", [])


DIGITAL = [SkillCategory.DIGITAL_TOOLS, SkillCategory.SOCIAL_MEDIA, SkillCategory.AI_DATA]
SENIOR = [SkillCategory.LEADERSHIP_STRATEGY, SkillCategory.BUSINESS_ACUMEN]


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def snapshot(slug: str) -> dict[str, list[tuple[Any, ...]]]:
    """Everything seed-demo writes for one organisation, without ids or the email domain."""
    people = Employee.objects.filter(organization__slug=slug)
    fields = [
        "employee_id", "first_name", "last_name", "preferred_name", "title", "department__name",
        "level", "manager__employee_id", "location", "timezone", "hire_date", "leave_date",
        "birth_year", "is_active", "extraversion", "hours_per_month", "role",
    ]  # fmt: skip
    rows = [
        (*row, email.split("@")[0])
        for *row, email in people.order_by("employee_id").values_list(*fields, "email")
    ]
    by_person = {"employee__organization__slug": slug}
    return {
        "people": rows,
        "offers": sorted(
            SkillOffer.objects.filter(**by_person).values_list(
                "employee__employee_id", "skill__slug", "proficiency"
            )
        ),
        "wants": sorted(
            SkillWant.objects.filter(**by_person).values_list(
                "employee__employee_id", "skill__slug", "priority"
            )
        ),
        "interests": sorted(people.values_list("employee_id", "interests__name")),
        "sensitive": sorted(
            SensitiveAttribute.objects.filter(**by_person).values_list(
                "employee__employee_id", "kind", "value", "consent_matching", "consented_at"
            )
        ),
    }


def test_the_same_seed_and_size_give_identical_organisations() -> None:
    seed("--size", "120", "--seed", "7", "--organization", "first")
    seed("--size", "120", "--seed", "7", "--organization", "second")

    first, second = snapshot("first"), snapshot("second")
    assert len(first["people"]) == 120
    assert first == second


def test_another_seed_gives_other_people() -> None:
    seed("--size", "120", "--seed", "7", "--organization", "first")
    seed("--size", "120", "--seed", "8", "--organization", "second")

    assert snapshot("first")["people"] != snapshot("second")["people"]


def test_a_second_run_reuses_the_organisation_without_duplicating_anyone() -> None:
    first_output = seed("--size", "80")
    before = snapshot("northwind")

    second_output = seed("--size", "80")

    assert "Created Northwind Group (northwind): 80 people" in first_output
    assert "has 80 people already; reusing it" in second_output
    assert snapshot("northwind") == before
    assert Organization.objects.filter(slug="northwind").count() == 1


def test_the_org_chart_is_five_to_seven_levels_deep_under_one_chief_executive() -> None:
    seed()
    people = {e.pk: e for e in Employee.objects.filter(organization__slug="northwind")}

    def depth(employee: Employee) -> int:
        return 1 if employee.manager_id is None else 1 + depth(people[employee.manager_id])

    (ceo,) = [e for e in people.values() if e.manager_id is None]
    assert len(people) == 300
    assert ceo.level == 10
    assert ceo.title == "Chief Executive Officer"
    assert 5 <= max(depth(e) for e in people.values()) <= 7
    for employee in people.values():
        if employee.manager_id is not None:
            assert people[employee.manager_id].level > employee.level, employee.title
    assert {e.level for e in people.values()} >= {1, 2, 3, 4, 5, 6, 8, 9, 10}
    assert len({e.department_id for e in people.values()}) >= 8
    assert len({e.timezone for e in people.values()}) >= 8


def test_birth_years_span_the_generations_and_fall_with_seniority() -> None:
    seed("--size", "1000")
    people = list(Employee.objects.filter(organization__slug="northwind"))

    generations = {e.generation for e in people}
    assert {Generation.BOOMERS, Generation.GEN_X, Generation.MILLENNIALS, Generation.GEN_Z} <= (
        generations
    )
    juniors = mean(e.birth_year for e in people if e.level <= 2 and e.birth_year)
    seniors = mean(e.birth_year for e in people if e.level >= 8 and e.birth_year)
    assert juniors - seniors > 20
    assert all(e.hire_date and e.hire_date.year - e.birth_year >= 18 for e in people)


def test_the_default_demo_has_four_generations_and_boomers_among_its_leaders() -> None:
    seed()
    people = list(Employee.objects.filter(organization__slug="northwind"))

    generations = Counter(e.generation for e in people)
    assert len(people) == 300
    assert len(generations) >= 4, generations
    assert generations[Generation.BOOMERS] >= 5
    leaders = [e for e in people if e.level >= 8]
    oldest, youngest = (demo_today().year - age for age in reversed(LATE_CAREER_AGES))
    late_career = [e for e in leaders if e.birth_year and oldest <= e.birth_year <= youngest]
    assert len(late_career) >= len(leaders) // 3


def test_juniors_teach_digital_skills_that_seniors_want_and_seniors_teach_leadership() -> None:
    seed()
    offers = SkillOffer.objects.filter(employee__organization__slug="northwind")
    wants = SkillWant.objects.filter(employee__organization__slug="northwind")

    def share(rows: Any, categories: list[SkillCategory], **where: Any) -> float:
        chosen = rows.filter(**where)
        return chosen.filter(skill__category__in=categories).count() / chosen.count()

    junior, senior = {"employee__level__lte": 3}, {"employee__level__gte": 7}
    assert share(offers, DIGITAL, **junior) > 2 * share(offers, DIGITAL, **senior)
    assert share(wants, DIGITAL, **senior) > 2 * share(wants, DIGITAL, **junior)
    assert share(offers, SENIOR, **senior) > 2 * share(offers, SENIOR, **junior)
    junior_digital = offers.filter(skill__category__in=DIGITAL, **junior)
    assert mean(junior_digital.values_list("proficiency", flat=True)) >= 3.5


def test_a_quarter_of_people_share_sensitive_attributes_with_consent() -> None:
    seed()
    attributes = SensitiveAttribute.objects.filter(employee__organization__slug="northwind")
    consenting = attributes.filter(consent_matching=True).values("employee").distinct().count()

    assert 0.20 <= consenting / 300 <= 0.30
    assert not attributes.filter(consent_matching=True, consented_at__isnull=True).exists()
    assert not attributes.filter(consent_matching=False, consented_at__isnull=False).exists()
    assert attributes.filter(consent_matching=False).exists()


def test_demo_sign_ins_work_with_the_demo_password_and_have_their_roles() -> None:
    output = seed()
    people = Employee.objects.filter(organization__slug="northwind").select_related("user")
    admin, coordinator, mentor, mentee = (
        people.get(email=f"{persona}@northwind.example")
        for persona in ("admin", "coordinator", "mentor", "mentee")
    )

    for employee in (admin, coordinator, mentor, mentee):
        assert employee.user is not None
        assert employee.user.email == employee.email
        assert Client().login(username=employee.email, password=demo.DEMO_PASSWORD)
        assert employee.email in output
    assert f"password: {demo.DEMO_PASSWORD}" in output
    assert admin.role == Role.ADMIN
    assert coordinator.role == Role.COORDINATOR
    assert mentor.role == mentee.role == Role.PARTICIPANT


def test_no_demo_persona_is_a_platform_operator_and_the_operator_is_nobody() -> None:
    output = seed()

    personas = User.objects.filter(email__endswith="@northwind.example")
    assert personas.count() == 4
    assert not personas.filter(is_staff=True).exists()
    assert not personas.filter(is_superuser=True).exists()
    operator = User.objects.get(email=seed_module.OPERATOR_EMAIL)
    assert operator.is_staff
    assert operator.is_superuser
    assert not Employee.objects.filter(user=operator).exists()
    assert Client().login(username=operator.email, password=demo.DEMO_PASSWORD)
    assert operator.email in output
    assert Organization.objects.get(slug="northwind").email_domains == ["northwind.example"]


def test_a_rerun_takes_the_superuser_rights_of_an_older_demos_admin_away() -> None:
    seed()
    User.objects.filter(email="admin@northwind.example").update(is_staff=True, is_superuser=True)

    seed()

    admin = User.objects.get(email="admin@northwind.example")
    assert not admin.is_staff
    assert not admin.is_superuser


def test_the_demo_mentor_can_teach_what_the_demo_mentee_wants() -> None:
    seed()
    people = Employee.objects.filter(organization__slug="northwind")
    mentor = people.get(email="mentor@northwind.example")
    mentee = people.get(email="mentee@northwind.example")

    teaches = set(mentor.skill_offers.values_list("skill__slug", flat=True))
    wants = set(mentee.skill_wants.values_list("skill__slug", flat=True))
    assert {"generative-ai-prompting", "tiktok", "linkedin-personal-brand"} <= teaches & wants
    assert mentor.level <= 3 < 8 <= mentee.level
    assert mentor.generation == Generation.GEN_Z
    assert mentor.department_id != mentee.department_id
    chain, boss = [], mentor.manager
    while boss is not None:
        chain.append(boss.pk)
        boss = boss.manager
    assert mentee.pk not in chain


def record_step(context: demo.DemoContext) -> None:
    """A demo step for the test below: remembers what it was given."""
    RECORDED.append((context.organization.slug, sorted(context.personas), context.seed))


RECORDED: list[tuple[str, list[str], int]] = []  # what record_step saw, run by run


def test_demo_steps_run_after_the_people_on_every_run(monkeypatch: pytest.MonkeyPatch) -> None:
    RECORDED.clear()
    monkeypatch.setattr(demo, "DEMO_STEPS", [f"{__name__}.record_step"])

    seed("--size", "60", "--seed", "3")
    seed("--size", "60", "--seed", "3")

    personas = ["admin", "coordinator", "mentee", "mentor"]
    expected = [("northwind", personas, 3), ("northwind", personas, 3)]
    assert expected == RECORDED


def test_a_size_below_the_minimum_is_refused_and_nothing_is_written() -> None:
    with pytest.raises(CommandError, match="size: the demo company needs at least 30 people"):
        seed("--size", "5")

    assert not Organization.objects.filter(slug="northwind").exists()


def test_an_organisation_with_people_but_no_demo_sign_ins_is_not_taken_over() -> None:
    acme = OrganizationFactory(slug="acme-live")
    EmployeeFactory(organization=acme)

    with pytest.raises(CommandError, match=r"no demo sign-in for admin@acme-live\.example"):
        seed("--organization", "acme-live")

    assert Employee.objects.filter(organization=acme).count() == 1
