"""Erasing the leavers whose retention period is over (``remento purge-leavers`` and the
worker's task): what is kept until then is in ``personal_data``."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from remento.people.models import Employee
from remento.people.services.personal_data import erase_employee


def leaver_retention_cutoff(now: dt.datetime) -> dt.datetime:
    """Leavers who left before this moment are past ``REMENTO_LEAVER_RETENTION_DAYS``."""
    return now - dt.timedelta(days=settings.REMENTO_LEAVER_RETENTION_DAYS)


def leavers_purge(*, now: dt.datetime | None = None) -> int:
    """Erase every leaver, in every organisation, who left more than
    ``REMENTO_LEAVER_RETENTION_DAYS`` ago and is still inactive; one transaction per
    person, so a failure leaves the others done. Returns how many were erased."""
    now = now or timezone.now()
    due = list(
        Employee.objects.filter(
            is_active=False, erased_at__isnull=True, left_at__lt=leaver_retention_cutoff(now)
        ).values_list("pk", flat=True)
    )
    erased = 0
    for pk in due:
        with transaction.atomic():
            employee = (
                Employee.objects.select_for_update(of=("self",))
                .select_related("organization", "user")
                .get(pk=pk)
            )
            if employee.is_active or employee.erased_at is not None:
                continue
            erase_employee(actor=None, employee=employee, now=now)
            erased += 1
    return erased
