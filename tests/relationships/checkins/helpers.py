"""Check-ins made directly, answered or not."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from remento.relationships.checkins.models import CheckIn, CheckInStatus
from remento.relationships.checkins.plans import plans_for
from remento.relationships.models import Pair


def open_checkin(pair: Pair, person: Any, *, kind: str = "first", number: int = 0) -> CheckIn:
    plans_for([pair.program_id])
    now = timezone.now()
    return CheckIn.objects.create(
        pair=pair,
        employee=person,
        role="mentor" if person.pk == pair.mentor_id else "mentee",
        kind=kind,
        number=number,
        opened_at=now,
        remind_at=now + timedelta(days=5),
        remind_again_at=now + timedelta(days=10),
        closes_at=now + timedelta(days=15),
        notified_at=now,
    )


def answered_checkin(
    pair: Pair,
    person: Any,
    *,
    rating: int,
    comments: str = "",
    fit: str = "",
    number: int = 0,
    kind: str = "first",
    days_ago: int = 0,
) -> CheckIn:
    checkin = open_checkin(pair, person, kind=kind, number=number)
    checkin.status = CheckInStatus.ANSWERED
    checkin.rating, checkin.comments, checkin.fit = rating, comments, fit
    checkin.answered_at = timezone.now() - timedelta(days=days_ago)
    checkin.save()
    return checkin
