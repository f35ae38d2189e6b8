"""A person's data: erase them, and what happens when the HRIS says they left (their
export is ``personal_export``).

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
id unique placeholders, profile and sensitive attributes cleared, sign-in deleted; in the
outbox, their own emails go, and other people's that name them (in the subject, or sent to
a partner of theirs) lose the name and show no text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction
from django.db.models import Q, TextField, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.errors import ServiceError
from remento.core.models import AuditEvent, Organization, OutgoingEmail, User
from remento.core.outgoing import emails_naming_forget
from remento.core.words import count_of
from remento.people.access import admin_of
from remento.people.erased_ids import erased_id_record
from remento.people.importing.batches import chunks
from remento.people.lifecycle import (
    people_leaving,
    people_leaving_preview,
    person_erasing,
)
from remento.people.models import Employee, SensitiveAttribute, SkillOffer, SkillWant
from remento.people.sort_names import sort_names_refresh

ERASED_NAME = "Former participant"
ERASED_VALUE = "[erased]"
EMPLOYEE_TARGET = Employee._meta.label_lower
ADMINS_ONLY = "Only an admin of the person's organisation may do this."


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


def leavers_offboard_preview(
    *, organization: Organization, employee_pks: Sequence[int]
) -> list[str]:
    """What :func:`leavers_offboard` would do to these people, as lines for the import's
    preview: their sensitive answers deleted, and what the other apps would end. A query per
    2000 people and app; nothing is written."""
    if not employee_pks:
        return []
    declared = 0
    for chunk in chunks(list(employee_pks)):
        attributes = SensitiveAttribute.objects.filter(employee_id__in=chunk)
        declared += attributes.values("employee_id").distinct().count()
    lines = (
        [f"The self-declared sensitive answers of {count_of(declared, 'person')} are deleted."]
        if declared
        else []
    )
    for _receiver, answer in people_leaving_preview.send(
        sender=Employee, organization=organization, employee_pks=list(employee_pks)
    ):
        lines.extend(answer or [])
    return lines


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
    """The rows that are the person's alone: attributes, skills, interests, email records
    (and their name in others')."""
    SensitiveAttribute.objects.filter(employee=employee).delete()
    SkillOffer.objects.filter(employee=employee).delete()
    SkillWant.objects.filter(employee=employee).delete()
    # The records of the notifications sent to them carry their address and, in the
    # subjects, their name (the outbox, core.models.OutgoingEmail).
    OutgoingEmail.objects.filter(
        organization_id=employee.organization_id, recipient=employee.email
    ).delete()
    # Other people's records that name them: the name goes, the text is no longer shown.
    names = {f"{employee.first_name} {employee.last_name}".strip(), employee.display_name}
    emails_naming_forget(
        organization_id=employee.organization_id,
        names=sorted(name for name in names if len(name) >= 4),
        placeholder=ERASED_NAME,
    )
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
    erased_id_record(employee, now=now)
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
