"""The organisation's settings page: its admins declare its email domains."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from remento.core.domains import email_domains_parse
from remento.core.errors import ServiceError
from remento.core.models import User
from remento.people.access import admin_required, with_employee
from remento.people.forms import OrganizationDomainsForm
from remento.people.models import Employee
from remento.people.services.organization import organization_email_domains_set


@admin_required
@with_employee
def organization_settings(request: HttpRequest, viewer: Employee) -> HttpResponse:
    """Show and change the organisation's email domains."""
    organization = viewer.organization
    status = 200
    if request.method == "POST":
        form = OrganizationDomainsForm(request.POST)
        if form.is_valid():
            try:
                organization_email_domains_set(
                    actor=cast(User, request.user),
                    organization=organization,
                    email_domains=email_domains_parse(form.cleaned_data["email_domains"]),
                )
            except ServiceError as error:
                form.add_error("email_domains", str(error).removeprefix("email_domains: "))
            else:
                messages.success(request, "The email domains are saved.")
                return redirect("people:organization_settings")
        status = 422
    else:
        form = OrganizationDomainsForm(
            initial={"email_domains": ", ".join(organization.email_domains)}
        )
    return render(
        request,
        "people/organization_settings.html",
        {"form": form, "organization": organization},
        status=status,
    )
