"""This integration's card on the integrations page."""

from __future__ import annotations

from django.urls import reverse

from remento.integrations.cards import HubCard
from remento.integrations.chat.selectors import connections_of
from remento.people.models import Employee


def hub_card(viewer: Employee) -> HubCard | None:
    """The card ``viewer`` sees, or ``None`` when they may not manage this integration."""
    if not viewer.is_coordinator:
        return None
    connected = [c for c in connections_of(viewer.organization).values() if c.enabled]
    if not connected:
        status = "Not connected: notifications go by email only."
    else:
        names = " and ".join(sorted(c.get_service_display() for c in connected))
        status = f"{names} connected; people's own notifications can go to Slack when allowed."
        if all(c.service == "teams" for c in connected):
            status = f"{names} connected: posts to your channel."
    return HubCard(
        title="Slack and Microsoft Teams",
        status=status,
        url=reverse("chat:settings"),
        action="Set up chat" if not connected else "Manage chat",
        ready=bool(connected),
    )
