"""``{% load outcomes_figures %}``: a measured figure as the pages write it.

``{{ result.value|figure:result.unit }}`` → "1.8 meetings", "72%", "4.1/5", a dash for none;
``{{ result.interval|interval:result.unit }}`` → "95% CI 1.2 to 2.4 meetings".
"""

from __future__ import annotations

from decimal import Decimal

from django import template

from remento.outcomes.charts import number
from remento.outcomes.dashboards.figures import interval_text
from remento.outcomes.results import Interval

register = template.Library()


@register.filter
def figure(value: float | Decimal | None, unit: str = "") -> str:
    return number(None if value is None else float(value), unit)


@register.filter
def interval(value: Interval | None, unit: str = "") -> str:
    return interval_text(value, unit)
