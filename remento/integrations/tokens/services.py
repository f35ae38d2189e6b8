"""Making, checking and revoking access tokens (the one place that does)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.errors import FieldErrors
from remento.core.models import Organization, User
from remento.integrations.tokens.models import AccessToken, TokenKind
from remento.integrations.tokens.scopes import scopes_for
from remento.people.access import admin_of, member_of

PREFIX_LENGTH = 12
# last_used_at is written at most this often per token, not on every request.
USE_RECORDED_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    """A token just made: ``secret`` is shown once and kept nowhere."""

    token: AccessToken
    secret: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(
    *,
    actor: User,
    organization: Organization,
    kind: str,
    name: str,
    scopes: list[str],
    expires_at: datetime | None = None,
) -> NewToken:
    """A new token of ``kind`` for ``organization``. A SCIM token is made by one of its
    admins; an API token by any active member, and acts with their rights
    (``PermissionDenied`` otherwise). ``FieldErrors`` for an empty name, no scope, a scope
    the kind does not have, or an expiry in the past. Audited without the secret."""
    if kind == TokenKind.SCIM:
        admin_of(actor, organization.pk, refusal="Only an admin may make SCIM tokens.")
    else:
        member_of(actor, organization.pk, refusal="Only a member may make an API token.")
    errors: dict[str, str] = {}
    name = " ".join(name.split())
    if not name:
        errors["name"] = "Give the token a name that says what it is for."
    if kind not in TokenKind.values:
        errors["kind"] = f"{kind!r} is not a kind of token."
    allowed = scopes_for(kind)
    unknown = sorted(set(scopes) - set(allowed))
    if not scopes:
        errors["scopes"] = "Choose at least one scope."
    elif unknown:
        errors["scopes"] = f"Not a scope of this kind of token: {', '.join(unknown)}."
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = "The expiry must be in the future."
    if errors:
        raise FieldErrors(errors)
    secret = f"rmt_{kind}_{secrets.token_urlsafe(32)}"
    token = AccessToken.objects.create(
        organization=organization,
        kind=kind,
        name=name,
        scopes=sorted(set(scopes)),
        prefix=secret[:PREFIX_LENGTH],
        digest=_digest(secret),
        created_by=actor,
        expires_at=expires_at,
    )
    audit_log(
        actor=actor,
        organization=organization,
        verb="token.created",
        target=token,
        data={"kind": kind, "name": name, "scopes": token.scopes, "prefix": token.prefix},
    )
    return NewToken(token=token, secret=secret)


@transaction.atomic
def token_revoke(*, actor: User, token: AccessToken) -> None:
    """Revoke ``token`` (its maker, or an admin of its organisation); it stops working at
    once. Revoking a revoked token changes nothing."""
    if token.created_by_id != actor.pk:
        admin_of(actor, token.organization_id, refusal="Only an admin may revoke this token.")
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit_log(
        actor=actor,
        organization=token.organization,
        verb="token.revoked",
        target=token,
        data={"kind": token.kind, "name": token.name, "prefix": token.prefix},
    )


def token_authenticate(*, secret: str, kind: str) -> AccessToken | None:
    """The live token of ``kind`` whose secret is ``secret``, or ``None``: unknown, revoked,
    expired, of another kind, or made by someone who is no longer an active member of the
    token's organisation (an admin, for SCIM): a token never outlives its maker's rights.
    One indexed query; records when it was last used, at most once a minute."""
    if not secret:
        return None
    token = (
        AccessToken.objects.select_related("organization", "created_by__employee")
        .filter(digest=_digest(secret), kind=kind, revoked_at=None)
        .first()
    )
    now = timezone.now()
    if token is None or (token.expires_at is not None and token.expires_at <= now):
        return None
    maker = getattr(token.created_by, "employee", None)
    if (
        not token.created_by.is_active
        or maker is None
        or not maker.is_active
        or (kind == TokenKind.SCIM and not maker.is_admin)
        or maker.organization_id != token.organization_id
    ):
        return None
    if token.last_used_at is None or now - token.last_used_at >= USE_RECORDED_EVERY:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
