"""Writing the pairs CSV: pairs with their reasons, then the unmatched."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from typing import TextIO

from ..model import Explanation, MatchResult


def write_pairs(
    out: TextIO, result: MatchResult, explanations: Mapping[tuple[str, str], Explanation]
) -> None:
    """Pairs (mentor_id, mentee_id, score, reasons, warnings), then the unmatched."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["mentor_id", "mentee_id", "score", "reasons", "warnings"])
    for pair in result.pairs:
        explanation = explanations[(pair.mentor_id, pair.mentee_id)]
        reasons = [r.text for r in explanation.reasons]
        if pair.locked:
            reasons.insert(0, "Locked by the coordinator")
        writer.writerow(
            [
                pair.mentor_id,
                pair.mentee_id,
                f"{pair.score:.4f}",
                "; ".join(reasons),
                "; ".join(explanation.warnings),
            ]
        )
    for person in result.unmatched:
        mentor_id, mentee_id = (
            (person.person_id, "") if person.role == "mentor" else ("", person.person_id)
        )
        writer.writerow([mentor_id, mentee_id, "", f"Unmatched {person.role}: {person.reason}", ""])
