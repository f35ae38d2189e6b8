"""Opening check-ins on each program's cadence, reminding, and marking them missed.

``checkins_process`` is what the background task and ``remento send-checkins`` run. Every
step is a set-based query (one per distinct plan, never one per pair), and every step is
idempotent: a check-in opens once per round (a unique constraint), each email is stamped
on the check-in as it is sent (see ``emails``), so running it twice sends nothing new.

The rounds, for each active pair:

- the first check-in opens once the pair has logged a meeting as held (or, when the plan
  does not wait for a meeting, ``every_days`` after the pair started); it asks "a good fit?";
- a regular one opens ``every_days`` after the latest first or regular one opened;
- a closing one opens when a pair that had started ends (``closing_checkins_open``, which
  the pair's ending calls; this sweep catches any it missed within ``CLOSING_WINDOW``).

Each check-in, from the ``remind_after_days`` N of its plan when it opened: a reminder after
N days, a second after 2N, marked missed after 3N.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from remento.relationships.checkins.emails import send_batches
from remento.relationships.checkins.models import (
    CheckIn,
    CheckInKind,
    CheckInPlan,
    CheckInStatus,
)
from remento.relationships.checkins.plans import plans_for
from remento.relationships.health.signals import forget_pairs
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.models import Pair, PairStatus

# A pair that ended longer ago than this gets no closing check-in from the sweep.
CLOSING_WINDOW = timedelta(days=14)
PAIR_FIELDS = ("pk", "mentor_id", "mentor__is_active", "mentee_id", "mentee__is_active")


@dataclass(frozen=True)
class SweepResult:
    opened: int = 0
    emailed: int = 0
    reminded: int = 0
    missed: int = 0
    cancelled: int = 0

    @property
    def total(self) -> int:
        return self.opened + self.reminded + self.missed


def new_checkins(
    rows: list[tuple[int, int, bool, int, bool]],
    *,
    plan: CheckInPlan,
    kind: str,
    numbers: dict[int, int] | None = None,
    now: datetime,
) -> list[CheckIn]:
    """Unsaved check-ins for both (active) people of each pair of ``rows``."""
    step = timedelta(days=plan.remind_after_days)
    made = []
    for pair_pk, mentor_pk, mentor_active, mentee_pk, mentee_active in rows:
        for employee_pk, role, active in (
            (mentor_pk, "mentor", mentor_active),
            (mentee_pk, "mentee", mentee_active),
        ):
            if not active:
                continue
            made.append(
                CheckIn(
                    pair_id=pair_pk,
                    employee_id=employee_pk,
                    role=role,
                    kind=kind,
                    number=(numbers or {}).get(pair_pk, 0),
                    opened_at=now,
                    remind_at=now + step,
                    remind_again_at=now + 2 * step,
                    closes_at=now + 3 * step,
                )
            )
    return made


def _first_due(program_ids: list[int], plan: CheckInPlan, now: datetime) -> QuerySet[Pair]:
    pairs = Pair.objects.filter(status=PairStatus.ACTIVE, program_id__in=program_ids).exclude(
        Exists(CheckIn.objects.filter(pair=OuterRef("pk"), kind=CheckInKind.FIRST))
    )
    if plan.after_first_meeting:
        return pairs.filter(
            Exists(Meeting.objects.filter(pair=OuterRef("pk"), status=MeetingStatus.HELD))
        )
    if plan.every_days:
        return pairs.filter(started_at__lte=now - timedelta(days=plan.every_days))
    return pairs.none()


def _regular_due(program_ids: list[int], plan: CheckInPlan, now: datetime) -> QuerySet[Pair]:
    rounds = CheckIn.objects.filter(
        pair=OuterRef("pk"), kind__in=(CheckInKind.FIRST, CheckInKind.REGULAR)
    )
    return (
        Pair.objects.filter(status=PairStatus.ACTIVE, program_id__in=program_ids)
        .annotate(
            last_opened=Subquery(rounds.order_by("-opened_at").values("opened_at")[:1]),
            last_number=Subquery(
                rounds.filter(kind=CheckInKind.REGULAR).order_by("-number").values("number")[:1]
            ),
        )
        .filter(last_opened__lte=now - timedelta(days=plan.every_days))
    )


def _closing_due(program_ids: list[int], now: datetime) -> QuerySet[Pair]:
    return Pair.objects.filter(
        status=PairStatus.CLOSED,
        program_id__in=program_ids,
        started_at__isnull=False,
        ended_at__gte=now - CLOSING_WINDOW,
    ).exclude(Exists(CheckIn.objects.filter(pair=OuterRef("pk"), kind=CheckInKind.CLOSING)))


def _groups(plans: dict[int, CheckInPlan]) -> dict[tuple[bool, int, bool, int], list[int]]:
    """Programs by identical plan, so each query covers every program of one plan."""
    groups: dict[tuple[bool, int, bool, int], list[int]] = defaultdict(list)
    for program_id, plan in plans.items():
        key = (plan.after_first_meeting, plan.every_days, plan.closing, plan.remind_after_days)
        groups[key].append(program_id)
    return groups


def open_due_checkins(now: datetime) -> int:
    """Open every check-in that is due; returns how many were made. A few queries per
    distinct plan (a handful), whatever the number of pairs."""
    active = set(Pair.objects.filter(status=PairStatus.ACTIVE).values_list("program_id", flat=True))
    ended = set(
        Pair.objects.filter(
            status=PairStatus.CLOSED, started_at__isnull=False, ended_at__gte=now - CLOSING_WINDOW
        ).values_list("program_id", flat=True)
    )
    plans = plans_for(active | ended)
    made: list[CheckIn] = []
    for program_ids, plan in ((ids, plans[ids[0]]) for ids in _groups(plans).values()):
        running = [pk for pk in program_ids if pk in active]
        if running:
            first = _first_due(running, plan, now).values_list(*PAIR_FIELDS)
            made += new_checkins(list(first), plan=plan, kind=CheckInKind.FIRST, now=now)
        if running and plan.every_days:
            due = list(_regular_due(running, plan, now).values_list(*PAIR_FIELDS, "last_number"))
            numbers = {row[0]: (row[5] or 0) + 1 for row in due}
            made += new_checkins(
                [row[:5] for row in due],
                plan=plan,
                kind=CheckInKind.REGULAR,
                numbers=numbers,
                now=now,
            )
        closing = [pk for pk in program_ids if pk in ended]
        if closing and plan.closing:
            rows = list(_closing_due(closing, now).values_list(*PAIR_FIELDS))
            made += new_checkins(rows, plan=plan, kind=CheckInKind.CLOSING, now=now)
    created = CheckIn.objects.bulk_create(made, batch_size=500, ignore_conflicts=True)
    # New check-ins become overdue in time: the health board judges their pairs again.
    forget_pairs(checkin.pair_id for checkin in made)
    return len(created)


def cancel_ended() -> int:
    """Check-ins still open of pairs that are no longer active are no longer asked (the
    closing check-in asks instead). One query."""
    return (
        CheckIn.objects.filter(status=CheckInStatus.OPEN)
        .exclude(kind=CheckInKind.CLOSING)
        .exclude(pair__status=PairStatus.ACTIVE)
        .update(status=CheckInStatus.CANCELLED, updated_at=timezone.now())
    )


def mark_missed(now: datetime) -> int:
    """Open check-ins past their closing time are missed. One query."""
    return CheckIn.objects.filter(status=CheckInStatus.OPEN, closes_at__lte=now).update(
        status=CheckInStatus.MISSED, updated_at=now
    )


def checkins_process(*, now: datetime | None = None) -> SweepResult:
    """Open due check-ins and email them, send the reminders due, mark the late ones missed.
    Running it again at once sends nothing and changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        cancelled = cancel_ended()
        opened = open_due_checkins(now)
    missed = mark_missed(now)
    emailed = send_batches(CheckIn.objects.all(), reminder=0, now=now)
    reminded = send_batches(
        CheckIn.objects.filter(remind_again_at__lte=now), reminder=2, now=now
    ) + send_batches(CheckIn.objects.filter(remind_at__lte=now), reminder=1, now=now)
    return SweepResult(
        opened=opened, emailed=emailed, reminded=reminded, missed=missed, cancelled=cancelled
    )
