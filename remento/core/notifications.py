"""Email notifications, sent in the background after the transaction commits.

Services call ``notify(...)``; the email is rendered now (so it says what was true when it
was sent) and handed to Django's tasks framework once the transaction commits, so a rolled
back change never sends mail. The demo stores mail as files under var/mail (see the outbox).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string

from remento.people.models import Employee


@task()
def send_email(*, to: list[str], subject: str, body: str) -> None:
    EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to).send()


def notify(*, to: Employee, subject: str, template: str, context: dict[str, Any]) -> None:
    """Email ``to`` the rendered ``template`` (a .txt template) after the commit."""
    body = render_to_string(template, {**context, "recipient": to, "site_url": settings.SITE_URL})
    address = to.email
    transaction.on_commit(lambda: send_email.enqueue(to=[address], subject=subject, body=body))
