"""How many open pairs of some programs are in each health state, from their stored records
(``PairHealthRecord``): the health board's counts and the home page's, counted one way, at a
cost that does not grow with the pairs' (issue 20).

A program's records are believed when they are exactly its open pairs' records and none has
lapsed. Exactly: none belongs to a pair that is no longer open (found from the program's
closed pairs, usually few), and there are as many records as open pairs (a pair has at most
one); lapsed: ``valid_until`` has passed, or it was judged after ``now``. Each check reads an
index only, and so does the count by state (``(program, rank)``), without reading a pair or
a record's row. Where a program's records are not believed, those of pairs no longer open
are dropped (a pair saved closed drops its own, ``health.signals``; pairs closed in bulk
leave theirs here) and its open pairs without a valid record are judged
(``states.refresh_records``), then counted again. Two queries when every record holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from remento.programs.models import Program
from remento.relationships.health import states
from remento.relationships.health.models import PairHealthRecord
from remento.relationships.health.rules import HealthState
from remento.relationships.models import OPEN_PAIR_STATUSES, Pair, PairStatus

NOT_OPEN = tuple(status for status in PairStatus if status not in OPEN_PAIR_STATUSES)


@dataclass(frozen=True)
class ProgramStates:
    """One program's open pairs in each state."""

    program_id: int
    name: str
    counts: dict[HealthState, int]


@dataclass(frozen=True)
class _Check:
    program_id: int
    name: str
    open_pairs: int
    lapsed: bool
    closed_kept: bool


def _checks(programs: QuerySet[Program], now: datetime) -> list[_Check]:
    """Per program: its open pairs, whether a record lapsed, whether a pair no longer open
    kept its record. One query."""
    open_pairs = (
        Pair.objects.filter(program=OuterRef("pk"), status__in=OPEN_PAIR_STATUSES)
        .order_by()
        .values("program")
        .annotate(n=Count("pk"))
        .values("n")
    )
    records = PairHealthRecord.objects.filter(program=OuterRef("pk"))
    closed_kept = Pair.objects.filter(
        program=OuterRef("pk"), status__in=NOT_OPEN, health_record__isnull=False
    )
    rows = (
        programs.order_by("name", "pk")
        .annotate(
            open_pairs=Coalesce(Subquery(open_pairs, output_field=IntegerField()), 0),
            ended=Exists(records.filter(valid_until__lte=now)),
            judged_later=Exists(records.filter(judged_at__gt=now)),
            closed_kept=Exists(closed_kept),
        )
        .values_list("pk", "name", "open_pairs", "ended", "judged_later", "closed_kept")
    )
    return [
        _Check(pk, name, open_pairs, lapsed=ended or later, closed_kept=closed_kept)
        for pk, name, open_pairs, ended, later, closed_kept in rows
    ]


def _counted(program_ids: list[int]) -> dict[int, dict[int, int]]:
    """Program id -> state rank -> records. One query."""
    counted: dict[int, dict[int, int]] = {}
    rows = (
        PairHealthRecord.objects.filter(program_id__in=program_ids)
        .order_by()
        .values_list("program_id", "rank")
        .annotate(n=Count("*"))
    )
    for program_id, rank, n in rows:
        counted.setdefault(program_id, {})[rank] = n
    return counted


def _doubtful(check: _Check, counted: dict[int, dict[int, int]]) -> bool:
    recorded = sum(counted.get(check.program_id, {}).values())
    return check.lapsed or check.closed_kept or recorded != check.open_pairs


def _judge(checks: list[_Check], now: datetime) -> None:
    """Drop the records of pairs no longer open and judge the open pairs without a valid
    record, in these programs: at once where a record lapsed or one is missing (as many
    records as open pairs, none of a closed pair, tells), after asking where records of
    closed pairs were dropped (the count told nothing)."""
    closed = [check.program_id for check in checks if check.closed_kept]
    if closed:
        PairHealthRecord.objects.filter(program_id__in=closed, pair__status__in=NOT_OPEN).delete()
    surely = [check.program_id for check in checks if check.lapsed or not check.closed_kept]
    if surely:
        states.judge_records(_open_pairs(surely), now=now)
    if maybe := [program_id for program_id in closed if program_id not in surely]:
        states.refresh_records(_open_pairs(maybe), now=now)


def _open_pairs(program_ids: list[int]) -> QuerySet[Pair]:
    return Pair.objects.filter(program_id__in=program_ids, status__in=OPEN_PAIR_STATUSES)


def state_counts(programs: QuerySet[Program], *, now: datetime) -> list[ProgramStates]:
    """Each of ``programs`` (by name) with its open pairs in each state as judged for a
    coordinator (every rule), their records judged first where they do not hold at ``now``.
    Two queries when they hold; the caller scopes ``programs`` to what the viewer may see."""
    checks = _checks(programs, now)
    program_ids = [check.program_id for check in checks]
    counted = _counted(program_ids)
    doubtful = [check for check in checks if _doubtful(check, counted)]
    if doubtful:
        _judge(doubtful, now)
        counted = _counted(program_ids)
    return [
        ProgramStates(
            program_id=check.program_id,
            name=check.name,
            counts={
                state: counted.get(check.program_id, {}).get(state.rank, 0) for state in HealthState
            },
        )
        for check in checks
    ]
