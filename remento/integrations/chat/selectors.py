"""Reading the chat set-up: always one organisation's, for the page that shows it."""

from __future__ import annotations

from django.db.models import QuerySet

from remento.core.models import Organization
from remento.core.paging import KeysetPage, keyset_page
from remento.integrations.chat.models import (
    ChatConnection,
    ChatMessage,
    ChatPreference,
    Delivery,
    Service,
)
from remento.people.models import Employee

PAGE_SIZE = 25


def connections_of(organization: Organization) -> dict[str, ChatConnection]:
    """The organisation's connections by service (one query)."""
    return {c.service: c for c in ChatConnection.objects.filter(organization=organization)}


def deliveries_page(*, organization: Organization, cursor: str | None) -> KeysetPage[ChatMessage]:
    """The organisation's chat messages, newest first, one page (two queries)."""
    rows: QuerySet[ChatMessage] = ChatMessage.objects.filter(
        organization=organization
    ).select_related("connection", "recipient")
    return keyset_page(rows, order=["-created_at", "-pk"], size=PAGE_SIZE, cursor=cursor)


def preference_of(employee: Employee) -> str:
    """Where ``employee``'s notifications go (email when they never chose)."""
    chosen = (
        ChatPreference.objects.filter(employee=employee).values_list("delivery", flat=True).first()
    )
    return chosen or Delivery.EMAIL


def direct_messages_offered(organization_id: int) -> ChatConnection | None:
    """The Slack connection that may send people direct messages, if there is one."""
    return ChatConnection.objects.filter(
        organization_id=organization_id,
        service=Service.SLACK,
        enabled=True,
        direct_messages=True,
    ).first()
