"""Skill totals kept by the worker: per skill, level and department, how many active people
want the skill (and their total priority) and how many can teach it; per level and
department, how many active people there are.

The skill-gap pages (``programs.selectors.skill_gaps``) sum these rows for any choice of
levels and departments, so a view reads skills x levels x departments rows, not every
person's skills: the same cost at 300 people as at 100,000. The figures are "as of" the last
refresh (``SkillTotalsRun``), which the page says.

``skill_totals_refresh_soon`` asks the worker for a refresh once the current transaction
commits; the writes that change the figures call it (profile edits, enrolment answers, HRIS
imports, level changes). Bursts collapse: a queued refresh that finds the totals already
worked out after it was asked for does nothing. ``remento refresh-skill-totals`` (nightly
from cron) is the safety net for any write that does not ask.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from remento.core.jobs.queue_once import queue_once
from remento.core.models import Organization
from remento.people.models import Employee, SkillOffer, SkillWant
from remento.people.totals import HeadcountTotal, SkillTotal, SkillTotalsRun

# A teacher needs to know the skill well: 3 on the 1–5 scale is "can explain it to others".
TEACHING_PROFICIENCY = 3

_Cell = tuple[int, int, int | None]  # skill id, level, department id


def _skill_cells(organization_id: int) -> dict[_Cell, SkillTotal]:
    """Two grouped queries over the organisation's skill rows (the worker's one full read)."""
    common = {
        "employee__organization_id": organization_id,
        "employee__is_active": True,
        "skill__organization_id": organization_id,
    }
    keys = ("skill_id", "employee__level", "employee__department_id")
    # (employee, skill) is unique on both tables: counting rows counts people.
    wants = (
        SkillWant.objects.filter(**common)
        .values(*keys)
        .annotate(people=Count("pk"), priority=Sum("priority"))
        .order_by()
    )
    offers = (
        SkillOffer.objects.filter(**common, proficiency__gte=TEACHING_PROFICIENCY)
        .values(*keys)
        .annotate(people=Count("pk"))
        .order_by()
    )
    cells: dict[_Cell, SkillTotal] = {}

    def cell(row: dict[str, int]) -> SkillTotal:
        key = (row["skill_id"], row["employee__level"], row["employee__department_id"])
        if key not in cells:
            cells[key] = SkillTotal(
                organization_id=organization_id,
                skill_id=key[0],
                level=key[1],
                department_id=key[2],
            )
        return cells[key]

    for row in wants:
        total = cell(row)
        total.wanted_by, total.priority_total = row["people"], row["priority"] or 0
    for row in offers:
        cell(row).teachable_by = row["people"]
    return cells


def _headcounts(organization_id: int) -> list[HeadcountTotal]:
    rows = (
        Employee.objects.filter(organization_id=organization_id, is_active=True)
        .values("level", "department_id")
        .annotate(people=Count("pk"))
        .order_by()
    )
    return [
        HeadcountTotal(
            organization_id=organization_id,
            level=row["level"],
            department_id=row["department_id"],
            people=row["people"],
        )
        for row in rows
    ]


def skill_totals_refresh(organization: Organization, *, now: datetime | None = None) -> int:
    """Work out ``organization``'s skill and headcount totals afresh, as of ``now``, and
    replace the stored ones. Returns how many skill rows it stored.

    The counting happens before the transaction; the swap takes a lock on the run's row, so
    two refreshes at once queue there and the page never sees half a set."""
    now = now or timezone.now()
    cells = list(_skill_cells(organization.pk).values())
    heads = _headcounts(organization.pk)
    with transaction.atomic():
        run, _ = SkillTotalsRun.objects.get_or_create(
            organization=organization, defaults={"computed_at": now}
        )
        SkillTotalsRun.objects.select_for_update().get(pk=run.pk)
        SkillTotal.objects.filter(organization=organization).delete()
        HeadcountTotal.objects.filter(organization=organization).delete()
        SkillTotal.objects.bulk_create(cells, batch_size=2000)
        HeadcountTotal.objects.bulk_create(heads, batch_size=2000)
        SkillTotalsRun.objects.filter(pk=run.pk).update(computed_at=now)
    return len(cells)


def skill_totals_refresh_if_stale(organization_id: int, *, asked_at: datetime) -> bool:
    """Refresh unless the totals were worked out at or after ``asked_at`` (a later refresh
    already covers the change that asked). True when it refreshed."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        return False
    done = SkillTotalsRun.objects.filter(organization=organization, computed_at__gte=asked_at)
    if done.exists():
        return False
    skill_totals_refresh(organization)
    return True


def skill_totals_refresh_all(now: datetime | None = None) -> int:
    """Refresh every organisation's totals (the nightly safety net). Returns how many."""
    organizations = Organization.objects.order_by("pk")
    count = 0
    for organization in organizations:
        skill_totals_refresh(organization, now=now)
        count += 1
    return count


def skill_totals_refresh_soon(organization_id: int) -> None:
    """Ask the worker to refresh the organisation's totals once this transaction commits
    (a person's skills, level, department or activity changed): once per transaction, so
    cheap to call often. The task gets the commit's moment: a refresh that starts counting
    later sees the change and serves the request."""
    from remento.people.tasks import refresh_skill_totals  # the task module imports us

    queue_once(refresh_skill_totals, stamp=True, organization_id=organization_id)
