"""A person's data export: everything held about one person, as a printable page and a
JSON download, for the person themself (complete) or an admin of their organisation
(without what a pair keeps from staff). The other apps add their sections through
``person_exporting`` (``remento.people.lifecycle``)."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.models import AuditEvent, User
from remento.people.access import admin_of
from remento.people.confidential import hidden_audit_events, is_confidential_partner
from remento.people.lifecycle import ExportSection, person_exporting
from remento.people.models import Employee, SensitiveAttribute, SkillOffer, SkillWant
from remento.people.services.levels import level_history_section
from remento.people.services.personal_data import ADMINS_ONLY, EMPLOYEE_TARGET

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


def _audit_section(employee: Employee, *, own: bool, latest: int | None) -> ExportSection:
    """The audit events about or by the person, oldest first; with ``latest``, only that
    many of the newest, newest first, and how many are held in all (``held``)."""
    kinds = [Q(target_type=EMPLOYEE_TARGET, target_id=str(employee.pk))]
    if employee.user_id:
        kinds.append(Q(actor_id=employee.user_id))
    mine = AuditEvent.objects.filter(organization_id=employee.organization_id)
    hidden = hidden_audit_events(employee) if own else None
    if hidden is not None:
        # The person's own copy never holds what their partners keep from them.
        mine = mine.exclude(hidden)
    about = reduce(operator.or_, kinds)
    held = None
    if latest is None:
        events: Iterable[AuditEvent] = mine.filter(about).order_by("created_at", "id")
    else:
        # Each kind's newest from its own index, then the newest of both: one ordered query
        # over the OR would sort every event of a long trail.
        newest = {
            event.pk: event
            for kind in kinds
            for event in mine.filter(kind).order_by("-created_at", "-id")[:latest]
        }
        held = mine.filter(about).count()
        events = sorted(newest.values(), key=lambda e: (e.created_at, e.pk), reverse=True)[:latest]
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
            for event in events
        ],
        order=90,
        held=held,
    )


@transaction.atomic
def personal_data_export(
    *, actor: User, employee: Employee, latest_events: int | None = None
) -> PersonalData:
    """Everything held about ``employee``: profile and HR fields, skills, interests,
    sensitive attributes, and what the other apps return on ``person_exporting``
    (enrolments and answers, pairs, agreements, training), then the audit events about them.
    The export itself is audited.

    The person may export their own data (``own``): their copy holds everything that is
    theirs, their pairs' agreed goals and why they ended included. Anyone else must be an
    admin of their organisation, never their own partner (``remento.people.confidential``),
    and gets a copy without what a pair keeps from staff (the pair page's confidential
    content): it says, where each would be, that the person downloads it from their profile
    or that an admin reads it on the pair's page after stating a reason. With
    ``latest_events`` (the printable page), the audit events are only that many of the
    newest; the download holds every one."""
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
    sections.append(_audit_section(employee, own=own, latest=latest_events))
    sections.sort(key=lambda section: section.order)
    audit_log(
        actor=actor,
        organization=employee.organization,
        verb="person.exported",
        target=employee,
        data={"own": True} if own else None,
    )
    return PersonalData(employee=employee, exported_at=timezone.now(), sections=sections, own=own)
