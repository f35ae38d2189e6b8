"""The two groups a comparison follows, counted by stratum, in a fixed number of queries.

Participants: the mentors of the program's pairs that started (the junior mentors the KPI
is about), each followed for 12 months from their first pair's start. There are at most as
many as the program has pairs: read as rows (one query, plus one for their level history).

Comparison group: the organisation's people who were eligible (in the program's departments,
or anyone when it names none, and at a mentor's level at its start), never in a pair of the
program, and employed at its start, followed for 12 months from the program's start. There
can be 100,000: the database counts them by stratum in one grouped query.

Employed on a day: the HRIS leave date is that day or later, or there is none and the person
is active, or a full sync saw them leave (``left_at``) that day or later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, cast

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from remento.outcomes.comparison.stats import Cell
from remento.outcomes.comparison.strata import (
    MONTHS,
    Stratum,
    add_months,
    stratum,
    tenure_band,
    tenure_band_expression,
)
from remento.people.models import Employee, LevelChange
from remento.programs.models import Program
from remento.relationships.models import Pair

RETENTION = "retention"
PROMOTION = "promotion"


@dataclass
class Cohorts:
    """Participants and comparators whose 12 months have passed, by stratum."""

    start: dt.date | None = None  # the program's start (None: nobody started)
    followed: int = 0  # mentors of started pairs
    participants: dict[Stratum, Cell] = field(default_factory=dict)
    comparison: dict[Stratum, Cell] = field(default_factory=dict)
    waiting: int = 0  # mentors still within their first 12 months
    first_due: dt.date | None = None  # when the next of them reaches 12 months
    comparison_due: dt.date | None = None  # when the comparison group reaches 12 months


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def employed_on_q(day: dt.date) -> Q:
    """People still employed on ``day`` (see the module's docstring)."""
    return Q(leave_date__gte=day) | Q(leave_date__isnull=True) & (
        Q(is_active=True) | Q(left_at__gte=_midnight(day))
    )


def employed_on(person: dict[str, Any], day: dt.date) -> bool:
    """``employed_on_q`` for one person's values."""
    if person["leave_date"] is not None:
        return bool(person["leave_date"] >= day)
    left_at = person["left_at"]
    return bool(person["is_active"] or (left_at is not None and left_at >= _midnight(day)))


def _is_promotion_q(start: dt.date, end: dt.date) -> Q:
    """A level increase that took effect after ``start`` and by ``end``."""
    return Q(effective_date__gt=start, effective_date__lte=end, level_after__gt=F("level_before"))


def _participant_rows(program: Program) -> list[dict[str, Any]]:
    """The mentors of the program's started pairs, with their first pair's start. The
    mentors are named by a subquery of the program's pairs too, so that the database starts
    from the program's pairs, not from every person of the organisation (SQLite did)."""
    started = Pair.objects.filter(program=program, started_at__isnull=False)
    rows = (
        Employee.objects.filter(
            pk__in=started.values("mentor_id"),
            organization_id=program.organization_id,
            pairs_as_mentor__program=program,
            pairs_as_mentor__started_at__isnull=False,
        )
        .values(
            "pk",
            "department_id",
            "level",
            "birth_year",
            "hire_date",
            "leave_date",
            "left_at",
            "is_active",
        )
        .annotate(first_start=Min("pairs_as_mentor__started_at"))
    )
    return cast("list[dict[str, Any]]", list(rows))


def _level_history(program: Program) -> dict[int, list[tuple[dt.date, int, int]]]:
    """The participants' level changes: pk → [(effective date, before, after)], in order."""
    mentors = Pair.objects.filter(program=program, started_at__isnull=False).values("mentor_id")
    history: dict[int, list[tuple[dt.date, int, int]]] = {}
    changes = LevelChange.objects.filter(employee_id__in=mentors).order_by(
        "employee_id", "effective_date", "id"
    )
    for pk, day, before, after in changes.values_list(
        "employee_id", "effective_date", "level_before", "level_after"
    ):
        history.setdefault(pk, []).append((day, before, after))
    return history


def _level_on(current: int, changes: list[tuple[dt.date, int, int]], day: dt.date) -> int:
    """The level on ``day``: the one before the first change after it, else the current."""
    return next((before for when, before, _ in changes if when > day), current)


@dataclass
class Mentors:
    """The mentors of a program's started pairs and their level changes, as both measures
    follow them: read once (two queries) when a page shows retention and promotion."""

    rows: list[dict[str, Any]]
    history: dict[int, list[tuple[dt.date, int, int]]]

    @cached_property
    def follow_up(self) -> dict[int, tuple[dt.date, dt.date]]:
        """Each mentor's first start (local day) and the day ``MONTHS`` later, by pk."""
        starts = {row["pk"]: timezone.localdate(row["first_start"]) for row in self.rows}
        return {pk: (begin, add_months(begin, MONTHS)) for pk, begin in starts.items()}


# Within ``mentors_read_once``: each program's mentors as read the first time, by its id.
_READ: ContextVar[dict[int, Mentors] | None] = ContextVar("comparison_mentors", default=None)


@contextmanager
def mentors_read_once() -> Iterator[None]:
    """Within this, each program's mentors are read once, however many measures follow
    them (a results page shows retention and promotion, from the same mentors)."""
    token = _READ.set({})
    try:
        yield
    finally:
        _READ.reset(token)


def program_mentors(program: Program) -> Mentors:
    """The mentors ``follow`` reads of ``program``: two queries (one without mentors; none
    when already read within ``mentors_read_once``)."""
    read = _READ.get()
    if read is not None and program.pk in read:
        return read[program.pk]
    rows = _participant_rows(program)
    mentors = Mentors(rows, _level_history(program) if rows else {})
    if read is not None:
        read[program.pk] = mentors
    return mentors


def _follow_participants(
    cohorts: Cohorts, program: Program, measure: str, today: dt.date, mentors: Mentors
) -> None:
    rows = mentors.rows
    cohorts.followed = len(rows)
    if not rows:
        return
    follow_up = mentors.follow_up
    start = cohorts.start = program.start_date or min(begin for begin, _end in follow_up.values())
    history = mentors.history
    for row in rows:
        begin, end = follow_up[row["pk"]]
        if end > today:
            cohorts.waiting += 1
            cohorts.first_due = min(end, cohorts.first_due or end)
            continue
        changes = history.get(row["pk"], [])
        if measure == RETENTION:
            hit = employed_on(row, end)
        else:
            hit = any(begin < day <= end and after > before for day, before, after in changes)
        key = stratum(
            department_id=row["department_id"],
            level=_level_on(row["level"], changes, start),
            birth_year=row["birth_year"],
            tenure=tenure_band(row["hire_date"], start),
        )
        cell = cohorts.participants.setdefault(key, Cell())
        cell.people += 1
        cell.hits += hit


def _eligible(program: Program, start: dt.date) -> Any:
    """The comparison group's people (a queryset annotated with their level at the start)."""
    paired = Pair.objects.filter(program=program)
    chosen = Program.departments.through.objects.filter(program_id=program.pk)
    later = LevelChange.objects.filter(employee=OuterRef("pk"), effective_date__gt=start)
    return (
        Employee.objects.filter(organization_id=program.organization_id)
        .filter(Q(hire_date__isnull=True) | Q(hire_date__lte=start), employed_on_q(start))
        .filter(Q(department_id__in=chosen.values("department_id")) | ~Exists(chosen))
        .exclude(pk__in=paired.values("mentor_id"))
        .exclude(pk__in=paired.values("mentee_id"))
        .annotate(
            level_at_start=Coalesce(
                Subquery(later.order_by("effective_date", "id").values("level_before")[:1]),
                F("level"),
            )
        )
        .filter(level_at_start__range=(program.mentor_min_level, program.mentor_max_level))
    )


def _follow_comparison(cohorts: Cohorts, program: Program, measure: str, today: dt.date) -> None:
    start = cohorts.start
    assert start is not None
    end = cohorts.comparison_due = add_months(start, MONTHS)
    if end > today:
        return
    outcome: Q | Exists
    if measure == RETENTION:
        outcome = employed_on_q(end)
    else:
        outcome = Exists(
            LevelChange.objects.filter(employee=OuterRef("pk")).filter(_is_promotion_q(start, end))
        )
    counts = (
        _eligible(program, start)
        .annotate(tenure=tenure_band_expression(start))
        .values("department_id", "level_at_start", "birth_year", "tenure")
        .annotate(
            people=Count("pk"),
            hits=Sum(Case(When(outcome, then=Value(1)), default=Value(0))),
        )
        .order_by()
    )
    for row in counts:
        key = stratum(
            department_id=row["department_id"],
            level=row["level_at_start"],
            birth_year=row["birth_year"],
            tenure=row["tenure"],
        )
        cell = cohorts.comparison.setdefault(key, Cell())
        cell.people += row["people"]
        cell.hits += row["hits"]


def follow(program: Program, *, measure: str, today: dt.date) -> Cohorts:
    """Both groups of ``program`` for ``measure`` (``RETENTION`` or ``PROMOTION``), as
    counted on ``today``: at most three queries, whatever the organisation's size (one when
    the mentors were read already, see ``mentors_read_once``)."""
    cohorts = Cohorts()
    _follow_participants(cohorts, program, measure, today, program_mentors(program))
    if cohorts.participants:
        _follow_comparison(cohorts, program, measure, today)
    return cohorts
