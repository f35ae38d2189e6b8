"""The diversity criterion, as an aggregate only (for coordinators, through
``remento.core.small_groups``)."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from remento.matching.engine import Person
from remento.people.models import Employee, SensitiveKind

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


@dataclass(frozen=True)
class PoolPeople:
    """Who was in a pool and whether what each shared for matching changed: employee ids
    (ascending) and, beside each, a fingerprint of which attribute rows they shared and when
    each last changed (0 for none shared). Never of the values: the small set of answers
    would let anyone who reads a fingerprint try each, and an erased or withdrawn answer
    must leave nothing behind. Two pools differ by the people in one only plus those in
    both whose shared attributes changed."""

    ids: np.ndarray
    states: np.ndarray

    @classmethod
    def of(cls, pool: Pool) -> PoolPeople:
        shared = {
            int(p.id): _state(p, pool.employees.get(int(p.id)))
            for p in (*pool.mentors, *pool.mentees)
        }
        ids = np.array(sorted(shared), dtype=np.int64)
        return cls(ids, np.array([shared[i] for i in ids.tolist()], dtype=np.uint32))

    def differing(self, other: PoolPeople) -> int:
        _, here, there = np.intersect1d(
            self.ids, other.ids, assume_unique=True, return_indices=True
        )
        changed = int(np.count_nonzero(self.states[here] != other.states[there]))
        return len(self.ids) + len(other.ids) - 2 * len(here) + changed

    def to_bytes(self) -> bytes:
        """Compressed: the ids as gaps from the previous one, then the states."""
        gaps = np.diff(self.ids, prepend=np.int64(0))
        return zlib.compress(gaps.astype(np.int64).tobytes() + self.states.tobytes())

    @classmethod
    def from_bytes(cls, raw: bytes) -> PoolPeople:
        data = zlib.decompress(raw)
        n = len(data) // 12
        ids = np.cumsum(np.frombuffer(data[: 8 * n], dtype=np.int64))
        return cls(ids, np.frombuffer(data[8 * n :], dtype=np.uint32).copy())


def _state(person: Person, employee: Employee | None) -> int:
    """0 when the person shares nothing; else a checksum of their shared attribute rows'
    kinds, ids and times of change (``values.person_for`` reads them as
    ``consented_attributes``)."""
    if not person.diversity:
        return 0
    rows = sorted(
        (a.kind, a.pk, a.updated_at.isoformat())
        for a in getattr(employee, "consented_attributes", [])
        if a.kind in person.diversity
    )
    return zlib.crc32(repr(rows).encode()) or 1
