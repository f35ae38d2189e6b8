"""Sign-ins for the people an import brings in: every active person in the file can sign in.

A new active person gets a ``User`` with their work email and an unusable password (they
choose one through "Forgotten your password?"); a person whose work email changes takes their
sign-in along; a person who leaves (a past leave date, or missing from a full sync) can no
longer sign in, and one who comes back can again. ``User.email`` is unique across the whole
platform, so an email that already signs in elsewhere is a warning, never a crash.

``plan_sign_ins`` reads (a few queries per 2,000 rows); ``apply_sign_ins_before`` and
``apply_sign_ins_after`` write in bulk, around the insert of the new people.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connection

from remento.core.models import User
from remento.people.importing.batches import BATCH_SIZE, chunks, handover_email
from remento.people.importing.validation import ImportRow
from remento.people.models import Employee

if TYPE_CHECKING:
    from remento.people.importing.plan import ImportPlan


class _Holder(NamedTuple):
    """A sign-in that has an email the import wants to give someone."""

    user_pk: int
    linked: bool  # to a person (in any organisation)


@dataclass
class SignInPlan:
    """What the import does to sign-ins (``User`` rows)."""

    # People who get a new sign-in, by employee id: the rows themselves.
    create: list[ImportRow] = field(default_factory=list)
    # Employee id → a sign-in that has their email and belongs to nobody yet (one made
    # with ``createsuperuser``, say): it becomes theirs.
    link: dict[str, int] = field(default_factory=dict)
    # User pk → the new email of a person whose work email changes.
    email_changes: dict[int, str] = field(default_factory=dict)
    deactivate: list[int] = field(default_factory=list)
    reactivate: list[int] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "sign_ins_created": len(self.create),
            "sign_ins_linked": len(self.link),
            "sign_ins_email_changed": len(self.email_changes),
            "sign_ins_deactivated": len(self.deactivate),
            "sign_ins_reactivated": len(self.reactivate),
        }


def _holders(emails: list[str]) -> dict[str, _Holder]:
    holders: dict[str, _Holder] = {}
    for chunk in chunks(emails):
        rows = User.objects.filter(email__in=chunk).values_list("email", "pk", "employee__pk")
        for email, pk, employee_pk in rows:
            holders[email.lower()] = _Holder(pk, employee_pk is not None)
    return holders


def plan_sign_ins(plan: ImportPlan, user_of: dict[str, int | None]) -> SignInPlan:
    """Work out the sign-in changes of ``plan``; ``user_of`` maps the employee id of each
    person already in the directory to their user pk (None: no sign-in yet). Clashes with
    other sign-ins become ``plan.warnings``."""
    sign_ins = SignInPlan()
    moving: dict[int, ImportRow] = {}
    for update in plan.to_update:
        user_pk = user_of.get(update.row.employee_id)
        if user_pk is None:
            continue
        if "email" in update.changes:
            moving[user_pk] = update.row
        if "is_active" in update.changes:
            active = plan.active[update.row.employee_id]
            (sign_ins.reactivate if active else sign_ins.deactivate).append(user_pk)
    sign_ins.deactivate += [gone.user_pk for gone in plan.to_deactivate if gone.user_pk]

    # Active people of the file with no sign-in: new people, and anyone imported before
    # people had sign-ins (or while they had left).
    wanting = [
        row
        for row in plan.rows
        if plan.active[row.employee_id] and user_of.get(row.employee_id) is None
    ]
    holders = _holders([row.email for row in wanting] + [row.email for row in moving.values()])

    # A sign-in whose new email another sign-in keeps (one not moving away) stays as it is;
    # that may in turn keep the sign-in that wanted its email, hence the loop.
    blocked = True
    while blocked:
        blocked = False
        for user_pk, row in list(moving.items()):
            holder = holders.get(row.email)
            if holder is not None and holder.user_pk != user_pk and holder.user_pk not in moving:
                del moving[user_pk]
                blocked = True
                plan.warnings.append(
                    f"row {row.row}: {row.name}'s sign-in keeps its old email, since "
                    f"{row.email} is already the sign-in of another account."
                )
    sign_ins.email_changes = {user_pk: row.email for user_pk, row in moving.items()}

    for row in wanting:
        holder = holders.get(row.email)
        if holder is None or holder.user_pk in moving:
            sign_ins.create.append(row)
        elif not holder.linked:
            sign_ins.link[row.employee_id] = holder.user_pk
        else:
            plan.warnings.append(
                f"row {row.row}: {row.name} gets no sign-in, since {row.email} is already "
                "the sign-in of someone else (in this or another organisation)."
            )
    return sign_ins


def _unusable_password() -> str:
    """What ``make_password(None)`` stores, at a fraction of its cost (one call to the
    system's random source, not forty): an import may create 100,000 sign-ins."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def apply_sign_ins_before(sign_ins: SignInPlan) -> dict[str, int]:
    """Move emails, then create the new sign-ins; returns employee id → user pk for every
    person to link (new sign-ins and found ones), for the insert of the new people."""
    moving = list(sign_ins.email_changes)
    # Free every email first: two people may swap theirs (User.email is unique per row).
    for pks_chunk in chunks(moving):
        User.objects.filter(pk__in=pks_chunk).update(email=handover_email())
    for pks_chunk in chunks(moving):
        User.objects.bulk_update(
            [User(pk=pk, email=sign_ins.email_changes[pk]) for pk in pks_chunk], ["email"]
        )

    user_of = dict(sign_ins.link)
    for chunk in chunks(sign_ins.create):
        users = [
            User(
                email=row.email,
                password=_unusable_password(),
                first_name=row.first_name,
                last_name=row.last_name,
            )
            for row in chunk
        ]
        User.objects.bulk_create(users)
        if connection.features.can_return_rows_from_bulk_insert:
            pks = {user.email: user.pk for user in users}
        else:
            emails = [user.email for user in users]
            pks = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
        user_of.update((row.employee_id, pks[row.email]) for row in chunk)
    return user_of


def apply_sign_ins_after(
    sign_ins: SignInPlan, user_of: dict[str, int], existing_pks: dict[str, int]
) -> None:
    """Link the people who were already in the directory (``existing_pks``: employee id →
    pk) to their sign-ins (new people were inserted linked), and switch the sign-ins of
    leavers off and of returners back on."""
    existing = [
        Employee(pk=existing_pks[employee_id], user_id=user_pk)
        for employee_id, user_pk in user_of.items()
        if employee_id in existing_pks
    ]
    Employee.objects.bulk_update(existing, ["user"], batch_size=BATCH_SIZE)
    for chunk in chunks(sign_ins.deactivate):
        User.objects.filter(pk__in=chunk).update(is_active=False)
    for chunk in chunks(sign_ins.reactivate):
        User.objects.filter(pk__in=chunk).update(is_active=True)
