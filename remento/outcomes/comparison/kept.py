"""A program's comparisons as the task worker keeps them (``outcomes.kept.services``).

Counting the comparison group reads every eligible person of the organisation, and
following the mentors reads every mentor of the program: the pages read the comparison the
worker worked out, with ``counted_at`` saying when, and work it out themselves only while
none is kept.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from remento.outcomes.kept.store import read_kept
from remento.outcomes.results import Comparison, Interval
from remento.programs.models import Program


def kept_name(measure: str) -> str:
    """The name ``measure``'s comparison is kept under (``retention``, ``promotion``)."""
    return f"comparison:{measure}"


def to_payload(comparison: Comparison) -> dict[str, Any]:
    """``comparison`` as JSON (what the worker keeps), without when it was counted."""
    payload = dataclasses.asdict(comparison)
    del payload["counted_at"]
    return payload


def from_payload(payload: dict[str, Any]) -> Comparison:
    interval = payload["interval"]
    return Comparison(**{**payload, "interval": None if interval is None else Interval(**interval)})


def kept_comparison(program: Program, measure: str) -> Comparison | None:
    """``program``'s comparison for ``measure`` as the worker last kept it (its
    ``counted_at`` then), or None when none is kept. One query."""
    kept = read_kept(program.organization_id, kept_name(measure), program.pk)
    if kept is None:
        return None
    return dataclasses.replace(from_payload(kept.payload), counted_at=kept.computed_at)
