"""What the health rules read from the check-ins and the safe way out, for many pairs at once.

Both are separate parts of the workspace; these functions are the only place the health
board touches them, and they return plain figures, never an answer's words or who asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from remento.relationships.checkins.selectors import checkin_summaries
from remento.relationships.models import Pair
from remento.relationships.safety import selectors as safety_selectors


@dataclass(frozen=True)
class CheckinFacts:
    """One person's check-ins in one pair."""

    latest_rating: int | None = None
    previous_rating: int | None = None
    unanswered: int = 0
    not_a_good_fit: bool = False


def checkin_facts(*, pairs: list[Pair]) -> dict[int, dict[int, CheckinFacts]]:
    """Pair id -> employee id -> that person's check-in facts, from the check-ins' own
    selector (a constant number of queries)."""
    if not pairs:
        return {}
    facts: dict[int, dict[int, CheckinFacts]] = {}
    for pair_id, summary in checkin_summaries(pairs=pairs).items():
        facts[pair_id] = {
            person.employee_id: CheckinFacts(
                latest_rating=person.latest_rating,
                previous_rating=person.previous_rating,
                unanswered=person.unanswered,
                not_a_good_fit=person.not_good_fit,
            )
            for person in summary.people
        }
    return facts


def open_safety_requests(*, pairs: list[Pair]) -> dict[int, int]:
    """Pair id -> how many of its safe-way-out requests wait for the coordinator (counts
    only, never who asked; coordinators only: the pair's own page never reads this)."""
    return safety_selectors.open_safety_requests(pairs=pairs) if pairs else {}
