"""Who administers the organisation and who coordinates programs: roles, set by its admins."""

from __future__ import annotations

from django.db import transaction

from remento.core.audit import audit_log
from remento.core.errors import ServiceError
from remento.core.models import Organization, User
from remento.people.access import admin_of
from remento.people.models import Employee, Role

ADMINS_ONLY = "Only an admin of this organisation may change roles."


@transaction.atomic
def employee_role_set(*, actor: User, employee: Employee, role: str) -> Employee:
    """Make ``employee`` an organisation admin, a program coordinator or a participant.

    Only an active admin of the same organisation may (``PermissionDenied`` otherwise).
    ``ServiceError`` for an unknown role, for a person who has left, and for taking the
    admin role from the organisation's last active admin (it would leave nobody able to
    give it back). Setting the role someone already has changes nothing and logs nothing.
    """
    admin_of(actor, employee.organization_id, refusal=ADMINS_ONLY)
    if role not in Role.values:
        raise ServiceError(f"role: {role!r} is not a role; choose one of {', '.join(Role.values)}.")
    # Role changes of one organisation run one at a time, so that two admins removing each
    # other at once cannot both pass the "last admin" check.
    Organization.objects.select_for_update().filter(pk=employee.organization_id).exists()
    person = Employee.objects.select_for_update().get(pk=employee.pk)
    if person.role == role:
        return person
    if not person.is_active:
        raise ServiceError(f"{person.display_name} has left the organisation; their role stays.")
    if person.role == Role.ADMIN:
        others = (
            Employee.objects.filter(
                organization_id=person.organization_id, role=Role.ADMIN, is_active=True
            )
            .exclude(pk=person.pk)
            .exists()
        )
        if not others:
            who = "You are" if person.user_id == actor.pk else f"{person.display_name} is"
            raise ServiceError(
                f"{who} the last organisation admin: make someone else an admin first, "
                "so that somebody can still manage roles."
            )
    before = person.role
    person.role = role
    person.save(update_fields=["role", "updated_at"])
    audit_log(
        actor=actor,
        organization=person.organization,
        verb="employee.role_set",
        target=person,
        data={"employee_id": person.employee_id, "from": before, "to": role},
    )
    return person
