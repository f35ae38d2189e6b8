"""Time zones: the one list of names, the one check (and its message) and local times.

Profiles, the people import, enrolment, the partner page, next steps and the time-zone
box of every form read this module, so a name one page accepts every other accepts too.
Names are IANA zones ("Europe/Paris") or "UTC"; the import reads a name typed in another
case ("europe/paris") as the zone it names. The matching engine, which may not import the apps,
reads the same names with ``zoneinfo`` (and also takes UTC offsets in a CSV).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

EXAMPLE = "Europe/Paris"


@cache
def zone_names() -> tuple[str, ...]:
    """Every time zone name this machine knows, sorted, UTC included (read once: it
    scans tzdata)."""
    return tuple(sorted(available_timezones() | {"UTC"}))


@cache
def _known() -> frozenset[str]:
    return frozenset(zone_names())


@cache
def _folded() -> dict[str, str]:
    """Lower-cased name -> the name as IANA spells it."""
    return {name.casefold(): name for name in zone_names()}


def canonical_zone(name: str) -> str | None:
    """The zone ``name`` stands for, spelled as IANA does (``None`` when none)."""
    return _folded().get(name.strip().casefold())


def zone_problem(name: str) -> str | None:
    """What is wrong with ``name`` as a time zone, in words; ``None`` when it is one,
    spelled as IANA does (read a typed name through :func:`canonical_zone` first)."""
    if name in _known():
        return None
    return f"“{name}” is not a time zone we know; use a name such as {EXAMPLE}."


@cache
def zone_named(name: str) -> ZoneInfo | None:
    """The time zone ``name`` stands for (``None`` when it is none we know)."""
    canonical = canonical_zone(name)
    if canonical is None:
        return None
    try:
        return ZoneInfo(canonical)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def local_time(zone: str, now: datetime) -> datetime | None:
    """``now`` in ``zone`` (``None`` for a name that is not a zone)."""
    found = zone_named(zone)
    return now.astimezone(found) if found is not None else None


def utc_offset_hours(zone: str, at: datetime) -> float | None:
    """The UTC offset of ``zone`` at ``at`` in hours (daylight saving time included)."""
    local = local_time(zone, at)
    offset = local.utcoffset() if local is not None else None
    return None if offset is None else offset.total_seconds() / 3600.0
