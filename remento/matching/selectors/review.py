"""Reading a run under review one page at a time: its pairs, unmatched and removed people,
filtered and sorted (a row's swap search is in ``selectors.swaps``).

The page never lists the whole run: a run of 5,000 pairs reads as 50 rows a page.
Every selector takes a run already fetched inside the viewer's program
(``match_run_get``); the number of queries does not grow with the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, overload

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from remento.matching.models import MatchRun, ProposedPair, Unmatched
from remento.people.models import Department

REVIEW_PAGE_SIZE = 50

Show = Literal["pairs", "unmatched", "removed"]

SHOW_CHOICES: dict[str, str] = {
    "pairs": "Proposed pairs",
    "unmatched": "Unmatched people",
    "removed": "Removed pairs",
}

# The order of the pairs: (label, ORDER BY). Best first is what the page always showed.
SORTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "best": ("Best score first", ("-score", "id")),
    "lowest": ("Lowest score first", ("score", "id")),
    "mentor": ("By mentor's name", ("mentor__last_name", "mentor__first_name", "id")),
    "mentee": ("By mentee's name", ("mentee__last_name", "mentee__first_name", "id")),
}

# The warnings the engine writes (``engine.explain``), by kind: (label, words every warning
# of that kind holds). The warnings are stored as a JSON list of sentences, so a kind is
# found by its words in the list's text, which reads the same on SQLite and PostgreSQL.
WARNINGS: dict[str, tuple[str, str | None]] = {
    "any": ("Any warning", None),
    "skills": ("Cannot teach a wanted skill", "cannot teach any skill"),
    "hours": ("Few working hours in common", "in common"),
    "time": ("Very different hours a month", " h a month"),
    "introverted": ("Both strongly introverted", "strongly introverted"),
    "extraverted": ("Both strongly extraverted", "strongly extraverted"),
}


@dataclass(frozen=True)
class ReviewFilters:
    """What the review lists: which rows, in which order, narrowed by department, warning
    and name; every part is optional."""

    show: Show = "pairs"
    sort: str = "best"
    department_id: int | None = None
    warning: str = ""
    text: str = ""

    @property
    def sort_label(self) -> str:
        return SORTS.get(self.sort, SORTS["best"])[0]

    @property
    def narrowed(self) -> bool:
        """Whether any filter leaves rows out (the sort alone does not)."""
        return bool(self.department_id or self.warning or self.text)


def name_matches(prefix: str, text: str) -> Q:
    """Every word of ``text`` in the first, last or preferred name of ``prefix``."""
    query = Q()
    for word in text.split():
        query &= (
            Q(**{f"{prefix}first_name__icontains": word})
            | Q(**{f"{prefix}last_name__icontains": word})
            | Q(**{f"{prefix}preferred_name__icontains": word})
        )
    return query


def _pairs(run: MatchRun, filters: ReviewFilters, *, removed: bool) -> QuerySet[ProposedPair]:
    rows = run.proposals.filter(removed=removed).select_related(
        "mentor__department", "mentee__department"
    )
    if filters.department_id:
        rows = rows.filter(
            Q(mentor__department_id=filters.department_id)
            | Q(mentee__department_id=filters.department_id)
        )
    if filters.text:
        rows = rows.filter(
            name_matches("mentor__", filters.text) | name_matches("mentee__", filters.text)
        )
    if filters.warning in WARNINGS:
        words = WARNINGS[filters.warning][1]
        rows = (
            rows.exclude(warnings=[]) if words is None else rows.filter(warnings__icontains=words)
        )
    return rows.order_by(*SORTS.get(filters.sort, SORTS["best"])[1])


class PairsById:
    """The sorted, filtered pairs for the ``Paginator``, read a page at a time in two steps:
    the page's ids by the sort alone (``OFFSET`` over the ``(run, removed, -score, id)``
    index for the score sorts), then those pairs with their people. With the ``OFFSET`` on
    the whole query PostgreSQL sorted and joined every pair of the run to reach a deep page:
    the last page of a 6,000-pair run cost its server 200 ms of CPU, the first 40 ms."""

    ordered = True  # the Paginator warns about a list without an order

    def __init__(self, rows: QuerySet[ProposedPair]) -> None:
        self._rows = rows

    def count(self) -> int:
        return self._rows.count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[ProposedPair]:
        return iter(self._rows)

    @overload
    def __getitem__(self, index: int, /) -> ProposedPair: ...
    @overload
    def __getitem__(self, index: slice, /) -> list[ProposedPair]: ...
    def __getitem__(self, index: int | slice, /) -> ProposedPair | list[ProposedPair]:
        if isinstance(index, int):
            return self._rows[index]
        ids = list(self._rows.values_list("pk", flat=True)[index])
        found = self._rows.in_bulk(ids)
        return [found[pk] for pk in ids]


def _unmatched(run: MatchRun, filters: ReviewFilters) -> QuerySet[Unmatched]:
    rows = run.unmatched.select_related("employee__department")
    if filters.department_id:
        rows = rows.filter(employee__department_id=filters.department_id)
    if filters.text:
        rows = rows.filter(name_matches("employee__", filters.text))
    return rows.order_by("role", "employee__last_name", "employee__first_name", "id")


def review_page(
    *, run: MatchRun, filters: ReviewFilters, page_number: str | int | None
) -> Page[ProposedPair] | Page[Unmatched]:
    """One page (``REVIEW_PAGE_SIZE`` rows) of the run's proposed pairs, unmatched people
    or removed pairs, as ``filters.show`` says. Two queries, the count and the page (three
    for pairs: the page's ids, then its rows, see ``PairsById``)."""
    if filters.show == "unmatched":
        return Paginator(_unmatched(run, filters), REVIEW_PAGE_SIZE).get_page(page_number)
    rows = PairsById(_pairs(run, filters, removed=filters.show == "removed"))
    return Paginator(rows, REVIEW_PAGE_SIZE).get_page(page_number)


def review_departments(*, run: MatchRun) -> QuerySet[Department]:
    """The departments of the run's organisation, for the filter's choices."""
    return Department.objects.filter(organization_id=run.program.organization_id).order_by("name")
