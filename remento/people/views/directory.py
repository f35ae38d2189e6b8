"""The directory for coordinators, and a person's profile page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from remento.people.access import (
    coordinator_required,
    employee_required,
    with_employee,
)
from remento.people.forms import DirectoryFilterForm
from remento.people.models import Employee
from remento.people.partners import partner_profile
from remento.people.selectors import directory_choices, directory_page, employee_profile


@coordinator_required
@with_employee
def directory(request: HttpRequest, viewer: Employee) -> HttpResponse:
    """Search and filter everyone in the coordinator's organisation, 25 a page."""
    form = DirectoryFilterForm(request.GET or None, choices=directory_choices(viewer=viewer))
    page = directory_page(viewer=viewer, filters=form.filters(), cursor=request.GET.get("cursor"))
    return render(
        request,
        "people/directory_list.html",
        {"form": form, "page": page, "organization": viewer.organization},
    )


@employee_required
@with_employee
def employee_detail(request: HttpRequest, viewer: Employee, employee_pk: int) -> HttpResponse:
    """A person's profile: coordinators see anyone in their organisation, a participant
    themselves; a partner (or a mentee choosing a mentor, or a mentor a mentee asked) sees
    the partner profile only. Anyone else gets a 404."""
    if not viewer.is_coordinator and viewer.pk != employee_pk:
        partner = partner_profile(viewer=viewer, employee_pk=employee_pk)
        return render(request, "people/partner_profile.html", {"partner": partner})
    profile = employee_profile(viewer=viewer, employee_pk=employee_pk)
    return render(request, "people/employee_detail.html", {"profile": profile})
