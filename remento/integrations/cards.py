"""The integrations page's cards: each integration says what state it is in and where to go.

Each integration app has a ``hub.py`` with ``hub_card(viewer) -> HubCard | None`` (``None``
when the viewer may not manage it); ``views.hub`` shows the cards in a fixed order.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HubCard:
    title: str
    # One sentence: what is set up now ("Okta is connected; 412 people signed in through it").
    status: str
    url: str
    action: str  # the link's words: "Set up single sign-on", "Manage tokens", …
    ready: bool  # set up and working (shown as such), or not yet
    # The badge's words where neither "Set up" nor "Not set up" is true ("Saved, off").
    badge: str = ""
