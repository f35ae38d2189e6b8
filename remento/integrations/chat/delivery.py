"""The chat channel of ``core.notifications``: registered in ``ChatConfig.ready``, offered
every notification after its commit.

For a notification of a kind (see ``kinds.py``) in an organisation with a chat connection:

- each connection whose coordinator chose that kind gets a channel post, at most one per
  kind, program and day, written from ``chat/channel/<kind>.txt`` with the program's name
  only (never who it is about);
- a person who chose chat (or chat and email) gets a Slack direct message with the
  notification's subject and a link, when the organisation's Slack connection allows
  direct messages. Chat only replaces the email (the worker emails them if the message
  fails for good), except for a notification with an attachment (a calendar invitation),
  which always goes by email as well.

Returns True (the email is not sent now) only in that chat-only case.

Which organisations have a connection at all is kept in memory for a minute (forgotten
at every change of a connection in this process), so that a sweep that emails thousands
of people of an organisation without chat adds no query per email; a connection made in
one web process reaches the other processes' notifications within that minute.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from remento.core.notifications import Notification, render_plain_text
from remento.integrations.chat.kinds import kind_of
from remento.integrations.chat.models import (
    ChatConnection,
    ChatMessage,
    ChatPreference,
    Delivery,
    Service,
    Target,
)
from remento.integrations.chat.tasks import queue_delivery
from remento.people.models import Employee

TEXT_LENGTH = 500
MEMO_SECONDS = 60
# (when it was read, the organisations with chat): this process's memo, see above.
_memo: tuple[float, frozenset[int]] | None = None
# Context entries that hold the page a notification is about, in order of preference.
LINK_KEYS = ("link", "pair_url", "answer_path", "path")


def chat_channel(notification: Notification) -> bool:
    """Post ``notification`` where the organisation and the person chose; True when chat
    replaces the person's email."""
    kind = kind_of(notification.template)
    if kind is None or notification.to.organization_id not in organizations_with_chat():
        return False
    connections = list(
        ChatConnection.objects.filter(organization_id=notification.to.organization_id, enabled=True)
    )
    if not connections:
        return False
    program = notification.context.get("program")
    for connection in connections:
        if kind in connection.channel_kinds:
            _queue_channel_post(
                connection, kind=kind, template=notification.template, program=program
            )
    return _queue_direct_message(connections, kind=kind, notification=notification)


def organizations_with_chat() -> frozenset[int]:
    """The ids of the organisations with an enabled connection (kept for a minute)."""
    global _memo
    now = time.monotonic()
    if _memo is None or now - _memo[0] > MEMO_SECONDS:
        ids = ChatConnection.objects.filter(enabled=True).values_list("organization_id", flat=True)
        _memo = (now, frozenset(ids))
    return _memo[1]


def forget_organizations_with_chat() -> None:
    """After a connection changes: the next notification reads them again."""
    global _memo
    _memo = None


def absolute(path: str) -> str:
    return path if path.startswith(("http://", "https://")) else settings.SITE_URL + path


def personal_link(context: dict[str, Any]) -> str:
    """The page the notification is about (as its email links it), else the home page."""
    for key in LINK_KEYS:
        value = context.get(key)
        if isinstance(value, str) and value.startswith(("/", settings.SITE_URL)):
            return absolute(value)
    pair_pk = getattr(context.get("pair"), "pk", None)
    if pair_pk:
        return absolute(reverse("relationships:pair_detail", args=[pair_pk]))
    return absolute("/")


def _queue_channel_post(
    connection: ChatConnection, *, kind: str, template: str, program: Any
) -> None:
    program_pk = getattr(program, "pk", None)
    # The template sees the program's name and nothing else reachable from the notification.
    safe = {"program": {"name": str(getattr(program, "name", ""))} if program_pk else None}
    text = " ".join(render_plain_text(f"chat/channel/{kind}.txt", safe).split())
    path = reverse("programs:detail", args=[program_pk]) if program_pk else "/"
    day = timezone.localdate().isoformat()
    key = hashlib.sha256(f"{kind}:{program_pk or 0}:{day}".encode()).hexdigest()
    try:
        with transaction.atomic():
            message = ChatMessage.objects.create(
                organization_id=connection.organization_id,
                connection=connection,
                target=Target.CHANNEL,
                kind=kind,
                template=template,
                text=text[:TEXT_LENGTH],
                link=absolute(path),
                dedupe_key=key,
            )
    except IntegrityError:
        return  # posted already today
    transaction.on_commit(lambda: queue_delivery(message_id=message.pk, fallback=None))


def _queue_direct_message(
    connections: list[ChatConnection], *, kind: str, notification: Notification
) -> bool:
    slack = next((c for c in connections if c.service == Service.SLACK and c.direct_messages), None)
    person = notification.to
    if slack is None or not isinstance(person, Employee):
        return False
    delivery = (
        ChatPreference.objects.filter(employee_id=person.pk)
        .values_list("delivery", flat=True)
        .first()
    )
    if delivery not in (Delivery.CHAT, Delivery.BOTH):
        return False
    replaces_email = delivery == Delivery.CHAT and not notification.attachments
    message = ChatMessage.objects.create(
        organization_id=slack.organization_id,
        connection=slack,
        target=Target.PERSON,
        recipient=person,
        kind=kind,
        template=notification.template,
        text=notification.subject[:TEXT_LENGTH],
        link=personal_link(notification.context),
    )
    fallback = (
        {
            "subject": notification.subject,
            "body": notification.body,
            "html": notification.html,
            "template": notification.template,
        }
        if replaces_email
        else None
    )
    transaction.on_commit(lambda: queue_delivery(message_id=message.pk, fallback=fallback))
    return replaces_email
