"""Reading an organisation's SAML connection."""

from __future__ import annotations

from django.http import Http404

from remento.core.models import Organization
from remento.integrations.sso.models import Protocol, SsoConnection


def saml_connection_of(organization: Organization) -> SsoConnection | None:
    """The organisation's SAML connection, if one was ever saved."""
    return (
        SsoConnection.objects.select_related("organization")
        .filter(organization=organization, protocol=Protocol.SAML)
        .first()
    )


def saml_connection_by_slug(slug: str) -> SsoConnection:
    """The SAML connection of the organisation ``slug`` that has a service-provider key pair
    and identity-provider metadata; a 404 otherwise (whether the organisation exists is not
    said)."""
    connection = (
        SsoConnection.objects.select_related("organization")
        .filter(organization__slug=slug, protocol=Protocol.SAML)
        .exclude(sp_certificate="")
        .first()
    )
    if connection is None:
        raise Http404("No SAML single sign-on here.")
    return connection
