"""Checks across rows: duplicates, email clashes with the directory, emails outside the
organisation's domains, managers that exist, loops in the manager chain (counting the
people the file leaves as they are), and addresses a held privileged change still owns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from remento.core.errors import RowErrors, RowProblem
from remento.core.models import Organization
from remento.people.importing.columns import HeaderMap
from remento.people.importing.validation import ImportRow

if TYPE_CHECKING:
    from remento.people.importing.accounts import PrivilegedChange
    from remento.people.importing.plan import Existing, ImportPlan


def check_duplicates(
    rows: list[ImportRow], header: HeaderMap, existing: list[Existing], problems: list[RowProblem]
) -> set[str]:
    """Every employee id and email once in the file; no email taken by someone not in it."""
    first_id: dict[str, int] = {}
    first_email: dict[str, int] = {}
    for clean in rows:
        row, employee_id, email = clean.row, clean.employee_id, clean.email
        if employee_id:
            if employee_id in first_id:
                problems.append(
                    RowProblem(
                        row,
                        header.label("employee_id"),
                        f"employee id {employee_id} is also on row {first_id[employee_id]}",
                    )
                )
            else:
                first_id[employee_id] = row
        if email:
            if email in first_email:
                problems.append(
                    RowProblem(
                        row, header.label("email"), f"{email} is also on row {first_email[email]}"
                    )
                )
            else:
                first_email[email] = row
    # Someone not in the file keeps their email, so the file may not give it to anyone else.
    for person in existing:
        if person.employee_id in first_id:
            continue
        taken_on = first_email.get(person.email.lower())
        if taken_on is not None:
            problems.append(
                RowProblem(
                    taken_on,
                    header.label("email"),
                    f"{person.email.lower()} already belongs to {person.name} "
                    f"(employee id {person.employee_id}), who is not in this file",
                )
            )
    return set(first_id)


def _manager_problem(
    row: ImportRow, *, file_ids: set[str], by_id: dict[str, Existing], full_sync: bool
) -> str:
    """What is wrong with the manager ``row`` names ("" when nothing, or none is named)."""
    manager = row.manager_id or None
    if manager is None:
        return ""
    if manager == row.employee_id:
        return "a person cannot be their own manager"
    if manager not in file_ids and manager not in by_id:
        return f"manager {manager} is neither in the file nor in the directory"
    if full_sync and manager not in file_ids:
        return (
            f"manager {manager} is not in the file, so the full sync would deactivate "
            "them; add them to the file"
        )
    return ""


def check_managers(
    rows: list[ImportRow],
    header: HeaderMap,
    file_ids: set[str],
    by_id: dict[str, Existing],
    existing: list[Existing],
    full_sync: bool,
    problems: list[RowProblem],
) -> None:
    """Managers exist (in the file or the directory) and no chain loops, counting the
    people the file leaves as they are."""
    column = header.label("manager_id")
    eid_by_pk = {person.pk: person.employee_id for person in existing}
    manager_of: dict[str, str | None] = {
        person.employee_id: eid_by_pk.get(person.manager_pk) if person.manager_pk else None
        for person in existing
    }
    row_of: dict[str, int] = {}
    for row in rows:
        if not row.employee_id:
            continue  # reported as missing; nobody can point at it
        manager = row.manager_id or None
        # A duplicated id (already reported) keeps the first row's manager in the graph.
        first = row.employee_id not in row_of
        if first:
            row_of[row.employee_id] = row.row
            manager_of[row.employee_id] = manager
        reason = _manager_problem(row, file_ids=file_ids, by_id=by_id, full_sync=full_sync)
        if not reason:
            continue
        problems.append(RowProblem(row.row, column, reason))
        if first:  # reported above; kept out of the graph so it is not a "loop" as well
            manager_of[row.employee_id] = None
    for cycle in _cycles(manager_of):
        chain = " → ".join([*cycle[:8], *(["…"] if len(cycle) > 8 else []), cycle[0]])
        for employee_id in cycle:
            if employee_id in row_of:
                problems.append(
                    RowProblem(
                        row_of[employee_id], column, f"the manager chain loops back: {chain}"
                    )
                )


def _cycles(manager_of: dict[str, str | None]) -> list[list[str]]:
    """Every loop in the "reports to" graph, each once. Linear: each node is walked once."""
    state: dict[str, int] = {}  # absent: not seen; 1: on the current walk; 2: done
    cycles: list[list[str]] = []
    for start in manager_of:
        if start in state:
            continue
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = 1
            path.append(node)
            node = manager_of.get(node)
        if node is not None and state[node] == 1:
            cycles.append(path[path.index(node) :])
        for visited in path:
            state[visited] = 2
    return cycles


def check_email_domains(
    rows: list[ImportRow],
    header: HeaderMap,
    organization: Organization,
    problems: list[RowProblem],
) -> None:
    """Every email of the file is of one of the organisation's declared domains, so that no
    import can give a sign-in to an address outside the organisation (another
    organisation's people included); an organisation that has declared none imports
    nobody until an admin declares them."""
    column = header.label("email")
    if not organization.email_domains:
        problems.append(
            RowProblem(
                1,
                column,
                f"{organization.name} has not declared its email domains yet, so no address "
                "can be accepted; an organisation admin declares them on the Settings page",
            )
        )
        return
    allowed = ", ".join(organization.email_domains)
    for row in rows:
        if row.email and "@" in row.email and not organization.email_domain_allowed(row.email):
            problems.append(
                RowProblem(
                    row.row,
                    column,
                    f"{row.email} is not an address of {organization.name}'s email domains "
                    f"({allowed})",
                )
            )


def check_privileged_emails(plan: ImportPlan, column: str) -> None:
    """A privileged person's email change may be held back (see accounts.py), so they keep
    their current address, of their sign-in and of their entry: no other row of the same
    file may take it."""
    moving = {c.row.employee_id: c for c in plan.sign_ins.privileged if c.kind == "email"}
    if not moving:
        return
    waiting: dict[str, PrivilegedChange] = {}
    for update in plan.to_update:
        change = moving.get(update.row.employee_id)
        if change is not None:
            waiting[change.before.lower()] = change
            waiting[str(update.changes["email"][0]).lower()] = change
    takers = list(plan.to_create) + [u.row for u in plan.to_update if "email" in u.changes]
    problems = [
        RowProblem(
            row.row,
            column,
            f"{row.email} is still the address of {change.name} (row {change.row.row}), whose "
            "new sign-in email waits for an organisation admin's confirmation; import that "
            "change first",
        )
        for row in takers
        if (change := waiting.get(row.email)) is not None and change.row is not row
    ]
    if problems:
        raise RowErrors(problems)
