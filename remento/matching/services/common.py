"""Checks shared by the matching services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from remento.core.errors import ServiceError
from remento.core.models import User
from remento.people.models import Employee
from remento.programs.models import MatchingMode, Program, Status

# Pairs are made once recruiting is over; late joiners of an active program can still be
# matched, so both steps allow it.
MATCHING_STATUSES = (Status.MATCHING, Status.ACTIVE)
BULK_MODES = (MatchingMode.BULK, MatchingMode.HYBRID)
CHOICE_MODES = (MatchingMode.CHOICE, MatchingMode.HYBRID)


def actor_employee(actor: User) -> Employee:
    """The actor's active directory entry (``PermissionDenied`` when there is none)."""
    employee = getattr(actor, "employee", None)
    if employee is None or not employee.is_active:
        raise PermissionDenied("This sign-in is not linked to an active person in the directory.")
    return employee


def coordinator_of(*, actor: User, program: Program) -> Employee:
    """The actor, who must coordinate programs in the program's organisation."""
    employee = actor_employee(actor)
    if not employee.is_coordinator or employee.organization_id != program.organization_id:
        raise PermissionDenied("Only coordinators of this program's organisation may do this.")
    return employee


def require_matching_open(program: Program) -> None:
    """Matching writes need the program in the Matching or Active step."""
    if program.status not in MATCHING_STATUSES:
        raise ServiceError(
            f"{program.name} is in the {program.get_status_display()} step; pairs are made "
            "once it reaches the Matching step."
        )


def require_bulk_mode(program: Program) -> None:
    if program.matching_mode not in BULK_MODES:
        raise ServiceError(
            f"{program.name} lets mentees choose their mentor; coordinator matching is for "
            "programs in bulk or hybrid matching mode."
        )


def require_choice_mode(program: Program) -> None:
    if program.matching_mode not in CHOICE_MODES:
        raise ServiceError(
            f"In {program.name} the coordinator makes the pairs; mentees choose only in "
            "programs in choice or hybrid matching mode."
        )
