"""Sign-ins for the people an import brings in: every active person in the file can sign in.

A new active person gets a ``User`` with their work email and an unusable password (they
choose one through "Set a password" on the sign-in page); a person whose work email changes
takes their sign-in along; a person who leaves (a past leave date, or missing from a full
sync) can no longer sign in, and one who comes back can again.

Since a sign-in opens everything its person may do, an import is careful with them:

- it never touches a sign-in of another organisation, nor one of a platform operator (staff
  or superuser): such an email gets no sign-in, with the same neutral warning as every other
  email that cannot be a sign-in, so that the import reveals nothing about other tenants;
- a change to the sign-in of an organisation admin or a program coordinator (a new email, a
  return, a first sign-in) is *privileged*: it waits for an organisation admin to confirm it
  (``hold_privileged`` takes it out of the plan until then), and a platform operator's
  sign-in is never changed by an import at all;
- every email change is audited one by one and told to the old address (``services.py``).

``plan_sign_ins`` reads (a few queries per 2,000 rows); ``apply_sign_ins_before`` and
``apply_sign_ins_after`` (in ``sign_in_writes.py``) write in bulk, around the insert of the
new people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from remento.core.models import User
from remento.people.importing.batches import chunks
from remento.people.importing.validation import ImportRow
from remento.people.models import Role

if TYPE_CHECKING:
    from remento.people.importing.plan import Existing, ImportPlan

PRIVILEGED_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR})


class _Holder(NamedTuple):
    """A sign-in that has an email the import wants to give someone."""

    user_pk: int
    linked: bool  # to a person (in any organisation)
    operator: bool  # staff or superuser: a platform operator's sign-in


class _Account(NamedTuple):
    """A sign-in of a person of the organisation, as the import needs to know it."""

    email: str
    operator: bool


@dataclass(frozen=True, slots=True)
class EmailMove:
    """A sign-in whose email changes with its person's work email."""

    user_pk: int
    employee_id: str
    name: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class PrivilegedChange:
    """A sign-in change for an admin, a coordinator or a platform operator, which a plain
    import does not make. ``confirmable``: an organisation admin may confirm it (never for
    a platform operator's sign-in)."""

    row: ImportRow
    name: str
    role: str
    kind: str  # "email", "reactivate", "deactivate" or "new sign-in"
    before: str
    after: str
    confirmable: bool
    user_pk: int | None = None

    @property
    def description(self) -> str:
        if self.kind == "email":
            return f"sign-in email {self.before} → {self.after}"
        if self.kind == "reactivate":
            return f"sign-in switched back on ({self.after})"
        if self.kind == "deactivate":
            return f"sign-in switched off ({self.before})"
        return f"a sign-in with {self.after}"


@dataclass
class SignInPlan:
    """What the import does to sign-ins (``User`` rows)."""

    # People who get a new sign-in, by employee id: the rows themselves.
    create: list[ImportRow] = field(default_factory=list)
    # Employee id → a sign-in that has their email and belongs to nobody yet (nor to a
    # platform operator): it becomes theirs.
    link: dict[str, int] = field(default_factory=dict)
    # User pk → the move of a person whose work email changes.
    email_changes: dict[int, EmailMove] = field(default_factory=dict)
    deactivate: list[int] = field(default_factory=list)
    reactivate: list[int] = field(default_factory=list)
    # Changes to the sign-ins of admins, coordinators and platform operators (included in
    # the lists above until ``hold_privileged`` takes them out).
    privileged: list[PrivilegedChange] = field(default_factory=list)
    held: list[PrivilegedChange] = field(default_factory=list)

    @property
    def confirmable(self) -> list[PrivilegedChange]:
        """The privileged changes an organisation admin may confirm."""
        return [change for change in self.privileged if change.confirmable]

    @property
    def counts(self) -> dict[str, int]:
        return {
            "sign_ins_created": len(self.create),
            "sign_ins_linked": len(self.link),
            "sign_ins_email_changed": len(self.email_changes),
            "sign_ins_deactivated": len(self.deactivate),
            "sign_ins_reactivated": len(self.reactivate),
            "sign_ins_held": len(self.held),
        }


# One wording for every email that cannot be a sign-in, whoever holds it: the import must
# not tell a coordinator that an address signs in elsewhere on the platform.
def no_sign_in_warning(row: ImportRow) -> str:
    return (
        f"row {row.row}: {row.name} gets no sign-in, since {row.email} cannot be used as a "
        "sign-in; ask the platform operator."
    )


def _holders(emails: list[str]) -> dict[str, _Holder]:
    holders: dict[str, _Holder] = {}
    for chunk in chunks(emails):
        rows = User.objects.filter(email__in=chunk).values_list(
            "email", "pk", "employee__pk", "is_staff", "is_superuser"
        )
        for email, pk, employee_pk, is_staff, is_superuser in rows:
            holders[email.lower()] = _Holder(pk, employee_pk is not None, is_staff or is_superuser)
    return holders


def _accounts(user_pks: list[int]) -> dict[int, _Account]:
    accounts: dict[int, _Account] = {}
    for chunk in chunks(user_pks):
        rows = User.objects.filter(pk__in=chunk).values_list(
            "pk", "email", "is_staff", "is_superuser"
        )
        accounts.update((pk, _Account(email, staff or su)) for pk, email, staff, su in rows)
    return accounts


def _status_changes(
    plan: ImportPlan, by_id: dict[str, Existing], sign_ins: SignInPlan
) -> tuple[dict[int, ImportRow], list[tuple[int, ImportRow]], list[tuple[int, ImportRow]]]:
    """The sign-ins whose email moves (user pk → row), those coming back and those leaving
    (both as (user pk, row)); the leaving ones are added to ``sign_ins.deactivate``."""
    moving: dict[int, ImportRow] = {}
    coming_back: list[tuple[int, ImportRow]] = []
    leaving: list[tuple[int, ImportRow]] = []
    for update in plan.to_update:
        user_pk = by_id[update.row.employee_id].user_id
        if user_pk is None:
            continue
        if "email" in update.changes:
            moving[user_pk] = update.row
        if "is_active" in update.changes:
            if plan.active[update.row.employee_id]:
                coming_back.append((user_pk, update.row))
            else:
                sign_ins.deactivate.append(user_pk)
                leaving.append((user_pk, update.row))
    for gone in plan.to_deactivate:
        if gone.user_pk:
            sign_ins.deactivate.append(gone.user_pk)
            leaving.append((gone.user_pk, _absent_row(by_id[gone.employee_id])))
    return moving, coming_back, leaving


@dataclass
class _PrivilegedLog:
    """Records, in ``sign_ins.privileged``, a change that touches the sign-in of an admin,
    a coordinator or a platform operator."""

    sign_ins: SignInPlan
    by_id: dict[str, Existing]
    accounts: dict[int, _Account]

    def __call__(
        self, row: ImportRow, kind: str, before: str, after: str, user_pk: int | None
    ) -> bool:
        """Record the change when it is privileged; whether it was."""
        person = self.by_id.get(row.employee_id)
        role = person.role if person is not None else Role.PARTICIPANT
        operator = user_pk is not None and self.accounts[user_pk].operator
        if role not in PRIVILEGED_ROLES and not operator:
            return False
        self.sign_ins.privileged.append(
            PrivilegedChange(
                row=row,
                name=person.name if person is not None else row.name,
                role="platform operator" if operator else Role(role).label.lower(),
                kind=kind,
                before=before,
                after=after,
                confirmable=not operator,
                user_pk=user_pk,
            )
        )
        return True


def _drop_blocked_moves(
    plan: ImportPlan, moving: dict[int, ImportRow], holders: dict[str, _Holder]
) -> None:
    """A sign-in whose new email another sign-in keeps (one not moving away) stays as it
    is, with a warning; that may in turn keep the sign-in that wanted its email, hence the
    loop."""
    blocked = True
    while blocked:
        blocked = False
        for user_pk, row in list(moving.items()):
            holder = holders.get(row.email)
            if holder is not None and holder.user_pk != user_pk and holder.user_pk not in moving:
                del moving[user_pk]
                blocked = True
                plan.warnings.append(
                    f"row {row.row}: {row.name}'s sign-in keeps its old email, since "
                    f"{row.email} cannot be used as a sign-in; ask the platform operator."
                )


def plan_sign_ins(plan: ImportPlan, by_id: dict[str, Existing]) -> SignInPlan:
    """Work out the sign-in changes of ``plan``; ``by_id`` maps the employee id of each
    person already in the directory to them (their ``user_id``: their sign-in, if any).
    Clashes with other sign-ins become ``plan.warnings``; changes to privileged sign-ins
    are listed in ``privileged`` (and stay in the plan until ``hold_privileged``)."""
    sign_ins = SignInPlan()
    moving, coming_back, leaving = _status_changes(plan, by_id, sign_ins)
    accounts = _accounts(list(moving) + [pk for pk, _row in coming_back + leaving])
    privileged = _PrivilegedLog(sign_ins, by_id, accounts)
    for user_pk, row in coming_back:
        sign_ins.reactivate.append(user_pk)
        privileged(row, "reactivate", "", accounts[user_pk].email, user_pk)
    # Switching off an admin's or a coordinator's sign-in is privileged too: else a
    # coordinator's full sync could leave nobody who may confirm switching it back on.
    for user_pk, row in leaving:
        privileged(row, "deactivate", accounts[user_pk].email, "", user_pk)

    # Active people of the file with no sign-in: new people, and anyone imported before
    # people had sign-ins (or while they had left).
    wanting = [
        row
        for row in plan.rows
        if plan.active[row.employee_id]
        and (row.employee_id not in by_id or by_id[row.employee_id].user_id is None)
    ]
    holders = _holders([row.email for row in wanting] + [row.email for row in moving.values()])
    _drop_blocked_moves(plan, moving, holders)
    for user_pk, row in moving.items():
        before = accounts[user_pk].email
        sign_ins.email_changes[user_pk] = EmailMove(
            user_pk, row.employee_id, row.name, before, row.email
        )
        privileged(row, "email", before, row.email, user_pk)

    for row in wanting:
        holder = holders.get(row.email)
        if holder is None or holder.user_pk in moving:
            sign_ins.create.append(row)
        elif not holder.linked and not holder.operator:
            sign_ins.link[row.employee_id] = holder.user_pk
        else:
            plan.warnings.append(no_sign_in_warning(row))
            continue
        privileged(row, "new sign-in", "", row.email, None)
    return sign_ins


def _absent_row(person: Existing) -> ImportRow:
    """A stand-in row (number 0) for a person a full sync deactivates: not in the file."""
    return ImportRow(
        row=0,
        employee_id=person.employee_id,
        first_name=person.first_name,
        last_name=person.last_name,
        preferred_name=person.preferred_name,
        email=person.email,
        title=person.title,
        department="",
        level=person.level,
        manager_id="",
        location=person.location,
        timezone=person.timezone,
        hire_date=person.hire_date,
        leave_date=person.leave_date,
        birth_year=person.birth_year,
    )


def hold_privileged(plan: ImportPlan, *, confirmed: bool) -> None:
    """Take out of ``plan`` the privileged sign-in changes that may not be made: all of
    them unless an organisation admin ``confirmed`` them, and a platform operator's always.
    The person's own change (their work email, their return) waits with their sign-in, so
    that the directory and the sign-in never drift apart and the next import shows it
    again."""
    sign_ins = plan.sign_ins
    held = [change for change in sign_ins.privileged if not (confirmed and change.confirmable)]
    if not held:
        return
    held_rows: dict[str, set[str]] = {}
    for change in held:
        held_rows.setdefault(change.row.employee_id, set()).add(change.kind)
        if change.kind == "email" and change.user_pk is not None:
            sign_ins.email_changes.pop(change.user_pk, None)
        elif change.kind == "reactivate" and change.user_pk is not None:
            sign_ins.reactivate.remove(change.user_pk)
        elif change.kind == "deactivate" and change.user_pk is not None:
            sign_ins.deactivate.remove(change.user_pk)
        else:
            sign_ins.create = [
                r for r in sign_ins.create if r.employee_id != change.row.employee_id
            ]
            sign_ins.link.pop(change.row.employee_id, None)
    kept = []
    for update in plan.to_update:
        kinds = held_rows.get(update.row.employee_id, set())
        if "email" in kinds:
            update.changes.pop("email", None)
        if "reactivate" in kinds or "deactivate" in kinds:
            update.changes.pop("is_active", None)
        if update.changes:
            kept.append(update)
        else:
            plan.unchanged += 1
    plan.to_update = kept
    plan.to_deactivate = [
        gone
        for gone in plan.to_deactivate
        if "deactivate" not in held_rows.get(gone.employee_id, set())
    ]
    sign_ins.privileged = [change for change in sign_ins.privileged if change not in held]
    sign_ins.held = held
