"""People: the directory (coordinators), one person's profile, and the HRIS import."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Query, Router

from remento.integrations.api.auth import caller, scoped
from remento.integrations.api.pagination import PageQuery, page_of
from remento.integrations.api.schemas import ImportIn, ImportOut, PersonPage, PersonProfile
from remento.people.importing.columns import COLUMNS
from remento.people.importing.services import people_import_apply, people_import_plan
from remento.people.models import Employee
from remento.people.partners import partner_profile
from remento.people.selectors import (
    DirectoryFilters,
    employee_profile,
    employee_search,
    search_order,
)

router = Router(tags=["People"])
DIRECTORY_REFUSAL = "Only program coordinators may read the directory."


def person_item(person: Employee) -> dict[str, Any]:
    return {
        "id": person.pk,
        "employee_id": person.employee_id,
        "name": person.display_name,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "preferred_name": person.preferred_name,
        "email": person.email,
        "title": person.title,
        "department": person.department.name if person.department else None,
        "level": person.level,
        "location": person.location,
        "timezone": person.timezone,
        "is_active": person.is_active,
    }


@router.get("/people", response=PersonPage, **scoped("people:read"))
def people_list(
    request: HttpRequest,
    page: Query[PageQuery],
    q: str = Query("", max_length=200, description="Words matched against name, email, title, id."),
    department_id: int | None = None,
    level: int | None = None,
    include_inactive: bool = False,
) -> dict[str, Any]:
    """The directory, in directory order (coordinators and admins, as on the directory page)."""
    viewer = caller(request).viewer
    if not viewer.is_coordinator:
        raise PermissionDenied(DIRECTORY_REFUSAL)
    filters = DirectoryFilters(
        text=q, department_id=department_id, level=level, include_inactive=include_inactive
    )
    return page_of(
        employee_search(viewer=viewer, filters=filters),
        order=search_order(filters),
        query=page,
        item=person_item,
    )


def rows_as_csv(rows: list[dict[str, Any]]) -> bytes:
    """The rows as the HRIS file the import reads: the known columns any row uses, in the
    file's order, then any other key (the import reports unknown columns itself)."""
    used = {key for row in rows for key in row}
    header = [column for column in COLUMNS if column in used] + sorted(used - set(COLUMNS))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if row.get(key) is None else row[key] for key in header])
    return out.getvalue().encode()


# Declared before /people/{person_id}: Django tries the routes in this order.
@router.post("/people/import", response=ImportOut, **scoped("people:write"))
def people_import(request: HttpRequest, body: ImportIn) -> dict[str, Any]:
    """Import people as the HRIS file does: all or nothing, every bad row named (422 with
    ``errors`` of row, field and reason). ``dry_run`` checks and counts only. Changes to
    admins' and coordinators' sign-ins are left for an admin on the import page."""
    who = caller(request)
    arguments: dict[str, Any] = {
        "actor": who.user,
        "organization": who.viewer.organization,
        "data": rows_as_csv(body.rows),
        "full_sync": body.full_sync,
    }
    if body.dry_run:
        plan = people_import_plan(**arguments)
    else:
        plan = people_import_apply(**arguments, file_name="API import")
    return {
        "applied": not body.dry_run,
        **plan.counts,
        "new_departments": plan.new_departments,
        "warnings": plan.warnings,
        "held_sign_in_changes": len(plan.sign_ins.held),
    }


@router.get("/people/{person_id}", response=PersonProfile, **scoped("people:read"))
def people_get(request: HttpRequest, person_id: int) -> dict[str, Any]:
    """One person: coordinators anyone of the organisation, anyone themselves; a partner
    reads the partner profile (no HR fields). Anyone else: 404."""
    viewer = caller(request).viewer
    if not viewer.is_coordinator and viewer.pk != person_id:
        partner = partner_profile(viewer=viewer, employee_pk=person_id)
        return _profile(partner.employee, partner.teaches, partner.wants, full=False)
    profile = employee_profile(viewer=viewer, employee_pk=person_id)
    return _profile(profile.employee, profile.teaches, profile.wants, full=True)


def _profile(
    person: Employee, teaches: list[Any], wants: list[Any], *, full: bool
) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "id": person.pk,
        "view": "full" if full else "partner",
        "name": person.display_name,
        "title": person.title,
        "department": person.department.name if person.department else None,
        "location": person.location,
        "timezone": person.timezone,
        "bio": person.bio,
        "teaches": [offer.skill.name for offer in teaches],
        "wants_to_learn": [want.skill.name for want in wants],
    }
    if full:
        shown |= {
            "employee_id": person.employee_id,
            "email": person.email,
            "level": person.level,
            "is_active": person.is_active,
        }
    return shown
