"""A person's level edited in Remento (not by the HRIS import): the change is recorded in the
level history, as the import records its own (``remento.people.importing.history``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.errors import FieldErrors
from remento.core.models import User
from remento.people.access import admin_of
from remento.people.lifecycle import ExportSection
from remento.people.models import Employee, LevelChange, LevelChangeSource
from remento.people.skill_totals import skill_totals_refresh_soon

REFUSAL = "Only an organisation admin or a platform operator may change a person's level."


def _check_editor(actor: User, employee: Employee) -> None:
    """A platform operator allowed to change people (the Django admin), or an admin of the
    person's organisation."""
    if actor.is_active and actor.is_staff and actor.has_perm("people.change_employee"):
        return
    admin_of(actor, employee.organization_id, refusal=REFUSAL)


def level_since_problem(
    effective_date: dt.date, *, hire_date: dt.date | None, today: dt.date
) -> str | None:
    """Why a level cannot have taken effect on ``effective_date``, or None."""
    if effective_date > today:
        return (
            f"{effective_date:%Y-%m-%d} is in the future; change the level once it has taken effect"
        )
    if hire_date is not None and effective_date < hire_date:
        return f"{effective_date:%Y-%m-%d} is before the hire date {hire_date:%Y-%m-%d}"
    return None


@transaction.atomic
def level_change_record(
    *,
    actor: User,
    employee: Employee,
    level_before: int,
    effective_date: dt.date | None = None,
) -> LevelChange | None:
    """Record that ``employee``'s level (already saved) changed from ``level_before``,
    effective from ``effective_date`` (today when None), as an edit made in Remento.

    ``PermissionDenied`` for anyone but a platform operator who may change people or an
    admin of the person's organisation; ``FieldErrors`` on ``level_effective_date`` for a
    date in the future or before the hire date. Returns None (and records nothing) when the
    level did not change.
    """
    _check_editor(actor, employee)
    if employee.level == level_before:
        return None
    today = timezone.localdate()
    since = effective_date or today
    problem = level_since_problem(since, hire_date=employee.hire_date, today=today)
    if problem:
        raise FieldErrors({"level_effective_date": problem})
    change = LevelChange.objects.create(
        employee=employee,
        level_before=level_before,
        level_after=employee.level,
        effective_date=since,
        source=LevelChangeSource.EDIT,
    )
    audit_log(
        actor=actor,
        organization=employee.organization,
        verb="person.level_changed",
        target=employee,
        data={"before": level_before, "after": employee.level, "effective_date": str(since)},
    )
    skill_totals_refresh_soon(employee.organization_id)
    return change


def level_history_section(employee: Employee) -> ExportSection:
    """The person's level history, for their personal data export."""
    changes = LevelChange.objects.filter(employee=employee)
    rows = [
        {
            "effective_date": change.effective_date.isoformat(),
            "level_before": change.level_before,
            "level_after": change.level_after,
            "source": change.get_source_display(),
            "recorded_at": change.recorded_at.isoformat(),
        }
        for change in changes
    ]
    return ExportSection("level_history", "Level history", rows, order=6)
