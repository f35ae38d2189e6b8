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

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django_tasks_db.models import DBTaskResult

from remento.core.models import Organization
from remento.people.models import Employee

TEMPLATE_HEADER = "X-Remento-Template"
ORGANIZATION_HEADER = "X-Remento-Organization"


@task()
def send_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    organization_id: int | None = None,
    template: str = "",
) -> None:
    headers = {TEMPLATE_HEADER: template} if template else {}
    if organization_id is not None:
        headers[ORGANIZATION_HEADER] = str(organization_id)
    EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        headers=headers,
    ).send()


def notify(*, to: Employee, subject: str, template: str, context: dict[str, Any]) -> None:
    """Email ``to`` the rendered ``template`` (a .txt template) after the commit."""
    body = render_to_string(template, {**context, "recipient": to, "site_url": settings.SITE_URL})
    email_after_commit(
        address=to.email,
        subject=subject,
        body=body,
        organization_id=to.organization_id,
        template=template,
    )


def email_after_commit(
    *, address: str, subject: str, body: str, organization_id: int, template: str
) -> None:
    """Queue one email to ``address`` once the current transaction commits (nothing is sent
    when it rolls back); ``template`` names it in the Outbox and the failed-deliveries count."""
    transaction.on_commit(
        lambda: send_email.enqueue(
            to=[address],
            subject=subject,
            body=body,
            organization_id=organization_id,
            template=template,
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
