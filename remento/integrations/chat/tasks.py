"""The worker's side: send one chat message, retry it when the service asks, and never lose
a notification.

Each message is a ``ChatMessage`` row; the task first *claims* it (one conditional
``UPDATE … WHERE status = 'queued'``, as ``core/outgoing.py`` claims an email), so two
workers never post it twice. An HTTP 429 is retried after its Retry-After by a task
scheduled for then (``run_after``), a 5xx or network error after a growing pause; both at
most ``MAX_ATTEMPTS`` times in all. A refusal (Slack's ``ok: false``, a 4xx from Teams) is
final. When a direct message fails for good for someone who chose chat only, the
notification is emailed to them instead (``fallback`` carries the email's content).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import F
from django.tasks import TaskContext, task
from django.utils import timezone

from remento.core.notifications import email_after_commit
from remento.integrations.chat import clients, secrets
from remento.integrations.chat.models import ChatMessage, MessageStatus, Service, Target

MAX_ATTEMPTS = 6
# The pause before retrying after a 5xx or a network error, doubled at each attempt.
FIRST_PAUSE_SECONDS = 15
ERROR_LENGTH = 500


def queue_delivery(
    *, message_id: int, fallback: dict[str, str] | None, run_after: datetime | None = None
) -> None:
    """Queue the send task, to run at ``run_after`` when the backend can schedule (the
    database queue and RQ can; the immediate backend runs it at once)."""
    chosen = chat_deliver
    if run_after is not None and chosen.get_backend().supports_defer:
        chosen = chosen.using(run_after=run_after)
    chosen.enqueue(message_id=message_id, fallback=fallback)


@task(takes_context=True)
def chat_deliver(
    context: TaskContext, *, message_id: int, fallback: dict[str, str] | None = None
) -> str:
    """Send message ``message_id`` once; returns what happened (the task's result)."""
    claimed = ChatMessage.objects.filter(pk=message_id, status=MessageStatus.QUEUED).update(
        status=MessageStatus.SENDING, attempts=F("attempts") + 1
    )
    if not claimed:
        return "already claimed"
    message = ChatMessage.objects.select_related("connection", "recipient").get(pk=message_id)
    return record(message, send(message), fallback)


def send(message: ChatMessage) -> clients.Outcome:
    """Post ``message`` through its connection (a DM goes to the Slack user of the person's
    work email)."""
    connection = message.connection
    if not connection.enabled:
        return clients.Outcome(error="The connection was turned off before it was sent.")
    secret = secrets.decrypt(connection.secret_encrypted)
    if connection.service == Service.TEAMS:
        return clients.teams_post(webhook_url=secret, text=message.text, link=message.link)
    channel = connection.channel
    if message.target == Target.PERSON:
        if message.recipient is None or not message.recipient.is_active:
            return clients.Outcome(error="The person has left.")
        channel, problem = clients.slack_user_id(token=secret, email=message.recipient.email)
        if problem is not None:
            return problem
    return clients.slack_post(token=secret, channel=channel, text=message.text, link=message.link)


def record(message: ChatMessage, outcome: clients.Outcome, fallback: dict[str, str] | None) -> str:
    """Write how the attempt went; schedule the next one, or fall back to email."""
    rows = ChatMessage.objects.filter(pk=message.pk, status=MessageStatus.SENDING)
    now = timezone.now()
    if outcome.sent:
        rows.update(status=MessageStatus.SENT, sent_at=now, error="", next_attempt_at=None)
        return "sent"
    error = outcome.error[:ERROR_LENGTH]
    if outcome.retry_after is not None and message.attempts < MAX_ATTEMPTS:
        delay = outcome.retry_after or FIRST_PAUSE_SECONDS * 2 ** (message.attempts - 1)
        when = now + timedelta(seconds=delay)
        rows.update(status=MessageStatus.QUEUED, error=error, next_attempt_at=when)
        queue_delivery(message_id=message.pk, fallback=fallback, run_after=when)
        return f"retry in {delay} s: {error}"
    if fallback and message.recipient is not None:
        email_after_commit(
            address=message.recipient.email,
            subject=fallback["subject"],
            body=fallback["body"],
            html=fallback.get("html", ""),
            organization_id=message.organization_id,
            template=fallback["template"],
        )
        rows.update(status=MessageStatus.EMAILED, error=error, next_attempt_at=None)
        return f"emailed instead: {error}"
    rows.update(status=MessageStatus.FAILED, error=error, next_attempt_at=None)
    return f"failed: {error}"
