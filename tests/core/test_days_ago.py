"""How long ago a moment was, in calendar days of the reader's zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.utils import timezone

from remento.core.viewer_time import days_ago

NOW = datetime(2026, 12, 8, 0, 30, tzinfo=UTC)


def test_calendar_days_in_the_zone_not_whole_periods_of_24_hours() -> None:
    assert days_ago(datetime(2026, 12, 8, 0, 5, tzinfo=UTC), now=NOW) == "today"
    assert days_ago(datetime(2026, 12, 7, 23, 0, tzinfo=UTC), now=NOW) == "yesterday"
    assert days_ago(datetime(2026, 11, 29, 1, 0, tzinfo=UTC), now=NOW) == "9 days ago"
    assert days_ago(datetime(2026, 11, 29, 23, 0, tzinfo=UTC), now=NOW) == "9 days ago"


def test_the_reader_zone_decides_which_day_it_was() -> None:
    # 23:00 UTC on the 7th is already the 8th in Tokyo, where it is now 09:30 on the 8th.
    late = datetime(2026, 12, 7, 23, 0, tzinfo=UTC)
    assert days_ago(late, now=NOW, zone=ZoneInfo("Asia/Tokyo")) == "today"
    with timezone.override(ZoneInfo("America/New_York")):
        # 18:00 on the 7th there, and it is 19:30 on the 7th: the same day.
        assert days_ago(late, now=NOW) == "today"


def test_the_template_filter_reads_the_active_zone() -> None:
    template = Template("{% load viewer_time %}{{ moment|days_ago }}|{{ nothing|days_ago }}")
    moment = timezone.now() - timedelta(days=3)
    assert template.render(Context({"moment": moment, "nothing": None})) == "3 days ago|"
