"""Reading an organisation's single sign-on: its connections, its policy, and which
organisation an email's domain belongs to."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from remento.core.models import Organization
from remento.integrations.sso.models import Protocol, SsoConnection, SsoPolicy


def connections_of(organization: Organization) -> dict[str, SsoConnection]:
    """The organisation's connections by protocol (absent: never set up)."""
    rows = SsoConnection.objects.filter(organization=organization).select_related("organization")
    return {row.protocol: row for row in rows}


def policy_of(organization: Organization) -> SsoPolicy:
    """The organisation's policy (an unsaved, permissive one when never set)."""
    found = (
        SsoPolicy.objects.filter(organization=organization)
        .select_related("break_glass__user")
        .first()
    )
    return found or SsoPolicy(organization=organization)


def organization_of_email(email: str) -> Organization | None:
    """The organisation that declared ``email``'s domain, or None. Reads every
    organisation's list once (few organisations; JSON lookups differ between databases)."""
    domain = email.strip().rpartition("@")[2].lower()
    if not domain:
        return None
    for organization in Organization.objects.only("pk", "slug", "name", "email_domains"):
        if domain in organization.email_domains:
            return organization
    return None


def saml_url(name: str, **kwargs: str) -> str | None:
    """A page of the SAML side (``sso/saml/``), or None while it has no such page."""
    try:
        return reverse(f"sso:{name}", kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def start_url(connection: SsoConnection) -> str | None:
    """Where a sign-in through ``connection`` starts (None: that protocol has no page)."""
    slug = connection.organization.slug
    if connection.protocol == Protocol.OIDC:
        return reverse("sso:oidc_start", kwargs={"slug": slug})
    return saml_url("saml_login", slug=slug)


def enabled_start_url(organization: Organization) -> str | None:
    """Where the organisation's people start single sign-on: its enabled OpenID Connect
    connection first, else its SAML one; None when neither is on."""
    connections = connections_of(organization)
    for protocol in (Protocol.OIDC, Protocol.SAML):
        connection = connections.get(protocol)
        if connection is not None and connection.enabled:
            url = start_url(connection)
            if url is not None:
                return url
    return None
