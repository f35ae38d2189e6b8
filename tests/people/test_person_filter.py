"""The ``person`` filter: a person in a table, as the ``_person.html`` include showed them
before the long tables moved to the filter (the same markup, escaped the same way)."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from remento.people.models import Department, Employee

# The include's markup before it became the filter's, kept here as the oracle.
INCLUDE = (
    '{{ person.display_name }}{% if person.title or person.department %}<br><span class="muted'
    ' person-context">{{ person.title|default:"" }}{% if person.title and person.department %}'
    ' · {% endif %}{{ person.department|default:"" }}</span>{% endif %}'
)


def _render(source: str, person: Employee | None) -> str:
    return Template(source).render(Context({"person": person}))


@pytest.mark.parametrize(
    ("title", "department"),
    [("Analyst", "Data & AI"), ("<b>Chief</b>", None), ("", "R&D"), ("", None)],
)
def test_a_person_reads_as_the_include_did(title: str, department: str | None) -> None:
    person = Employee(
        first_name="Ada",
        preferred_name="<Ada>",
        last_name="O'Hara",
        title=title,
        department=Department(name=department) if department else None,
    )

    shown = _render("{% load people_tags %}{{ person|person }}", person)

    assert shown == _render(INCLUDE, person)
    assert "<Ada>" not in shown
    assert "<b>" not in shown


def test_nobody_reads_as_nothing() -> None:
    assert _render("{% load people_tags %}{{ person|person }}", None) == ""
    assert _render('{% include "_person.html" %}', None).strip() == ""
