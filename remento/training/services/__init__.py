"""Writing training: modules and completions (modules.py), the resources library
(resources.py). Seed content lives in remento/training/catalogue.py."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from remento.core.errors import ServiceError
from remento.core.models import User
from remento.people.models import Employee


class TrainingInvalid(ServiceError):
    """Nothing was saved; ``errors`` maps each field to what is wrong with it."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{name}: {reason}" for name, reason in errors.items()))


def coordinator_of(*, actor: User, organization_id: int) -> Employee:
    """The acting coordinator of that organisation, or ``PermissionDenied``."""
    employee: Employee | None = getattr(actor, "employee", None)
    if (
        employee is None
        or not employee.is_active
        or not employee.is_coordinator
        or employee.organization_id != organization_id
    ):
        raise PermissionDenied("Only the organisation's program coordinators may do this.")
    return employee
