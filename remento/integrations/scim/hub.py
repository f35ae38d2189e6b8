"""This integration's card on the integrations page."""

from __future__ import annotations

from django.urls import reverse

from remento.integrations.cards import HubCard
from remento.integrations.scim.models import ScimUser
from remento.integrations.tokens.models import AccessToken, TokenKind
from remento.people.models import Employee


def hub_card(viewer: Employee) -> HubCard | None:
    """SCIM's card, for admins only (they alone make SCIM tokens): how many people the
    identity provider provisioned, or that no SCIM token exists yet."""
    if not viewer.is_admin:
        return None
    live = AccessToken.objects.filter(
        organization_id=viewer.organization_id, kind=TokenKind.SCIM, revoked_at=None
    ).exists()
    people = ScimUser.objects.filter(organization_id=viewer.organization_id).count()
    if people:
        who = "person" if people == 1 else "people"
        status = f"{people} {who} provisioned by your identity provider."
    elif live:
        status = "A SCIM token is ready; nobody has been provisioned through it yet."
    else:
        status = "Off: joiners and leavers come from the HRIS file only."
    return HubCard(
        title="SCIM provisioning",
        status=status,
        url=reverse("scim_page:settings"),
        action="Manage provisioning" if live else "Set up provisioning",
        ready=live,
    )
