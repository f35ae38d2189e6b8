"""Automatic nudges to pairs, run on a schedule (``tasks.send_due_nudges``, and the
``remento send-nudges`` command from cron).

===================  ===============================================  ======================
condition            due when (active pairs only)                     once per
===================  ===============================================  ======================
``log_meeting``      a confirmed meeting started over a day ago and   meeting
                     nobody logged it as held or missed (meetings of
                     the last 30 days)
``schedule_next``    nothing scheduled, and half the cadence has      last held meeting
                     passed since the last held meeting (or start)    (or the start)
``no_meeting``       no meeting held for 2x the cadence (the At risk  last held meeting
                     threshold of ``rules.meeting_gap``); it stands   (or the start)
                     in for ``schedule_next`` then
===================  ===============================================  ======================

A pair with a meeting still to log gets no gap nudge: the meeting may well have been held.

Each sent nudge is a ``NudgeSent`` row keyed by pair, condition and occurrence under a
unique constraint, written in the same transaction as the emails are queued: running the
job twice, or two workers at once, sends each nudge once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from remento.core.notifications import notify
from remento.core.words import cadence_in_words
from remento.relationships.health.models import NudgeCondition, NudgeSent
from remento.relationships.health.rules import GAP_AT_RISK_FACTOR
from remento.relationships.health.selectors import cadence_of
from remento.relationships.health.services import pair_url
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.meetings.selectors import MeetingSummary, meeting_summaries
from remento.relationships.models import Pair, PairStatus

LOG_AFTER = timedelta(days=1)
LOG_WINDOW = timedelta(days=30)
BATCH = 500


@dataclass(frozen=True)
class Due:
    pair: Pair
    condition: str
    occurrence: str
    context: dict[str, object]


def _log_meeting(now: datetime) -> Iterator[Due]:
    meetings = (
        Meeting.objects.filter(
            pair__status=PairStatus.ACTIVE,
            status=MeetingStatus.CONFIRMED,
            starts_at__lte=now - LOG_AFTER,
            starts_at__gte=now - LOG_WINDOW,
        )
        .select_related("pair__program", "pair__mentor", "pair__mentee")
        .order_by("pk")
    )
    for meeting in meetings.iterator(chunk_size=BATCH):
        yield Due(meeting.pair, NudgeCondition.LOG_MEETING, str(meeting.pk), {"meeting": meeting})


def _gap_nudges(pair: Pair, summary: MeetingSummary | None, now: datetime) -> Iterator[Due]:
    last = summary.last_held if summary else None
    since = last.starts_at if last else pair.started_at
    if since is None:
        return
    days, cadence = (now - since).days, cadence_of(pair)
    occurrence = f"held-{last.pk}" if last else "start"
    context = {"days": days, "cadence": cadence_in_words(cadence), "last": last}
    if days >= GAP_AT_RISK_FACTOR * cadence:
        yield Due(pair, NudgeCondition.NO_MEETING, occurrence, context)
    elif (summary is None or summary.next_meeting is None) and days >= max(cadence // 2, 2):
        yield Due(pair, NudgeCondition.SCHEDULE_NEXT, occurrence, context)


def _gaps(now: datetime) -> Iterator[Due]:
    """Gap nudges, except to pairs with a meeting still to log (it may well have been held:
    the log nudge asks first)."""
    to_log = Meeting.objects.filter(
        status=MeetingStatus.CONFIRMED, starts_at__lt=now, starts_at__gte=now - LOG_WINDOW
    )
    pairs = Pair.objects.filter(status=PairStatus.ACTIVE, started_at__isnull=False).exclude(
        pk__in=to_log.values("pair_id")
    )
    batch: list[Pair] = []
    for pair in (
        pairs.select_related("program", "mentor", "mentee", "agreement")
        .order_by("pk")
        .iterator(chunk_size=BATCH)
    ):
        batch.append(pair)
        if len(batch) == BATCH:
            yield from _batch_gaps(batch, now)
            batch = []
    yield from _batch_gaps(batch, now)


def _batch_gaps(batch: list[Pair], now: datetime) -> Iterator[Due]:
    if not batch:
        return
    summaries = meeting_summaries(pair_ids=[pair.pk for pair in batch], now=now)
    for pair in batch:
        yield from _gap_nudges(pair, summaries.get(pair.pk), now)


def _send(due: Due, now: datetime) -> bool:
    """Record ``due`` and email both people in one transaction; False when it was sent
    before (the unique row exists)."""
    try:
        with transaction.atomic():
            NudgeSent.objects.create(
                pair=due.pair, condition=due.condition, occurrence=due.occurrence, sent_at=now
            )
            for person, partner in (
                (due.pair.mentor, due.pair.mentee),
                (due.pair.mentee, due.pair.mentor),
            ):
                notify(
                    to=person,
                    template=f"relationships/email/nudge_{due.condition}",
                    context={
                        **due.context,
                        "pair": due.pair,
                        "partner": partner,
                        "program": due.pair.program,
                        "pair_url": pair_url(due.pair),
                    },
                )
    except IntegrityError:
        return False
    return True


def nudges_send_due(*, now: datetime | None = None) -> int:
    """Send every automatic nudge that is due and was not sent before; how many pairs were
    nudged (each nudge goes to both people). A constant number of queries per 500 pairs,
    plus one row and two emails per nudge sent."""
    now = now or timezone.now()
    sent_before = set(
        NudgeSent.objects.exclude(condition=NudgeCondition.COORDINATOR)
        .filter(pair__status=PairStatus.ACTIVE)
        .values_list("pair_id", "condition", "occurrence")
    )
    sent = 0
    for source in (_log_meeting(now), _gaps(now)):
        for due in source:
            if (due.pair.pk, due.condition, due.occurrence) in sent_before:
                continue
            sent += _send(due, now)
    return sent
