"""profile_update: a person keeps their own mentoring profile, all or nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from remento.core.errors import FieldErrors
from remento.core.models import AuditEvent, Organization
from remento.people.models import (
    Employee,
    Interest,
    SensitiveAttribute,
    SensitiveKind,
    Skill,
)
from remento.people.services.profile import (
    SensitiveAnswer,
    SkillLevel,
    profile_update,
)
from tests.factories import OrganizationFactory, SkillFactory

SECRET = "Quillon-descent-4410"


@pytest.fixture
def skills(organization: Organization) -> dict[str, Skill]:
    return {
        slug: SkillFactory(organization=organization, name=slug.title(), slug=slug)
        for slug in ("excel", "tiktok", "prompting", "negotiation")
    }


@pytest.fixture
def climbing(organization: Organization) -> Interest:
    return Interest.objects.create(organization=organization, name="Climbing")


def update(employee: Employee, **changes: Any) -> Employee:
    """Call the service as the person themselves, with their current values by default."""
    kwargs: dict[str, Any] = {
        "teach": [],
        "learn": [],
        "interests": [],
        "extraversion": employee.extraversion,
        "hours_per_month": employee.hours_per_month,
        "timezone": employee.timezone,
        **changes,
    }
    assert employee.user is not None
    return profile_update(actor=employee.user, employee=employee, **kwargs)


def snapshot(employee: Employee) -> tuple[object, ...]:
    employee.refresh_from_db()
    return (
        employee.hours_per_month,
        employee.extraversion,
        employee.timezone,
        sorted(employee.skill_offers.values_list("skill__slug", "proficiency")),
        sorted(employee.skill_wants.values_list("skill__slug", "priority")),
        sorted(employee.interests.values_list("name", flat=True)),
        sorted(employee.sensitive_attributes.values_list("kind", "value", "consent_matching")),
        AuditEvent.objects.count(),
    )


def test_a_person_saves_skills_interests_personality_and_time(
    mentor: Employee, skills: dict[str, Skill], climbing: Interest
) -> None:
    update(
        mentor,
        teach=[SkillLevel(skills["tiktok"], 5), SkillLevel(skills["prompting"], 4)],
        learn=[SkillLevel(skills["negotiation"], 3)],
        interests=[climbing],
        extraversion=2,
        hours_per_month=6,
        timezone="Europe/Paris",
    )
    assert snapshot(mentor)[:6] == (
        6,
        2,
        "Europe/Paris",
        [("prompting", 4), ("tiktok", 5)],
        [("negotiation", 3)],
        ["Climbing"],
    )


def test_saving_again_makes_the_lists_exactly_what_was_given(
    mentor: Employee, skills: dict[str, Skill]
) -> None:
    update(mentor, teach=[SkillLevel(skills["tiktok"], 5), SkillLevel(skills["excel"], 2)])
    update(mentor, teach=[SkillLevel(skills["excel"], 4), SkillLevel(skills["prompting"], 3)])
    assert snapshot(mentor)[3] == [("excel", 4), ("prompting", 3)]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"hours_per_month": 41}, "hours_per_month"),
        ({"hours_per_month": -1}, "hours_per_month"),
        ({"extraversion": 6}, "extraversion"),
    ],
)
def test_a_bad_value_is_refused_by_field_and_nothing_changes(
    mentor: Employee, skills: dict[str, Skill], changes: dict[str, Any], field: str
) -> None:
    before = snapshot(mentor)
    with pytest.raises(FieldErrors) as refused:
        # Good changes alongside the bad one must not be written either.
        update(mentor, teach=[SkillLevel(skills["tiktok"], 5)], **changes)
    assert list(refused.value.errors) == [field]
    assert snapshot(mentor) == before


def test_a_skill_listed_twice_is_refused(mentor: Employee, skills: dict[str, Skill]) -> None:
    with pytest.raises(FieldErrors) as refused:
        update(mentor, learn=[SkillLevel(skills["excel"], 2), SkillLevel(skills["excel"], 5)])
    assert "row 2: Excel is listed twice" in refused.value.errors["learn"]


def test_a_level_outside_1_to_5_is_refused(mentor: Employee, skills: dict[str, Skill]) -> None:
    with pytest.raises(FieldErrors) as refused:
        update(mentor, teach=[SkillLevel(skills["excel"], 0)])
    assert "from 1 to 5" in refused.value.errors["teach"]


def test_a_skill_or_interest_of_another_organisation_is_refused(mentor: Employee) -> None:
    other = OrganizationFactory(slug="elsewhere")
    foreign_skill = SkillFactory(organization=other, name="Foreign", slug="foreign")
    foreign_interest = Interest.objects.create(organization=other, name="Sailing")
    with pytest.raises(FieldErrors) as refused:
        update(mentor, teach=[SkillLevel(foreign_skill, 3)], interests=[foreign_interest])
    assert set(refused.value.errors) == {"teach", "interests"}
    assert not mentor.skill_offers.exists()


def test_nobody_edits_someone_elses_profile(coordinator: Employee, mentor: Employee) -> None:
    assert coordinator.user is not None
    with pytest.raises(PermissionDenied):
        profile_update(
            actor=coordinator.user,
            employee=mentor,
            teach=[],
            learn=[],
            interests=[],
            extraversion=None,
            hours_per_month=10,
            timezone="UTC",
        )
    mentor.refresh_from_db()
    assert mentor.hours_per_month == 4


def test_consent_stamps_the_time_and_withdrawing_it_clears_the_stamp(mentor: Employee) -> None:
    kind = SensitiveKind.DISABILITY
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC), tick=False):
        update(mentor, sensitive=[SensitiveAnswer(kind=kind, value="Dyslexia", consent=True)])
    row = SensitiveAttribute.objects.get(employee=mentor, kind=kind)
    assert (row.value, row.consent_matching) == ("Dyslexia", True)
    assert row.consented_at == dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)

    # Saving again with consent kept (and the box left empty) changes nothing.
    with time_machine.travel(dt.datetime(2026, 4, 1, tzinfo=dt.UTC)):
        update(mentor, sensitive=[SensitiveAnswer(kind=kind, value="", consent=True)])
    row.refresh_from_db()
    assert row.value == "Dyslexia"
    assert row.consented_at == dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)

    update(mentor, sensitive=[SensitiveAnswer(kind=kind, consent=False)])
    row.refresh_from_db()
    assert (row.value, row.consent_matching, row.consented_at) == ("Dyslexia", False, None)


def test_an_answer_can_be_declared_without_consent_and_deleted(mentor: Employee) -> None:
    kind = SensitiveKind.CAREGIVER
    update(mentor, sensitive=[SensitiveAnswer(kind=kind, value="Two children")])
    row = SensitiveAttribute.objects.get(employee=mentor, kind=kind)
    assert (row.consent_matching, row.consented_at) == (False, None)
    update(mentor, sensitive=[SensitiveAnswer(kind=kind, remove=True)])
    assert not SensitiveAttribute.objects.filter(employee=mentor).exists()


def test_consent_without_an_answer_is_refused(mentor: Employee) -> None:
    with pytest.raises(FieldErrors) as refused:
        update(mentor, sensitive=[SensitiveAnswer(kind=SensitiveKind.LGBTQ, consent=True)])
    assert "sensitive_lgbtq" in refused.value.errors
    assert not SensitiveAttribute.objects.exists()


def test_answers_not_mentioned_stay_as_they_are(mentor: Employee) -> None:
    SensitiveAttribute.objects.create(
        employee=mentor, kind=SensitiveKind.GENDER, value="Non-binary", consent_matching=False
    )
    update(mentor, hours_per_month=8)
    assert SensitiveAttribute.objects.get(employee=mentor).value == "Non-binary"


def test_the_audit_event_records_what_changed_but_nothing_of_a_sensitive_attribute(
    mentor: Employee, skills: dict[str, Skill]
) -> None:
    update(
        mentor,
        teach=[SkillLevel(skills["tiktok"], 5)],
        hours_per_month=9,
        sensitive=[SensitiveAnswer(kind=SensitiveKind.BACKGROUND, value=SECRET, consent=True)],
    )
    event = AuditEvent.objects.get(verb="employee.profile_update")
    assert event.target_id == str(mentor.pk)
    assert event.actor == mentor.user
    assert event.organization == mentor.organization
    assert event.data["teach"] == {"tiktok": 5}
    assert event.data["hours_per_month"] == 9
    # Not even the kind: "declared a disability" or "an LGBTQ+ answer" is the attribute.
    assert "sensitive" not in event.data
    assert "background" not in json.dumps(event.data)
    assert SECRET not in json.dumps(event.data)


def test_the_kinds_recorded_before_are_forgotten_by_the_migration(mentor: Employee) -> None:
    """Events written before the change named the kinds declared; the migration drops them."""
    from importlib import import_module

    from django.apps import apps

    event = AuditEvent.objects.create(
        organization=mentor.organization,
        actor=mentor.user,
        verb="employee.profile_update",
        target_type="people.employee",
        target_id=str(mentor.pk),
        data={"hours_per_month": 9, "sensitive": {"lgbtq": "declared with consent"}},
    )
    migration = import_module("remento.core.migrations.0006_audit_forget_sensitive_kinds")

    migration.forget_sensitive_kinds(apps, None)

    event.refresh_from_db()
    assert event.data == {"hours_per_month": 9}
