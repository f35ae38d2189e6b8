"""This integration's card on the integrations page."""

from __future__ import annotations

from django.urls import reverse

from remento.integrations.cards import HubCard
from remento.integrations.sso.selectors import connections_of, policy_of
from remento.people.models import Employee


def hub_card(viewer: Employee) -> HubCard | None:
    """The card ``viewer`` sees, or ``None`` when they may not manage this integration."""
    if not (viewer.is_active and viewer.is_admin):
        return None
    organization = viewer.organization
    connections = connections_of(organization).values()
    enabled = [c.get_protocol_display() for c in connections if c.enabled]
    saved = [c.get_protocol_display() for c in connections if not c.enabled]
    badge = ""
    if enabled:
        status = f"People sign in with their company account ({' and '.join(enabled)})."
        if policy_of(organization).sso_only:
            status += " Passwords are refused, except the break-glass admin's."
    elif saved:
        badge = "Saved, off"
        connection = "connection is" if len(saved) == 1 else "connections are"
        status = (
            f"Your {' and '.join(saved)} {connection} saved but not offered to people yet: "
            "test, then turn on. People sign in with a password meanwhile."
        )
    else:
        status = "People sign in with a password. Connect Entra ID, Okta or Google."
    return HubCard(
        title="Single sign-on",
        status=status,
        url=reverse("sso:settings"),
        action="Manage single sign-on" if enabled or saved else "Set up single sign-on",
        ready=bool(enabled),
        badge=badge,
    )
