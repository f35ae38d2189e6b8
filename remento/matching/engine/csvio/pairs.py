"""Writing the pairs CSV: pairs with their reasons, then the unmatched."""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping
from typing import TextIO

from ..model import Explanation, MatchResult


def _as_written(value: str) -> str:
    return value


def write_pairs(
    out: TextIO,
    result: MatchResult,
    explanations: Mapping[tuple[str, str], Explanation],
    *,
    text: Callable[[str], str] = _as_written,
) -> None:
    """Pairs (mentor_id, mentee_id, score, reasons, warnings), then the unmatched.

    ``text`` turns each text cell (ids, reasons, warnings) into what is written: the
    ``match-csv`` command passes the app's formula-neutralising function, so that an id
    read from a CSV such as ``=HYPERLINK(...)`` is never run by a spreadsheet."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["mentor_id", "mentee_id", "score", "reasons", "warnings"])
    for pair in result.pairs:
        explanation = explanations[(pair.mentor_id, pair.mentee_id)]
        reasons = [r.text for r in explanation.reasons]
        if pair.locked:
            reasons.insert(0, "Locked by the coordinator")
        writer.writerow(
            [
                text(pair.mentor_id),
                text(pair.mentee_id),
                f"{pair.score:.4f}",
                text("; ".join(reasons)),
                text("; ".join(explanation.warnings)),
            ]
        )
    for person in result.unmatched:
        mentor_id, mentee_id = (
            (person.person_id, "") if person.role == "mentor" else ("", person.person_id)
        )
        writer.writerow(
            [text(mentor_id), text(mentee_id), "", f"Unmatched {person.role}: {person.reason}", ""]
        )
