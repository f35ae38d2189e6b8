"""Writing an import's sign-ins in bulk, around the insert of the new people: emails moved
and new sign-ins created before (:func:`apply_sign_ins_before`), existing people linked and
leavers' and returners' sign-ins switched after (:func:`apply_sign_ins_after`). What to write
is planned in ``accounts.py``."""

from __future__ import annotations

import secrets

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connection

from remento.core.models import User
from remento.people.importing import progress as import_progress
from remento.people.importing.accounts import SignInPlan
from remento.people.importing.batches import BATCH_SIZE, chunks, handover_email
from remento.people.models import Employee


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
            [User(pk=pk, email=sign_ins.email_changes[pk].after) for pk in pks_chunk], ["email"]
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
        import_progress.advance(len(user_of) - len(sign_ins.link))
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
