"""Erased people's HRIS ids, kept as keyed digests (``ErasedEmployeeId``): erasing a person
records theirs, and an import whose file still lists one warns that it creates them again
(the HRIS stays the source of truth; the admin decides). The digest is keyed with the site's
secret key, so it reveals nothing of the id; a changed secret key forgets them."""

from __future__ import annotations

import datetime as dt

from django.utils.crypto import salted_hmac

from remento.people.erasure_models import ErasedEmployeeId
from remento.people.importing.batches import chunks
from remento.people.importing.plan import ImportPlan
from remento.people.models import Employee


def employee_id_digest(organization_id: int, employee_id: str) -> str:
    return salted_hmac(
        "remento.people.erased_employee_id",
        f"{organization_id}:{employee_id.strip().casefold()}",
        algorithm="sha256",
    ).hexdigest()


def erased_id_record(employee: Employee, *, now: dt.datetime) -> None:
    """Keep the digest of ``employee``'s id as they are erased (once per id)."""
    if employee.employee_id.strip():
        ErasedEmployeeId.objects.get_or_create(
            organization_id=employee.organization_id,
            digest=employee_id_digest(employee.organization_id, employee.employee_id),
            defaults={"erased_at": now},
        )


def _day(moment: dt.datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"


def erased_rows_warnings(plan: ImportPlan) -> list[str]:
    """A warning per new row of ``plan`` whose id is an erased person's. A query per 2000
    new rows."""
    organization_id = plan.organization.pk
    if organization_id is None or not plan.to_create:
        return []
    by_digest = {
        employee_id_digest(organization_id, row.employee_id): row for row in plan.to_create
    }
    erased: dict[str, dt.datetime] = {}
    for chunk in chunks(list(by_digest)):
        erased |= dict(
            ErasedEmployeeId.objects.filter(
                organization_id=organization_id, digest__in=chunk
            ).values_list("digest", "erased_at")
        )
    return [
        f"Row {row.row} ({row.employee_id}) is a person whose data was erased on "
        f"{_day(erased[digest])}: importing creates them again with what the file holds. "
        "Leave the row out of the file if they should stay erased."
        for digest, row in by_digest.items()
        if digest in erased
    ]
