"""Reading a program's training compliance for its coordinators, at any size: the summary
(how many people, how many done, how many miss each required module) in one aggregate
query, and the people one keyset page at a time (50 a page, the last as quick as the
first), by default those not yet done, else everyone, one module's or by name.

Whether someone completed a module is one indexed probe of the completions' unique
``(module, employee)`` key per participant and module, inside the query: nothing is read
per person in Python, and the cost follows the program's participants, not the company.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import or_

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from remento.core.paging import KeysetPage, keyset_page
from remento.enrollment.models import Enrollment, EnrollmentStatus
from remento.people.models import Employee
from remento.people.search import person_text_filter
from remento.programs.models import Program
from remento.training.hooks import participant_ids_of
from remento.training.models import TrainingCompletion, TrainingModule
from remento.training.selectors import ModuleCount, program_participants

PAGE_SIZE = 50
# By name, then as the kept rows (``compliance_kept.KEPT_ORDER``): the person's pk.
ORDER = ("last_name", "first_name", "id")


def _done(module: TrainingModule) -> str:
    return f"done_{module.pk}"


def required_modules(*, program: Program) -> list[TrainingModule]:
    """The program's required modules in order (one query)."""
    return list(
        TrainingModule.objects.filter(program=program, required=True).order_by("position", "id")
    )


def with_flags(people: QuerySet[Employee], modules: list[TrainingModule]) -> QuerySet[Employee]:
    """``people`` with a ``done_<module pk>`` flag per module: completed or not."""
    return people.alias(
        **{
            _done(module): Exists(
                TrainingCompletion.objects.filter(module_id=module.pk, employee_id=OuterRef("pk"))
            )
            for module in modules
        }
    )


def missing_any(modules: list[TrainingModule]) -> Q:
    """People who have not completed at least one of ``modules`` (nobody without modules)."""
    if not modules:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{_done(module): False}) for module in modules))


@dataclass(frozen=True)
class ComplianceSummary:
    """The program's figures: everyone training applies to, and who misses what."""

    program: Program
    required_modules: list[TrainingModule]
    module_counts: list[ModuleCount]
    people_total: int
    people_complete: int
    # When the figures were kept by the worker (``training.standing``); None: worked out now.
    as_of: datetime | None = None

    @property
    def people_incomplete(self) -> int:
        return self.people_total - self.people_complete


def compliance_summary(
    *, program: Program, modules: list[TrainingModule] | None = None
) -> ComplianceSummary:
    """How many people ``program``'s training applies to, how many completed every required
    module, and how many miss each one. Two queries (one when ``modules`` is given): the
    required modules, then one aggregate over the participants."""
    if modules is None:
        modules = required_modules(program=program)
    people = with_flags(program_participants(program=program).order_by(), modules)
    figures = people.aggregate(
        total=Count("pk"),
        complete=Count("pk", filter=~missing_any(modules)),
        **{
            f"missing_{module.pk}": Count("pk", filter=Q(**{_done(module): False}))
            for module in modules
        },
    )
    return ComplianceSummary(
        program=program,
        required_modules=modules,
        module_counts=[
            ModuleCount(module=module, missing=figures[f"missing_{module.pk}"])
            for module in modules
        ],
        people_total=figures["total"],
        people_complete=figures["complete"],
    )


@dataclass(frozen=True)
class ComplianceFilters:
    """By default only the people not yet done (missing a required module); ``everyone``
    lists those done too; ``module`` (a pk): only the people missing that module; ``text``:
    words a name, email, job title or employee id must match."""

    everyone: bool = False
    module: int | None = None
    text: str = ""


def participants_condition(program: Program) -> Q:
    """Whom ``program``'s training applies to, as one ``IN`` per source (the enrolled, each
    source of ``participant_ids_of``) rather than ``IN`` their union.

    Why: PostgreSQL turns ``IN (a UNION b)`` into a join, and under the page's ``LIMIT`` it
    chose to walk the people by name and, for each, rescan the whole union (67 million rows,
    4 s, at 100,000 people). Separate ``IN`` conditions joined by ``OR`` stay filters, each
    a hash of its source built once; SQLite likewise builds each list once."""
    enrolled = Enrollment.objects.filter(
        program=program, status=EnrollmentStatus.ENROLLED
    ).values_list("employee_id", flat=True)
    return reduce(or_, (Q(pk__in=ids) for ids in [enrolled, *participant_ids_of(program)]))


def known_total(
    summary: ComplianceSummary | None, filters: ComplianceFilters, chosen: list[TrainingModule]
) -> int | None:
    """The number of people ``filters`` list, where ``summary`` already counted them: all,
    those not done, or those missing one module (None for a search by text)."""
    if summary is None or filters.text.strip():
        return None
    if filters.module:
        return sum(row.missing for row in summary.module_counts if row.module in chosen)
    return summary.people_total if filters.everyone else summary.people_incomplete


@dataclass(frozen=True)
class PersonTraining:
    """One person of the page and, for each required module, when they completed it."""

    employee: Employee
    completed: list[tuple[TrainingModule, datetime | None]]

    @property
    def missing(self) -> list[TrainingModule]:
        return [module for module, done_at in self.completed if done_at is None]


def compliance_page(
    *,
    program: Program,
    modules: list[TrainingModule],
    filters: ComplianceFilters,
    cursor: str | None = None,
    summary: ComplianceSummary | None = None,
) -> tuple[KeysetPage[Employee], list[PersonTraining]]:
    """One page of the people ``program``'s training applies to (``modules``: its required
    modules, from ``required_modules``), by name, matching ``filters``, each with the date
    they completed each module. Three queries: the filtered total, the page, and the
    page's completions; two when ``summary`` (``compliance_summary``'s, for ``modules``)
    already holds the total, which it does unless ``filters`` search by text."""
    people = with_flags(
        Employee.objects.filter(
            participants_condition(program), organization_id=program.organization_id
        )
        .select_related("department")
        .order_by(*ORDER),
        modules,
    )
    chosen = [m for m in modules if m.pk == filters.module] if filters.module else modules
    if filters.module or not filters.everyone:
        people = people.filter(missing_any(chosen))
    if filters.text.strip():
        people = people.filter(person_text_filter(filters.text))
    total = known_total(summary, filters, chosen)
    if total is None:
        total = people.order_by().count()
    page = keyset_page(people, order=ORDER, size=PAGE_SIZE, cursor=cursor, total=total)
    return page, trainings_of(page.rows, modules)


def trainings_of(people: list[Employee], modules: list[TrainingModule]) -> list[PersonTraining]:
    """Each of ``people`` with the date they completed each of ``modules`` (one query)."""
    completed = {
        (employee_id, module_id): completed_at
        for employee_id, module_id, completed_at in TrainingCompletion.objects.filter(
            module__in=modules, employee__in=[person.pk for person in people]
        ).values_list("employee_id", "module_id", "completed_at")
    }
    return [
        PersonTraining(
            employee=person,
            completed=[(module, completed.get((person.pk, module.pk))) for module in modules],
        )
        for person in people
    ]
