"""A pair that closes takes its future meetings out of both calendars.

Every path that ends a pair (closing it by hand, a coordinator's neutral close after a
safety request, a program that closes, a person who leaves) calls
``meetings_cancel_for_closed_pair`` (or, in bulk, ``meetings_cancel_for_closed_pairs``)
inside its own transaction, so no invitation outlives the pair.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence

from django.db import transaction
from django.utils import timezone

from remento.core.models import AuditEvent, User
from remento.people.importing.batches import chunks
from remento.relationships.meetings.emails import send_invitations
from remento.relationships.meetings.models import OPEN_STATUSES, Meeting, MeetingStatus
from remento.relationships.models import Pair, PairStatus

FIELDS = ["status", "cancelled_by", "cancelled_at", "sequence", "updated_at"]


@transaction.atomic
def meetings_cancel_for_closed_pair(
    *, actor: User | None, pair: Pair, not_to: Collection[int] = ()
) -> list[Meeting]:
    """Cancel every proposed or confirmed meeting of the closed ``pair`` that has not
    started, one SEQUENCE up under its UID, and email the pair's people (except the employee
    ids in ``not_to``, e.g. people who left) one METHOD:CANCEL invitation per meeting once
    the transaction commits. Returns the meetings cancelled.

    The email is neutral: it says the pair has ended, never who closed it or why, and no one
    is recorded as having cancelled (the pair's health counts cancellations by person). Past
    meetings stay as they are.
    """
    return meetings_cancel_for_closed_pairs(actor=actor, pairs=[pair], not_to=not_to)


@transaction.atomic
def meetings_cancel_for_closed_pairs(
    *, actor: User | None, pairs: Sequence[Pair], not_to: Collection[int] = ()
) -> list[Meeting]:
    """``meetings_cancel_for_closed_pair`` for many closed pairs (their program, mentor and
    mentee loaded): the queries grow with len(pairs) / 2000 and the audit and update writes
    are in bulk; the emails are one per person of each pair that had meetings to cancel."""
    if any(pair.status != PairStatus.CLOSED for pair in pairs):
        raise ValueError("Only a closed pair's meetings are cancelled for it.")
    by_pk = {pair.pk: pair for pair in pairs}
    now = timezone.now()
    meetings: list[Meeting] = []
    for chunk in chunks(sorted(by_pk)):
        meetings += (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("organizer", "proposed_by")
            .filter(pair_id__in=chunk, status__in=OPEN_STATUSES, starts_at__gt=now)
            .order_by("starts_at", "pk")
        )
    if not meetings:
        return []
    per_pair: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        meeting.pair = by_pk[meeting.pair_id]
        meeting.status = MeetingStatus.CANCELLED
        meeting.cancelled_by = None
        meeting.cancelled_at = now
        meeting.sequence += 1
        meeting.updated_at = now
        per_pair[meeting.pair_id].append(meeting)
    Meeting.objects.bulk_update(meetings, FIELDS, batch_size=500)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                organization_id=by_pk[pair_pk].program.organization_id,
                actor=actor if actor is not None and actor.pk else None,
                verb="meeting.cancel_pair_closed",
                target_type=Pair._meta.label_lower,
                target_id=str(pair_pk),
                data={"meetings": [meeting.pk for meeting in cancelled]},
            )
            for pair_pk, cancelled in per_pair.items()
        ],
        batch_size=500,
    )
    for cancelled in per_pair.values():
        send_invitations(meetings=cancelled, actor=None, change="pair_closed", not_to=not_to)
    return meetings
