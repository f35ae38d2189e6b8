"""Fetch-and-check for training modules and resources: a 404 for what one may not see."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from remento.people.models import Employee
from remento.training.models import Resource, TrainingModule
from remento.training.selectors import resources_visible_to, training_programs_of


def module_get_for(*, viewer: Employee, module_pk: Any) -> TrainingModule:
    """A module of a program the viewer takes part in, or any module of the organisation
    for a coordinator."""
    queryset = TrainingModule.objects.filter(
        program__organization_id=viewer.organization_id
    ).select_related("program", "program__organization")
    if not viewer.is_coordinator:
        queryset = queryset.filter(program__in=training_programs_of(employee=viewer))
    return get_object_or_404(queryset, pk=module_pk)


def resource_get_for(*, viewer: Employee, resource_pk: Any) -> Resource:
    """A library entry the viewer may read."""
    return get_object_or_404(resources_visible_to(viewer=viewer), pk=resource_pk)
