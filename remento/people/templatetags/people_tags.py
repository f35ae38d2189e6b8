"""Small display helpers for the people pages."""

from __future__ import annotations

from django import template

from remento.core.models import Organization

register = template.Library()

_EXTRAVERSION = {
    1: "strongly introverted",
    2: "rather introverted",
    3: "in between",
    4: "rather extroverted",
    5: "strongly extroverted",
}


@register.filter
def level_name(organization: Organization, level: int | None) -> str:
    """``{{ organization|level_name:employee.level }}`` → "3 · Professional"."""
    return organization.level_name(level)


@register.filter
def extraversion_label(score: int | None) -> str:
    """``{{ employee.extraversion|extraversion_label }}`` → "4 / 5 · rather extroverted"."""
    if score is None or score not in _EXTRAVERSION:
        return "not said"
    return f"{score} / 5 · {_EXTRAVERSION[score]}"
