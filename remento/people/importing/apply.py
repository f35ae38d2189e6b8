"""Writing a plan: bulk inserts and updates in batches, managers linked in a second pass.

The number of queries grows with rows / BATCH_SIZE, never with rows; the caller holds the
transaction, so a failure anywhere leaves the directory as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.utils import timezone

from remento.core.models import User
from remento.matching.engine import category_key
from remento.people.importing import progress as import_progress
from remento.people.importing.batches import BATCH_SIZE, chunks, handover_email
from remento.people.importing.departments import department_ids_by_key
from remento.people.importing.history import level_changes_record
from remento.people.importing.plan import PLAIN_FIELDS, ImportPlan
from remento.people.importing.sign_in_writes import apply_sign_ins_after, apply_sign_ins_before
from remento.people.importing.validation import ImportRow
from remento.people.models import Department, Employee
from remento.people.services.personal_data import leavers_offboard
from remento.people.sort_names import sort_names_refresh


def apply_plan(plan: ImportPlan, *, now: dt.datetime, actor: User | None = None) -> dict[str, int]:
    """Create, update and deactivate as ``plan`` says; returns the counts. A changed level
    is recorded in the level history. Leavers (people the full sync deactivates, or whose
    row says they left) are offboarded in bulk and keep the moment they left (``left_at``);
    a person who comes back is no longer a leaver."""
    import_progress.phase("departments", total=len(plan.new_departments))
    department_ids = _create_departments(plan)

    # Hand over emails before anyone takes theirs (the unique constraint is checked per row).
    for chunk in chunks(plan.email_handover):
        Employee.objects.filter(pk__in=chunk).update(email=handover_email())

    # Sign-ins first, so that the new people go in already linked to theirs.
    import_progress.phase("sign_ins", total=len(plan.sign_ins.create))
    user_of = apply_sign_ins_before(plan.sign_ins)
    written = _Written(len(plan.to_create) + len(plan.to_update) + len(plan.to_deactivate))
    pks = _create(plan, department_ids, user_of, now, written)
    _update(plan, pks, department_ids, now, written)
    sort_names_refresh(
        update.pk for update in plan.to_update if {"first_name", "last_name"} & set(update.changes)
    )
    level_changes_record(plan, today=timezone.localdate(now))
    _returners_stay(plan)

    deactivate = [gone.pk for gone in plan.to_deactivate]
    for chunk in chunks(deactivate):
        Employee.objects.filter(pk__in=chunk).update(is_active=False, updated_at=now)
        written.add(len(chunk))
    import_progress.phase("finishing")
    apply_sign_ins_after(plan.sign_ins, user_of, plan.existing_pks)
    leavers_offboard(
        actor=actor, organization=plan.organization, employee_pks=plan.leavers, now=now
    )
    return plan.counts


class _Written:
    """The people written so far, reported as the "writing people" phase's rows done."""

    def __init__(self, total: int) -> None:
        self.done = 0
        import_progress.phase("people", total=total)

    def add(self, rows: int) -> None:
        self.done += rows
        import_progress.advance(self.done)


def _returners_stay(plan: ImportPlan) -> None:
    """People who come back are no longer leavers: the retention period (and the leaving
    date the outcomes measure) starts afresh if they leave again."""
    back = [
        update.pk
        for update in plan.to_update
        if "is_active" in update.changes and plan.active[update.row.employee_id]
    ]
    for chunk in chunks(back):
        Employee.objects.filter(pk__in=chunk).update(left_at=None)


def _create(
    plan: ImportPlan,
    department_ids: dict[str, int],
    user_of: dict[str, int],
    now: dt.datetime,
    written: _Written,
) -> dict[str, int]:
    """Insert the new people, linked to their sign-ins (``user_of``: employee id → user
    pk); returns employee id → pk for everyone.

    New people are inserted manager-first, one generation of the new part of the chart at
    a time, so each row goes in with its manager already linked. A backend that cannot
    return the ids of a bulk insert gets one insert and a second pass over the managers.
    """
    rows = {row.employee_id: row for row in plan.to_create}
    pks = dict(plan.existing_pks)

    def build(row: ImportRow) -> Employee:
        manager = row.manager_id
        return Employee(
            organization_id=plan.organization.pk,
            employee_id=row.employee_id,
            first_name=row.first_name,
            last_name=row.last_name,
            preferred_name=row.preferred_name,
            email=row.email,
            title=row.title,
            level=row.level,
            location=row.location,
            timezone=row.timezone or "UTC",
            hire_date=row.hire_date,
            leave_date=row.leave_date,
            birth_year=row.birth_year,
            department_id=department_ids.get(category_key(row.department) or ""),
            manager_id=pks.get(manager) if manager else None,
            is_active=plan.active[row.employee_id],
            # Someone whose row says they already left starts as a leaver (purged in time).
            left_at=None if plan.active[row.employee_id] else now,
            user_id=user_of.get(row.employee_id),
        )

    if not connection.features.can_return_rows_from_bulk_insert:
        return _create_then_link(plan, rows, build, written)
    # Model instances are built one batch at a time and dropped once inserted: at 100,000
    # rows, holding them all would triple the import's peak memory.
    for generation in _generations({eid: row.manager_id for eid, row in rows.items()}):
        for ids in chunks(generation):
            people = [build(rows[eid]) for eid in ids]
            Employee.objects.bulk_create(people)
            pks.update((person.employee_id, person.pk) for person in people)
            written.add(len(people))
    return pks


def _create_then_link(
    plan: ImportPlan,
    rows: dict[str, ImportRow],
    build: Callable[[ImportRow], Employee],
    written: _Written,
) -> dict[str, int]:
    """One insert, then the managers among the new people linked in a second pass (for a
    backend that cannot return the ids of a bulk insert)."""
    for chunk in chunks(plan.to_create):
        Employee.objects.bulk_create([build(row) for row in chunk])
        written.add(len(chunk))
    pks = dict(
        Employee.objects.filter(organization=plan.organization).values_list("employee_id", "pk")
    )
    late = [
        Employee(pk=pks[eid], manager_id=pks[row.manager_id])
        for eid, row in rows.items()
        if row.manager_id in rows
    ]
    Employee.objects.bulk_update(late, ["manager"], batch_size=BATCH_SIZE)
    return pks


def _generations(manager_of: dict[str, str]) -> list[list[str]]:
    """The new people by generation: 0 = their manager is not new (or none), 1 = reports
    of generation 0, and so on. The plan has ruled out cycles; linear time."""
    depth: dict[str, int] = {}
    for start in manager_of:
        path = []
        node = start
        while node in manager_of and node not in depth:
            path.append(node)
            node = manager_of[node]
        base = depth.get(node, -1)
        for offset, eid in enumerate(reversed(path), start=1):
            depth[eid] = base + offset
    generations: list[list[str]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for eid in manager_of:
        generations[depth[eid]].append(eid)
    return generations


def _create_departments(plan: ImportPlan) -> dict[str, int]:
    if not plan.new_departments:
        return plan.department_ids
    Department.objects.bulk_create(
        [Department(organization=plan.organization, name=name) for name in plan.new_departments],
        batch_size=BATCH_SIZE,
    )
    names = Department.objects.filter(organization=plan.organization).order_by("pk")
    return department_ids_by_key(dict(names.values_list("pk", "name")))


def _update(
    plan: ImportPlan,
    pks: dict[str, int],
    department_ids: dict[str, int],
    now: dt.datetime,
    written: _Written,
) -> None:
    """One bulk update over the fields that change for anyone; a person's other fields get
    their current value back, so nobody's untouched field moves."""
    if not plan.to_update:
        return
    changed: set[str] = set()
    for update in plan.to_update:
        changed.update(update.changes)
    fields = [
        name
        for name in (*PLAIN_FIELDS, "timezone", "department", "manager", "is_active")
        if name in changed
    ]
    for chunk in chunks(plan.to_update):
        objects: list[Employee] = []
        for update in chunk:
            row, person = update.row, update.person
            values: dict[str, Any] = {}
            for name in fields:
                if name == "department":
                    values["department_id"] = (
                        department_ids.get(category_key(row.department) or "")
                        if name in update.changes
                        else person.department_id
                    )
                elif name == "manager":
                    values["manager_id"] = (
                        (pks[row.manager_id] if row.manager_id else None)
                        if name in update.changes
                        else person.manager_pk
                    )
                elif name == "is_active":
                    # A return held back for confirmation (accounts.py) keeps them inactive.
                    values["is_active"] = (
                        plan.active[row.employee_id] if name in update.changes else person.is_active
                    )
                else:
                    values[name] = getattr(row if name in update.changes else person, name)
            objects.append(Employee(pk=update.pk, updated_at=now, **values))
        Employee.objects.bulk_update(objects, [*fields, "updated_at"])
        written.add(len(chunk))
