"""Fetch-and-check for programs: a 404 for anything the viewer may not see."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

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
