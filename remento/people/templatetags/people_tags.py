"""Small display helpers for the people pages."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from remento.core.models import Organization
from remento.people.models import Employee

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
def person(employee: Employee | None) -> str:
    """``{{ pair.mentor|person }}``: the name, then job title and department, so two people
    with the same name are told apart (escaped; safe markup only around them). What
    ``_person.html`` shows; long tables use the filter directly, far cheaper than an include."""
    if employee is None:
        return ""
    name = employee.display_name
    context = person_context(employee)
    if not context:
        return name
    return format_html('{}<br><span class="muted person-context">{}</span>', name, context)


@register.filter
def person_context(employee: Employee | None) -> str:
    """``{{ pair.mentor|person_context }}``: "Job title · Department" (what tells two people
    of one name apart), or what there is of it."""
    if employee is None:
        return ""
    return " · ".join(str(part) for part in (employee.title, employee.department) if part)


@register.filter
def extraversion_label(score: int | None) -> str:
    """``{{ employee.extraversion|extraversion_label }}`` → "4 / 5 · rather extroverted"."""
    if score is None or score not in _EXTRAVERSION:
        return "not said"
    return f"{score} / 5 · {_EXTRAVERSION[score]}"
