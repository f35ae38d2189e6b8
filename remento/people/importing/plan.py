"""The plan: what an import would do to the directory, computed without writing anything.

Built from the clean rows and one snapshot of the organisation's people (one query, only
the fields compared). Checks that need the whole file or the database live here:
duplicates, email clashes, managers that exist, cycles in the manager chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from remento.core.errors import RowErrors, RowProblem
from remento.core.models import Organization
from remento.matching.engine import category_key, tidy_category
from remento.people.importing import progress as import_progress
from remento.people.importing.accounts import SignInPlan, plan_sign_ins
from remento.people.importing.checks import (
    check_duplicates,
    check_email_domains,
    check_managers,
    check_privileged_emails,
)
from remento.people.importing.columns import LABELS, HeaderMap, map_header
from remento.people.importing.departments import department_ids_by_key, spelling_notes
from remento.people.importing.history import check_level_dates, level_counts
from remento.people.importing.parsing import rows_of
from remento.people.importing.validation import ImportRow, RowCleaner
from remento.people.models import Department, Employee

# Plain fields copied from a row onto the person, when their column is in the file.
PLAIN_FIELDS: tuple[str, ...] = (
    "first_name",
    "last_name",
    "preferred_name",
    "email",
    "title",
    "level",
    "location",
    "hire_date",
    "leave_date",
    "birth_year",
)
_SNAPSHOT_FIELDS = (
    "pk",
    "employee_id",
    *PLAIN_FIELDS,
    "timezone",
    "department_id",
    "manager_id",
    "is_active",
    "user_id",
    "role",
)


_CHANGE_LABELS = {**LABELS, "manager": "manager", "is_active": "status"}


@dataclass(slots=True)
class Existing:
    """A person already in the directory, as far as the import compares them."""

    pk: int
    employee_id: str
    first_name: str
    last_name: str
    preferred_name: str
    email: str
    title: str
    level: int
    location: str
    hire_date: dt.date | None
    leave_date: dt.date | None
    birth_year: int | None
    timezone: str
    department_id: int | None
    manager_pk: int | None
    is_active: bool
    user_id: int | None  # their sign-in, if they have one
    role: str

    @property
    def name(self) -> str:
        return f"{self.preferred_name or self.first_name} {self.last_name}"


@dataclass(slots=True)
class Update:
    """An existing person the file changes: ``changes`` maps field → (before, after)."""

    row: ImportRow
    person: Existing
    changes: dict[str, tuple[Any, Any]]

    @property
    def pk(self) -> int:
        return self.person.pk

    @property
    def summary(self) -> list[tuple[str, str, str]]:
        """(label, before, after) for display; empty values read as "—"."""
        return [
            (_CHANGE_LABELS.get(name, name), _show(old), _show(new))
            for name, (old, new) in self.changes.items()
        ]


@dataclass(slots=True)
class Deactivation:
    pk: int
    employee_id: str
    name: str
    user_pk: int | None = None  # their sign-in, switched off with them


@dataclass
class ImportPlan:
    """What an import will do. ``rows`` are all clean rows, in file order."""

    organization: Organization
    present: frozenset[str]
    full_sync: bool
    ignored_columns: list[str]
    rows: list[ImportRow]
    to_create: list[ImportRow] = field(default_factory=list)
    to_update: list[Update] = field(default_factory=list)
    unchanged: int = 0
    to_deactivate: list[Deactivation] = field(default_factory=list)
    # Departments to create, as the file first spells them (tidied); existing ones by their
    # category key (trimmed, spaces collapsed, case folded: "Finance " is "finance").
    new_departments: list[str] = field(default_factory=list)
    department_ids: dict[str, int] = field(default_factory=dict)
    # One line per department the file (with the directory) spells in several ways.
    department_spellings: list[str] = field(default_factory=list)
    # employee id → pk for everyone already in the directory (managers are resolved by it).
    existing_pks: dict[str, int] = field(default_factory=dict)
    active: dict[str, bool] = field(default_factory=dict)
    # People whose current email another row takes over: freed first (unique constraint).
    email_handover: list[int] = field(default_factory=list)
    # What happens to sign-ins (see accounts.py): every active person can sign in.
    sign_ins: SignInPlan = field(default_factory=SignInPlan)
    warnings: list[str] = field(default_factory=list)
    # The fingerprint of every change the file asks for, taken before privileged sign-in
    # changes are held back (so that an admin's confirmation applies what was previewed).
    full_fingerprint: str = ""

    @property
    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.to_create),
            "updated": len(self.to_update),
            "unchanged": self.unchanged,
            "deactivated": len(self.to_deactivate),
        }

    @property
    def leavers(self) -> list[int]:
        """Who the import switches off: missing from a full sync, then a leave date passed."""
        off = [u for u in self.to_update if u.changes.get("is_active", ("", ""))[1] == "inactive"]
        return [gone.pk for gone in self.to_deactivate] + [update.pk for update in off]

    @property
    def reported_counts(self) -> dict[str, int]:
        """``counts`` and the updated who left, as results say them (``counts_in_words``)."""
        return self.counts | {"left": len(self.leavers) - len(self.to_deactivate)}

    @property
    def level_counts(self) -> dict[str, int]:
        """The level changes the import records in the history: promotions, demotions."""
        return level_counts(self)

    def fingerprint(self) -> str:
        """A digest of every change, so a confirmation applies exactly what was previewed."""
        if self.full_fingerprint:
            return self.full_fingerprint
        digest = hashlib.sha256()
        for row in self.to_create:
            digest.update(f"+{row.employee_id}\x1f{row.email}\x1e".encode())
        for update in self.to_update:
            digest.update(f"~{update.row.employee_id}\x1f{sorted(update.changes.items())}".encode())
        for gone in self.to_deactivate:
            digest.update(f"-{gone.employee_id}\x1e".encode())
        digest.update("\x1f".join(self.new_departments).encode())
        return digest.hexdigest()[:32]


def _show(value: Any) -> str:
    if value is None or value == "":
        return "—"
    return str(value)


def _snapshot(organization: Organization) -> list[Existing]:
    if organization.pk is None:
        return []
    rows = Employee.objects.filter(organization=organization).values_list(*_SNAPSHOT_FIELDS)
    return [Existing(*values) for values in rows.iterator(chunk_size=5000)]


def parse(
    *, data: bytes, organization: Organization, ignore_columns: Iterable[str], today: dt.date
) -> tuple[HeaderMap, RowCleaner, list[ImportRow]]:
    """Read and clean every row; problems are collected on the returned cleaner (rows with
    problems are returned too, for the checks across rows)."""
    rows_iter = rows_of(data)
    first = next(rows_iter, None)
    if first is None or not any(cell.strip() for cell in first[1]):
        raise RowErrors([RowProblem(1, "—", "the file is empty; expected a header row first")])
    header, header_problems = map_header(first[1], ignore_columns)
    cleaner = RowCleaner(header=header, level_names=organization.level_names, today=today)
    # The rows are still checked against the columns that were recognised, so that a file
    # with header and row problems is corrected in one go rather than two.
    cleaner.problems.extend(header_problems)
    rows = []
    for number, cells in rows_iter:
        if not any(cell.strip() for cell in cells):
            continue  # a blank line between records carries no data
        rows.append(cleaner.clean(number, cells))
        if number % import_progress.EVERY == 0:
            import_progress.advance(number - 1)
    return header, cleaner, rows


def build_plan(
    *,
    data: bytes,
    organization: Organization,
    full_sync: bool = False,
    ignore_columns: Iterable[str] = (),
    protect_employee_id: str | None = None,
    today: dt.date,
) -> ImportPlan:
    """Validate the whole file against the directory and work out every change.

    Raises RowErrors listing every problem when there is any. ``protect_employee_id`` is the
    importing person: a full sync that would deactivate them gets a warning.
    """
    header, cleaner, rows = parse(
        data=data, organization=organization, ignore_columns=ignore_columns, today=today
    )
    problems = cleaner.problems
    if not rows:
        problems.append(RowProblem(2, "—", "the file has a header but no people"))
    import_progress.phase("planning", total=len(rows))
    existing = _snapshot(organization)
    plan = ImportPlan(
        organization=organization,
        present=header.present,
        full_sync=full_sync,
        ignored_columns=header.ignored,
        rows=rows,
    )
    by_id = {person.employee_id: person for person in existing}
    plan.existing_pks = {person.employee_id: person.pk for person in existing}
    file_ids = check_duplicates(rows, header, existing, problems)
    check_email_domains(rows, header, organization, problems)
    if "manager_id" in header.present:
        check_managers(rows, header, file_ids, by_id, existing, full_sync, problems)
    if problems:
        raise RowErrors(problems)

    _plan_rows(plan, rows=rows, existing=existing, today=today)
    dated = "level_effective_date" in header.present
    if dated and (level_problems := check_level_dates(plan, header.label("level_effective_date"))):
        raise RowErrors(level_problems)
    plan.email_handover = _email_handover(plan, existing)
    if full_sync:
        _plan_deactivations(
            plan, existing=existing, file_ids=file_ids, protect_employee_id=protect_employee_id
        )
    plan.sign_ins = plan_sign_ins(plan, by_id)
    check_privileged_emails(plan, header.label("email"))
    plan.full_fingerprint = plan.fingerprint()
    return plan


def _plan_rows(
    plan: ImportPlan, *, rows: list[ImportRow], existing: list[Existing], today: dt.date
) -> None:
    """Sort each row into created, updated or unchanged, note whether it is active, and
    work out the departments the file names (new ones, and other spellings of known ones)."""
    departments = Department.objects.none()
    if plan.organization.pk is not None:
        departments = Department.objects.filter(organization=plan.organization).order_by("pk")
    department_names = dict(departments.values_list("pk", "name"))
    plan.department_ids = department_ids_by_key(department_names)
    spellings = {key: [department_names[pk]] for key, pk in plan.department_ids.items()}
    new_departments: dict[str, str] = {}
    by_id = {person.employee_id: person for person in existing}
    eid_by_pk = {person.pk: person.employee_id for person in existing}
    present = plan.present
    for index, row in enumerate(rows):
        if index % import_progress.EVERY == 0:
            import_progress.advance(index)
        department_key = category_key(row.department)
        if department_key is not None:
            if department_key not in plan.department_ids:
                new_departments.setdefault(department_key, tidy_category(row.department) or "")
            seen = spellings.setdefault(department_key, [])
            if row.department not in seen:
                seen.append(row.department)
        person = by_id.get(row.employee_id)
        # Without a leave-date column, a leaver's recorded leave date stands (not a returner's).
        kept = person.leave_date if person is not None and not person.is_active else None
        left = row.leave_date if "leave_date" in present else kept
        plan.active[row.employee_id] = left is None or left >= today
        if person is None:
            plan.to_create.append(row)
            continue
        changes = _changes(row, person, present, plan, department_names, eid_by_pk)
        if changes:
            plan.to_update.append(Update(row=row, person=person, changes=changes))
        else:
            plan.unchanged += 1
    plan.new_departments = sorted(new_departments.values(), key=str.casefold)
    plan.department_spellings = spelling_notes(
        spellings, new_departments, plan.department_ids, department_names
    )


def _email_handover(plan: ImportPlan, existing: list[Existing]) -> list[int]:
    """The pks of people whose email another row of the file takes over."""
    # Someone changing their email may give the old one to another row (new or not).
    owner_of_email = {person.email.lower(): person.pk for person in existing}
    takers = [(row, None) for row in plan.to_create] + [
        (update.row, update.pk) for update in plan.to_update if "email" in update.changes
    ]
    return sorted(
        {
            owner
            for row, pk in takers
            if (owner := owner_of_email.get(row.email)) is not None and owner != pk
        }
    )


def _plan_deactivations(
    plan: ImportPlan,
    *,
    existing: list[Existing],
    file_ids: set[str],
    protect_employee_id: str | None,
) -> None:
    """A full sync deactivates everyone active not in the file (warning the importer)."""
    plan.to_deactivate = [
        Deactivation(person.pk, person.employee_id, person.name, person.user_id)
        for person in existing
        if person.is_active and person.employee_id not in file_ids
    ]
    if protect_employee_id and protect_employee_id not in file_ids:
        plan.warnings.append(
            f"You ({protect_employee_id}) are not in the file: the full sync would "
            "deactivate your own entry (once an organisation admin confirms it) and you "
            "would lose access to Remento."
        )


def _changes(
    row: ImportRow,
    person: Existing,
    present: frozenset[str],
    plan: ImportPlan,
    department_names: dict[int, str],
    eid_by_pk: dict[int, str],
) -> dict[str, tuple[Any, Any]]:
    changes: dict[str, tuple[Any, Any]] = {}
    for name in PLAIN_FIELDS:
        if name in present:
            old, new = getattr(person, name), getattr(row, name)
            # A location written otherwise ("paris" for "Paris") is the same place.
            same = category_key(old) == category_key(new) if name == "location" else old == new
            if not same:
                changes[name] = (old, new)
    # A blank time zone keeps the person's own setting (people set it on their profile).
    if row.timezone and row.timezone != person.timezone:
        changes["timezone"] = (person.timezone, row.timezone)
    if "department" in present:
        department_id = plan.department_ids.get(category_key(row.department) or "")
        if department_id != person.department_id or (row.department and department_id is None):
            old_name = department_names.get(person.department_id or 0)
            new_name = (
                department_names[department_id]
                if department_id is not None
                else tidy_category(row.department)
            )
            changes["department"] = (old_name, new_name)
    if "manager_id" in present:
        old_manager = eid_by_pk.get(person.manager_pk or 0)
        if old_manager != (row.manager_id or None):
            changes["manager"] = (old_manager, row.manager_id or None)
    if plan.active[row.employee_id] != person.is_active:
        changes["is_active"] = (
            "active" if person.is_active else "inactive",
            "active" if plan.active[row.employee_id] else "inactive",
        )
    return changes
