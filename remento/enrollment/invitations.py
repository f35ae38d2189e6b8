"""Who an invitation in bulk would reach: by filter (department, levels, location) and by a
list of email addresses, with everyone skipped and why.

A constant number of queries whatever the size: the filter may select thousands. Addresses
that are not an active person of the program's organisation all read "not found in your
directory" (or "inactive" for the organisation's own former people): the page never tells a
coordinator whether an address exists in another organisation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet
from django.db.models.functions import Lower

from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.enrollment.services.rules import level_range, places_left
from remento.people.models import Department, Employee
from remento.programs.models import Program

# Statuses from which a person may be invited again.
REINVITABLE = frozenset({EnrollmentStatus.WITHDRAWN, EnrollmentStatus.DECLINED})
# The most addresses one list may hold.
MAX_ADDRESSES = 20000
NOT_FOUND = "not found in your directory"

_SEPARATORS = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class InviteFilter:
    """Who to select from the directory; empty values select everyone."""

    departments: Sequence[Department] = ()
    min_level: int | None = None
    max_level: int | None = None
    location: str = ""

    @property
    def is_empty(self) -> bool:
        return (
            not self.departments
            and self.min_level is None
            and self.max_level is None
            and not self.location
        )


@dataclass(frozen=True)
class Skipped:
    """Someone (or an address) who will not be invited, and why, in plain words."""

    who: str
    reason: str


@dataclass
class InvitationPlan:
    """The people an invitation in bulk would invite, and those it skips."""

    role: str
    invite: list[Employee] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    # Places still free in the role when the plan was made; None when the program has no limit.
    places_left: int | None = None

    @property
    def role_label(self) -> str:
        return EnrollmentRole(self.role).label.lower()

    @property
    def beyond_places(self) -> int:
        """How many of the invited would join the waitlist if they all accepted."""
        if self.places_left is None:
            return 0
        return max(len(self.invite) - self.places_left, 0)


def addresses_from_text(text: str) -> list[str]:
    """The addresses in pasted text or an uploaded file: separated by new lines, commas,
    semicolons or spaces; a CSV's header cell "email" is ignored; order kept, repeats
    dropped (case does not matter)."""
    seen: set[str] = set()
    found: list[str] = []
    for token in _SEPARATORS.split(text):
        address = token.strip().strip("\"'<>").strip()
        key = address.lower()
        if not address or key in ("email", "e-mail", "email address") or key in seen:
            continue
        seen.add(key)
        found.append(address)
    return found


def _filtered(program: Program, chosen: InviteFilter) -> QuerySet[Employee]:
    people = Employee.objects.filter(organization_id=program.organization_id, is_active=True)
    if chosen.departments:
        people = people.filter(department__in=list(chosen.departments))
    if chosen.min_level is not None:
        people = people.filter(level__gte=chosen.min_level)
    if chosen.max_level is not None:
        people = people.filter(level__lte=chosen.max_level)
    if chosen.location:
        people = people.filter(location__iexact=chosen.location.strip())
    return people


def _role_reason(person: Employee, *, program: Program, role: str, department_ids: set[int]) -> str:
    low, high = level_range(program, role)
    if not low <= person.level <= high:
        label = EnrollmentRole(role).label.lower()
        return f"level {person.level}: {label}s of this program are at levels {low} to {high}"
    if department_ids and person.department_id not in department_ids:
        return "not in one of the program's departments"
    return ""


def _by_address(program: Program, listed: list[str], plan: InvitationPlan) -> list[Employee]:
    """The active people of the program's organisation that ``listed`` names; every other
    address goes to ``plan.skipped`` with its reason (one query)."""
    valid: list[str] = []
    for address in listed:
        try:
            validate_email(address)
        except ValidationError:
            plan.skipped.append(Skipped(address, "not an email address"))
        else:
            valid.append(address)
    if not valid:
        return []
    found: dict[str, Employee] = {
        employee.email.lower(): employee
        for employee in Employee.objects.filter(organization_id=program.organization_id)
        .annotate(email_key=Lower("email"))
        .filter(email_key__in=[address.lower() for address in valid])
        .select_related("department")
    }
    people: list[Employee] = []
    for address in valid:
        match = found.get(address.lower())
        if match is None:
            plan.skipped.append(Skipped(address, NOT_FOUND))
        elif not match.is_active:
            plan.skipped.append(Skipped(address, "inactive: no longer in your directory"))
        else:
            people.append(match)
    return people


def invitation_plan(
    *,
    program: Program,
    role: str,
    chosen: InviteFilter | None = None,
    addresses: Iterable[str] = (),
) -> InvitationPlan:
    """Whom inviting by ``chosen`` and by ``addresses`` as ``role`` would reach in
    ``program``, who is skipped and why, and how many places the role has left. Reads only
    (five queries at most)."""
    plan = InvitationPlan(role=role)
    candidates: dict[int, Employee] = {}
    if chosen is not None and not chosen.is_empty:
        for person in _filtered(program, chosen).select_related("department"):
            candidates[person.pk] = person
    for person in _by_address(program, list(addresses), plan):
        candidates.setdefault(person.pk, person)
    if not candidates:
        return plan
    plan.places_left = places_left(program=program, role=role)
    # The program's whole list: one query, and no IN clause of thousands of ids.
    current = dict(Enrollment.objects.filter(program=program).values_list("employee_id", "status"))
    department_ids = set(program.departments.values_list("pk", flat=True))
    for person in sorted(candidates.values(), key=lambda p: (p.last_name, p.first_name, p.pk)):
        status = current.get(person.pk)
        who = f"{person.display_name} ({person.email})"
        if status is not None and status not in REINVITABLE:
            label = EnrollmentStatus(status).label.lower()
            plan.skipped.append(Skipped(who, f"already in this program ({label})"))
        elif reason := _role_reason(
            person, program=program, role=role, department_ids=department_ids
        ):
            plan.skipped.append(Skipped(who, reason))
        else:
            plan.invite.append(person)
    return plan
