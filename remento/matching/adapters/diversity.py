"""The diversity criterion, as an aggregate only (for coordinators, through
``remento.core.small_groups``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from remento.enrollment.models import Enrollment, EnrollmentRole
from remento.matching.engine import Person
from remento.people.models import SensitiveAttribute, SensitiveKind

from .pool import Pool


def _bridges(mentor: Person, mentee: Person, attributes: Sequence[str]) -> bool:
    """Both people shared at least one attribute and differ on it."""
    return any(
        a in mentor.diversity
        and a in mentee.diversity
        and mentor.diversity[a] != mentee.diversity[a]
        for a in attributes
    )


def pool_backgrounds_bridged(pool: Pool, pairs: Iterable[tuple[int, int]]) -> int:
    """How many of ``pairs`` (mentor pk, mentee pk) of ``pool`` bring together people who
    both shared an attribute for matching and differ on it. An aggregate for coordinators
    only: pass it through ``remento.core.small_groups`` before showing it."""
    mentors = {int(p.id): p for p in pool.mentors}
    mentees = {int(p.id): p for p in pool.mentees}
    attributes = tuple(SensitiveKind.values)
    return sum(
        1
        for mentor_id, mentee_id in pairs
        if mentor_id in mentors
        and mentee_id in mentees
        and _bridges(mentors[mentor_id], mentees[mentee_id], attributes)
    )


def backgrounds_bridged(*, program_id: int, pairs: QuerySet[Any]) -> int:
    """How many of ``pairs`` (rows with ``mentor_id`` and ``mentee_id``: a run's kept
    proposals) bring together people who both consented to use an attribute in the program
    and differ on it, read now (a withdrawn consent no longer counts).

    One query, counted by the database: ``_bridges``'s rule in SQL (a shared attribute of
    the mentee's with a different value of the mentor's, both consented for matching),
    probed pair by pair through the attributes' (employee, kind) key, so no attribute is
    read into Python whatever the number of pairs. An aggregate for coordinators only:
    pass it through ``remento.core.small_groups``."""
    consented = Enrollment.objects.filter(program_id=program_id, consent_sensitive=True)
    shared = SensitiveAttribute.objects.filter(consent_matching=True, kind__in=SensitiveKind.values)
    mentor_differs = shared.filter(
        employee_id=OuterRef(OuterRef("mentor_id")), kind=OuterRef("kind")
    ).exclude(value=OuterRef("value"))
    return (
        pairs.filter(
            mentor_id__in=consented.filter(role=EnrollmentRole.MENTOR).values("employee_id"),
            mentee_id__in=consented.filter(role=EnrollmentRole.MENTEE).values("employee_id"),
        )
        .filter(Exists(shared.filter(Exists(mentor_differs), employee_id=OuterRef("mentee_id"))))
        .count()
    )
