"""Sign-in security an organisation admin manages: lifting a paused sign-in."""

from __future__ import annotations

from axes.utils import reset as axes_reset
from django.db import transaction

from remento.core.audit import audit_log
from remento.core.errors import ServiceError
from remento.core.models import User
from remento.people.access import admin_of
from remento.people.models import Employee


@transaction.atomic
def employee_signin_unlock(*, actor: User, employee: Employee) -> int:
    """Lift the pause django-axes put on ``employee``'s sign-in after failed tries.

    Only an active admin of the employee's organisation may (``PermissionDenied``
    otherwise); ``ServiceError`` when the person has no sign-in. Returns how many of axes'
    attempt records were cleared, and audits the unlock with that number.
    """
    admin_of(
        actor,
        employee.organization_id,
        refusal="Only an admin of this organisation may unlock a sign-in.",
    )
    user = employee.user
    if user is None:
        raise ServiceError(f"{employee.display_name} has no sign-in to unlock.")
    cleared = axes_reset(username=user.email.casefold())
    audit_log(
        actor=actor,
        organization=employee.organization,
        verb="signin.unlocked",
        target=employee,
        data={"email": user.email, "attempt_records_cleared": cleared},
    )
    return cleared
