"""The compliance page from the kept standing (``training.standing``): the summary from the
kept counts (two small queries) and the people a keyset page at a time from the kept rows,
whose indexes answer "not done first by name" and "everyone by name" at any size.

The figures are those of the last count, which the page says ("as of"); with nothing kept,
or kept for another set of required modules, the caller works them out live instead
(``training.compliance``). The modules page reads each module's count of completions the
same way (``module_completions``): kept, else live, counted as the compliance page counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone

from remento.core.paging import KeysetPage, keyset_page
from remento.people.search import person_text_filter
from remento.programs.models import Program
from remento.training.compliance import (
    PAGE_SIZE,
    ComplianceFilters,
    ComplianceSummary,
    PersonTraining,
    compliance_summary,
    known_total,
    trainings_of,
)
from remento.training.models import (
    TrainingCompletion,
    TrainingModule,
    TrainingModuleTally,
    TrainingStanding,
    TrainingStandingRun,
)
from remento.training.selectors import ModuleCount
from remento.training.standing import STALE_AFTER

KEPT_ORDER = ("sort_name", "employee_id")


@dataclass(frozen=True)
class KeptReading:
    """The kept summary (None: nothing kept that fits the program's required modules) and
    whether the worker should count again (old figures, or modules changed since)."""

    summary: ComplianceSummary | None
    stale: bool


@dataclass(frozen=True)
class _Kept:
    """The program's last count: when, its totals, and per module kept (every module of the
    program then) how many completed it and whether it was required."""

    computed_at: datetime
    total: int
    complete: int
    tallies: dict[int, tuple[int, bool]]

    @property
    def stale(self) -> bool:
        return self.computed_at < timezone.now() - STALE_AFTER


def _kept(program: Program) -> _Kept | None:
    """The program's last count, None when never counted (or only asked for). Two queries
    (one when never counted)."""
    run = (
        TrainingStandingRun.objects.filter(pk=program.pk)
        .values_list("computed_at", "people_total", "people_complete")
        .first()
    )
    computed_at, total, complete = run or (None, 0, 0)
    if computed_at is None:
        return None
    tallies = TrainingModuleTally.objects.filter(program=program).values_list(
        "module_id", "done", "required"
    )
    by_module = {pk: (done, required) for pk, done, required in tallies}
    return _Kept(computed_at, total, complete, tallies=by_module)


def kept_summary(*, program: Program, modules: list[TrainingModule]) -> KeptReading:
    """The program's compliance summary as last kept. Two queries."""
    kept = _kept(program)
    if kept is None:
        return KeptReading(summary=None, stale=False)
    done = {pk: count for pk, (count, required) in kept.tallies.items() if required}
    if set(done) != {module.pk for module in modules}:
        return KeptReading(summary=None, stale=True)
    total = kept.total
    summary = ComplianceSummary(
        program=program,
        required_modules=modules,
        module_counts=[ModuleCount(module=m, missing=total - done[m.pk]) for m in modules],
        people_total=total,
        people_complete=kept.complete,
        as_of=kept.computed_at,
    )
    return KeptReading(summary=summary, stale=kept.stale)


@dataclass(frozen=True)
class ModuleCompletions:
    """How many of the people the program's training applies to completed each module (by
    pk), as of the last count (``as_of``; None: counted just now), and whether the worker
    should count again."""

    done: dict[int, int]
    as_of: datetime | None
    stale: bool


def module_completions(*, program: Program, modules: list[TrainingModule]) -> ModuleCompletions:
    """Per module of ``modules`` (every module of ``program``), how many of its participants
    completed it: as kept (two queries), or, when a module was not counted, worked out live
    as the compliance page works out its figures (one aggregate query more)."""
    if not modules:
        return ModuleCompletions(done={}, as_of=None, stale=False)
    kept = _kept(program)
    if kept is not None and {module.pk for module in modules} <= set(kept.tallies):
        done = {module.pk: kept.tallies[module.pk][0] for module in modules}
        return ModuleCompletions(done=done, as_of=kept.computed_at, stale=kept.stale)
    live = compliance_summary(program=program, modules=modules)
    done = {row.module.pk: live.people_total - row.missing for row in live.module_counts}
    return ModuleCompletions(done=done, as_of=None, stale=kept is not None)


def kept_compliance_page(
    *,
    program: Program,
    modules: list[TrainingModule],
    filters: ComplianceFilters,
    summary: ComplianceSummary,
    cursor: str | None = None,
) -> tuple[KeysetPage[TrainingStanding], list[PersonTraining]]:
    """One page of the kept people matching ``filters``, by name, each with the date they
    completed each module: two queries (the page, its completions), three with a search by
    text (its count)."""
    rows = (
        TrainingStanding.objects.filter(program=program)
        .select_related("employee", "employee__department")
        .order_by(*KEPT_ORDER)
    )
    chosen = [m for m in modules if m.pk == filters.module] if filters.module else modules
    if filters.module or not filters.everyone:
        rows = rows.filter(done=False)
    if filters.module:
        done_it = TrainingCompletion.objects.filter(
            module__in=chosen, employee_id=OuterRef("employee_id")
        )
        rows = rows.filter(~Exists(done_it)) if chosen else rows.none()
    if filters.text.strip():
        rows = rows.filter(person_text_filter(filters.text, prefix="employee__"))
    total = known_total(summary, filters, chosen)
    page = keyset_page(rows, order=KEPT_ORDER, size=PAGE_SIZE, cursor=cursor, total=total)
    return page, trainings_of([row.employee for row in page.rows], modules)
