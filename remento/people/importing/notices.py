"""What an applied import tells people about their sign-ins: one audit event per change of
a sign-in's email (whose sign-in, from what, to what) and one per privileged change an admin
confirmed, and an email to the old address of every moved sign-in, sent after the commit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from remento.core.models import AuditEvent, Organization, User
from remento.core.notifications import notify
from remento.people.importing.accounts import SignInPlan
from remento.people.importing.batches import BATCH_SIZE

TEMPLATE = "people/email/sign_in_email_changed"


@dataclass(frozen=True)
class OldAddress:
    """A sign-in's former address: no longer anyone's, still told of the change."""

    email: str
    organization_id: int


def sign_in_changes_record(
    *, actor: User | None, organization: Organization, sign_ins: SignInPlan, now: dt.datetime
) -> None:
    """Audit each email change and confirmed privileged change, and warn every old address.

    Runs inside the import's transaction: the audit rows roll back with it, and the emails
    are queued only once it commits.
    """
    actor_id = actor.pk if actor is not None and actor.pk else None
    events = [
        AuditEvent(
            organization=organization,
            actor_id=actor_id,
            verb="people.sign_in_email_changed",
            target_type="core.user",
            target_id=str(move.user_pk),
            data={
                "employee_id": move.employee_id,
                "name": move.name,
                "from": move.before,
                "to": move.after,
            },
        )
        for move in sign_ins.email_changes.values()
    ]
    events += [
        AuditEvent(
            organization=organization,
            actor_id=actor_id,
            verb="people.privileged_sign_in_confirmed",
            target_type="core.user" if change.user_pk else "",
            target_id=str(change.user_pk or ""),
            data={
                "employee_id": change.row.employee_id,
                "name": change.name,
                "role": change.role,
                "change": change.kind,
                "from": change.before,
                "to": change.after,
            },
        )
        for change in sign_ins.privileged
    ]
    AuditEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)
    for move in sign_ins.email_changes.values():
        notify(
            to=OldAddress(email=move.before, organization_id=organization.pk),
            template=TEMPLATE,
            context={
                "name": move.name,
                "organization": organization,
                "before": move.before,
                "after": move.after,
                "when": now,
            },
        )
