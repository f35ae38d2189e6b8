"""Fetch-and-check for pairs: a 404 for anything the viewer may not see."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.shortcuts import get_object_or_404

from remento.people.models import Employee
from remento.relationships.models import Pair


def pair_get_for(*, viewer: Employee, pair_pk: Any) -> Pair:
    """A pair the viewer may see: one of its two people, or a coordinator of the program's
    organisation. Anyone else — a participant of another pair, a stranger from another
    organisation — gets a 404, so pair ids leak nothing."""
    queryset = Pair.objects.filter(program__organization_id=viewer.organization_id)
    if not viewer.is_coordinator:
        queryset = queryset.filter(Q(mentor=viewer) | Q(mentee=viewer))
    return get_object_or_404(
        queryset.select_related(
            "program",
            "program__organization",
            "mentor__department",
            "mentee__department",
            "agreement",
        ),
        pk=pair_pk,
    )


def is_member(*, pair: Pair, employee: Employee) -> bool:
    """Whether ``employee`` is one of the pair's two people."""
    return employee.pk in (pair.mentor_id, pair.mentee_id)
