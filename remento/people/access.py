"""Who may see what: fetch-and-check helpers for views.

Every page works inside the signed-in person's organisation. Coordinators (and admins) run
programs and see the directory; participants see their own profile and their own pairs.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from remento.core.models import User
from remento.people.models import Employee

type View[**P] = Callable[Concatenate[HttpRequest, P], HttpResponse]


def employee_for(request: HttpRequest) -> Employee:
    """The signed-in person's directory entry; 403 for a sign-in with none (or inactive)."""
    employee = getattr(request.user, "employee", None) if request.user.is_authenticated else None
    if employee is None or not employee.is_active:
        raise PermissionDenied("This sign-in is not linked to an active person in the directory.")
    return employee


def employee_required[**P](view: View[P]) -> View[P]:
    """Signed in and linked to an active employee."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        employee_for(request)
        return view(request, *args, **kwargs)

    return wrapper


def coordinator_required[**P](view: View[P]) -> View[P]:
    """Signed in as a program coordinator or organisation admin."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if not employee_for(request).is_coordinator:
            raise PermissionDenied("Only program coordinators may open this page.")
        return view(request, *args, **kwargs)

    return wrapper


def admin_required[**P](view: View[P]) -> View[P]:
    """Signed in as an organisation admin."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if not employee_for(request).is_admin:
            raise PermissionDenied("Only organisation admins may open this page.")
        return view(request, *args, **kwargs)

    return wrapper


def with_employee[**P](
    view: Callable[Concatenate[HttpRequest, Employee, P], HttpResponse],
) -> View[P]:
    """Hand the view the signed-in person's active ``Employee`` as its second argument
    (``viewer``), instead of each view calling ``employee_for(request)`` first.

    Alone it is ``employee_required`` (sign-in page for the anonymous, 403 for a sign-in
    with no active person); under ``coordinator_required`` or ``admin_required`` those keep
    their 403s and this only hands over the person::

        @coordinator_required
        @with_employee
        def page(request, viewer, program_pk): ...
    """

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        return view(request, employee_for(request), *args, **kwargs)

    return wrapper


def employee_get_for_admin(*, viewer: Employee, employee_pk: Any) -> Employee:
    """A person of the admin ``viewer``'s own organisation (inactive ones included); a 404
    for anyone else, so ids of other tenants leak nothing. A viewer who is not an active
    admin gets a 404 as well."""
    from django.shortcuts import get_object_or_404

    queryset = Employee.objects.filter(organization_id=viewer.organization_id)
    if not (viewer.is_active and viewer.is_admin):
        queryset = queryset.none()
    return get_object_or_404(queryset.select_related("organization"), pk=employee_pk)


def acting_employee(actor: User) -> Employee:
    """For services: ``actor``'s active directory entry; ``PermissionDenied`` when none."""
    employee: Employee | None = getattr(actor, "employee", None)
    if employee is None or not employee.is_active:
        raise PermissionDenied("This sign-in is not linked to an active person in the directory.")
    return employee


def member_of(actor: User, organization_id: int, *, refusal: str) -> Employee:
    """For services: ``actor``'s active person in ``organization_id``; otherwise
    ``PermissionDenied(refusal)``."""
    employee: Employee | None = getattr(actor, "employee", None)
    if employee is None or not employee.is_active or employee.organization_id != organization_id:
        raise PermissionDenied(refusal)
    return employee


def coordinator_of(
    actor: User,
    organization_id: int,
    *,
    refusal: str = "Only coordinators of this organisation may do this.",
) -> Employee:
    """For services: ``actor``'s person when they are an active coordinator (or admin) of
    ``organization_id``; otherwise ``PermissionDenied(refusal)``."""
    employee = member_of(actor, organization_id, refusal=refusal)
    if not employee.is_coordinator:
        raise PermissionDenied(refusal)
    return employee


def admin_of(actor: User, organization_id: int, *, refusal: str) -> Employee:
    """For services: ``actor``'s person when they are an active organisation admin of
    ``organization_id``; otherwise ``PermissionDenied(refusal)``."""
    employee: Employee | None = getattr(actor, "employee", None)
    if (
        employee is None
        or not employee.is_active
        or not employee.is_admin
        or employee.organization_id != organization_id
    ):
        raise PermissionDenied(refusal)
    return employee
