"""Who may change a program: a coordinator (or admin) of the program's organisation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from remento.core.models import Organization, User
from remento.people.models import Employee


def coordinator_of(*, actor: User, organization: Organization) -> Employee:
    """The actor's directory entry when they coordinate programs in ``organization``."""
    employee: Employee | None = getattr(actor, "employee", None)
    if (
        employee is None
        or not employee.is_active
        or not employee.is_coordinator
        or employee.organization_id != organization.pk
    ):
        raise PermissionDenied("Only coordinators of this organisation may change its programs.")
    return employee
