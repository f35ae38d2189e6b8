"""One person at a time, under the HRIS import's rules: for provisioning that sends people one
by one (SCIM), where the import plans thousands of rows at once.

The rules are the import's (``importing/accounts.py``, ``importing/apply.py``):

- a joiner gets a sign-in with their work email and an unusable password; an existing
  sign-in with that email is taken over only when it belongs to nobody and is no platform
  operator's; otherwise they get none (``SIGN_IN_REFUSED``), whoever holds the address;
- a person whose work email changes takes their sign-in along, unless another sign-in
  keeps the new address;
- a leaver's sign-in is switched off and ``leavers_offboard`` runs (pairs and enrolments end,
  sensitive attributes go, the retention period starts); a returner's is switched back on;
- a platform operator's sign-in is never changed, and the sign-in changes of admins and
  coordinators are privileged (``is_privileged``): the caller refuses them, since a sign-in
  opens everything its person may do and only an admin confirms such a change.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.models import User
from remento.matching.engine import category_key, tidy_category
from remento.people.importing.accounts import PRIVILEGED_ROLES
from remento.people.importing.departments import department_ids_by_key
from remento.people.models import Department, Employee, LevelChange, LevelChangeSource
from remento.people.services.personal_data import leavers_offboard

# The one wording, whoever holds the address (it must reveal nothing about other tenants).
SIGN_IN_REFUSED = "gets no sign-in: the address cannot be used as a sign-in; ask the operator."


def _is_operator(user: User | None) -> bool:
    return user is not None and (user.is_staff or user.is_superuser)


def is_privileged(employee: Employee) -> bool:
    """Whether a change to ``employee``'s sign-in (email, leaving, returning) is privileged:
    an admin's, a coordinator's or a platform operator's."""
    return employee.role in PRIVILEGED_ROLES or _is_operator(employee.user)


def department_find_or_create(*, organization_id: int, name: str) -> Department | None:
    """The department ``name`` means, spelled as the import reads it (trimmed, spaces
    collapsed, case folded: "finance " is "Finance"); made when new; None for a blank."""
    key = category_key(name)
    if key is None:
        return None
    names = Department.objects.filter(organization_id=organization_id).order_by("pk")
    pk = department_ids_by_key(dict(names.values_list("pk", "name"))).get(key)
    if pk is not None:
        return Department.objects.get(pk=pk)
    return Department.objects.create(
        organization_id=organization_id, name=tidy_category(name) or ""
    )


def sign_in_for_joiner(employee: Employee) -> str:
    """Give active ``employee`` (saved, with no sign-in) one: "created", "linked" (a sign-in
    with their email that belonged to nobody) or "none" (the address cannot be a sign-in)."""
    holder = User.objects.filter(email__iexact=employee.email).first()
    if holder is None:
        user = User.objects.create(
            email=employee.email,
            password=make_password(None),
            first_name=employee.first_name,
            last_name=employee.last_name,
        )
        outcome = "created"
    elif not _is_operator(holder) and not Employee.objects.filter(user=holder).exists():
        user, outcome = holder, "linked"
    else:
        return "none"
    Employee.objects.filter(pk=employee.pk).update(user=user)
    employee.user = user
    return outcome


def sign_in_on_request(email: str) -> None:
    """Give a sign-in to the one active person whose work email is ``email`` and who has
    none (people added before sign-ins came with every joiner, or by the demo): asking to
    set a password is how they first sign in. Nothing when no such person, or several in
    different organisations share the address (the address is then nobody's to claim)."""
    people = list(
        Employee.objects.filter(
            email__iexact=email, is_active=True, erased_at=None, user=None
        ).select_related("organization")[:2]
    )
    if (
        len(people) != 1
        or Employee.objects.filter(email__iexact=email, user__isnull=False).exists()
    ):
        return
    [person] = people
    if sign_in_for_joiner(person) != "none":
        audit_log(
            actor=None,
            organization=person.organization,
            verb="people.sign_in_created",
            target=person,
            data={"email": person.email, "why": "asked to set a password"},
        )


def sign_in_follow_email(employee: Employee) -> bool:
    """Move ``employee``'s sign-in to their (changed) work email; False when another
    sign-in keeps that address or the sign-in is a platform operator's (it stays)."""
    user = employee.user
    if user is None or user.email == employee.email:
        return True
    if _is_operator(user) or User.objects.filter(email__iexact=employee.email).exists():
        return False
    User.objects.filter(pk=user.pk).update(email=employee.email)
    user.email = employee.email
    return True


def person_leave(*, actor: User | None, employee: Employee, now: dt.datetime) -> None:
    """``employee`` left: inactive, sign-in switched off, offboarded as the import's leavers
    are (``leavers_offboard``: pairs and enrolments end, the retention period starts)."""
    Employee.objects.filter(pk=employee.pk).update(is_active=False, updated_at=now)
    employee.is_active = False
    if employee.user is not None and not _is_operator(employee.user):
        User.objects.filter(pk=employee.user.pk).update(is_active=False)
    leavers_offboard(
        actor=actor, organization=employee.organization, employee_pks=[employee.pk], now=now
    )
    employee.left_at = Employee.objects.values_list("left_at", flat=True).get(pk=employee.pk)


def person_return(*, employee: Employee, now: dt.datetime) -> str:
    """``employee`` is back: active, no longer a leaver, their sign-in switched back on (or
    given one, as a joiner). Returns what happened to the sign-in."""
    Employee.objects.filter(pk=employee.pk).update(is_active=True, left_at=None, updated_at=now)
    employee.is_active, employee.left_at = True, None
    if employee.user is None:
        return sign_in_for_joiner(employee)
    if not _is_operator(employee.user):
        User.objects.filter(pk=employee.user.pk).update(is_active=True)
    return "reactivated"


def level_change_note(*, employee: Employee, level_before: int) -> None:
    """Record in the level history that ``employee``'s level (saved) changed today, as the
    import records the levels the HRIS sends."""
    if employee.level == level_before:
        return
    LevelChange.objects.create(
        employee=employee,
        level_before=level_before,
        level_after=employee.level,
        effective_date=timezone.localdate(),
        source=LevelChangeSource.IMPORT,
    )
