"""The one text search over people, used by every search box that finds a person: the
directory, the roles page, nominations and a program's participants.

Every word must match one of the person's names, work email, job title or employee id
(the id whole, case aside; the others anywhere in the text, case aside). The lookups are
``icontains`` and ``iexact``: on PostgreSQL they read ``UPPER(column) LIKE UPPER('%word%')``
and ``UPPER(employee_id) = UPPER('word')``, which the expression indexes of migration
``people.0008_search_indexes`` serve (trigram GIN indexes for the first, a B-tree for the
second), so a search reads a few index pages instead of every person of the company. On
SQLite the same lookups are ``LIKE`` (case-insensitive for ASCII letters) and give the
same people.
"""

from __future__ import annotations

from django.db.models import Q

# Searched anywhere in the text; each has a trigram index on UPPER(column) on PostgreSQL.
CONTAINS_FIELDS = ("first_name", "last_name", "preferred_name", "email", "title")
# Matched whole (an id "12" must not find "120"); a B-tree index on UPPER(employee_id).
EXACT_FIELDS = ("employee_id",)


def person_text_filter(text: str, *, prefix: str = "") -> Q:
    """A filter for the people (or the rows that point at a person through ``prefix``,
    e.g. ``"employee__"``) matching every word of ``text``; matches everyone for no words.
    """
    condition = Q()
    for word in text.split():
        any_field = Q()
        for name in CONTAINS_FIELDS:
            any_field |= Q(**{f"{prefix}{name}__icontains": word})
        for name in EXACT_FIELDS:
            any_field |= Q(**{f"{prefix}{name}__iexact": word})
        condition &= any_field
    return condition
