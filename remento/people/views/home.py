"""The home page: where each kind of person starts."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from remento.core.next_steps import home_for
from remento.people.access import employee_for


def home(request: HttpRequest) -> HttpResponse:
    """What this person must do now, most urgent first, their pairs, and (for coordinators)
    the programs' tools."""
    if not request.user.is_authenticated:
        return redirect("login")
    if request.user.is_staff and getattr(request.user, "employee", None) is None:
        return redirect("admin:index")  # a platform operator: no person, the Django admin
    employee = employee_for(request)
    return render(request, "core/home.html", {"employee": employee, "home": home_for(employee)})
