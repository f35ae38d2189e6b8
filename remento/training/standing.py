"""A program's training standing kept by the worker, so the compliance page reads a page of
rows and a few counts instead of judging every participant at each view (issue 20).

Kept per program: one ``TrainingStanding`` row per person the training applies to (how
many required modules they miss, their name as sorted), one ``TrainingModuleTally`` per
module, required or optional (how many of them completed it: the compliance page reads the
required ones, the modules page all) and the totals on ``TrainingStandingRun`` with the
time they were counted ("as of" on the pages).

- ``standing_refresh`` rewrites a whole program in a few set-based statements (the worker:
  ``training.tasks``, nightly ``remento refresh-training-standing``, a coordinator's
  "count again", and the page itself when the figures are older than ``STALE_AFTER``).
- ``standing_record_completion`` moves one person's row and the counts at once when they
  complete a module (``services.modules.training_complete``): their own view is never stale.

Enrolments, pairs and module changes are caught by the next refresh; a changed set of
required modules makes the page work the figures out live until then.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import reduce
from operator import add

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.utils import timezone

from remento.core.jobs.queue_once import Claim, queue_once
from remento.people.models import Employee
from remento.people.sort_names import sort_name_sql
from remento.programs.models import Program
from remento.training.compliance import participants_condition, required_modules
from remento.training.models import (
    TrainingCompletion,
    TrainingModule,
    TrainingModuleTally,
    TrainingStanding,
    TrainingStandingRun,
)

# Figures older than this are counted again by the worker when someone opens the page.
STALE_AFTER = timedelta(minutes=5)
# A refresh asked for this long ago and not done (a worker down) may be asked again.
LOST_AFTER = timedelta(minutes=30)


def _missing_count(modules: list[TrainingModule]) -> Case | Value:
    """How many of ``modules`` the person (the outer ``Employee`` row) has not completed."""
    if not modules:
        return Value(0, output_field=IntegerField())
    return reduce(
        add,
        (
            Case(
                When(
                    Exists(
                        TrainingCompletion.objects.filter(
                            module_id=module.pk, employee_id=OuterRef("pk")
                        )
                    ),
                    then=Value(0),
                ),
                default=Value(1),
                output_field=IntegerField(),
            )
            for module in modules
        ),
    )


def _insert_standing(program: Program, modules: list[TrainingModule]) -> None:
    """One ``INSERT ... SELECT``: a row for each person the training applies to."""
    people = (
        Employee.objects.filter(
            participants_condition(program), organization_id=program.organization_id
        )
        .annotate(
            kept_sort_name=sort_name_sql(),
            kept_missing=_missing_count(modules),
        )
        .annotate(
            kept_done=Case(
                When(kept_missing=0, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            kept_program=Value(program.pk, output_field=IntegerField()),
        )
        .order_by()
        .values_list("pk", "kept_sort_name", "kept_missing", "kept_done", "kept_program")
    )
    select, params = people.query.sql_with_params()
    table = connection.ops.quote_name(TrainingStanding._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(name)
        for name in ("employee_id", "sort_name", "missing", "done", "program_id")
    )
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {select}", params)


def standing_refresh(program: Program, *, now: datetime | None = None) -> int:
    """Count ``program``'s training standing afresh, as of ``now``, replacing what was kept:
    a handful of statements whatever the program's size. Returns how many people it kept.

    The run's row is locked first, so two refreshes at once queue there and a page never
    reads half a set."""
    now = now or timezone.now()
    modules = required_modules(program=program)
    every_module = list(TrainingModule.objects.filter(program=program))
    with transaction.atomic():
        TrainingStandingRun.objects.get_or_create(program=program)
        TrainingStandingRun.objects.select_for_update().get(pk=program.pk)
        TrainingStanding.objects.filter(program=program).delete()
        TrainingModuleTally.objects.filter(program=program).delete()
        _insert_standing(program, modules)
        kept = TrainingStanding.objects.filter(program=program)
        done = dict(
            TrainingCompletion.objects.filter(
                module__in=every_module, employee_id__in=kept.values("employee_id")
            )
            .values("module_id")
            .annotate(people=Count("pk"))
            .values_list("module_id", "people")
            .order_by()
        )
        TrainingModuleTally.objects.bulk_create(
            TrainingModuleTally(
                module=module,
                program=program,
                done=done.get(module.pk, 0),
                required=module.required,
            )
            for module in every_module
        )
        totals = kept.aggregate(total=Count("pk"), complete=Count("pk", filter=Q(done=True)))
        TrainingStandingRun.objects.filter(pk=program.pk).update(
            computed_at=now, people_total=totals["total"], people_complete=totals["complete"]
        )
    return totals["total"]


def standing_refresh_if_stale(program_id: int, *, queued_at: datetime | None) -> bool:
    """Refresh the program unless it was counted at or after ``queued_at`` (a later run
    already serves the request) or is gone. True when it refreshed."""
    program = Program.objects.filter(pk=program_id).first()
    if program is None:
        return False
    if queued_at is not None:
        counted = TrainingStandingRun.objects.filter(pk=program_id, computed_at__gte=queued_at)
        if counted.exists():
            return False
    standing_refresh(program)
    return True


def standing_refresh_all() -> int:
    """Refresh every program that has training (the nightly safety net). Returns how many."""
    programs = Program.objects.filter(
        Exists(TrainingModule.objects.filter(program=OuterRef("pk")))
    ).order_by("pk")
    count = 0
    for program in programs:
        standing_refresh(program)
        count += 1
    return count


def standing_refresh_soon(program_id: int) -> bool:
    """Ask the worker to count the program again once this transaction commits, unless a
    request newer than the last count already waits (at most one per program; one older
    than ``LOST_AFTER`` is asked again). True when it asked."""
    from remento.training.tasks import refresh_training_standing  # the tasks import us

    claim = Claim(
        model=TrainingStandingRun,
        key={"program_id": program_id},
        asked="queued_at",
        done="computed_at",
        lost_after=LOST_AFTER,
    )
    return queue_once(refresh_training_standing, claim=claim, stamp=True, program_id=program_id)


def standing_record_completion(module: TrainingModule, employee_id: int) -> None:
    """``employee_id`` has just completed ``module`` (a new completion): the module's count,
    and for a module required when counted their kept row and the program's "done" total,
    move at once. A person not kept yet (joined since the last count) waits for the next
    refresh, as do the totals."""
    tally = TrainingModuleTally.objects.filter(module=module)
    person = TrainingStanding.objects.filter(program_id=module.program_id, employee_id=employee_id)
    # An optional module (as counted) is in nobody's ``missing``: only its count moves.
    if tally.filter(required=False).filter(Exists(person)).update(done=F("done") + 1):
        return
    if not tally.filter(required=True).exists():
        return  # optional, the person not kept, or the module not counted yet
    # Each step is one UPDATE that reads the row it writes, so two completions of the same
    # person at once both count (a read, then a write, could lose one).
    kept = person.filter(missing__gt=0)
    finished = kept.filter(missing=1).update(missing=0, done=True)
    if not finished and not kept.update(missing=F("missing") - 1):
        return  # not kept yet, or already counted as done
    tally.update(done=F("done") + 1)
    if finished:
        TrainingStandingRun.objects.filter(pk=module.program_id).update(
            people_complete=F("people_complete") + 1
        )
