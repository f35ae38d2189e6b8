"""The record of each notification email, and the claim that lets one worker only send it.

``notifications.email_after_commit`` writes an ``OutgoingEmail`` row (status *queued*) in
the same commit callback that queues the send task, so a worker never sees a task without
its row. The task first *claims* the row: one conditional ``UPDATE ... SET status='sending'
WHERE id = … AND status = 'queued'``. The database lets exactly one such update change the
row (PostgreSQL locks the row and re-checks the condition for the second writer; SQLite
writes one at a time), so when two workers run the same task, or the same email was queued
twice by a retrying queue, only the one whose update changed a row sends; the other stops.
A failed email stays failed: sending it again is an explicit ``email_retry``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from remento.core.models import EmailStatus, OutgoingEmail

SUBJECT_LENGTH = OutgoingEmail._meta.get_field("subject").max_length or 500
ERROR_LENGTH = OutgoingEmail._meta.get_field("error").max_length or 500


def email_record(*, organization_id: int, address: str, subject: str, template: str) -> int:
    """A new *queued* record of one email; its id (the send task claims it by that id)."""
    record = OutgoingEmail.objects.create(
        organization_id=organization_id,
        recipient=address,
        subject=subject[:SUBJECT_LENGTH],
        template=template,
    )
    return record.pk


def email_claim(*, email_id: int, task_id: str) -> bool:
    """Whether this task may send email ``email_id``: True for exactly one caller, the one
    whose conditional update moved it from *queued* to *sending*."""
    return bool(
        OutgoingEmail.objects.filter(pk=email_id, status=EmailStatus.QUEUED).update(
            status=EmailStatus.SENDING, task_id=task_id[:64], error=""
        )
    )


def email_sent(*, email_id: int, message_id: str, file_name: str) -> None:
    """Mark a claimed email sent, with where its body now is."""
    OutgoingEmail.objects.filter(pk=email_id, status=EmailStatus.SENDING).update(
        status=EmailStatus.SENT,
        sent_at=timezone.now(),
        message_id=message_id,
        file_name=file_name,
    )


def email_failed(*, email_id: int, error: BaseException) -> None:
    """Mark a claimed email failed, with the reason (the exception's class and message)."""
    reason = f"{type(error).__name__}: {error}".strip().rstrip(":")
    OutgoingEmail.objects.filter(pk=email_id, status=EmailStatus.SENDING).update(
        status=EmailStatus.FAILED, error=reason[:ERROR_LENGTH]
    )


def email_requeue(*, email_id: int) -> bool:
    """Put a *failed* email back in the queue; False when it was not failed (already sent,
    being sent or re-queued by someone else): retrying is explicit and happens once."""
    return bool(
        OutgoingEmail.objects.filter(pk=email_id, status=EmailStatus.FAILED).update(
            status=EmailStatus.QUEUED, error=""
        )
    )


def failed_emails(*, organization_id: int) -> models.QuerySet[OutgoingEmail]:
    """The organisation's emails that failed in the worker (an indexed count)."""
    return OutgoingEmail.objects.filter(organization_id=organization_id, status=EmailStatus.FAILED)


def _now_and_after_commit(forget: Callable[[], None]) -> None:
    """Run ``forget`` now and again once the transaction commits, so that the emails the
    erasure itself sends (recorded after the commit) are covered too."""
    forget()
    transaction.on_commit(forget)


def emails_naming_forget(*, organization_id: int, names: Sequence[str], placeholder: str) -> None:
    """Forget an erased person in the records of ``organization_id``: a subject holding one
    of their ``names`` gets ``placeholder`` instead, and its text is no longer shown."""

    def forget() -> None:
        naming = Q()
        for name in names:
            naming |= Q(subject__icontains=name)
        found = OutgoingEmail.objects.filter(naming, organization_id=organization_id)
        changed = list(found.only("pk", "subject"))
        for sent in changed:
            for name in names:
                sent.subject = re.sub(re.escape(name), placeholder, sent.subject, flags=re.I)
            sent.names_erased = True
        OutgoingEmail.objects.bulk_update(changed, ["subject", "names_erased"], batch_size=500)

    if names:
        _now_and_after_commit(forget)


def emails_to_forget(*, organization_id: int, recipients: Sequence[str], since: datetime) -> None:
    """The text of every email sent to ``recipients`` (an erased person's partners) since
    ``since`` is no longer shown: it may name the erased person."""

    def forget() -> None:
        OutgoingEmail.objects.filter(
            organization_id=organization_id, recipient__in=list(recipients), created_at__gte=since
        ).update(names_erased=True)

    if recipients:
        _now_and_after_commit(forget)
