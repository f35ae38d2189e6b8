"""``{{ moment|days_ago }}``: "today", "yesterday" or "8 days ago" in the reader's zone."""

from __future__ import annotations

from datetime import datetime

from django import template

from remento.core import viewer_time

register = template.Library()


@register.filter
def days_ago(moment: datetime | None) -> str:
    return viewer_time.days_ago(moment) if moment else ""
