"""Writing the audit trail."""

from __future__ import annotations

from typing import Any

from django.db import models

from remento.core.models import AuditEvent, Organization, User


def audit_log(
    *,
    actor: User | None,
    organization: Organization | None,
    verb: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record one event; call it inside the service's transaction."""
    return AuditEvent.objects.create(
        organization=organization,
        actor=actor if actor is not None and actor.pk else None,
        verb=verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data or {},
    )


def audit_delete(
    *,
    actor: User | None,
    organization: Organization | None,
    verb: str,
    target: models.Model,
    data: dict[str, Any] | None = None,
) -> None:
    """Record the deletion of ``target`` (while its id still stands), then delete it."""
    audit_log(actor=actor, organization=organization, verb=verb, target=target, data=data)
    target.delete()
