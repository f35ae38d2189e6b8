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

The records judge every pair for a coordinator, with its check-in answers. A pair's people
never read each other's answers, so a pair the viewer is in (a coordinator may mentor in
their own program) counts in the state its people see, never its record's: the first query
also asks, per program, whether the viewer is in an open pair (from the index of a person's
pairs), and only where they are, two more queries read those few pairs' records and judge
them as their people see them (``states.seen_by``), and the counts move them over. The
board sorts and filters them by the same judgement (``ProgramStates.own``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from remento.programs.models import Program
from remento.relationships.health import states
from remento.relationships.health.models import PairHealthRecord
from remento.relationships.health.rules import HealthState
from remento.relationships.models import OPEN_PAIR_STATUSES, Pair, PairStatus

NOT_OPEN = tuple(status for status in PairStatus if status not in OPEN_PAIR_STATUSES)


@dataclass(frozen=True)
class ProgramStates:
    """One program's open pairs in each state, as the viewer sees them; ``own``: the open
    pairs the viewer is in (usually none), as their people see them."""

    program_id: int
    name: str
    counts: dict[HealthState, int]
    own: dict[int, states.Seen] = field(default_factory=dict)


@dataclass(frozen=True)
class _Check:
    program_id: int
    name: str
    open_pairs: int
    lapsed: bool
    closed_kept: bool
    viewer_in: bool


def _checks(programs: QuerySet[Program], now: datetime, viewer_id: int | None) -> list[_Check]:
    """Per program: its open pairs, whether a record lapsed, whether a pair no longer open
    kept its record, whether the viewer is in an open pair. One query."""
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
    mine = Pair.objects.filter(program=OuterRef("pk"), status__in=OPEN_PAIR_STATUSES)
    viewer_in = (
        Exists(mine.filter(mentor_id=viewer_id)) | Exists(mine.filter(mentee_id=viewer_id))
        if viewer_id is not None
        else Value(False)
    )
    rows = (
        programs.order_by("name", "pk")
        .annotate(
            open_pairs=Coalesce(Subquery(open_pairs, output_field=IntegerField()), 0),
            ended=Exists(records.filter(valid_until__lte=now)),
            judged_later=Exists(records.filter(judged_at__gt=now)),
            closed_kept=Exists(closed_kept),
            viewer_in=viewer_in,
        )
        .values_list(
            "pk", "name", "open_pairs", "ended", "judged_later", "closed_kept", "viewer_in"
        )
    )
    return [
        _Check(
            pk,
            name,
            open_pairs,
            lapsed=ended or later,
            closed_kept=closed_kept,
            viewer_in=bool(viewer_in),
        )
        for pk, name, open_pairs, ended, later, closed_kept, viewer_in in rows
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


def _own(
    checks: list[_Check], viewer_id: int | None, now: datetime
) -> tuple[dict[int, dict[int, states.Seen]], dict[int, int]]:
    """The open pairs the viewer is in, of the programs where they are in one: program id
    -> pair id -> the pair as its people see it; and pair id -> its record's rank. No query
    where they are in none (the usual case), else two, whatever the program's size."""
    program_ids = [check.program_id for check in checks if check.viewer_in]
    if viewer_id is None or not program_ids:
        return {}, {}
    pairs = _open_pairs(program_ids).filter(Q(mentor_id=viewer_id) | Q(mentee_id=viewer_id))
    rows = list(pairs.values_list("pk", "program_id", "health_record__rank"))
    seen = states.seen_by(pairs, now=now, viewer_id=viewer_id)
    own: dict[int, dict[int, states.Seen]] = {}
    for pair_id, program_id, _rank in rows:
        if pair_id in seen:
            own.setdefault(program_id, {})[pair_id] = seen[pair_id]
    recorded = {pair_id: rank for pair_id, _, rank in rows if rank is not None}
    return own, recorded


def _as_seen(
    counted: dict[int, int], own: dict[int, states.Seen], recorded: dict[int, int]
) -> dict[HealthState, int]:
    """A program's counts by state with each of the viewer's own pairs moved from its
    record's state to the state its people see."""
    counts = {state: counted.get(state.rank, 0) for state in HealthState}
    for pair_id, seen in own.items():
        if pair_id in recorded:
            counts[states.STATE_OF_RANK[recorded[pair_id]]] -= 1
            counts[seen.state] += 1
    return counts


def state_counts(
    programs: QuerySet[Program], *, now: datetime, viewer_id: int | None = None
) -> list[ProgramStates]:
    """Each of ``programs`` (by name) with its open pairs in each state as ``viewer_id``
    sees them: judged for a coordinator (every rule), except the pairs the viewer is in,
    as their people see them; the records judged first where they do not hold at ``now``.
    Two queries when they hold and the viewer is in no pair of them; the caller scopes
    ``programs`` to what the viewer may see."""
    checks = _checks(programs, now, viewer_id)
    program_ids = [check.program_id for check in checks]
    counted = _counted(program_ids)
    doubtful = [check for check in checks if _doubtful(check, counted)]
    if doubtful:
        _judge(doubtful, now)
        counted = _counted(program_ids)
    own, recorded = _own(checks, viewer_id, now)
    return [
        ProgramStates(
            program_id=check.program_id,
            name=check.name,
            counts=_as_seen(
                counted.get(check.program_id, {}), own.get(check.program_id, {}), recorded
            ),
            own=own.get(check.program_id, {}),
        )
        for check in checks
    ]
