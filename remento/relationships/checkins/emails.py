"""The check-in emails: "your check-in is open", a first reminder and a second one.

Each email is recorded on the check-in (``notified_at``, ``reminded_at``,
``reminded_again_at``) in the same transaction that sends it, under a row lock that other
runs skip, so no email is ever sent twice, however often or however many runs at once.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from remento.core.notifications import notify
from remento.relationships.checkins.models import CheckIn, CheckInStatus

BATCH = 500
TEMPLATE = "relationships/email/checkin_due"
# Which timestamp records each email: 0 = the check-in opened, 1 and 2 = the reminders.
STAMPS = {0: "notified_at", 1: "reminded_at", 2: "reminded_again_at"}


def answer_path(checkin: CheckIn) -> str:
    return reverse(
        "relationships:checkins:answer",
        kwargs={"pair_pk": checkin.pair_id, "checkin_pk": checkin.pk},
    )


def send_checkin_email(checkin: CheckIn, *, reminder: int) -> None:
    """Email the check-in's person (after the commit). ``checkin`` comes with its pair's
    program and people."""
    pair = checkin.pair
    partner = pair.partner_of(checkin.employee_id)
    notify(
        to=checkin.employee,
        template=TEMPLATE,
        context={
            "checkin": checkin,
            "pair": pair,
            "program": pair.program,
            "partner": partner,
            "reminder": reminder,
            "answer_path": answer_path(checkin),
            "closes_at": checkin.closes_at,
        },
    )


def send_batches(pending: QuerySet[CheckIn], *, reminder: int, now: datetime) -> int:
    """Send email ``reminder`` for every open check-in of ``pending`` that has not had it,
    in batches of 500, each in its own transaction. Returns how many were sent."""
    stamp = STAMPS[reminder]
    sent = 0
    while True:
        with transaction.atomic():
            batch = list(
                pending.filter(status=CheckInStatus.OPEN, **{f"{stamp}__isnull": True})
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("employee", "pair__program", "pair__mentor", "pair__mentee")
                .order_by("pk")[:BATCH]
            )
            if not batch:
                return sent
            changes = {stamp: now}
            if reminder == 2:
                # A second reminder stands for the first when a run came too late for it.
                CheckIn.objects.filter(
                    pk__in=[c.pk for c in batch], reminded_at__isnull=True
                ).update(reminded_at=now)
            CheckIn.objects.filter(pk__in=[c.pk for c in batch]).update(**changes)
            for checkin in batch:
                if checkin.employee.is_active:
                    send_checkin_email(checkin, reminder=reminder)
                    sent += 1
