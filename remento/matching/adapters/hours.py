"""Working hours in common, for the cards people read."""

from __future__ import annotations

from datetime import UTC, datetime, time

from remento.matching.engine import (
    DEFAULT_TIMEZONE_REFERENCE,
    WORKDAY_HOURS,
    offset_diff,
    utc_offset,
)
from remento.programs.models import Program

from .values import _timezone


def working_hours_in_common(*, program: Program, first: str, second: str) -> float | None:
    """Hours of an 8-hour working day two time zones share, measured as the engine measures
    them (at the program's start, or the engine's reference date); None when either zone
    is unknown."""
    at = (
        datetime.combine(program.start_date, time(12), tzinfo=UTC)
        if program.start_date
        else DEFAULT_TIMEZONE_REFERENCE
    )
    zones = _timezone(first), _timezone(second)
    if zones[0] is None or zones[1] is None:
        return None
    a, b = utc_offset(zones[0], at), utc_offset(zones[1], at)
    if a is None or b is None:
        return None
    return max(0.0, WORKDAY_HOURS - offset_diff(a, b))
