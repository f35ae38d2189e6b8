"""An email is written in its recipient's time zone, not in the zone of the person whose
request sent it; a recipient with no zone reads the site's (UTC)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core import mail
from django.utils import timezone

from remento.core.models import Organization
from remento.core.notifications import notify

WHEN = dt.datetime(2026, 12, 7, 18, 4, tzinfo=dt.UTC)


@dataclass(frozen=True)
class _Reader:
    email: str
    organization_id: int
    timezone: str = ""


def _send(reader: _Reader, on_commit: Any) -> str:
    with on_commit(execute=True), timezone.override("America/New_York"):  # whoever acted
        notify(
            to=reader,
            template="people/email/sign_in_email_changed",
            context={
                "name": "Ada",
                "organization": None,
                "before": "old@acme.example",
                "after": "new@acme.example",
                "when": WHEN,
            },
        )
    [message] = mail.outbox
    return message.body


def test_the_recipient_reads_their_own_zone(
    organization: Organization, django_capture_on_commit_callbacks: Any
) -> None:
    reader = _Reader("ada@acme.example", organization.pk, "Asia/Tokyo")
    body = _send(reader, django_capture_on_commit_callbacks)
    assert "on 8 Dec 2026 at 03:04 (Asia/Tokyo time)" in body


def test_a_recipient_without_a_zone_reads_utc(
    organization: Organization, django_capture_on_commit_callbacks: Any
) -> None:
    body = _send(_Reader("ada@acme.example", organization.pk), django_capture_on_commit_callbacks)
    assert "on 7 Dec 2026 at 18:04 (UTC time)" in body
