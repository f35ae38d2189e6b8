"""The demo outbox: read the emails the file backend wrote under ``settings.MAIL_DIR``.

The demo sends mail to files, not to people; this page lets a newcomer read what was sent.
It exists only while ``EMAIL_MODE`` is ``file`` (a 404 otherwise) and only for active
coordinators and admins. Each sees only the notifications sent to people of their own
organisation: never another organisation's mail, and never a password reset or any other
email that is not a notification (those carry a link that signs someone in).
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from remento.core.notifications import ORGANIZATION_HEADER, TEMPLATE_HEADER, failed_deliveries
from remento.people.access import coordinator_required, employee_for
from remento.people.models import Employee

SHOWN = 100
# Emails that carry a link which signs someone in (password resets, sign-in links) are
# never shown, whoever sends them and through whatever queue.
ACCOUNT_TEMPLATE_WORDS = ("registration/", "password", "sign_in", "signin", "login")
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
    template: str
    organization_id: str


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
        template=str(message[TEMPLATE_HEADER] or ""),
        organization_id=str(message[ORGANIZATION_HEADER] or ""),
    )


def _addresses(to: str) -> set[str]:
    return {address.casefold() for _name, address in getaddresses([to]) if address}


def _visible_to(sent: SentEmail, *, organization_id: int, addresses: set[str]) -> bool:
    """A notification to this organisation, every recipient one of its people."""
    recipients = _addresses(sent.to)
    return (
        bool(sent.template)
        and not any(word in sent.template for word in ACCOUNT_TEMPLATE_WORDS)
        and sent.organization_id == str(organization_id)
        and bool(recipients)
        and recipients <= addresses
    )


def read_outbox(
    mail_dir: Path, *, viewer: Employee, text: str = "", limit: int = SHOWN
) -> tuple[list[SentEmail], int]:
    """The notifications in ``mail_dir`` that ``viewer`` may read (to people of their own
    organisation) matching ``text`` (subject, recipient or body), newest first, at most
    ``limit``; and how many matched in all."""
    found: list[SentEmail] = []
    if not mail_dir.is_dir():
        return [], 0
    organization_id = viewer.organization_id
    addresses = {
        email.casefold()
        for email in Employee.objects.filter(organization_id=organization_id).values_list(
            "email", flat=True
        )
    }
    needle = text.strip().lower()
    for file in mail_dir.glob("*.log"):
        for chunk in SEPARATOR.split(file.read_bytes()):
            if not chunk.strip():
                continue
            sent = _parse(chunk.lstrip(b"\r\n"), file=file)
            if sent is None or not _visible_to(
                sent, organization_id=organization_id, addresses=addresses
            ):
                continue
            haystack = f"{sent.subject}\n{sent.to}\n{sent.body}".lower()
            if needle and needle not in haystack:
                continue
            found.append(sent)
    found.sort(key=lambda sent: (sent.date, sent.file), reverse=True)
    return found[:limit], len(found)


@coordinator_required
def outbox(request: HttpRequest) -> HttpResponse:
    """The notifications the demo wrote to the viewer's organisation, newest first, and how
    many failed to go out."""
    if settings.EMAIL_MODE != "file":
        raise Http404("The outbox exists only when emails are written to files.")
    employee = employee_for(request)
    text = request.GET.get("q", "")[:200]
    emails, total = read_outbox(Path(settings.MAIL_DIR), viewer=employee, text=text)
    return render(
        request,
        "core/outbox.html",
        {
            "emails": emails,
            "total": total,
            "text": text,
            "failed": failed_deliveries(organization=employee.organization),
        },
    )
