"""Dates and times in the signed-in person's own time zone, on every page.

Times are stored in UTC. Meetings name their zone explicitly wherever they are shown; every
other moment (a note saved, a check-in answered, an email sent, an entry of the audit log)
is shown in the time zone of whoever reads the page, the one on their profile, and "today"
is their today. An email is written in its recipient's zone (``notifications.notify``), not
in that of the person whose action sent it, and a document the worker writes for someone in
theirs (``reading_in``). Pages without a person behind them (signed out,
the platform operator) and work done outside a request keep the site's zone
(``TIME_ZONE``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone

from remento.core.timezones import zone_named


def viewer_zone(request: HttpRequest) -> ZoneInfo | None:
    """The time zone on the signed-in person's profile (``None``: nobody, or no zone)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    employee = getattr(user, "employee", None)
    return zone_named(employee.timezone) if employee is not None else None


def days_ago(moment: datetime, *, now: datetime | None = None, zone: tzinfo | None = None) -> str:
    """ "today", "yesterday" or "8 days ago": how many calendar days back ``moment`` fell in
    ``zone`` (the zone in use: the reader's), as a person counts them beside a date; a
    meeting held last night is "yesterday", not "0 days ago"."""
    today = timezone.localdate(now or timezone.now(), timezone=zone)
    days = (today - timezone.localdate(moment, timezone=zone)).days
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"


@contextmanager
def reading_in(zone_name: str) -> Iterator[None]:
    """Render, within, in the zone ``zone_name`` (the site's zone when it names none): for
    what is made for one person outside their own request, an email to them or a document
    the worker writes for them."""
    with timezone.override(zone_named(zone_name) or timezone.get_default_timezone()):
        yield


class ViewerTimeZoneMiddleware:
    """Activates :func:`viewer_zone` for the request (after the sign-in is known)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        zone = viewer_zone(request)
        if zone is None:
            return self.get_response(request)
        with timezone.override(zone):
            return self.get_response(request)
