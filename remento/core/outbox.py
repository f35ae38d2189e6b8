"""The demo outbox: read the emails the file backend wrote under ``settings.MAIL_DIR``.

The demo sends mail to files, not to people; this page lets a newcomer read what was sent.
It exists only while ``EMAIL_MODE`` is ``file`` (a 404 otherwise) and only for coordinators
and staff, since the emails carry other people's names and programs.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

SHOWN = 100
# The file backend ends every message with a line of 79 dashes.
SEPARATOR = re.compile(rb"\r?\n-{79}\r?\n")


@dataclass(frozen=True)
class SentEmail:
    subject: str
    to: str
    sender: str
    date: datetime
    body: str
    file: str


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    return content if isinstance(content, str) else content.decode("utf-8", "replace")


def _parse(raw: bytes, *, file: Path) -> SentEmail | None:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not message.keys():
        return None
    try:
        date = parsedate_to_datetime(str(message["Date"]))
    except (TypeError, ValueError):
        date = datetime.fromtimestamp(file.stat().st_mtime, tz=UTC)
    if date.tzinfo is None:
        date = date.replace(tzinfo=UTC)
    return SentEmail(
        subject=str(message["Subject"] or "(no subject)"),
        to=str(message["To"] or ""),
        sender=str(message["From"] or ""),
        date=date,
        body=_body(message),
        file=file.name,
    )


def read_outbox(
    mail_dir: Path, *, text: str = "", limit: int = SHOWN
) -> tuple[list[SentEmail], int]:
    """The emails in ``mail_dir`` matching ``text`` (subject, recipient or body), newest
    first, at most ``limit``; and how many matched in all."""
    found: list[SentEmail] = []
    if not mail_dir.is_dir():
        return [], 0
    needle = text.strip().lower()
    for file in mail_dir.glob("*.log"):
        for chunk in SEPARATOR.split(file.read_bytes()):
            if not chunk.strip():
                continue
            sent = _parse(chunk.lstrip(b"\r\n"), file=file)
            if sent is None:
                continue
            haystack = f"{sent.subject}\n{sent.to}\n{sent.body}".lower()
            if needle and needle not in haystack:
                continue
            found.append(sent)
    found.sort(key=lambda sent: (sent.date, sent.file), reverse=True)
    return found[:limit], len(found)


@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    """Every email the demo wrote, newest first: subject, recipient, date and body."""
    if settings.EMAIL_MODE != "file":
        raise Http404("The outbox exists only when emails are written to files.")
    employee = getattr(request.user, "employee", None)
    if not (request.user.is_staff or (employee is not None and employee.is_coordinator)):
        raise PermissionDenied("Only coordinators and staff may read the outbox.")
    text = request.GET.get("q", "")[:200]
    emails, total = read_outbox(Path(settings.MAIL_DIR), text=text)
    return render(
        request,
        "core/outbox.html",
        {"emails": emails, "total": total, "text": text, "mail_dir": settings.MAIL_DIR},
    )
