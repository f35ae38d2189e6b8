"""A person's data: export everything held about them, erase them, and what happens when
the HRIS says they left.

What is kept when someone leaves, and for how long (``REMENTO_LEAVER_RETENTION_DAYS``):

- at once: their sensitive attributes are deleted, their open pairs close with a neutral
  message to the partner, their enrolments end and their sign-in is switched off (by the
  import);
- kept for the retention period: their directory entry, profile, closed pairs and agreements,
  training records and the audit trail, so that reports stay whole and a returning person
  finds their history;
- after it: ``remento purge-leavers`` (``leavers_purge``, also a task) erases them as below.

Erasing keeps the facts other people need (a partner's pair, counts, the audit trail's verbs
and targets) and removes the person: names become "Former participant", email and employee
id unique placeholders, profile and sensitive attributes cleared, sign-in deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, TextField, Value
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.errors import ServiceError
from remento.core.models import AuditEvent, Organization, OutgoingEmail, User
from remento.people.access import admin_of
from remento.people.confidential import hidden_audit_events, is_confidential_partner
from remento.people.importing.batches import chunks
from remento.people.lifecycle import (
    ExportSection,
    people_leaving,
    person_erasing,
    person_exporting,
)
from remento.people.models import Employee, SensitiveAttribute, SkillOffer, SkillWant
from remento.people.services.levels import level_history_section
from remento.people.sort_names import sort_names_refresh

ERASED_NAME = "Former participant"
ERASED_VALUE = "[erased]"
EMPLOYEE_TARGET = Employee._meta.label_lower
ADMINS_ONLY = "Only an admin of the person's organisation may do this."
PARTNER_REFUSAL = (
    "You are, or were, paired with this person, and their export holds what they keep from "
    "a partner: ask another admin of your organisation to export it."
)


@dataclass(frozen=True)
class PersonalData:
    """Everything held about one person, in sections of plain values."""

    employee: Employee
    exported_at: dt.datetime
    sections: list[ExportSection]
    # Their own copy; an admin's leaves out what a pair keeps from staff (see the export).
    own: bool = False

    @property
    def own_copy_address(self) -> str:
        return own_copy_address()

    def as_json(self) -> dict[str, Any]:
        return {
            "exported_at": self.exported_at.isoformat(),
            "organization": self.employee.organization.name,
            **{section.key: section.rows for section in self.sections},
        }


def own_copy_address() -> str:
    """Where a person downloads their own, complete export (from their profile)."""
    return f"{settings.SITE_URL.rstrip('/')}{reverse('people:my_data')}"


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _profile_row(employee: Employee) -> dict[str, Any]:
    """The directory entry: what the HR system sent and what the person set."""
    return {
        "employee_id": employee.employee_id,
        "first_name": employee.first_name,
        "last_name": employee.last_name,
        "preferred_name": employee.preferred_name,
        "email": employee.email,
        "job_title": employee.title,
        "department": employee.department.name if employee.department else "",
        "level": employee.level,
        "manager": employee.manager.display_name if employee.manager else "",
        "location": employee.location,
        "time_zone": employee.timezone,
        "hire_date": _plain(employee.hire_date),
        "leave_date": _plain(employee.leave_date),
        "birth_year": employee.birth_year,
        "role": employee.get_role_display(),
        "active": employee.is_active,
        "left_at": _plain(employee.left_at),
        "introvert_extrovert_score": employee.extraversion,
        "hours_per_month": employee.hours_per_month,
        "created_at": _plain(employee.created_at),
        "updated_at": _plain(employee.updated_at),
    }


def _sign_in_rows(employee: Employee) -> list[dict[str, Any]]:
    user = employee.user
    if user is None:
        return []
    return [
        {
            "email": user.email,
            "active": user.is_active,
            "joined": _plain(user.date_joined),
            "last_sign_in": _plain(user.last_login),
        }
    ]


def _people_sections(employee: Employee) -> list[ExportSection]:
    offers = SkillOffer.objects.filter(employee=employee).select_related("skill")
    wants = SkillWant.objects.filter(employee=employee).select_related("skill")
    attributes = SensitiveAttribute.objects.filter(employee=employee).order_by("kind")
    return [
        ExportSection("profile", "Profile and HR system fields", [_profile_row(employee)], order=0),
        ExportSection("sign_in", "Sign-in", _sign_in_rows(employee), order=1),
        ExportSection(
            "skills_offered",
            "Skills they can teach",
            [{"skill": o.skill.name, "proficiency": o.proficiency} for o in offers],
            order=2,
        ),
        ExportSection(
            "skills_wanted",
            "Skills they want to learn",
            [{"skill": w.skill.name, "priority": w.priority} for w in wants],
            order=3,
        ),
        ExportSection(
            "interests",
            "Interests",
            [{"interest": interest.name} for interest in employee.interests.all()],
            order=4,
        ),
        ExportSection(
            "sensitive_attributes",
            "Sensitive attributes they declared",
            [
                {
                    "kind": attribute.get_kind_display(),
                    "value": attribute.value,
                    "consent_to_use_in_matching": attribute.consent_matching,
                    "consented_at": _plain(attribute.consented_at),
                }
                for attribute in attributes
            ],
            order=5,
        ),
        level_history_section(employee),
    ]


def _audit_section(employee: Employee, *, own: bool) -> ExportSection:
    about = Q(target_type=EMPLOYEE_TARGET, target_id=str(employee.pk))
    if employee.user_id:
        about |= Q(actor_id=employee.user_id)
    events = AuditEvent.objects.filter(about, organization_id=employee.organization_id)
    hidden = hidden_audit_events(employee) if own else None
    if hidden is not None:
        # The person's own copy never holds what their partners keep from them.
        events = events.exclude(hidden)
    return ExportSection(
        "audit_events",
        "Audit events about them or by them",
        [
            {
                "at": _plain(event.created_at),
                "action": event.verb,
                "target": f"{event.target_type}:{event.target_id}".strip(":"),
                "by_them": event.actor_id is not None and event.actor_id == employee.user_id,
                "details": event.data,
            }
            for event in events.order_by("created_at", "id")
        ],
        order=90,
    )


@transaction.atomic
def personal_data_export(*, actor: User, employee: Employee) -> PersonalData:
    """Everything held about ``employee``: profile and HR fields, skills, interests,
    sensitive attributes, and what the other apps return on ``person_exporting``
    (enrolments and answers, pairs, agreements, training), then the audit events about them.
    The export itself is audited.

    The person may export their own data (``own``): their copy holds everything that is
    theirs, their pairs' agreed goals and why they ended included. Anyone else must be an
    admin of their organisation, never their own partner (``remento.people.confidential``),
    and gets a copy without what a pair keeps from staff (the pair page's confidential
    content): it says, where each would be, that the person downloads it from their profile
    or that an admin reads it on the pair's page after stating a reason."""
    viewer: Employee | None = getattr(actor, "employee", None)
    own = viewer is not None and viewer.is_active and viewer.pk == employee.pk
    if not own:
        admin = admin_of(actor, employee.organization_id, refusal=ADMINS_ONLY)
        if is_confidential_partner(viewer=admin, employee=employee):
            raise PermissionDenied(PARTNER_REFUSAL)
    employee = Employee.objects.select_related("organization", "department", "manager", "user").get(
        pk=employee.pk
    )
    sections = _people_sections(employee)
    for _receiver, returned in person_exporting.send(sender=Employee, employee=employee, own=own):
        sections.extend(cast("list[ExportSection]", returned))
    sections.append(_audit_section(employee, own=own))
    sections.sort(key=lambda section: section.order)
    audit_log(
        actor=actor,
        organization=employee.organization,
        verb="person.exported",
        target=employee,
        data={"own": True} if own else None,
    )
    return PersonalData(employee=employee, exported_at=timezone.now(), sections=sections, own=own)


def leavers_offboard(
    *, actor: User | None, organization: Organization, employee_pks: Sequence[int], now: dt.datetime
) -> None:
    """What happens to people the HRIS says left: their sensitive attributes are deleted,
    the other apps end their open pairs (a neutral message to each partner) and their
    enrolments, and the retention period starts. In bulk: the number of queries grows with
    the number of pairs closed and with len(employee_pks) / 2000, never per person."""
    if not employee_pks:
        return
    for chunk in chunks(list(employee_pks)):
        SensitiveAttribute.objects.filter(employee_id__in=chunk).delete()
        Employee.objects.filter(pk__in=chunk, left_at__isnull=True).update(left_at=now)
    people_leaving.send(
        sender=Employee, organization=organization, employee_pks=list(employee_pks), actor=actor
    )


def _scrub(value: Any, secrets: Sequence[str]) -> Any:
    """``value`` with every string that holds one of ``secrets`` replaced."""
    if isinstance(value, dict):
        return {key: _scrub(item, secrets) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub(item, secrets) for item in value]
    if isinstance(value, str) and any(secret.casefold() in value.casefold() for secret in secrets):
        return ERASED_VALUE
    return value


def _scrub_audit(employee: Employee, secrets: Sequence[str]) -> None:
    """Events about the person keep their verb and target but lose their details; any other
    event of the organisation that mentions them has those values replaced."""
    AuditEvent.objects.filter(target_type=EMPLOYEE_TARGET, target_id=str(employee.pk)).update(
        data={}
    )
    mentions = Q()
    for secret in secrets:
        mentions |= Q(text__icontains=secret)
    events = (
        AuditEvent.objects.filter(organization_id=employee.organization_id)
        .annotate(text=Cast("data", TextField()))
        .filter(mentions)
    )
    changed = []
    for event in events:
        scrubbed = _scrub(event.data, secrets)
        if scrubbed != event.data:
            event.data = scrubbed
            changed.append(event)
    AuditEvent.objects.bulk_update(changed, ["data"], batch_size=500)


def _forget_sign_in_traces(user: User) -> None:
    """Sign-in events keep the fact (verb, time) but not the address or the client's IP, and
    the throttling records that hold the email are deleted."""
    AuditEvent.objects.filter(target_type=User._meta.label_lower, target_id=str(user.pk)).update(
        data={}
    )
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=user.email).delete()


def _delete_own_rows(employee: Employee) -> None:
    """The rows that are the person's alone: attributes, skills, interests, email records."""
    SensitiveAttribute.objects.filter(employee=employee).delete()
    SkillOffer.objects.filter(employee=employee).delete()
    SkillWant.objects.filter(employee=employee).delete()
    # The records of the notifications sent to them carry their address and, in the
    # subjects, their name (the outbox, core.models.OutgoingEmail).
    OutgoingEmail.objects.filter(
        organization_id=employee.organization_id, recipient=employee.email
    ).delete()
    employee.interests.clear()


def erase_employee(*, actor: User | None, employee: Employee, now: dt.datetime) -> None:
    """Erase ``employee`` now, inside the caller's transaction: as a leaver first, then
    every trace named in the module's description."""
    leavers_offboard(
        actor=actor, organization=employee.organization, employee_pks=[employee.pk], now=now
    )
    person_erasing.send(sender=Employee, employee=employee, actor=actor)
    secrets = [
        s
        for s in {
            employee.email,
            employee.employee_id,
            f"{employee.first_name} {employee.last_name}",
        }
        if len(s.strip()) >= 4
    ]
    user = employee.user
    if user is not None:
        secrets.append(user.email)
    _scrub_audit(employee, secrets)
    if user is not None:
        _forget_sign_in_traces(user)

    _delete_own_rows(employee)
    placeholder = f"erased-{employee.pk}"
    Employee.objects.filter(pk=employee.pk).update(
        first_name=ERASED_NAME,
        last_name="",
        preferred_name="",
        email=f"{placeholder}@erased.invalid",
        employee_id=placeholder,
        title="",
        location="",
        birth_year=None,
        hire_date=None,
        leave_date=None,
        manager=None,
        department=None,
        extraversion=None,
        user=None,
        is_active=False,
        left_at=Coalesce("left_at", Value(now)),
        erased_at=now,
        updated_at=now,
    )
    sort_names_refresh([employee.pk])  # no copy of the name is left beside their rows
    if user is not None and not (user.is_staff or user.is_superuser):
        # Deleted, not only switched off: an orphan sign-in could be claimed by an import.
        # A platform operator's sign-in is only unlinked (imports never claim those).
        user.delete()
    audit_log(
        actor=actor,
        organization=employee.organization,
        verb="person.erased",
        target=employee,
    )
    employee.refresh_from_db()


@transaction.atomic
def person_erase(*, actor: User, employee: Employee) -> Employee:
    """Erase ``employee`` (an admin of their organisation; not themselves, nor a platform
    operator, whose sign-in only the operator removes): they leave as the HRIS sync would
    have it (open pairs closed with a neutral message, enrolments ended, sensitive
    attributes deleted), then their personal data is removed or anonymised, their
    sign-in is deleted and the audit trail keeps the facts about them but not the content.
    Their pairs stay for the partner, the erased side shown as "Former participant"."""
    admin = admin_of(actor, employee.organization_id, refusal=ADMINS_ONLY)
    employee = (
        Employee.objects.select_for_update(of=("self",))
        .select_related("organization", "user")
        .get(pk=employee.pk)
    )
    if employee.erased_at is not None:
        raise ServiceError("This person's data has already been erased.")
    if employee.pk == admin.pk:
        raise ServiceError("You cannot erase yourself; ask another organisation admin.")
    user = employee.user
    if user is not None and (user.is_staff or user.is_superuser):
        # Erasing deletes the sign-in, and an organisation admin is no platform operator.
        raise ServiceError(
            "This person's sign-in is a platform operator's; ask the platform operator to "
            "erase them."
        )
    erase_employee(actor=actor, employee=employee, now=timezone.now())
    return employee
