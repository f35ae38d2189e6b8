"""The SCIM page: what an admin pastes into Entra ID or Okta, and what provisioning did."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from remento.integrations.scim.selectors import scim_event_lines, scim_overview
from remento.people.access import admin_required, with_employee
from remento.people.models import Employee


@admin_required
@with_employee
def scim_settings(request: HttpRequest, viewer: Employee) -> HttpResponse:
    """The SCIM base URL, the organisation's SCIM tokens (made on the token page), the
    groups the identity provider pushed and the last provisioning events."""
    overview = scim_overview(organization_id=viewer.organization_id)
    # Without the trailing slash: identity providers append "/Users" to it.
    base_url = request.build_absolute_uri(reverse("scim:base")).rstrip("/")
    return render(
        request,
        "scim/scim_settings.html",
        {
            "base_url": base_url,
            "overview": overview,
            "events": scim_event_lines(overview),
            "organization": viewer.organization,
        },
    )
