"""Fetch-and-check for programs: a 404 for anything the viewer may not see."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from remento.people.access import coordinator_required, with_employee
from remento.people.models import Employee
from remento.programs.models import Program, Status


def program_get_for(*, viewer: Employee, program_pk: Any, manage: bool = False) -> Program:
    """A program of the viewer's organisation.

    Coordinators see every program; participants see programs past Draft. With
    ``manage=True`` only coordinators pass (403 for a participant who can see it).
    """
    queryset = Program.objects.filter(organization=viewer.organization)
    if not viewer.is_coordinator:
        queryset = queryset.exclude(status=Status.DRAFT)
    program = get_object_or_404(queryset, pk=program_pk)
    if manage and not viewer.is_coordinator:
        raise PermissionDenied("Only program coordinators may change a program.")
    return program


def managed_program_view[**P](
    view: Callable[Concatenate[HttpRequest, Employee, Program, P], HttpResponse],
) -> Callable[..., HttpResponse]:
    """A coordinator's page about one program, in one decorator: ``@coordinator_required``,
    ``@with_employee`` and ``program_get_for(..., manage=True)``. The URL's ``program_pk``
    reaches the view as the ``Program`` itself, after the viewer::

        @managed_program_view
        def page(request, viewer, program, question_pk): ...
    """

    @coordinator_required
    @with_employee
    @wraps(view)
    def wrapper(
        request: HttpRequest, viewer: Employee, /, *args: Any, program_pk: Any, **kwargs: Any
    ) -> HttpResponse:
        program = program_get_for(viewer=viewer, program_pk=program_pk, manage=True)
        return view(request, viewer, program, *args, **kwargs)

    return wrapper
