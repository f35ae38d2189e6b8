"""The integrations page: single sign-on, SCIM, API tokens and chat, one card each."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from remento.integrations.api import hub as api_hub
from remento.integrations.cards import HubCard
from remento.integrations.chat import hub as chat_hub
from remento.integrations.scim import hub as scim_hub
from remento.integrations.sso import hub as sso_hub
from remento.people.access import coordinator_required, with_employee
from remento.people.models import Employee

CARD_SOURCES = (sso_hub, scim_hub, api_hub, chat_hub)


@coordinator_required
@with_employee
def hub(request: HttpRequest, viewer: Employee) -> HttpResponse:
    """Every integration the viewer may manage, with its state and where to set it up."""
    cards: list[HubCard] = [
        card for source in CARD_SOURCES if (card := source.hub_card(viewer)) is not None
    ]
    return render(request, "integrations/hub.html", {"cards": cards})
