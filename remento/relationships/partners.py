"""Partner rule for the people app: the two people of a pair see each other's profile."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from remento.people.models import Employee
from remento.relationships.models import Pair


def pair_partners(viewer: Employee) -> Q:
    """People the viewer is (or was) paired with, in any program of their organisation."""
    together = Pair.objects.filter(program__organization_id=viewer.organization_id).filter(
        Q(mentor=viewer, mentee=OuterRef("pk")) | Q(mentee=viewer, mentor=OuterRef("pk"))
    )
    return Q(Exists(together))
