"""Email notifications, sent in the background after the transaction commits.

Services call ``notify(...)``; the email is rendered now (so it says what was true when it
was sent) and handed to Django's tasks framework once the transaction commits, so a rolled
back change never sends mail. The demo stores mail as files under var/mail (see the outbox).

Each notification carries two headers of our own: the template it was rendered from and the
recipient's organisation. Each is also recorded as a row (``OutgoingEmail``, see
``core/outgoing.py``) when it is queued: the outbox lists those rows (so never a password
reset, which Django sends itself, and only the viewer's organisation's), the failed
deliveries are counted from them, and the send task claims its row first, so that two
workers never send one email twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from email.utils import make_msgid
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.tasks import TaskContext, task
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string

from remento.core import outgoing
from remento.core.errors import ServiceError
from remento.core.models import EmailStatus, Organization, OutgoingEmail
from remento.core.viewer_time import reading_in

TEMPLATE_HEADER = "X-Remento-Template"
ORGANIZATION_HEADER = "X-Remento-Organization"


class Recipient(Protocol):
    """Whoever a notification goes to (a person of the directory, in practice)."""

    @property
    def email(self) -> str: ...

    @property
    def organization_id(self) -> int: ...


@dataclass(frozen=True)
class Attachment:
    """A file sent with an email; ``content`` is text (a calendar file, a CSV)."""

    filename: str
    content: str
    mimetype: str

    def as_task_argument(self) -> list[str]:
        return [self.filename, self.content, self.mimetype]


@task(takes_context=True)
def send_email(
    context: TaskContext,
    *,
    to: list[str],
    subject: str,
    body: str,
    organization_id: int | None = None,
    template: str = "",
    html: str = "",
    attachments: list[list[str]] | None = None,
    email_id: int | None = None,
) -> str:
    """Send one email. With ``email_id`` (every notification has one) the task first claims
    that record, and does nothing when another worker has claimed it: the email goes out
    once, however many times the task runs. Returns what happened, for the task's result."""
    if email_id is not None and not outgoing.email_claim(
        email_id=email_id, task_id=str(context.task_result.id)
    ):
        return "already claimed"
    headers = {"Message-ID": make_msgid(domain=str(DNS_NAME))}
    if template:
        headers[TEMPLATE_HEADER] = template
    if organization_id is not None:
        headers[ORGANIZATION_HEADER] = str(organization_id)
    try:
        message = EmailMultiAlternatives(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=to,
            headers=headers,
        )
        if html:
            message.attach_alternative(html, "text/html")
        for filename, content, mimetype in attachments or []:
            message.attach(filename, content, mimetype)
        connection = mail.mailers.default
        connection.send_messages([message])
    except Exception as error:
        if email_id is not None:
            outgoing.email_failed(email_id=email_id, error=error)
        raise
    if email_id is not None:
        # The file backend names its file only in a private attribute; the outbox reads
        # the body from that one file (other backends keep no body here).
        file = getattr(connection, "_fname", None) or ""
        outgoing.email_sent(
            email_id=email_id, message_id=headers["Message-ID"], file_name=Path(file).name
        )
    return "sent"


def notify(
    *,
    to: Recipient,
    template: str,
    context: dict[str, Any],
    attachments: tuple[Attachment, ...] = (),
) -> None:
    """Email ``to`` after the commit, rendered from three templates named after
    ``template`` (e.g. ``"enrollment/email/applied"``): ``.subject.txt`` (one line),
    ``.txt`` (the body) and, when it exists, ``.html`` (the same body for mail apps that
    show HTML). The wording lives in the templates, never in the services; the subject
    and the text body are plain text, so nothing in them is HTML-escaped."""
    context = {**context, "recipient": to, "site_url": settings.SITE_URL}
    # Dates in the recipient's own time zone, whoever's action (and request) sends it.
    with reading_in(str(getattr(to, "timezone", "") or "")):
        subject = " ".join(render_plain_text(f"{template}.subject.txt", context).split())
        body = render_plain_text(f"{template}.txt", context)
        try:
            html: str = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            html = ""
    notification = Notification(to, template, context, subject, body, html, attachments)
    if DELIVERY_CHANNELS:
        # The channels read the database (connections, preferences) after the commit, so
        # nothing is added inside the action's transaction and a rollback sends nothing.
        transaction.on_commit(lambda: deliver(notification))
    else:
        email_notification(notification)


@dataclass(frozen=True)
class Notification:
    """One rendered notification, as the delivery channels receive it."""

    to: Recipient
    template: str
    context: dict[str, Any]
    subject: str
    body: str
    html: str
    attachments: tuple[Attachment, ...]


# Other ways to reach a person (chat), registered by higher apps in their AppConfig.ready:
# each is called after the commit and returns True when it takes the person's delivery
# over (it then emails itself whenever its own delivery fails); otherwise email is sent.
DELIVERY_CHANNELS: list[Callable[[Notification], bool]] = []


def deliver(notification: Notification) -> None:
    """Offer ``notification`` to every channel (each may also post elsewhere), then email
    it unless one of them took the person's delivery over. Runs after the commit, so the
    email is queued at once."""
    taken = [channel(notification) for channel in DELIVERY_CHANNELS]
    if not any(taken):
        _email_of(notification).queue()


def email_notification(notification: Notification) -> None:
    """Queue ``notification`` as an email to its recipient, after the commit."""
    transaction.on_commit(_email_of(notification).queue)


def _email_of(notification: Notification) -> _Email:
    return _Email(
        address=notification.to.email,
        subject=notification.subject,
        body=notification.body,
        organization_id=notification.to.organization_id,
        template=notification.template,
        html=notification.html,
        attachments=notification.attachments,
    )


def render_plain_text(template_name: str, context: dict[str, Any]) -> str:
    """``template_name`` rendered without HTML escaping ("O'Brien & Co", not
    "O&#x27;Brien &amp; Co"): for subjects and plain-text bodies only."""
    template = get_template(template_name)
    return template.template.render(Context(context, autoescape=False))  # type: ignore[attr-defined]


def email_after_commit(
    *,
    address: str,
    subject: str,
    body: str,
    organization_id: int,
    template: str,
    html: str = "",
    attachments: tuple[Attachment, ...] = (),
) -> None:
    """Queue one email to ``address`` once the current transaction commits (nothing is sent
    when it rolls back); ``template`` names it in the Outbox and the failed-deliveries count."""
    email = _Email(address, subject, body, organization_id, template, html, attachments)
    transaction.on_commit(email.queue)


@dataclass(frozen=True)
class _Email:
    address: str
    subject: str
    body: str
    organization_id: int
    template: str
    html: str
    attachments: tuple[Attachment, ...]

    def queue(self) -> None:
        """Record the email and hand it to the worker, now (after the commit)."""
        # The record first, then the task that claims it: a worker never sees a task
        # whose record is not there yet. One INSERT per email, after the commit, beside
        # the task's own (nothing is added inside the action's transaction).
        email_id = outgoing.email_record(
            organization_id=self.organization_id,
            address=self.address,
            subject=self.subject,
            template=self.template,
        )
        send_email.enqueue(
            to=[self.address],
            subject=self.subject,
            body=self.body,
            organization_id=self.organization_id,
            template=self.template,
            html=self.html,
            attachments=[attachment.as_task_argument() for attachment in self.attachments],
            email_id=email_id,
        )


def failed_deliveries(*, organization: Organization) -> int:
    """How many notification emails to ``organization``'s people failed in the worker and
    were not sent again since (one indexed count of their records)."""
    return outgoing.failed_emails(organization_id=organization.pk).count()


def email_retry(*, email: OutgoingEmail) -> None:
    """Queue a failed email again, with the content its failed task was given: the explicit
    retry (a failed email is never sent again by itself). Raises ``ServiceError`` when the
    email is not failed, or its task's content is no longer kept by the task backend."""
    if email.status != EmailStatus.FAILED:
        raise ServiceError("Only an email that failed can be sent again.")
    try:
        kwargs = dict(send_email.get_result(email.task_id).kwargs)
    except Exception as error:
        raise ServiceError(
            "This email's content is no longer kept by the task queue, so it cannot be sent "
            "again; the action that sent it can be done again instead."
        ) from error
    if not outgoing.email_requeue(email_id=email.pk):
        raise ServiceError("This email has already been queued again.")
    kwargs["email_id"] = email.pk
    transaction.on_commit(lambda: send_email.enqueue(**kwargs))
