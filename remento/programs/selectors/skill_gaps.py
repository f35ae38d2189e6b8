"""Skill gaps: which skills the learners want against how many people can teach them.

Step 1's "identify skill gaps" made real: for a population (mentee levels = who wants to
learn, mentor levels = who can teach, optionally some departments), per skill: how many
want it and how badly (total priority), how many can teach it well (proficiency 3 or more),
the ratio, and the unmet demand.

The totals come from the rows the worker keeps (``people.skill_totals``): summed for the
chosen levels and departments, they cost the same at 300 people as at 100,000, "as of" the
last refresh. An organisation the worker has not reached yet is counted from its skill rows
(the same figures, worked out at each view). Three queries either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby

from django.db.models import Count, Q, Sum, Value

from remento.core.models import Organization
from remento.people.models import Department, Employee, SkillCategory, SkillOffer, SkillWant
from remento.people.skill_totals import TEACHING_PROFICIENCY
from remento.people.totals import HeadcountTotal, SkillTotal, SkillTotalsRun
from remento.programs.models import Program


@dataclass(frozen=True)
class SkillGapRow:
    """One skill: demand from the learners, supply from the teachers."""

    skill_id: int
    name: str
    category: str
    wanted_by: int
    priority_total: int
    teachable_by: int
    demand_width: int = 0
    supply_width: int = 0

    @property
    def unmet(self) -> int:
        """Learners left without a teacher if each teacher took one learner."""
        return max(0, self.wanted_by - self.teachable_by)

    @property
    def ratio(self) -> float | None:
        """Teachers per learner; None when nobody wants the skill."""
        return self.teachable_by / self.wanted_by if self.wanted_by else None


@dataclass(frozen=True)
class SkillGapGroup:
    category: str
    label: str
    rows: list[SkillGapRow]

    @property
    def unmet(self) -> int:
        return sum(row.unmet for row in self.rows)


@dataclass(frozen=True)
class SkillGapTable:
    """The supply/demand table for one population, grouped by skill category."""

    mentor_levels: tuple[int, int]
    mentee_levels: tuple[int, int]
    departments: list[Department]
    learners: int
    teachers: int
    groups: list[SkillGapGroup] = field(default_factory=list)
    # When the kept totals were worked out; None when counted from the skill rows now.
    as_of: datetime | None = None

    @property
    def rows(self) -> list[SkillGapRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def unmet(self) -> int:
        return sum(group.unmet for group in self.groups)


def _people(
    organization: Organization, levels: tuple[int, int], departments: Sequence[Department]
) -> Q:
    condition = Q(
        organization=organization, is_active=True, level__gte=levels[0], level__lte=levels[1]
    )
    if departments:
        condition &= Q(department__in=[department.pk for department in departments])
    return condition


@dataclass
class _Tally:
    name: str
    category: str
    wanted_by: int = 0
    priority_total: int = 0
    teachable_by: int = 0


def _kept_totals(
    organization: Organization,
    *,
    mentor_levels: tuple[int, int],
    mentee_levels: tuple[int, int],
    departments: Sequence[Department],
) -> tuple[dict[str, int], dict[int, _Tally]]:
    """The population counts and per-skill tallies summed from the worker's rows: two
    grouped queries over skills x levels x departments rows, whatever the headcount."""
    learners = Q(level__gte=mentee_levels[0], level__lte=mentee_levels[1])
    teachers = Q(level__gte=mentor_levels[0], level__lte=mentor_levels[1])
    scope = Q(organization=organization, level__gte=min(mentee_levels[0], mentor_levels[0]))
    scope &= Q(level__lte=max(mentee_levels[1], mentor_levels[1]))
    if departments:
        scope &= Q(department__in=[department.pk for department in departments])
    population = HeadcountTotal.objects.filter(scope).aggregate(
        learners=Sum("people", filter=learners, default=0),
        teachers=Sum("people", filter=teachers, default=0),
    )
    rows = (
        SkillTotal.objects.filter(scope)
        .values("skill_id", "skill__name", "skill__category")
        .annotate(
            wanted_by=Sum("wanted_by", filter=learners, default=0),
            priority=Sum("priority_total", filter=learners, default=0),
            teachable_by=Sum("teachable_by", filter=teachers, default=0),
        )
        .order_by()
    )
    tallies = {
        row["skill_id"]: _Tally(
            row["skill__name"],
            row["skill__category"],
            wanted_by=row["wanted_by"],
            priority_total=row["priority"],
            teachable_by=row["teachable_by"],
        )
        for row in rows
        # Only skills someone in the population wants or can teach, as when counted live.
        if row["wanted_by"] or row["teachable_by"]
    }
    return population, tallies


def _width(value: int, scale: int) -> int:
    return round(100 * value / scale) if scale else 0


def _tallies(organization: Organization, *, learners_q: Q, teachers_q: Q) -> dict[int, _Tally]:
    """Per skill id: how many learners want it (and their total priority), how many
    teachers can teach it; two grouped aggregates sent as one query (``UNION ALL``)."""
    skill = ("skill_id", "skill__name", "skill__category")
    demand_rows = (
        SkillWant.objects.filter(
            employee__in=Employee.objects.filter(learners_q), skill__organization=organization
        )
        .values(*skill)
        .annotate(
            people=Count("employee_id", distinct=True),
            priority=Sum("priority"),
            is_supply=Value(False),
        )
        .order_by()
    )
    supply_rows = (
        SkillOffer.objects.filter(
            employee__in=Employee.objects.filter(teachers_q),
            skill__organization=organization,
            proficiency__gte=TEACHING_PROFICIENCY,
        )
        .values(*skill)
        .annotate(
            people=Count("employee_id", distinct=True),
            priority=Value(0),
            is_supply=Value(True),
        )
        .order_by()
    )
    tallies: dict[int, _Tally] = {}
    for item in demand_rows.union(supply_rows, all=True):
        tally = tallies.setdefault(
            item["skill_id"], _Tally(item["skill__name"], item["skill__category"])
        )
        if item["is_supply"]:
            tally.teachable_by = item["people"]
        else:
            tally.wanted_by, tally.priority_total = item["people"], item["priority"] or 0
    return tallies


def _groups(tallies: dict[int, _Tally]) -> list[SkillGapGroup]:
    """The rows, bars scaled to the largest count, grouped by category; rows and groups
    sorted by unmet demand."""
    scale = max((max(t.wanted_by, t.teachable_by) for t in tallies.values()), default=0)
    rows = [
        SkillGapRow(
            skill_id=skill_id,
            name=tally.name,
            category=tally.category,
            wanted_by=tally.wanted_by,
            priority_total=tally.priority_total,
            teachable_by=tally.teachable_by,
            demand_width=_width(tally.wanted_by, scale),
            supply_width=_width(tally.teachable_by, scale),
        )
        for skill_id, tally in tallies.items()
    ]
    rows.sort(key=lambda row: (row.category, -row.unmet, -row.priority_total, row.name))
    labels = dict(SkillCategory.choices)
    groups = [
        SkillGapGroup(category, labels.get(category, category), list(items))
        for category, items in groupby(rows, key=lambda row: row.category)
    ]
    groups.sort(key=lambda group: (-group.unmet, group.label))
    return groups


def skill_gap_table(
    *,
    organization: Organization,
    mentor_levels: tuple[int, int],
    mentee_levels: tuple[int, int],
    departments: Sequence[Department] = (),
) -> SkillGapTable:
    """Per skill of ``organization``: learners (active people at ``mentee_levels``) who
    want it and their total priority, teachers (at ``mentor_levels``) with proficiency 3+,
    sorted by unmet demand within categories that are themselves sorted by unmet demand.
    ``departments`` empty means everyone. Only skills someone wants or teaches appear.

    Read from the worker's totals when it has kept them (``as_of`` says when), else
    counted from the skill rows; three queries either way."""
    run = SkillTotalsRun.objects.filter(organization=organization).first()
    if run is not None:
        population, tallies = _kept_totals(
            organization,
            mentor_levels=mentor_levels,
            mentee_levels=mentee_levels,
            departments=departments,
        )
    else:
        learners_q = _people(organization, mentee_levels, departments)
        teachers_q = _people(organization, mentor_levels, departments)
        population = Employee.objects.aggregate(
            learners=Count("pk", filter=learners_q), teachers=Count("pk", filter=teachers_q)
        )
        tallies = _tallies(organization, learners_q=learners_q, teachers_q=teachers_q)
    groups = _groups(tallies)
    return SkillGapTable(
        mentor_levels=mentor_levels,
        mentee_levels=mentee_levels,
        departments=list(departments),
        learners=population["learners"],
        teachers=population["teachers"],
        groups=groups,
        as_of=run.computed_at if run is not None else None,
    )


def program_skill_gaps(program: Program) -> SkillGapTable:
    """The skill-gap table for a program's own population (its levels and departments)."""
    return skill_gap_table(
        organization=program.organization,
        mentor_levels=(program.mentor_min_level, program.mentor_max_level),
        mentee_levels=(program.mentee_min_level, program.mentee_max_level),
        departments=list(program.departments.all()),
    )
