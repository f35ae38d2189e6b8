"""Template context every page gets: who is signed in and what they may do."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from remento.core.next_steps import nav_counts_for


def remento(request: HttpRequest) -> dict[str, Any]:
    employee = getattr(request.user, "employee", None) if request.user.is_authenticated else None
    return {
        "current_employee": employee,
        "is_coordinator": bool(employee and employee.is_coordinator),
        "is_admin": bool(employee and employee.is_active and employee.is_admin),
        # The demo outbox page exists only while emails are written to files.
        "show_outbox": settings.EMAIL_MODE == "file"
        and bool(employee and employee.is_active and employee.is_coordinator),
        # The menu's counts ("Requests 1"): read once, when the menu is drawn.
        "nav_counts": SimpleLazyObject(
            lambda: nav_counts_for(employee) if employee is not None and employee.is_active else []
        ),
    }
