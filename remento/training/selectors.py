"""Reading training: who has not completed what, a participant's own modules, the library.

Every selector works inside one program or the viewer's organisation, and the number of
queries does not grow with the number of people or modules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, QuerySet

from remento.enrollment.models import Enrollment, EnrollmentStatus
from remento.people.models import Employee
from remento.programs.models import Program, Status
from remento.training.hooks import participant_ids_of, programs_condition
from remento.training.models import (
    Resource,
    ResourceCategory,
    TrainingCompletion,
    TrainingModule,
)


def training_missing(
    *,
    program: Program,
    employees: Iterable[Employee | int],
    timing: str | None = None,
) -> dict[int, list[TrainingModule]]:
    """For each of ``employees`` (people or their pks), the program's required modules they
    have not completed, in module order. Everyone asked about is a key, with an empty list
    when nothing is missing.

    ``timing`` narrows to one ``ModuleTiming`` (``before_launch`` is what holds a pair
    back). Two queries whatever the number of people: the modules, then every completion
    of those modules by those people.
    """
    pks = [person if isinstance(person, int) else person.pk for person in employees]
    modules = TrainingModule.objects.filter(program=program, required=True)
    if timing is not None:
        modules = modules.filter(timing=timing)
    module_list = list(modules.order_by("position", "id"))
    if not module_list or not pks:
        return {pk: [] for pk in pks}
    done = set(
        TrainingCompletion.objects.filter(module__in=module_list, employee_id__in=pks).values_list(
            "employee_id", "module_id"
        )
    )
    return {pk: [module for module in module_list if (pk, module.pk) not in done] for pk in pks}


def program_participant_ids(*, program: Program) -> QuerySet[Enrollment, int]:
    """The pks of the people training applies to, as one uncorrelated subquery: the
    enrolled participants, and the mentors and mentees of open pairs (a set, no duplicates)."""
    enrolled = Enrollment.objects.filter(
        program=program, status=EnrollmentStatus.ENROLLED
    ).values_list("employee_id", flat=True)
    return enrolled.union(*participant_ids_of(program))


def program_participants(*, program: Program) -> QuerySet[Employee]:
    """The people training applies to: enrolled participants and the people of open pairs.

    Set-based: the participants are read from one subquery of pks (computed once), not
    checked employee by employee, so the cost follows the program, not the organisation.
    """
    return Employee.objects.filter(
        organization_id=program.organization_id,
        pk__in=program_participant_ids(program=program),
    ).order_by("last_name", "first_name", "employee_id")


@dataclass(frozen=True)
class ModuleCount:
    module: TrainingModule
    missing: int


@dataclass(frozen=True)
class ComplianceRow:
    employee: Employee
    missing: list[TrainingModule]


@dataclass(frozen=True)
class ComplianceReport:
    """A program's training compliance: who has not completed which required module."""

    program: Program
    required_modules: list[TrainingModule]
    module_counts: list[ModuleCount]
    incomplete: list[ComplianceRow]
    people_total: int
    people_complete: int = field(default=0)


def _done_alias(module: TrainingModule) -> str:
    return f"done_module_{module.pk}"


def training_compliance(*, program: Program) -> ComplianceReport:
    """Everyone the program's training applies to, with the required modules each has not
    completed; the counts say how many people miss each module.

    Two queries whatever the number of people: the required modules, then the participants
    each with one conditional count of completions per module (a join on the completions of
    those modules only, grouped by person).
    """
    modules = list(
        TrainingModule.objects.filter(program=program, required=True).order_by("position", "id")
    )
    people_query = program_participants(program=program).select_related("department")
    if modules:
        people_query = people_query.alias(
            program_completions=FilteredRelation(
                "training_completions",
                condition=Q(training_completions__module_id__in=[m.pk for m in modules]),
            )
        ).annotate(
            **{
                _done_alias(module): Count(
                    "program_completions", filter=Q(program_completions__module_id=module.pk)
                )
                for module in modules
            }
        )
    people = list(people_query)
    counts = {module.pk: 0 for module in modules}
    incomplete: list[ComplianceRow] = []
    for person in people:
        missing = [module for module in modules if not getattr(person, _done_alias(module))]
        if missing:
            incomplete.append(ComplianceRow(employee=person, missing=missing))
            for module in missing:
                counts[module.pk] += 1
    return ComplianceReport(
        program=program,
        required_modules=modules,
        module_counts=[ModuleCount(module=m, missing=counts[m.pk]) for m in modules],
        incomplete=incomplete,
        people_total=len(people),
        people_complete=len(people) - len(incomplete),
    )


def training_programs_of(*, employee: Employee) -> QuerySet[Program]:
    """Programs whose training ``employee`` takes: enrolled in, or in an open pair of."""
    enrolled = Enrollment.objects.filter(
        program=OuterRef("pk"), employee=employee, status=EnrollmentStatus.ENROLLED
    )
    return (
        Program.objects.filter(organization_id=employee.organization_id)
        .exclude(status__in=[Status.DRAFT, Status.CLOSED])
        .filter(Exists(enrolled) | programs_condition(employee))
        .order_by("name")
    )


@dataclass(frozen=True)
class ModuleState:
    module: TrainingModule
    completed_at: datetime | None

    @property
    def done(self) -> bool:
        return self.completed_at is not None


@dataclass(frozen=True)
class ProgramTraining:
    program: Program
    modules: list[ModuleState]

    @property
    def required_left(self) -> int:
        return sum(1 for state in self.modules if state.module.required and not state.done)


def training_for_participant(*, employee: Employee) -> list[ProgramTraining]:
    """The participant's modules, program by program, each with when they completed it.

    Three queries: the programs, their modules, the participant's completions.
    """
    programs = list(training_programs_of(employee=employee))
    modules = list(
        TrainingModule.objects.filter(program__in=programs).order_by("program_id", "position", "id")
    )
    completed = dict(
        TrainingCompletion.objects.filter(employee=employee, module__in=modules).values_list(
            "module_id", "completed_at"
        )
    )
    return [
        ProgramTraining(
            program=program,
            modules=[
                ModuleState(module=module, completed_at=completed.get(module.pk))
                for module in modules
                if module.program_id == program.pk
            ],
        )
        for program in programs
    ]


def training_modules_of(*, program: Program) -> QuerySet[TrainingModule]:
    """A program's modules in order (how many completed each: ``compliance_kept``'s
    ``module_completions``)."""
    return TrainingModule.objects.filter(program=program).order_by("position", "id")


def completion_of(*, module: TrainingModule, employee: Employee) -> TrainingCompletion | None:
    """The person's completion of the module, if any."""
    return TrainingCompletion.objects.filter(module=module, employee=employee).first()


@dataclass(frozen=True)
class ResourceGroup:
    label: str
    resources: list[Resource]


def resources_visible_to(*, viewer: Employee) -> QuerySet[Resource]:
    """The library as ``viewer`` may read it: everything of the organisation for a
    coordinator; for a participant the organisation-wide entries and those of the programs
    they take part in."""
    queryset = Resource.objects.filter(organization_id=viewer.organization_id).select_related(
        "program"
    )
    if not viewer.is_coordinator:
        queryset = queryset.filter(
            Q(program__isnull=True) | Q(program__in=training_programs_of(employee=viewer))
        )
    return queryset


def resource_library(*, viewer: Employee, category: str = "") -> list[ResourceGroup]:
    """The visible resources grouped by category (in the categories' order); one query."""
    queryset = resources_visible_to(viewer=viewer)
    if category:
        queryset = queryset.filter(category=category)
    by_category: dict[str, list[Resource]] = {}
    for resource in queryset.order_by("title"):
        by_category.setdefault(resource.category, []).append(resource)
    return [
        ResourceGroup(label=label, resources=by_category[value])
        for value, label in ResourceCategory.choices
        if value in by_category
    ]
