"""Changing an organisation's single sign-on: the OpenID Connect connection, the policy, and
the record of a successful test sign-in. Admins of that organisation only; every change
audited (a secret's value never is)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.errors import FieldErrors
from remento.core.models import Organization, User
from remento.core.outbound_urls import url_refusal
from remento.integrations.sso.models import MatchOn, Protocol, SsoConnection, SsoPolicy
from remento.integrations.sso.secrets import secret_encrypt
from remento.people.access import admin_of
from remento.people.models import Employee

REFUSAL = "Only admins of this organisation may change its single sign-on."
CLAIM_NAME = re.compile(r"^[A-Za-z0-9_:./#-]{1,200}$")
# Changing any of these means the last test sign-in no longer proves the connection works.
PROVIDER_FIELDS = ("issuer", "client_id", "oidc_scopes", "match_on", "match_claim", "email_claim")


@dataclass
class OidcSettings:
    """What the admin fills in; an empty ``client_secret`` keeps the stored one."""

    issuer: str = ""
    client_id: str = ""
    client_secret: str = ""
    oidc_scopes: str = "openid email profile"
    match_on: str = MatchOn.EMAIL
    match_claim: str = "email"
    email_claim: str = "email"
    allowed_domains: list[str] = field(default_factory=list)
    label: str = "your company account"
    enabled: bool = False


def _check_oidc(values: OidcSettings, organization: Organization, has_secret: bool) -> None:
    errors: dict[str, str] = {}
    issuer = values.issuer.strip()
    if issuer and (refusal := url_refusal(issuer)):
        errors["issuer"] = f"Use the provider's https:// issuer URL. {refusal}"
    scopes = values.oidc_scopes.split()
    if "openid" not in scopes:
        errors["oidc_scopes"] = "The scopes must include openid (for example: openid email)."
    for name in ("match_claim", "email_claim"):
        value = getattr(values, name).strip()
        if value and not CLAIM_NAME.match(value):
            errors[name] = "A claim name: letters, digits and _ : . / # - only."
    if not values.match_claim.strip():
        errors["match_claim"] = "Name the claim that says who the person is (email, for instance)."
    foreign = [d for d in values.allowed_domains if d not in organization.email_domains]
    if foreign:
        errors["allowed_domains"] = (
            f"{', '.join(foreign)} is not one of the organisation's email domains."
        )
    if values.enabled:
        missing = [
            label
            for label, present in (
                ("the issuer URL", issuer),
                ("the client id", values.client_id.strip()),
                ("the client secret", has_secret or values.client_secret),
            )
            if not present
        ]
        if missing:
            errors["enabled"] = f"Fill in {' and '.join(missing)} before turning it on."
    if errors:
        raise FieldErrors(errors)


def _sso_only_needs(organization: Organization, connection: SsoConnection) -> None:
    """Refuse switching off the last enabled connection while "SSO only" is on."""
    policy = SsoPolicy.objects.filter(organization=organization, sso_only=True).first()
    others = SsoConnection.objects.filter(organization=organization, enabled=True).exclude(
        pk=connection.pk
    )
    if policy is not None and not others.exists():
        raise FieldErrors(
            {"enabled": "“SSO only” is on: turn it off first, or people could not sign in."}
        )


@transaction.atomic
def oidc_connection_save(
    *, actor: User, organization: Organization, values: OidcSettings
) -> SsoConnection:
    """Create or change the organisation's OpenID Connect connection. The client secret is
    stored encrypted (an empty one keeps the stored secret); changing the provider's
    settings forgets the last successful test. ``FieldErrors`` names each bad field."""
    admin_of(actor, organization.pk, refusal=REFUSAL)
    connection, created = SsoConnection.objects.select_for_update().get_or_create(
        organization=organization, protocol=Protocol.OIDC
    )
    _check_oidc(values, organization, bool(connection.client_secret_encrypted))
    if connection.enabled and not values.enabled:
        _sso_only_needs(organization, connection)
    changed = []
    for name in (*PROVIDER_FIELDS, "allowed_domains", "label", "enabled"):
        value = getattr(values, name)
        value = value.strip() if isinstance(value, str) else value
        if getattr(connection, name) != value:
            changed.append(name)
            setattr(connection, name, value)
    if values.client_secret:
        connection.client_secret_encrypted = secret_encrypt(values.client_secret.strip())
        changed.append("client_secret")
    if set(changed) & {*PROVIDER_FIELDS, "client_secret"}:
        connection.tested_at = None
    connection.save()
    audit_log(
        actor=actor,
        organization=organization,
        verb="sso.connection_created" if created else "sso.connection_changed",
        target=connection,
        data={"protocol": Protocol.OIDC, "changed": changed, "enabled": connection.enabled},
    )
    return connection


@transaction.atomic
def sso_policy_set(
    *, actor: User, organization: Organization, sso_only: bool, break_glass: Employee | None
) -> SsoPolicy:
    """Set whether passwords are refused ("SSO only") and who the break-glass admin is.
    "SSO only" needs an enabled connection that passed a test sign-in, and an active
    admin of the organisation with a sign-in as the break-glass account."""
    admin_of(actor, organization.pk, refusal=REFUSAL)
    errors: dict[str, str] = {}
    if break_glass is not None and not (
        break_glass.organization_id == organization.pk
        and break_glass.is_active
        and break_glass.is_admin
        and break_glass.user_id is not None
    ):
        errors["break_glass"] = "Choose an active admin of this organisation who has a sign-in."
    if sso_only:
        tested = SsoConnection.objects.filter(
            organization=organization, enabled=True, tested_at__isnull=False
        )
        if not tested.exists():
            errors["sso_only"] = (
                "Turn on a connection and pass a test sign-in with it before refusing passwords."
            )
        if break_glass is None:
            errors.setdefault(
                "break_glass", "Choose the break-glass admin, who keeps a password for outages."
            )
    if errors:
        raise FieldErrors(errors)
    policy, _ = SsoPolicy.objects.select_for_update().get_or_create(organization=organization)
    policy.sso_only = sso_only
    policy.break_glass = break_glass
    policy.save()
    audit_log(
        actor=actor,
        organization=organization,
        verb="sso.policy_changed",
        target=policy,
        data={"sso_only": sso_only, "break_glass": break_glass.pk if break_glass else None},
    )
    return policy


@transaction.atomic
def sso_test_passed(*, actor: User, connection: SsoConnection, email: str) -> None:
    """Record that an admin's test sign-in through ``connection`` named a person who would be
    signed in (what "SSO only" asks for)."""
    admin_of(actor, connection.organization_id, refusal=REFUSAL)
    SsoConnection.objects.filter(pk=connection.pk).update(tested_at=timezone.now())
    audit_log(
        actor=actor,
        organization=connection.organization,
        verb="sso.test_passed",
        target=connection,
        data={"protocol": connection.protocol, "email": email},
    )


@transaction.atomic
def sso_sign_in_refused(*, connection: SsoConnection, reason: str) -> None:
    """Record a sign-in ``connection`` refused (an answer that failed its checks, a person
    the identity rule does not find, a provider that is not configured): the admins' audit
    log shows why sign-ins fail. No actor: nobody is signed in."""
    audit_log(
        actor=None,
        organization=connection.organization,
        verb="sso.refused",
        target=connection,
        data={"protocol": connection.protocol, "reason": reason[:300]},
    )
