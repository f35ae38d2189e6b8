"""The organisation's settings page: its admins change its name and declare its email
domains."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from remento.core.domains import email_domains_parse
from remento.core.errors import ServiceError
from remento.core.models import User
from remento.people.access import admin_required, with_employee
from remento.people.forms import OrganizationDomainsForm, OrganizationNameForm
from remento.people.models import Employee
from remento.people.services.organization import (
    organization_email_domains_set,
    organization_rename,
)


def _saved(form: forms.Form, field: str, save: Callable[[], object]) -> bool:
    """Run ``save`` when ``form`` is valid; a refusal goes on ``field``. True when saved."""
    if not form.is_valid():
        return False
    try:
        save()
    except ServiceError as error:
        form.add_error(field, str(error).removeprefix(f"{field}: "))
        return False
    return True


@admin_required
@with_employee
def organization_settings(request: HttpRequest, viewer: Employee) -> HttpResponse:
    """Show and change the organisation's name and email domains (one form at a time)."""
    organization = viewer.organization
    actor = cast(User, request.user)
    renaming = request.method == "POST" and "save_name" in request.POST
    declaring = request.method == "POST" and not renaming
    name_form = OrganizationNameForm(
        request.POST if renaming else None, initial={"name": organization.name}
    )
    domains_form = OrganizationDomainsForm(
        request.POST if declaring else None,
        initial={"email_domains": ", ".join(organization.email_domains)},
    )
    if renaming and _saved(
        name_form,
        "name",
        lambda: organization_rename(
            actor=actor, organization=organization, name=name_form.cleaned_data["name"]
        ),
    ):
        messages.success(request, "The organisation's name is saved.")
        return redirect("people:organization_settings")
    if declaring and _saved(
        domains_form,
        "email_domains",
        lambda: organization_email_domains_set(
            actor=actor,
            organization=organization,
            email_domains=email_domains_parse(domains_form.cleaned_data["email_domains"]),
        ),
    ):
        messages.success(request, "The email domains are saved.")
        return redirect("people:organization_settings")
    return render(
        request,
        "people/organization_settings.html",
        {"name_form": name_form, "form": domains_form, "organization": organization},
        status=422 if request.method == "POST" else 200,
    )
