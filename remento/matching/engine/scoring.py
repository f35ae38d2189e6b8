"""The scoring criteria, one pair at a time.

This is the reference definition of every criterion (each a score in [0, 1]); the
vectorised encoding in :mod:`features` must give the same numbers, and the tests check
that it does. Explanations read their contributions from here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .categories import category_key
from .model import CRITERIA, Person, Settings, Taxonomy

WORKDAY_HOURS = 8.0
_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _zone_offset(name: str, at: datetime) -> float:
    offset = at.astimezone(ZoneInfo(name)).utcoffset()
    assert offset is not None
    return offset.total_seconds() / 3600.0


def utc_offset(timezone: str | float | None, at: datetime) -> float | None:
    """UTC offset in hours of an IANA zone name, an offset string or a number.

    Raises ``ValueError`` for anything else.
    """
    if timezone is None or timezone == "":
        return None
    if isinstance(timezone, int | float):
        value = float(timezone)
    else:
        text = timezone.strip()
        if text.upper() in ("UTC", "GMT", "Z"):
            return 0.0
        match = _OFFSET.match(text)
        if match:
            sign = -1.0 if match.group(1) == "-" else 1.0
            value = sign * (int(match.group(2)) + int(match.group(3) or 0) / 60.0)
        else:
            try:
                return _zone_offset(text, at)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise ValueError(f"unknown time zone {timezone!r}") from exc
    if not -12.0 <= value <= 14.0:
        raise ValueError(f"UTC offset {timezone!r} is out of range (-12 to +14)")
    return value


def offset_diff(a: float, b: float) -> float:
    """Hours between two UTC offsets, around the clock."""
    d = abs(a - b) % 24.0
    return min(d, 24.0 - d)


def timezone_score(a: float | None, b: float | None) -> float:
    """Share of an 8-hour working day the two have in common (0.5 when unknown)."""
    if a is None or b is None:
        return 0.5
    return max(0.0, WORKDAY_HOURS - offset_diff(a, b)) / WORKDAY_HOURS


def skill_credit(teacher: Person, skill: str, taxonomy: Taxonomy) -> float:
    """How well ``teacher`` covers ``skill``: its proficiency / 5, or partial credit for
    the best related skill of the same category."""
    best = teacher.teaches.get(skill, 0) / 5.0
    category = taxonomy.category(skill)
    if category is not None:
        for other, proficiency in teacher.teaches.items():
            if other != skill and taxonomy.category(other) == category:
                best = max(best, taxonomy.related_credit * proficiency / 5.0)
    return best


def directed_skills(teacher: Person, learner: Person, taxonomy: Taxonomy) -> float:
    """Priority-weighted share of what ``learner`` wants that ``teacher`` can teach."""
    total = sum(learner.wants.values())
    if total <= 0:
        return 0.0
    covered = sum(p * skill_credit(teacher, s, taxonomy) for s, p in learner.wants.items())
    return covered / total


def interests_score(a: frozenset[str], b: frozenset[str]) -> float:
    """Cosine similarity of the interest sets."""
    if not a or not b:
        return 0.0
    return len(a & b) / (len(a) * len(b)) ** 0.5


def personality_score(a: float | None, b: float | None) -> float:
    """1 when the two balance out (one outgoing, one reserved, or both in the middle),
    0 when both sit at the same extreme; 0.5 when unknown."""
    if a is None or b is None:
        return 0.5
    x, y = (a - 3.0) / 2.0, (b - 3.0) / 2.0
    return 1.0 - ((x + y) / 2.0) ** 2


def level_gap_score(mentor_level: int, mentee_level: int, settings: Settings) -> float:
    if settings.program_type == "reverse":
        delta = mentee_level - mentor_level
    elif settings.program_type == "traditional":
        delta = mentor_level - mentee_level
    else:
        delta = abs(mentor_level - mentee_level)
    return min(1.0, max(0.0, delta / settings.level_span))


def generation_score(a: str | None, b: str | None) -> float:
    """1 for different generations, 0 for the same one (compared by :func:`category_key`),
    0.5 when either is unknown."""
    a, b = category_key(a), category_key(b)
    if a is None or b is None:
        return 0.5
    return 1.0 if a != b else 0.0


def gap_score(mentor: Person, mentee: Person, settings: Settings) -> float:
    """Half the level gap (full at ``level_span`` levels), half a generation difference."""
    return 0.5 * level_gap_score(mentor.level, mentee.level, settings) + 0.5 * generation_score(
        mentor.generation, mentee.generation
    )


def same_department(a: str | None, b: str | None) -> bool:
    """Whether two departments are one, compared by :func:`category_key` ("Finance " and
    "finance" are one). Unknown departments never count as the same: there is nothing to
    compare."""
    key = category_key(a)
    return key is not None and key == category_key(b)


def department_score(a: str | None, b: str | None, settings: Settings) -> float:
    """ "prefer": 1 for the same department; otherwise 1 for different ones; 0.5 (neutral)
    when either department is unknown."""
    if category_key(a) is None or category_key(b) is None:
        return 0.5
    same = same_department(a, b)
    if settings.same_department == "prefer":
        return 1.0 if same else 0.0
    return 0.0 if same else 1.0


def diversity_score(a: Mapping[str, str], b: Mapping[str, str], settings: Settings) -> float:
    """Mean over ``settings.diversity_attributes`` of 1 when both consented and differ,
    0 when both consented and match (by :func:`category_key`), 0.5 otherwise; 0 when no
    attribute is configured."""
    attributes = settings.diversity_attributes
    if not attributes:
        return 0.0
    total = 0.0
    for attribute in attributes:
        x, y = category_key(a.get(attribute)), category_key(b.get(attribute))
        total += 0.5 if x is None or y is None else float(x != y)
    return total / len(attributes)


def skills_score(mentor: Person, mentee: Person, taxonomy: Taxonomy, settings: Settings) -> float:
    forward = directed_skills(mentor, mentee, taxonomy)
    if settings.program_type != "mutual":
        return forward
    backward = directed_skills(mentee, mentor, taxonomy)
    if settings.mutual_combine == "min":
        return min(forward, backward)
    return (forward + backward) / 2.0


def criterion_scores(
    mentor: Person, mentee: Person, taxonomy: Taxonomy, settings: Settings
) -> dict[str, float]:
    """Every criterion's score in [0, 1] for one pair, before weights."""
    at = settings.timezone_reference
    return {
        "skills": skills_score(mentor, mentee, taxonomy, settings),
        "interests": interests_score(mentor.interests, mentee.interests),
        "personality": personality_score(mentor.extraversion, mentee.extraversion),
        "gap": gap_score(mentor, mentee, settings),
        "department": department_score(mentor.department, mentee.department, settings),
        "timezone": timezone_score(
            utc_offset(mentor.timezone, at), utc_offset(mentee.timezone, at)
        ),
        "diversity": diversity_score(mentor.diversity, mentee.diversity, settings),
    }


def contributions(
    mentor: Person, mentee: Person, taxonomy: Taxonomy, settings: Settings
) -> dict[str, float]:
    """Weighted contribution of each criterion; they add up to :func:`pair_score`."""
    weights = settings.weights.as_dict()
    scores = criterion_scores(mentor, mentee, taxonomy, settings)
    return {c: weights[c] * scores[c] for c in CRITERIA}


def pair_score(mentor: Person, mentee: Person, taxonomy: Taxonomy, settings: Settings) -> float:
    """The pair's score: the sum of its contributions."""
    return sum(contributions(mentor, mentee, taxonomy, settings).values())
