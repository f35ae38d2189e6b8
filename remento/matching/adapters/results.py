"""What the adapter hands back: plain data keyed by employee primary keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from remento.matching.engine import (
    LOCKED_ELSEWHERE,
    LOST_TO_BETTER_MATCH,
    NO_CAPACITY,
    NO_ELIGIBLE_PARTNER,
)

UNMATCHED_WORDS = {
    NO_ELIGIBLE_PARTNER: (
        "No eligible partner in the pool: every possible partner breaks a rule "
        "(level gap, reporting line, department or time zone)."
    ),
    LOST_TO_BETTER_MATCH: "Their eligible partners all went to better overall matches.",
    NO_CAPACITY: "Capacity 0: they take no mentee in this program.",
    LOCKED_ELSEWHERE: "Every eligible partner is already in a pair the coordinator locked.",
}


class PairForbidden(Exception):
    """The pair breaks a hard constraint; the message says which, in plain words."""


@dataclass(frozen=True)
class PairResult:
    """A scored pair as people may read it: scored without the diversity criterion, whose
    contribution and reason never appear; the contributions add up to ``score``."""

    mentor_id: int
    mentee_id: int
    score: float
    contributions: dict[str, float]
    reasons: list[str]
    warnings: list[str]


@dataclass(frozen=True)
class UnmatchedResult:
    employee_id: int
    role: str
    reason: str


@dataclass(frozen=True)
class MatchOutcome:
    """What a run proposes: pairs (best first), the unmatched with reasons, and a summary
    (pairs, total, minimum, p10, median, mean, unmatched counts and by department)."""

    pairs: list[PairResult]
    unmatched: list[UnmatchedResult]
    summary: dict[str, Any]


@dataclass(frozen=True)
class SuggestionResult:
    mentor_id: int
    rank: int
    score: float
    contributions: dict[str, float]
    reasons: list[str]
    warnings: list[str]


def _unmatched_words(reason: str) -> str:
    return UNMATCHED_WORDS.get(reason, reason[:1].upper() + reason[1:])
