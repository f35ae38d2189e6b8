"""The demo outbox: the records of the notifications sent, and a body read when one is opened.

Each notification is recorded when it is queued (``core.models.OutgoingEmail``); the list
reads those rows through their index, a page at a time, and never opens a mail file. Only
an opened email is read from disk: the file backend's one file named on its record, in
which the message is found by its Message-ID.

A coordinator or admin sees only the notifications to the people of their own
organisation: never another organisation's mail, never an email to an address that is not
one of its people (now), and never a password reset or any other email that signs someone
in (Django sends those itself, so they have no record; any record whose template names one
is left out as well).
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from remento.core.audit import audit_log
from remento.core.models import OutgoingEmail, User
from remento.core.notifications import email_retry
from remento.people.access import acting_employee
from remento.people.models import Employee

# Emails that carry a link which signs someone in (password resets, sign-in links) are
# never shown, whoever sends them and through whatever queue.
ACCOUNT_TEMPLATE_WORDS = ("registration/", "password", "sign_in", "signin", "login")
# Notices whose words the program writes (invitations, decisions, reminders, a pair's start
# and end): their bodies are shown to the organisation's coordinators and admins. Every other
# email carries words only its recipient may read (a meeting's place, video link and agenda;
# why a pair ended; a mentee's request and the mentor's answer; a coordinator's answer to a
# confidential request), so staff see its record (to, subject, when, status) and its body
# only when it was sent to them. A template missing here is withheld: an email is private
# until it is listed.
STAFF_READABLE_TEMPLATES = frozenset(
    {
        *(
            f"enrollment/email/{name}"
            for name in (
                "applied",
                "approved",
                "declined",
                "enrolled",
                "invited",
                "promoted",
                "waitlisted",
            )
        ),
        "matching/email/nudge_answer",
        "matching/email/nudge_choose",
        "matching/email/pair_published",
        "matching/email/request_moved_on",
        "outcomes/email/assessment_open",
        "outcomes/email/certificate_manager_note",
        *(
            f"relationships/email/{name}"
            for name in (
                "agreement_changed",
                "checkin_due",
                "nudge",
                "nudge_log_meeting",
                "nudge_no_meeting",
                "nudge_schedule_next",
                "pair_ended_partner_left",
                "pair_started",
                "safety_request_received",
                "safety_request_waiting",
            )
        ),
    }
)
# The file backend ends every message with a line of 79 dashes.
SEPARATOR = re.compile(rb"\r?\n-{79}\r?\n")


def outbox_emails(*, viewer: Employee, text: str = "") -> QuerySet[OutgoingEmail]:
    """The notification records ``viewer`` may read: to people of their own organisation,
    never an account email; those whose subject or recipient contains ``text``. Unordered:
    the page orders them (newest first)."""
    people = Employee.objects.filter(
        organization_id=viewer.organization_id, email=OuterRef("recipient")
    )
    emails = OutgoingEmail.objects.filter(organization_id=viewer.organization_id).exclude(
        template=""
    )
    for word in ACCOUNT_TEMPLATE_WORDS:
        emails = emails.exclude(template__icontains=word)
    needle = text.strip()
    if needle:
        emails = emails.filter(Q(subject__icontains=needle) | Q(recipient__icontains=needle))
    # The recipient must be one of the organisation's people now (an indexed lookup of
    # the (organisation, email) pair per row).
    return emails.filter(Exists(people))


def outbox_email_get(*, viewer: Employee, email_id: int) -> OutgoingEmail:
    """One record ``viewer`` may read; a 404 for any other (another organisation's, an
    account email, an address outside the organisation), so ids leak nothing."""
    found = outbox_emails(viewer=viewer).filter(pk=email_id).first()
    if found is None:
        raise Http404("No such email in your organisation's outbox.")
    return found


def body_readable(*, viewer: Employee, sent: OutgoingEmail) -> bool:
    """Whether ``viewer`` may read the body of ``sent`` (a record they may see): a notice
    of the program's own words, or an email sent to them; never one that may name someone
    whose data was erased since."""
    return not sent.names_erased and (
        sent.template in STAFF_READABLE_TEMPLATES
        or sent.recipient.casefold() == viewer.email.casefold()
    )


@dataclass(frozen=True)
class EmailContent:
    """What an opened email says, read from its file."""

    sender: str
    text: str
    html: bool
    attachments: list[str]


def _content(message: EmailMessage) -> EmailContent:
    part = message.get_body(preferencelist=("plain", "html"))
    text = ""
    if part is not None:
        content = part.get_content()
        text = content if isinstance(content, str) else content.decode("utf-8", "replace")
    return EmailContent(
        sender=str(message["From"] or ""),
        text=text,
        html=message.get_body(preferencelist=("html",)) is not None,
        attachments=[
            attachment.get_filename() or "(unnamed)" for attachment in message.iter_attachments()
        ],
    )


def email_content(sent: OutgoingEmail, mail_dir: Path | None = None) -> EmailContent | None:
    """The body of ``sent`` from the one file its record names, found by its Message-ID;
    None when it has none (not sent yet, another email backend) or the file is gone."""
    name = sent.file_name
    # The record names a file of the mail folder, never a path elsewhere.
    if not (sent.message_id and name) or Path(name).name != name:
        return None
    file = Path(mail_dir or settings.MAIL_DIR) / name
    try:
        raw = file.read_bytes()
    except OSError:
        return None
    wanted = sent.message_id.encode("ascii", "replace")
    for chunk in SEPARATOR.split(raw):
        if wanted not in chunk:
            continue
        message = email.message_from_bytes(chunk.lstrip(b"\r\n"), policy=email.policy.default)
        if isinstance(message, EmailMessage) and str(message["Message-ID"]) == sent.message_id:
            return _content(message)
    return None


@transaction.atomic
def outbox_email_retry(*, actor: User, email_id: int) -> OutgoingEmail:
    """Send a failed notification again (a coordinator's explicit retry); a 404 for an
    email the actor may not see, ``ServiceError`` when it cannot be sent again."""
    viewer = acting_employee(actor)
    if not viewer.is_coordinator:
        raise PermissionDenied("Only program coordinators may send an email again.")
    sent = outbox_email_get(viewer=viewer, email_id=email_id)
    email_retry(email=sent)
    audit_log(
        actor=actor,
        organization=viewer.organization,
        verb="email.retry",
        target=sent,
        data={"template": sent.template},
    )
    return sent
