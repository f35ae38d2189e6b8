"""Hard constraints: which pairs may be proposed at all.

Level gap, same department and time-zone distance are checked in bulk (masks and penalty
columns, see :mod:`features`); reporting lines, blocked pairs and a person paired with
themselves are few per person, so they stay a sparse set of excluded pairs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .model import Person, Settings
from .scoring import offset_diff, same_department, utc_offset


def level_ok(mentor_level: int, mentee_level: int, settings: Settings) -> bool:
    gap = settings.min_level_gap
    if settings.program_type == "reverse":
        return mentor_level <= mentee_level - gap
    if settings.program_type == "traditional":
        return mentor_level >= mentee_level + gap
    return True


def _level_rule_broken(mentor_level: int, mentee_level: int, settings: Settings) -> str:
    """The level rule a pair breaks, in words (never the program type's code)."""
    gap = settings.min_level_gap
    levels = f"{gap} level{'' if gap == 1 else 's'}"
    where = "below" if settings.program_type == "reverse" else "above"
    rule = f"the mentor must sit at least {levels} {where} the mentee"
    if gap == 0:
        rule = f"the mentor must not sit {'above' if where == 'below' else 'below'} the mentee"
    return f"mentor at level {mentor_level}, mentee at level {mentee_level}: {rule}"


def in_reporting_line(mentor: Person, mentee: Person, depth: int | None) -> bool:
    """Whether either person is among the other's managers, up to ``depth`` levels."""
    if depth == 0:
        return False
    return mentee.id in mentor.manager_chain[:depth] or mentor.id in mentee.manager_chain[:depth]


def ineligible_because(mentor: Person, mentee: Person, settings: Settings) -> str | None:
    """The first hard constraint the pair breaks, in words, or ``None`` when eligible."""
    if mentor.id == mentee.id:
        return "the same person"
    if (mentor.id, mentee.id) in settings.blocked_pairs:
        return "blocked by the coordinator"
    if not level_ok(mentor.level, mentee.level, settings):
        return _level_rule_broken(mentor.level, mentee.level, settings)
    if in_reporting_line(mentor, mentee, settings.reporting_line_depth):
        return "one is in the other's reporting line"
    if settings.same_department == "forbid" and same_department(
        mentor.department, mentee.department
    ):
        return "same department"
    limit = settings.max_timezone_diff_hours
    if limit is not None:
        at = settings.timezone_reference
        a, b = utc_offset(mentor.timezone, at), utc_offset(mentee.timezone, at)
        if a is not None and b is not None and offset_diff(a, b) > limit + 1e-9:
            return f"time zones {offset_diff(a, b):g} h apart (limit {limit:g} h)"
    return None


def check_locks(mentors: Sequence[Person], mentees: Sequence[Person], settings: Settings) -> None:
    """Refuse locked pairs that cannot all be kept, naming people by id: an unknown
    mentor or mentee, a pair both locked and blocked, a locked pair that breaks a hard
    constraint (the rule is named), a mentee in more than one locked pair, and locks
    beyond a mentor's capacity. Raises ``ValueError``."""
    mentor_by_id = {p.id: p for p in mentors}
    mentee_by_id = {p.id: p for p in mentees}
    partner: dict[str, str] = {}
    load: dict[str, int] = {}
    for mentor_id, mentee_id in settings.locked_pairs:
        pair = f"locked pair ({mentor_id}, {mentee_id})"
        mentor, mentee = mentor_by_id.get(mentor_id), mentee_by_id.get(mentee_id)
        if mentor is None:
            raise ValueError(f"{pair}: unknown mentor {mentor_id!r}")
        if mentee is None:
            raise ValueError(f"{pair}: unknown mentee {mentee_id!r}")
        if (mentor_id, mentee_id) in settings.blocked_pairs:
            raise ValueError(f"pair ({mentor_id}, {mentee_id}) is both locked and blocked")
        if mentee_id in partner:
            raise ValueError(
                f"mentee {mentee_id!r} appears in more than one locked pair "
                f"(with {partner[mentee_id]!r} and {mentor_id!r})"
            )
        partner[mentee_id] = mentor_id
        why = ineligible_because(mentor, mentee, settings)
        if why is not None:
            raise ValueError(f"{pair} breaks a hard constraint: {why}")
        load[mentor_id] = load.get(mentor_id, 0) + 1
        if load[mentor_id] > mentor.capacity:
            raise ValueError(
                f"locked pairs exceed the capacity of mentor {mentor_id!r}: "
                f"capacity {mentor.capacity}, {load[mentor_id]} locked"
            )


def sparse_exclusions(
    mentors: Sequence[Person], mentees: Sequence[Person], settings: Settings
) -> np.ndarray:
    """Excluded (mentee, mentor) index pairs as sorted unique keys
    ``mentee_index * len(mentors) + mentor_index``: reporting lines, blocked pairs, and a
    person listed on both sides. Their number grows with people x chain depth, not with
    mentors x mentees."""
    mentor_index = {p.id: i for i, p in enumerate(mentors)}
    mentee_index = {p.id: j for j, p in enumerate(mentees)}
    n = len(mentors)
    depth = settings.reporting_line_depth
    keys: list[int] = []
    if depth != 0:
        for i, mentor in enumerate(mentors):
            for boss in mentor.manager_chain[:depth]:
                boss_j = mentee_index.get(boss)
                if boss_j is not None:
                    keys.append(boss_j * n + i)
        for j, mentee in enumerate(mentees):
            for boss in mentee.manager_chain[:depth]:
                boss_i = mentor_index.get(boss)
                if boss_i is not None:
                    keys.append(j * n + boss_i)
    for mentor_id, mentee_id in settings.blocked_pairs:
        bi, bj = mentor_index.get(mentor_id), mentee_index.get(mentee_id)
        if bi is not None and bj is not None:
            keys.append(bj * n + bi)
    for person_id, same_j in mentee_index.items():
        same_i = mentor_index.get(person_id)
        if same_i is not None:
            keys.append(same_j * n + same_i)
    return np.unique(np.asarray(keys, dtype=np.int64))
