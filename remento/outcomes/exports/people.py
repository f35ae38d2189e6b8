"""Exports about people: the participants, their training, and who takes part by group.

Every query is scoped to the program (and so to its organisation) and runs a fixed number
of times whatever the number of people; rows are read in batches with ``iterator``.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, FilteredRelation, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from remento.core.small_groups import sensitive_group_counts
from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.people.models import Employee, generation_for
from remento.programs.models import Program
from remento.relationships.models import Pair
from remento.training.models import TrainingModule
from remento.training.selectors import program_participants

from .tables import CHUNK_SIZE, Column, Row, Table, columns, person_name

PARTICIPANT_COLUMNS = columns(
    "Employee id",
    ("Name", 24),
    ("Email", 30),
    ("Job title", 24),
    ("Department", 20),
    ("Level", 8),
    ("Location", 16),
    ("Generation", 14),
    ("Role in the program", 12),
    ("Status", 14),
    ("Hours a month", 10),
    ("Partners at once", 10),
    ("Added on (UTC)", 18),
    ("Decided on (UTC)", 18),
    ("Pairs in the program", 10),
    ("Still employed", 10),
    ("Leave date", 12),
)


def _pairs_of_person(program: Program) -> Subquery:
    pairs = (
        Pair.objects.filter(program=program)
        .filter(Q(mentor_id=OuterRef("employee_id")) | Q(mentee_id=OuterRef("employee_id")))
        .order_by()
        .values("program")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(pairs)


def participants_table(program: Program) -> Table:
    """One row per person the program has on its books, whatever their status (invited,
    applied, enrolled, on the waitlist, declined, withdrawn). Two queries: a count, then
    the rows in batches."""
    enrollments = Enrollment.objects.filter(
        program=program, employee__organization_id=program.organization_id
    )
    statuses = dict(EnrollmentStatus.choices)
    roles = dict(EnrollmentRole.choices)

    def rows() -> Iterator[Row]:
        values = (
            enrollments.annotate(pairs=Coalesce(_pairs_of_person(program), 0))
            .order_by("employee__last_name", "employee__first_name", "employee__employee_id")
            .values_list(
                "employee__employee_id",
                "employee__first_name",
                "employee__preferred_name",
                "employee__last_name",
                "employee__email",
                "employee__title",
                "employee__department__name",
                "employee__level",
                "employee__location",
                "employee__birth_year",
                "role",
                "status",
                "hours_per_month",
                "capacity",
                "created_at",
                "decided_at",
                "pairs",
                "employee__is_active",
                "employee__leave_date",
            )
        )
        for row in values.iterator(chunk_size=CHUNK_SIZE):
            (emp_id, first, preferred, last, email, title, department, level, location) = row[:9]
            generation = generation_for(row[9])
            yield (
                emp_id,
                person_name(first, preferred, last),
                email,
                title,
                department or "",
                level,
                location,
                generation.label if generation else "",
                roles.get(row[10], row[10]),
                statuses.get(row[11], row[11]),
                *row[12:],
            )

    return Table(PARTICIPANT_COLUMNS, count=enrollments.count, rows=rows)


def _role_in(program: Program) -> Subquery:
    return Subquery(
        Enrollment.objects.filter(program=program, employee_id=OuterRef("pk")).values("role")[:1]
    )


TRAINING_COLUMNS = columns(
    "Employee id",
    ("Name", 24),
    ("Email", 30),
    ("Department", 20),
    ("Role in the program", 12),
    ("Required modules completed", 12),
    ("Required modules in all", 12),
    ("Every required module done", 12),
)


def _module_heading(module: TrainingModule) -> str:
    need = "required" if module.required else "optional"
    return f"{module.title} ({need}, {module.get_timing_display().lower()}) completed on (UTC)"


def _with_completions(
    people: QuerySet[Employee], modules: list[TrainingModule]
) -> QuerySet[Employee]:
    """``people`` each with ``done_<module pk>``: when they completed that module, or None
    (one join on the completions of these modules only, grouped by person)."""
    if not modules:
        return people
    return people.alias(
        program_completions=FilteredRelation(
            "training_completions",
            condition=Q(training_completions__module_id__in=[m.pk for m in modules]),
        )
    ).annotate(
        **{
            f"done_{module.pk}": Max(
                "program_completions__completed_at",
                filter=Q(program_completions__module_id=module.pk),
            )
            for module in modules
        }
    )


def training_table(program: Program) -> Table:
    """One row per person the program's training applies to (enrolled participants and the
    people of open pairs), one column per module with the date they completed it. Three
    queries: the modules, a count, then the people with one conditional maximum per module."""
    modules = list(TrainingModule.objects.filter(program=program).order_by("position", "id"))
    required = [module for module in modules if module.required]
    people = program_participants(program=program)
    roles = dict(EnrollmentRole.choices)

    def rows() -> Iterator[Row]:
        query = _with_completions(people.annotate(program_role=_role_in(program)), modules)
        for person in query.select_related("department").iterator(chunk_size=CHUNK_SIZE):
            dates = [getattr(person, f"done_{module.pk}") for module in modules]
            done = sum(1 for module in required if getattr(person, f"done_{module.pk}"))
            yield (
                person.employee_id,
                person.display_name,
                person.email,
                person.department.name if person.department else "",
                roles.get(getattr(person, "program_role", None) or "", "In a pair"),
                done,
                len(required),
                done == len(required),
                *dates,
            )

    headings = tuple(Column(_module_heading(module), 22) for module in modules)
    return Table(TRAINING_COLUMNS + headings, count=people.count, rows=rows)


BREAKDOWN_COLUMNS = columns(
    ("Breakdown", 16),
    ("Group", 24),
    ("People taking part", 12),
    ("Note", 60),
)


def _taking_part(program: Program) -> QuerySet[Employee]:
    """Everyone enrolled in the program or in one of its pairs (open or closed), once."""
    enrolled = Enrollment.objects.filter(program=program, status=EnrollmentStatus.ENROLLED)
    pairs = Pair.objects.filter(program=program)
    return Employee.objects.filter(organization_id=program.organization_id).filter(
        Q(pk__in=enrolled.values("employee_id"))
        | Q(pk__in=pairs.values("mentor_id"))
        | Q(pk__in=pairs.values("mentee_id"))
    )


def _group_counts(program: Program) -> dict[str, dict[str, int]]:
    people = _taking_part(program)
    by_department: dict[str, int] = {}
    for name, n in people.values_list("department__name").annotate(n=Count("pk")).order_by():
        key = name or "No department"
        by_department[key] = by_department.get(key, 0) + n
    by_generation: dict[str, int] = {}
    for year, n in people.values_list("birth_year").annotate(n=Count("pk")).order_by():
        generation = generation_for(year)
        key = generation.label if generation else "Not known"
        by_generation[key] = by_generation.get(key, 0) + n
    by_location: dict[str, int] = {}
    for place, n in people.values_list("location").annotate(n=Count("pk")).order_by():
        key = place.strip() or "Not known"
        by_location[key] = by_location.get(key, 0) + n
    by_role: dict[str, int] = {}
    roles = dict(EnrollmentRole.choices)
    enrolled = Enrollment.objects.filter(program=program, status=EnrollmentStatus.ENROLLED)
    for role, n in enrolled.values_list("role").annotate(n=Count("pk")).order_by():
        by_role[str(roles.get(role, role))] = n
    return {
        "Department": dict(sorted(by_department.items())),
        "Generation": dict(sorted(by_generation.items())),
        "Location": dict(sorted(by_location.items())),
        "Role (enrolled)": by_role,
    }


def _breakdown_rows(breakdown: str, counts: dict[str, int]) -> list[Row]:
    safe = sensitive_group_counts(counts)
    rows: list[Row] = [(breakdown, "All", safe.total, "")]
    rows.extend((breakdown, g.key, g.count, "") for g in safe.groups if g.count is not None)
    hidden = [g for g in safe.groups if g.count is None]
    if hidden:
        # Together they are the total minus the groups shown, so their sum tells nothing
        # new; their names and sizes stay hidden.
        together = safe.total - sum(g.count or 0 for g in safe.groups)
        rows.append(
            (
                breakdown,
                f"{len(hidden)} smaller group{'s' if len(hidden) != 1 else ''}, together",
                together,
                f"Groups of fewer than {safe.min_group_size} people are not shown one by one, "
                "nor any group that could be worked out from the total and the others.",
            )
        )
    return rows


def participation_table(program: Program) -> Table:
    """How many people take part, by department, generation, location and role, each
    breakdown through ``sensitive_group_counts``: a group under the minimum size is never
    shown on its own, nor any that could be worked out from the total and the others (the
    hidden ones are given together, by name never). Four queries."""
    built: list[list[Row]] = []

    def cached() -> list[Row]:
        if not built:
            built.append(
                [
                    row
                    for breakdown, counts in _group_counts(program).items()
                    for row in _breakdown_rows(breakdown, counts)
                ]
            )
        return built[0]

    return Table(BREAKDOWN_COLUMNS, count=lambda: len(cached()), rows=lambda: iter(cached()))
