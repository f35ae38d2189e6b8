"""A person's name as lists sort it, and the copies of it kept beside other apps' rows.

A program's participants (its enrolments) and its pairs (by the mentee) are listed by the
person's name, 50 at a time. Sorting by a column of another table makes the database read
and sort the whole program for every page, so those rows keep a copy of the name as sorted
(``sort_name``), which an index ending (..., sort_name, id) answers a page from at the same
cost at any size.

The rule is ``Employee.sort_name``: the last name, a tab, the first name. A tab sorts before
every character a name holds, so the copy sorts exactly as (last name, first name) did.

The apps that keep a copy register it here (``register_sort_name_copy``) from their
``AppConfig.ready``: the people app sits below them. Whatever changes a person's name
(the HRIS import, SCIM, the admin, erasure) calls ``sort_names_refresh`` with their pks,
which rewrites every copy of those people in one statement per copy and batch; rows are
given the copy when they are made (``person.sort_name``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import CharField, Model, OuterRef, Subquery, Value
from django.db.models.functions import Concat

from remento.people.models import Employee

SEPARATOR = "\t"
MAX_LENGTH = 201  # the two names (100 each, ``Employee``) and the separator
BATCH = 500


def sort_name_sql() -> Concat:
    """``Employee.sort_name`` written in SQL, for the copies rewritten in place (a test
    holds the two to the same value)."""
    return Concat("last_name", Value(SEPARATOR), "first_name", output_field=CharField())


@dataclass(frozen=True)
class SortNameCopy:
    model: type[Model]
    person_field: str  # the foreign key to the person, e.g. "employee" or "mentee"
    copy_field: str  # the copied name, e.g. "sort_name"


_copies: dict[str, SortNameCopy] = {}


def register_sort_name_copy(
    name: str, *, model: type[Model], person_field: str, copy_field: str
) -> None:
    """Keep ``model.copy_field`` equal to the sort name of ``model.person_field``."""
    _copies[name] = SortNameCopy(model=model, person_field=person_field, copy_field=copy_field)


def sort_names_refresh(employee_pks: Iterable[int]) -> None:
    """Rewrite every registered copy of these people's sort names from their rows (after
    their names changed). One UPDATE per copy and batch of ``BATCH`` people."""
    pks = sorted(set(employee_pks))
    current = Employee.objects.annotate(key=sort_name_sql())
    for start in range(0, len(pks), BATCH):
        batch = pks[start : start + BATCH]
        for copy in _copies.values():
            person = f"{copy.person_field}_id"
            copy.model._default_manager.filter(**{f"{person}__in": batch}).update(
                **{copy.copy_field: Subquery(current.filter(pk=OuterRef(person)).values("key")[:1])}
            )
