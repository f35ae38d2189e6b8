"""A person keeps their own mentoring profile: skills, interests, personality, time, consent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone as django_timezone

from remento.core.audit import audit_log
from remento.core.errors import FieldErrors
from remento.core.models import User
from remento.core.timezones import zone_problem
from remento.people.models import (
    BIO_MAX,
    HOURS_PER_MONTH_MAX,
    HOURS_PER_MONTH_MIN,
    Employee,
    Interest,
    SensitiveAttribute,
    SensitiveKind,
    Skill,
    SkillOffer,
    SkillWant,
)
from remento.people.skill_totals import skill_totals_refresh_soon

LEVEL_MIN, LEVEL_MAX = 1, 5
HOURS_MIN, HOURS_MAX = HOURS_PER_MONTH_MIN, HOURS_PER_MONTH_MAX
SENSITIVE_VALUE_MAX = SensitiveAttribute._meta.get_field("value").max_length or 120


@dataclass(frozen=True)
class SkillLevel:
    """One skill with a level: proficiency when teaching, priority when learning (1–5)."""

    skill: Skill
    level: int


@dataclass(frozen=True)
class SensitiveAnswer:
    """The person's answer for one kind of sensitive attribute.

    ``value`` empty keeps what they declared before (the value is never sent back to a
    page, so an empty box means "unchanged"); ``remove`` deletes the answer altogether.
    """

    kind: str
    value: str = ""
    consent: bool = False
    remove: bool = False


def _check_skills(*, rows: Sequence[SkillLevel], organization_id: int, what: str) -> dict[str, str]:
    seen: set[int] = set()
    for number, row in enumerate(rows, start=1):
        if row.skill.organization_id != organization_id:
            return {what: f"row {number}: {row.skill.name} is not in your organisation's list."}
        if row.skill.pk in seen:
            return {what: f"row {number}: {row.skill.name} is listed twice; keep one row."}
        if not LEVEL_MIN <= row.level <= LEVEL_MAX:
            return {what: f"row {number}: the level must be from 1 to 5, not {row.level}."}
        seen.add(row.skill.pk)
    return {}


def _validate(
    *,
    employee: Employee,
    teach: Sequence[SkillLevel],
    learn: Sequence[SkillLevel],
    interests: Sequence[Interest],
    extraversion: int | None,
    hours_per_month: int,
    timezone: str,
    sensitive: Sequence[SensitiveAnswer],
    declared: dict[str, SensitiveAttribute],
) -> dict[str, str]:
    errors: dict[str, str] = {}
    errors |= _check_skills(rows=teach, organization_id=employee.organization_id, what="teach")
    errors |= _check_skills(rows=learn, organization_id=employee.organization_id, what="learn")
    for interest in interests:
        if interest.organization_id != employee.organization_id:
            errors["interests"] = f"{interest.name} is not in your organisation's list."
    if extraversion is not None and not LEVEL_MIN <= extraversion <= LEVEL_MAX:
        errors["extraversion"] = f"Choose from 1 to 5, not {extraversion}."
    if not HOURS_MIN <= hours_per_month <= HOURS_MAX:
        errors["hours_per_month"] = (
            f"Give from {HOURS_MIN} to {HOURS_MAX} hours a month, not {hours_per_month}."
        )
    if problem := zone_problem(timezone):
        errors["timezone"] = problem
    kinds = set(SensitiveKind.values)
    for answer in sensitive:
        name = f"sensitive_{answer.kind}"
        if answer.kind not in kinds:
            errors["sensitive"] = f"Unknown kind of attribute: {answer.kind}."
        elif len(answer.value.strip()) > SENSITIVE_VALUE_MAX:
            errors[name] = f"Keep it under {SENSITIVE_VALUE_MAX} characters."
        elif (
            answer.consent
            and not answer.remove
            and not answer.value.strip()
            and answer.kind not in declared
        ):
            errors[name] = "Write an answer before consenting to its use in matching."
    return errors


def _replace_skills(
    *, model: type[SkillOffer] | type[SkillWant], employee: Employee, rows: Sequence[SkillLevel]
) -> dict[str, int]:
    """Make the person's rows exactly ``rows``; returns skill slug -> level for the audit."""
    level_field = "proficiency" if model is SkillOffer else "priority"
    wanted = {row.skill.pk: row.level for row in rows}
    current = {item.skill_id: item for item in model.objects.filter(employee=employee)}
    model.objects.filter(employee=employee).exclude(skill_id__in=wanted).delete()
    for skill_id, level in wanted.items():
        item = current.get(skill_id)
        if item is None:
            model.objects.create(employee=employee, skill_id=skill_id, **{level_field: level})
        elif getattr(item, level_field) != level:
            setattr(item, level_field, level)
            item.save(update_fields=[level_field])
    return {row.skill.slug: row.level for row in rows}


def _apply_sensitive(
    *,
    employee: Employee,
    answers: Sequence[SensitiveAnswer],
    declared: dict[str, SensitiveAttribute],
) -> None:
    """Apply the answers. Nothing of them goes to the audit trail: which kind someone
    declared is itself sensitive (an LGBTQ+ or a disability answer says what it is by its
    kind alone), and each row keeps when its consent was given."""
    now = django_timezone.now()
    for answer in answers:
        row = declared.get(answer.kind)
        value = answer.value.strip()
        if answer.remove:
            if row is not None:
                row.delete()
            continue
        if row is None:
            if value:
                SensitiveAttribute.objects.create(
                    employee=employee,
                    kind=answer.kind,
                    value=value,
                    consent_matching=answer.consent,
                    consented_at=now if answer.consent else None,
                )
            continue
        changed = bool(value and value != row.value)
        if changed:
            row.value = value
        if answer.consent != row.consent_matching:
            row.consent_matching = answer.consent
            row.consented_at = now if answer.consent else None
            changed = True
        if changed:
            row.save()


def _declared_locked(employee: Employee) -> dict[str, SensitiveAttribute]:
    """The person's declared sensitive attributes by kind, locked until the commit."""
    return {
        row.kind: row
        for row in SensitiveAttribute.objects.select_for_update().filter(employee=employee)
    }


def _save_own_fields(
    employee: Employee,
    *,
    interests: Sequence[Interest],
    extraversion: int | None,
    hours_per_month: int,
    timezone: str,
    bio: str | None,
) -> dict[str, Any]:
    """Save the profile's own fields and interests (``bio`` None: unchanged); returns them
    for the audit event."""
    employee.extraversion = extraversion
    employee.hours_per_month = hours_per_month
    employee.timezone = timezone
    fields = ["extraversion", "hours_per_month", "timezone", "updated_at"]
    if bio is not None:
        employee.bio = bio.strip()[:BIO_MAX]
        fields.append("bio")
    employee.save(update_fields=fields)
    employee.interests.set(interests)
    return {
        "interests": sorted(interest.name for interest in interests),
        "extraversion": extraversion,
        "hours_per_month": hours_per_month,
        "timezone": timezone,
        "bio": employee.bio,
    }


@transaction.atomic
def profile_update(
    *,
    actor: User,
    employee: Employee,
    teach: Sequence[SkillLevel],
    learn: Sequence[SkillLevel],
    interests: Sequence[Interest],
    extraversion: int | None,
    hours_per_month: int,
    timezone: str,
    sensitive: Sequence[SensitiveAnswer] = (),
    bio: str | None = None,
) -> Employee:
    """Save the mentoring profile a person keeps about themselves (``bio`` None: unchanged).

    Only the person may edit it (``PermissionDenied`` otherwise). ``teach`` and ``learn``
    become exactly the rows given; sensitive answers not mentioned stay as they are.
    Consent for matching stamps ``consented_at``; withdrawing it clears the stamp. Any bad
    value raises ``FieldErrors`` naming the field, and nothing is written. The audit
    event records what changed, nothing of the sensitive attributes (not even their kinds).
    """
    if employee.user_id is None or actor.pk != employee.user_id:
        raise PermissionDenied("People edit only their own profile.")
    declared = _declared_locked(employee)
    errors = _validate(
        employee=employee,
        teach=teach,
        learn=learn,
        interests=interests,
        extraversion=extraversion,
        hours_per_month=hours_per_month,
        timezone=timezone,
        sensitive=sensitive,
        declared=declared,
    )
    if errors:
        raise FieldErrors(errors)

    data = _save_own_fields(
        employee,
        interests=interests,
        extraversion=extraversion,
        hours_per_month=hours_per_month,
        timezone=timezone,
        bio=bio,
    )
    data["teach"] = _replace_skills(model=SkillOffer, employee=employee, rows=teach)
    data["learn"] = _replace_skills(model=SkillWant, employee=employee, rows=learn)
    skill_totals_refresh_soon(employee.organization_id)
    _apply_sensitive(employee=employee, answers=sensitive, declared=declared)
    audit_log(
        actor=actor,
        organization=employee.organization,
        verb="employee.profile_update",
        target=employee,
        data=data,
    )
    return employee
