"""Writing training: modules and completions (modules.py), the resources library
(resources.py). Seed content lives in remento/training/catalogue.py."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from django.db.models import QuerySet

# Why a training service refuses someone who does not coordinate the organisation.
COORDINATORS_ONLY = "Only the organisation's program coordinators may do this."


def title_error(
    title: str, *, noun: str, max_length: int, taken: str, others: QuerySet[Any]
) -> str:
    """What is wrong with a module's or a resource's ``title`` (already trimmed), or "".

    ``others`` holds the rows the title must differ from, case aside (the program's other
    modules, the rest of the library); ``taken`` says so, with ``{title}`` in it.
    """
    if not title:
        return f"Give the {noun} a title."
    if len(title) > max_length:
        return f"Keep the title to {max_length} characters (it has {len(title)})."
    if others.filter(title__iexact=title).exists():
        return taken.format(title=title)
    return ""


def trimmed_fields(data: Any) -> dict[str, object]:
    """A service input dataclass as the model's field values, text trimmed."""
    values = {field.name: getattr(data, field.name) for field in fields(data)}
    return {name: v.strip() if isinstance(v, str) else v for name, v in values.items()}


def titles_in(rows: QuerySet[Any]) -> set[str]:
    """The titles ``rows`` already use, lower case: what a seed must not add again."""
    return {title.lower() for title in rows.values_list("title", flat=True)}
