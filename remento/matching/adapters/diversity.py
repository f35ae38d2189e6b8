"""The diversity criterion, as an aggregate only (for coordinators, through
``remento.core.small_groups``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from remento.matching.engine import Person
from remento.people.models import SensitiveKind

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
