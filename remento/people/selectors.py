"""Reading the directory: search, a person's profile, and the choices the filter form offers.

Every selector works inside the viewer's organisation and returns only what the viewer may
see; the number of queries does not grow with the number of people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from django.core.paginator import Page, Paginator
from django.db.models import Case, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When

from remento.people.models import (
    Department,
    Employee,
    Interest,
    Role,
    SensitiveAttribute,
    Skill,
    SkillOffer,
    SkillWant,
)
from remento.people.reporting import walk_managers

DIRECTORY_PAGE_SIZE = 25


@dataclass(frozen=True)
class DirectoryFilters:
    """What a coordinator searches the directory by; every part is optional."""

    text: str = ""
    department_id: int | None = None
    level: int | None = None
    skill_id: int | None = None
    include_inactive: bool = False


def employee_visible_to(*, viewer: Employee) -> QuerySet[Employee]:
    """The people ``viewer`` may look up: everyone in their organisation for a coordinator,
    only themselves for anyone else."""
    queryset = Employee.objects.filter(organization_id=viewer.organization_id)
    if not viewer.is_coordinator:
        queryset = queryset.filter(pk=viewer.pk)
    return queryset


def employee_search(*, viewer: Employee, filters: DirectoryFilters) -> QuerySet[Employee]:
    """People matching ``filters`` among those ``viewer`` may see, in directory order.

    The text matches every word against name, preferred name, email, title and employee id;
    the skill matches people who teach it or want to learn it.
    """
    queryset = employee_visible_to(viewer=viewer).select_related("department")
    if not filters.include_inactive:
        queryset = queryset.filter(is_active=True)
    for word in filters.text.split():
        queryset = queryset.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(preferred_name__icontains=word)
            | Q(email__icontains=word)
            | Q(title__icontains=word)
            | Q(employee_id__iexact=word)
        )
    if filters.department_id is not None:
        queryset = queryset.filter(department_id=filters.department_id)
    if filters.level is not None:
        queryset = queryset.filter(level=filters.level)
    if filters.skill_id is not None:
        # EXISTS rather than a join: a person who both teaches and wants the skill appears
        # once, without DISTINCT over the whole row.
        teaches = SkillOffer.objects.filter(employee=OuterRef("pk"), skill_id=filters.skill_id)
        wants = SkillWant.objects.filter(employee=OuterRef("pk"), skill_id=filters.skill_id)
        queryset = queryset.filter(Exists(teaches) | Exists(wants))
    return queryset.order_by("last_name", "first_name", "employee_id")


def directory_page(
    *, viewer: Employee, filters: DirectoryFilters, page_number: str | int | None
) -> Page[Employee]:
    """One page of ``employee_search`` (25 people); a page number out of range or not a
    number gives the nearest valid page rather than an error."""
    paginator = Paginator(employee_search(viewer=viewer, filters=filters), DIRECTORY_PAGE_SIZE)
    return paginator.get_page(page_number)


@dataclass(frozen=True)
class DirectoryChoices:
    """What the directory's filter form offers, all from the viewer's organisation."""

    departments: list[Department]
    levels: list[tuple[int, str]]
    skills: list[Skill]


def directory_choices(*, viewer: Employee) -> DirectoryChoices:
    """Departments, levels (with the organisation's own names) and skills to filter by."""
    organization = viewer.organization
    return DirectoryChoices(
        departments=list(Department.objects.filter(organization=organization).order_by("name")),
        levels=[
            (number, organization.level_name(number))
            for number in range(1, organization.max_level + 1)
        ],
        skills=list(Skill.objects.filter(organization=organization).order_by("category", "name")),
    )


def skill_choices_grouped(skills: list[Skill]) -> list[tuple[str, list[tuple[int, str]]]]:
    """Skills as select choices grouped by category label, for an <optgroup> per category.

    ``skills`` must be sorted by category (as ``Skill``'s default ordering is).
    """
    return [
        (group[0].get_category_display(), [(skill.pk, skill.name) for skill in group])
        for _, members in groupby(skills, key=lambda skill: skill.category)
        for group in [list(members)]
    ]


@dataclass(frozen=True)
class EmployeeProfile:
    """A person's page as a coordinator (or the person) sees it; no sensitive attribute."""

    employee: Employee
    manager_chain: list[Employee]
    direct_reports: int
    teaches: list[SkillOffer]
    wants: list[SkillWant]
    interests: list[Interest]
    teaches_by_category: list[tuple[str, list[SkillOffer]]] = field(default_factory=list)
    wants_by_category: list[tuple[str, list[SkillWant]]] = field(default_factory=list)


def _by_category[T: (SkillOffer, SkillWant)](rows: list[T]) -> list[tuple[str, list[T]]]:
    ordered = sorted(rows, key=lambda row: (row.skill.category, row.skill.name))
    return [
        (group[0].skill.get_category_display(), group)
        for _, members in groupby(ordered, key=lambda row: row.skill.category)
        for group in [list(members)]
    ]


def manager_chain(*, employee: Employee) -> list[Employee]:
    """The person's managers, nearest first, up to the top of the organisation.

    One query per level: charts are a handful of levels deep, and loading the whole
    organisation to walk it would cost more at 100,000 people.
    """

    def manager_of(pk: int) -> tuple[Employee, int | None] | None:
        manager = (
            Employee.objects.filter(organization_id=employee.organization_id, pk=pk)
            .only("pk", "first_name", "last_name", "preferred_name", "title", "manager_id")
            .first()
        )
        return None if manager is None else (manager, manager.manager_id)

    return walk_managers(
        employee_pk=employee.pk, manager_id=employee.manager_id, manager_of=manager_of
    )


def employee_profile(*, viewer: Employee, employee_pk: int) -> EmployeeProfile:
    """The profile of one person ``viewer`` may see (404 otherwise), with skills, interests,
    manager chain and the number of active direct reports. Sensitive attributes are never
    loaded here."""
    from django.shortcuts import get_object_or_404

    queryset = (
        employee_visible_to(viewer=viewer)
        .select_related("department", "organization")
        .prefetch_related(
            Prefetch("skill_offers", queryset=SkillOffer.objects.select_related("skill")),
            Prefetch("skill_wants", queryset=SkillWant.objects.select_related("skill")),
            "interests",
        )
    )
    employee = get_object_or_404(queryset, pk=employee_pk)
    teaches = list(employee.skill_offers.all())
    wants = list(employee.skill_wants.all())
    return EmployeeProfile(
        employee=employee,
        manager_chain=manager_chain(employee=employee),
        direct_reports=employee.reports.filter(is_active=True).count(),
        teaches=teaches,
        wants=wants,
        interests=list(employee.interests.all()),
        teaches_by_category=_by_category(teaches),
        wants_by_category=_by_category(wants),
    )


@dataclass(frozen=True)
class SensitiveSummary:
    """What the person may see of their own sensitive answers: which kinds they declared and
    which they consented to, never the values (they are not sent back to any page)."""

    declared: dict[str, bool]  # kind -> consent for matching
    shared_count: int


def sensitive_summary(*, employee: Employee) -> SensitiveSummary:
    """The person's own declared kinds and consents; the values are not read at all."""
    rows = SensitiveAttribute.objects.filter(employee=employee).values_list(
        "kind", "consent_matching"
    )
    declared = dict(rows)
    return SensitiveSummary(
        declared=declared, shared_count=sum(1 for consent in declared.values() if consent)
    )


def organization_skills(*, organization_id: int) -> list[Skill]:
    """The organisation's skills taxonomy, by category then name (for grouped selects)."""
    return list(Skill.objects.filter(organization_id=organization_id).order_by("category", "name"))


def employee_for_profile_edit(*, employee: Employee) -> Employee:
    """The person with what their edit page shows loaded up front (skills, interests)."""
    return (
        Employee.objects.select_related("organization")
        .prefetch_related("skill_offers", "skill_wants", "interests")
        .get(pk=employee.pk)
    )


ROLES_PAGE_SIZE = 25


def role_holders_page(
    *, viewer: Employee, text: str = "", page_number: str | int | None = None
) -> Page[Employee]:
    """A page of people for the roles page of an organisation admin, 25 at a time.

    Without ``text``: the organisation's admins and coordinators. With it: the active
    people whose name, email, job title or employee id matches every word, whatever their
    role (to find someone to promote). Only ever the viewer's own organisation.
    """
    queryset = Employee.objects.filter(
        organization_id=viewer.organization_id, is_active=True
    ).select_related("department")
    if text.strip():
        queryset = employee_search(viewer=viewer, filters=DirectoryFilters(text=text))
    else:
        queryset = queryset.exclude(role=Role.PARTICIPANT)
    ordered = queryset.order_by(
        Case(
            When(role=Role.ADMIN, then=Value(0)),
            When(role=Role.COORDINATOR, then=Value(1)),
            default=Value(2),
        ),
        "last_name",
        "first_name",
        "employee_id",
    )
    return Paginator(ordered, ROLES_PAGE_SIZE).get_page(page_number)
