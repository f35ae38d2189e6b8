"""Connecting an organisation's Slack workspace or Teams channel, and each person's choice.

Coordinators (and admins) of the organisation manage its connections; a person sets only
their own preference. Secrets are encrypted before they are stored and never shown again:
leaving the secret blank when editing keeps the stored one. A Slack token is checked with
``auth.test`` before it is saved, so a mistyped token is refused on the form, not found
out later by a failed reminder.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from slack_sdk.errors import SlackApiError

from remento.core.audit import audit_log
from remento.core.errors import FieldErrors
from remento.core.models import Organization, User
from remento.integrations.chat import clients, secrets
from remento.integrations.chat.delivery import absolute, forget_organizations_with_chat
from remento.integrations.chat.kinds import KIND_KEYS
from remento.integrations.chat.models import (
    ChatConnection,
    ChatMessage,
    ChatPreference,
    Delivery,
    Service,
    Target,
)
from remento.integrations.chat.tasks import queue_delivery
from remento.people.access import coordinator_of, member_of
from remento.people.models import Employee

REFUSAL = "Only coordinators of this organisation may change its chat connections."


@dataclass(frozen=True)
class ConnectionInput:
    service: str
    # Blank when editing: keep the stored token or URL.
    secret: str
    channel: str
    channel_kinds: tuple[str, ...]
    direct_messages: bool
    enabled: bool


def _check_input(data: ConnectionInput, existing: ChatConnection | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    secret = data.secret.strip()
    unknown = sorted(set(data.channel_kinds) - set(KIND_KEYS))
    if unknown:
        errors["channel_kinds"] = f"Unknown kind of notification: {', '.join(unknown)}."
    if not secret and existing is None:
        what = "bot token" if data.service == Service.SLACK else "webhook URL"
        errors["secret"] = f"Paste the {what}: there is none stored yet."
    if data.service == Service.SLACK:
        if secret and not secret.startswith("xoxb-"):
            errors["secret"] = "A Slack bot token starts with xoxb- (OAuth & Permissions page)."
        if not data.channel.strip():
            errors["channel"] = "Name the channel to post to, e.g. #mentoring or C0123ABCD."
    elif secret and (problem := clients.webhook_url_problem(secret)):
        errors["secret"] = problem
    return errors


def _slack_workspace(token: str) -> str:
    """The workspace's name from auth.test, or ``FieldErrors`` on the token field."""
    try:
        return clients.slack_check(token)
    except SlackApiError as error:
        reason = error.response.get("error") if isinstance(error.response.data, dict) else ""
        raise FieldErrors(
            {"secret": f"Slack refused this token ({reason or error.response.status_code})."}
        ) from None
    except Exception:
        raise FieldErrors(
            {
                "secret": "Could not reach Slack to check the token: this server got no "
                "answer from it. Try again in a moment; if it goes on, ask your IT team "
                "whether this server may reach Slack."
            }
        ) from None


def connection_save(
    *, actor: User, organization: Organization, data: ConnectionInput
) -> ChatConnection:
    """Connect (or change) the organisation's Slack or Teams connection. A Slack token is
    checked with auth.test first (the network call happens before the transaction)."""
    coordinator = coordinator_of(actor, organization.pk, refusal=REFUSAL)
    existing = ChatConnection.objects.filter(
        organization=organization, service=data.service
    ).first()
    if errors := _check_input(data, existing):
        raise FieldErrors(errors)
    secret = data.secret.strip() or secrets.decrypt(existing.secret_encrypted)  # type: ignore[union-attr]
    workspace = ""
    if data.service == Service.SLACK and data.enabled:
        workspace = _slack_workspace(secret)
    return _connection_write(
        actor=actor,
        coordinator=coordinator,
        organization=organization,
        data=data,
        secret=secret,
        workspace=workspace,
    )


@transaction.atomic
def _connection_write(
    *,
    actor: User,
    coordinator: Employee,
    organization: Organization,
    data: ConnectionInput,
    secret: str,
    workspace: str,
) -> ChatConnection:
    connection, created = ChatConnection.objects.update_or_create(
        organization=organization,
        service=data.service,
        defaults={
            "enabled": data.enabled,
            "secret_encrypted": secrets.encrypt(secret),
            "channel": data.channel.strip() if data.service == Service.SLACK else "",
            "channel_kinds": [k for k in KIND_KEYS if k in data.channel_kinds],
            "direct_messages": data.direct_messages and data.service == Service.SLACK,
            "updated_by": coordinator,
        },
    )
    if workspace:
        connection.workspace = workspace
        connection.verified_at = timezone.now()
        connection.save(update_fields=["workspace", "verified_at"])
    audit_log(
        actor=actor,
        organization=organization,
        verb="chat.connected" if created else "chat.changed",
        target=connection,
        # Never the secret; what a reviewer needs to see what changed.
        data={
            "service": data.service,
            "enabled": data.enabled,
            "channel_kinds": connection.channel_kinds,
            "direct_messages": connection.direct_messages,
            "secret_replaced": bool(data.secret.strip()),
        },
    )
    # Now (for this connection's next reads) and after the commit (for everyone's).
    forget_organizations_with_chat()
    transaction.on_commit(forget_organizations_with_chat)
    return connection


@transaction.atomic
def connection_delete(*, actor: User, connection: ChatConnection) -> None:
    """Disconnect: the stored secret and the delivery history go with it."""
    coordinator_of(actor, connection.organization_id, refusal=REFUSAL)
    audit_log(
        actor=actor,
        organization=connection.organization,
        verb="chat.disconnected",
        target=connection,
        data={"service": connection.service},
    )
    connection.delete()
    # Now (for this connection's next reads) and after the commit (for everyone's).
    forget_organizations_with_chat()
    transaction.on_commit(forget_organizations_with_chat)


@transaction.atomic
def connection_test(*, actor: User, connection: ChatConnection) -> ChatMessage:
    """Queue a test post to the connection's channel (shown in the deliveries list)."""
    coordinator = coordinator_of(actor, connection.organization_id, refusal=REFUSAL)
    message = ChatMessage.objects.create(
        organization_id=connection.organization_id,
        connection=connection,
        target=Target.CHANNEL,
        kind="test",
        template="",
        text=f"Remento is connected: {coordinator.display_name} sent this test message.",
        link=absolute("/"),
    )
    audit_log(actor=actor, organization=connection.organization, verb="chat.tested", target=message)
    transaction.on_commit(lambda: queue_delivery(message_id=message.pk, fallback=None))
    return message


@transaction.atomic
def preference_set(*, actor: User, employee: Employee, delivery: str) -> ChatPreference:
    """Where ``employee``'s own notifications go; only they may choose it."""
    person = member_of(
        actor, employee.organization_id, refusal="Only you can choose where your messages go."
    )
    if person.pk != employee.pk:
        raise PermissionDenied("Only you can choose where your messages go.")
    if delivery not in Delivery.values:
        raise FieldErrors({"delivery": "Choose email, chat, or both."})
    preference, _ = ChatPreference.objects.update_or_create(
        employee=employee, defaults={"delivery": delivery}
    )
    audit_log(
        actor=actor,
        organization=employee.organization,
        verb="chat.preference_set",
        target=preference,
        data={"delivery": delivery},
    )
    return preference
