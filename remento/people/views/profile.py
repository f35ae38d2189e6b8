"""A person edits their own mentoring profile."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from remento.core.errors import FieldErrors
from remento.core.models import User
from remento.people.access import employee_required, with_employee
from remento.people.forms import ProfileEditForms
from remento.people.models import Employee
from remento.people.selectors import (
    employee_for_profile_edit,
    organization_skills,
    sensitive_summary,
)
from remento.people.services.profile import profile_update


@employee_required
@with_employee
def profile_edit(request: HttpRequest, viewer: Employee) -> HttpResponse:
    """GET shows the profile form; POST saves it whole or shows every error beside its field."""
    employee = employee_for_profile_edit(employee=viewer)
    summary = sensitive_summary(employee=employee)
    forms = ProfileEditForms(
        request.POST if request.method == "POST" else None,
        employee=employee,
        skills=organization_skills(organization_id=employee.organization_id),
        summary=summary,
    )
    if request.method == "POST" and forms.is_valid():
        try:
            profile_update(
                actor=cast(User, request.user), employee=employee, **forms.service_kwargs()
            )
        except FieldErrors as invalid:
            forms.add_service_errors(invalid.errors)
        else:
            messages.success(request, "Your profile is saved.")
            return redirect("people:profile_edit")
    return render(
        request,
        "people/profile_edit.html",
        {
            "employee": employee,
            "forms": forms,
            "summary": summary,
            "min_group_size": settings.REMENTO_MIN_GROUP_SIZE,
        },
    )
