"""Reading a program's pairs for its coordinators one page at a time: how many pairs are in
each status, then 50 pairs a page (keyset pages: the last as quick as the first), filtered
by status and by a mentor's or mentee's name, each with its launch state, launching pairs first.

The number of queries does not grow with the program: the counts, the filtered total, the
page, and for the page's pairs only their signatures, checklist ticks and missing training.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from remento.core.paging import KeysetPage, keyset_page
from remento.people.models import Employee
from remento.people.search import person_text_filter
from remento.programs.models import Program
from remento.relationships.models import Pair, PairStatus
from remento.relationships.selectors import PairOverviewRow, meeting_agreed, overview_rows

PAGE_SIZE = 50
# Launching pairs first (what still stops them is the page's point), then active, then
# closed (``Pair.status_rank``), each by the mentee's name as sorted (copied onto the pair);
# the pk last keeps pairs of one name in a stable order. The index
# (program, status_rank, mentee_sort_name, id) serves any page without reading the program.
ORDER = ("status_rank", "mentee_sort_name", "id")


@dataclass(frozen=True)
class PairFilters:
    """What the coordinator narrowed the list to: a status ("" for any) and words that a
    mentor's or mentee's name, email, job title or employee id must match."""

    status: str = ""
    text: str = ""

    @property
    def any(self) -> bool:
        return bool(self.status or self.text.strip())


@dataclass(frozen=True)
class ProgramPairsPage:
    """The program's pairs by status (label, value, count) and one page of the filtered
    pairs with their launch state."""

    counts: list[tuple[str, str, int]]
    page: KeysetPage[Pair]
    rows: list[PairOverviewRow]

    def count_of(self, status: str) -> int:
        return next((count for _label, value, count in self.counts if value == status), 0)

    @property
    def total(self) -> int:
        return sum(count for _label, _value, count in self.counts)


def _filtered(program: Program, filters: PairFilters) -> QuerySet[Pair]:
    pairs = Pair.objects.filter(program=program)
    if filters.status:
        # The rank too, so that the list's index serves the page of one status.
        rank = PairStatus.values.index(filters.status) if filters.status in PairStatus else None
        pairs = pairs.filter(status=filters.status, status_rank=rank)
    if filters.text.strip():
        # The people first (the directory's search: trigram indexes on PostgreSQL), then
        # the pairs of those people, rather than a text match across two joins. Only the
        # program's people are searched (the pairs' two lists of ids; no filter by the
        # organisation, which a program's pairs never leave): a database without a text
        # index (SQLite) then matches the words against the program, not the company.
        in_program = Pair.objects.filter(program=program)
        people = Employee.objects.filter(
            Q(pk__in=in_program.values("mentor_id")) | Q(pk__in=in_program.values("mentee_id")),
            person_text_filter(filters.text),
        ).values("pk")
        pairs = pairs.filter(Q(mentor_id__in=people) | Q(mentee_id__in=people))
    return pairs


def pair_counts_by_status(program: Program) -> dict[str, int]:
    """How many of ``program``'s pairs are in each status (absent: none). One query."""
    return dict(
        Pair.objects.filter(program=program)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )


def program_pairs_page(
    *, program: Program, filters: PairFilters, cursor: str | None = None
) -> ProgramPairsPage:
    """``program``'s pairs for its coordinators (the caller checks): the count in each
    status, then ``PAGE_SIZE`` pairs matching ``filters`` from ``cursor`` (a bad cursor
    gives the first page), launching pairs first, each with its signatures, training and
    what still stops it from starting. Eight queries whatever the number of pairs."""
    by_status = pair_counts_by_status(program)
    filtered = _filtered(program, filters)
    # The counts by status already hold the total unless words narrow the list.
    total = (
        filtered.count()
        if filters.text.strip()
        else sum(
            n for status, n in by_status.items() if status == filters.status or not filters.status
        )
    )
    page: KeysetPage[Pair] = keyset_page(
        filtered.select_related("mentor__department", "mentee__department", "agreement")
        .prefetch_related("signatures", "checklist_ticks")
        .annotate(agreed_meeting=meeting_agreed()),
        order=ORDER,
        size=PAGE_SIZE,
        cursor=cursor,
        total=total,
    )
    return ProgramPairsPage(
        counts=[
            (str(label), value, by_status.get(value, 0)) for value, label in PairStatus.choices
        ],
        page=page,
        rows=overview_rows(program=program, pairs=page.rows),
    )
