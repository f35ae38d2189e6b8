"""Checks on what people enter for a meeting: its time (in the proposer's zone), its length,
the place, video link and agenda, and the days of a series that follows the pair's cadence."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from remento.core.errors import FieldErrors
from remento.relationships.meetings.calendar import zone
from remento.relationships.meetings.models import (
    DURATION_MAX,
    DURATION_MIN,
    OPEN_STATUSES,
    Meeting,
)
from remento.relationships.models import Pair

SERIES_MAX = 26
AGENDA_MAX = 4000
LOCATION_MAX = 200
VIDEO_URL_MAX = 500
# Only web links: a video link is shown as a link on the pair's page.
VIDEO_URL = URLValidator(schemes=["http", "https"])
# A working day, in a person's own zone: a meeting outside it, or on a Saturday or Sunday,
# is proposed only once the proposer confirms it (the partner may be asleep at that hour).
WORKDAY_STARTS, WORKDAY_ENDS = time(8, 0), time(20, 0)


def check_time(
    *, day: date | None, at: time | None, duration_minutes: int | None, zone_name: str
) -> tuple[dict[str, str], datetime | None]:
    errors: dict[str, str] = {}
    if day is None:
        errors["day"] = "Choose the day of the meeting."
    if at is None:
        errors["at"] = "Choose the time the meeting starts."
    if duration_minutes is None or not DURATION_MIN <= duration_minutes <= DURATION_MAX:
        errors["duration_minutes"] = (
            f"A meeting lasts between {DURATION_MIN} and {DURATION_MAX} minutes."
        )
    if day is None or at is None:
        return errors, None
    starts_at = local_to_utc(day, at, zone_name)
    if starts_at.astimezone(zone(zone_name)).replace(tzinfo=None) != datetime.combine(day, at):
        errors["at"] = (
            f"There is no {at:%H:%M} on {day.day} {day:%B %Y} in {zone_name}: the clocks go "
            "forward that night. Choose another time."
        )
    elif starts_at <= timezone.now():
        errors["day"] = "Choose a time in the future."
    return errors, starts_at


def outside_working_day(starts_at: datetime, duration_minutes: int, zone_name: str) -> str:
    """When a meeting falls for someone in ``zone_name`` if that is outside their working
    day ("03:00 on Saturday 12 December"); "" when it is within it."""
    local = starts_at.astimezone(zone(zone_name))
    ends = local + timedelta(minutes=duration_minutes)
    within = (
        local.weekday() < 5
        and local.time() >= WORKDAY_STARTS
        and ends.date() == local.date()
        and ends.time() <= WORKDAY_ENDS
    )
    return "" if within else f"{local:%H:%M} on {local:%A} {local.day} {local:%B}"


def local_to_utc(day: date, at: time, zone_name: str) -> datetime:
    """The UTC instant of the wall-clock ``day`` ``at`` in ``zone_name``. A time that does not
    exist (the hour skipped in spring) moves forward by the gap, as calendars do: a series'
    later day may fall there; the time a person types is refused (:func:`check_time`)."""
    return datetime.combine(day, at, tzinfo=zone(zone_name)).astimezone(UTC)


def check_overlap(
    *,
    pair: Pair,
    starts: list[datetime],
    duration_minutes: int,
    zone_name: str,
    moving: Meeting | None = None,
) -> dict[str, str]:
    """An error on the day when a new time overlaps another open meeting of the pair
    (proposed or confirmed; ``moving``, the meeting being moved, left out), naming that
    meeting in the person's zone. One query."""
    length = timedelta(minutes=duration_minutes)
    others = Meeting.objects.filter(
        pair=pair,
        status__in=OPEN_STATUSES,
        starts_at__lt=max(starts) + length,
        starts_at__gt=min(starts) - timedelta(minutes=DURATION_MAX),
    ).order_by("starts_at", "pk")
    if moving is not None:
        others = others.exclude(pk=moving.pk)
    for other in others:
        if any(start < other.ends_at and other.starts_at < start + length for start in starts):
            local = other.starts_at.astimezone(zone(zone_name))
            return {
                "day": f"This overlaps your meeting of {local:%A} {local.day} {local:%B %Y}, "
                f"{local:%H:%M}: choose another time."
            }
    return {}


def series_days(*, pair: Pair, first: date, occurrences: int) -> list[date]:
    if occurrences == 1:
        return [first]
    terms = getattr(pair, "agreement", None)
    cadence = terms.cadence_days if terms is not None else None
    if not cadence:
        raise FieldErrors(
            {"occurrences": "Agree how often you meet (in the agreement) to plan a series."}
        )
    return [first + timedelta(days=cadence * index) for index in range(occurrences)]


def check_details(
    *, location: str, video_url: str, agenda: str, occurrences: int
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not 1 <= occurrences <= SERIES_MAX:
        errors["occurrences"] = f"Plan between 1 and {SERIES_MAX} meetings at once."
    if len(agenda.strip()) > AGENDA_MAX:
        errors["agenda"] = f"Keep the agenda to {AGENDA_MAX} characters."
    if len(location.strip()) > LOCATION_MAX:
        errors["location"] = f"Keep the place to {LOCATION_MAX} characters."
    if len(video_url.strip()) > VIDEO_URL_MAX:
        errors["video_url"] = f"Keep the video link to {VIDEO_URL_MAX} characters."
    elif video_url.strip():
        try:
            VIDEO_URL(video_url.strip())
        except ValidationError:
            errors["video_url"] = "Enter the full video link, starting with https://."
    return errors
