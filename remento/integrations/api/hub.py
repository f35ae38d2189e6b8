"""This integration's card on the integrations page."""

from __future__ import annotations

from django.urls import reverse

from remento.integrations.cards import HubCard
from remento.integrations.tokens.models import AccessToken, TokenKind
from remento.people.models import Employee


def hub_card(viewer: Employee) -> HubCard | None:
    """The REST API's card for coordinators and admins: how many live API tokens the
    organisation has (an admin sees them all; a coordinator their own), and the way to the
    tokens page; the docs are linked from there."""
    if not viewer.is_coordinator:
        return None
    tokens = AccessToken.objects.filter(
        organization_id=viewer.organization_id, kind=TokenKind.API, revoked_at=None
    )
    if not viewer.is_admin:
        tokens = tokens.filter(created_by_id=viewer.user_id)
    live = tokens.count()
    whose = "" if viewer.is_admin else " of yours"
    status = (
        f"{live} live API token{'s' if live != 1 else ''}{whose}. The documentation of every "
        f"operation is at {reverse('api:v1:openapi-view')}."
        if live
        else "No API token yet: make one for a script or report to read and write Remento."
    )
    return HubCard(
        title="REST API",
        status=status,
        url=reverse("tokens:list"),
        action="Manage API tokens",
        ready=live > 0,
    )
