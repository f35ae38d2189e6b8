"""This integration's card on the integrations page."""

from __future__ import annotations

from remento.integrations.cards import HubCard
from remento.people.models import Employee


def hub_card(viewer: Employee) -> HubCard | None:
    """The card ``viewer`` sees, or ``None`` when they may not manage this integration."""
    return None
