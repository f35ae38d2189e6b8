"""Reading the directory: search, a person's profile, and the choices the filter form offers.

Every selector works inside the viewer's organisation and returns only what the viewer may
see; the number of queries does not grow with the number of people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Case, CharField, Exists, OuterRef, Prefetch, QuerySet, Value, When
from django.db.models.functions import Concat

from remento.core.paging import KeysetPage, keyset_page
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
from remento.people.reporting import managers_of
from remento.people.search import person_text_filter

DIRECTORY_PAGE_SIZE = 25
# Ends with the primary key: people with the same name keep one order across pages.
DIRECTORY_ORDER = ("last_name", "first_name", "employee_id", "pk")
# A text search sorts by a copy of the surname (``last_name || ''``: the same order). With
# the column itself PostgreSQL walks the name index in order until a page of people match,
# and the people a surname search finds sit together in that order: "Nair" read 11,000
# rows of 20,000 (110 ms). With the copy it takes the matches from the trigram indexes and
# sorts the few it found (under 10 ms).
SEARCH_ORDER = ("surname_sort", "first_name", "employee_id", "pk")


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

    The text matches every word against name, preferred name, email, title and employee id
    (``remento.people.search``); the skill matches people who teach it or want to learn it.
    """
    queryset = employee_visible_to(viewer=viewer).select_related("department")
    if not filters.include_inactive:
        queryset = queryset.filter(is_active=True)
    order = DIRECTORY_ORDER
    if filters.text.strip():
        queryset = queryset.filter(person_text_filter(filters.text)).annotate(
            surname_sort=Concat("last_name", Value(""), output_field=CharField())
        )
        order = SEARCH_ORDER
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
    return queryset.order_by(*order)


def search_order(filters: DirectoryFilters) -> tuple[str, ...]:
    """The ordering ``employee_search`` uses for ``filters`` (the key of keyset pages)."""
    return SEARCH_ORDER if filters.text.strip() else DIRECTORY_ORDER


def directory_page(
    *, viewer: Employee, filters: DirectoryFilters, cursor: str | None
) -> KeysetPage[Employee]:
    """One page of ``employee_search`` (25 people) from ``cursor`` (the first page without
    one or with a bad one), as quick on the last page as on the first. Two queries."""
    return keyset_page(
        employee_search(viewer=viewer, filters=filters),
        order=search_order(filters),
        size=DIRECTORY_PAGE_SIZE,
        cursor=cursor,
    )


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

    Two queries whatever the depth and the size of the organisation: the chain's ids (one
    recursive query, ``people.reporting``), then those managers.
    """
    chain = managers_of([employee.pk], organization_id=employee.organization_id)[employee.pk]
    managers = Employee.objects.filter(organization_id=employee.organization_id, pk__in=chain).only(
        "pk", "first_name", "last_name", "preferred_name", "title", "manager_id"
    )
    by_pk = {manager.pk: manager for manager in managers}
    return [by_pk[pk] for pk in chain if pk in by_pk]


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
    *, viewer: Employee, text: str = "", cursor: str | None = None
) -> KeysetPage[Employee]:
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
        # Named roles, not "not a participant": an equality the (organization, role) index
        # answers, where the negation read every active person.
        queryset = queryset.filter(role__in=(Role.ADMIN, Role.COORDINATOR))
    ranked = queryset.annotate(
        role_rank=Case(
            When(role=Role.ADMIN, then=Value(0)),
            When(role=Role.COORDINATOR, then=Value(1)),
            default=Value(2),
        )
    )
    return keyset_page(
        ranked, order=("role_rank", *DIRECTORY_ORDER), size=ROLES_PAGE_SIZE, cursor=cursor
    )
