"""Email notifications, sent in the background after the transaction commits.

Services call ``notify(...)``; the email is rendered now (so it says what was true when it
was sent) and handed to Django's tasks framework once the transaction commits, so a rolled
back change never sends mail. The demo stores mail as files under var/mail (see the outbox).

Each notification carries two headers of our own: the template it was rendered from and the
recipient's organisation. The outbox shows only emails with them (so never a password reset,
which Django sends itself) and only to the viewer's organisation; the failed deliveries are
counted per organisation from the task's own arguments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django_tasks_db.models import DBTaskResult

from remento.core.models import Organization

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


@task()
def send_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    organization_id: int | None = None,
    template: str = "",
    html: str = "",
    attachments: list[list[str]] | None = None,
) -> None:
    headers = {TEMPLATE_HEADER: template} if template else {}
    if organization_id is not None:
        headers[ORGANIZATION_HEADER] = str(organization_id)
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
    message.send()


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
    subject = " ".join(render_plain_text(f"{template}.subject.txt", context).split())
    body = render_plain_text(f"{template}.txt", context)
    try:
        html: str = render_to_string(f"{template}.html", context)
    except TemplateDoesNotExist:
        html = ""
    email_after_commit(
        address=to.email,
        subject=subject,
        body=body,
        organization_id=to.organization_id,
        template=template,
        html=html,
        attachments=attachments,
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
    files = [attachment.as_task_argument() for attachment in attachments]
    transaction.on_commit(
        lambda: send_email.enqueue(
            to=[address],
            subject=subject,
            body=body,
            organization_id=organization_id,
            template=template,
            html=html,
            attachments=files,
        )
    )


def failed_deliveries(*, organization: Organization) -> int:
    """How many notification emails to ``organization``'s people failed in the worker.

    Counted from the database task backend's results (the immediate backend, used by tests,
    keeps none; its failures are only logged)."""
    return (
        DBTaskResult.objects.failed()
        .filter(
            task_path=send_email.module_path,
            args_kwargs__kwargs__organization_id=organization.pk,
        )
        .count()
    )
