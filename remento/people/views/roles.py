"""The roles page: an organisation admin sees who administers and who coordinates, and
changes anyone's role."""

from __future__ import annotations

from typing import cast
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from remento.core.errors import ServiceError
from remento.core.models import User
from remento.people.access import (
    admin_required,
    employee_get_for_admin,
    with_employee,
)
from remento.people.forms import RoleForm, RoleSearchForm
from remento.people.models import Employee, Role
from remento.people.selectors import role_holders_page
from remento.people.services.roles import employee_role_set


@admin_required
@with_employee
def role_list(request: HttpRequest, viewer: Employee) -> HttpResponse:
    """The organisation's admins and coordinators, or the people a search finds, each with
    their role to change."""
    form = RoleSearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    page = role_holders_page(viewer=viewer, text=text, cursor=request.GET.get("cursor"))
    return render(
        request,
        "people/role_list.html",
        {
            "form": form,
            "text": text,
            "page": page,
            "roles": Role.choices,
            "organization": viewer.organization,
        },
    )


@admin_required
@require_POST
@with_employee
def role_set(request: HttpRequest, viewer: Employee, employee_pk: int) -> HttpResponse:
    """Change one person's role, then back to the list (with the search it came from)."""
    person = employee_get_for_admin(viewer=viewer, employee_pk=employee_pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the roles offered.")
    else:
        role = form.cleaned_data["role"]
        try:
            employee_role_set(actor=cast(User, request.user), employee=person, role=role)
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{person.display_name}: {Role(role).label.lower()}.")
            if person.pk == viewer.pk and role != Role.ADMIN:
                return redirect("home")  # they may no longer open the roles page
    url = reverse("people:role_list")
    text = request.POST.get("q", "").strip()
    return redirect(f"{url}?{urlencode({'q': text})}" if text else url)
