"""Reading a program's pairs for its coordinators one page at a time: how many pairs are in
each status, then 50 pairs a page (keyset pages: the last as quick as the first), filtered
by status and by a mentor's or mentee's name, each with its launch state, launching pairs first.

The number of queries does not grow with the program: the counts, the filtered total, the
page, and for the page's pairs only their signatures, checklist ticks and missing training.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from remento.core.paging import KeysetPage, keyset_page
from remento.people.models import Employee
from remento.people.search import person_text_filter
from remento.programs.models import Program
from remento.relationships.models import Pair, PairStatus
from remento.relationships.selectors import PairOverviewRow, meeting_agreed, overview_rows

PAGE_SIZE = 50
# Launching pairs first (what still stops them is the page's point), then active, then
# closed, each by the mentee's name; the pk last keeps pairs of one name in a stable order.
ORDER = ("status_rank", "mentee__last_name", "mentee__first_name", "id")
STATUS_RANK = Case(
    *(When(status=value, then=Value(rank)) for rank, value in enumerate(PairStatus.values)),
    output_field=IntegerField(),
)


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
        pairs = pairs.filter(status=filters.status)
    if filters.text.strip():
        # The people first (the directory's search: trigram indexes on PostgreSQL), then
        # the pairs of those people, rather than a text match across two joins.
        people = Employee.objects.filter(
            person_text_filter(filters.text), organization_id=program.organization_id
        ).values("pk")
        pairs = pairs.filter(Q(mentor_id__in=people) | Q(mentee_id__in=people))
    return pairs


def program_pairs_page(
    *, program: Program, filters: PairFilters, cursor: str | None = None
) -> ProgramPairsPage:
    """``program``'s pairs for its coordinators (the caller checks): the count in each
    status, then ``PAGE_SIZE`` pairs matching ``filters`` from ``cursor`` (a bad cursor
    gives the first page), launching pairs first, each with its signatures, training and
    what still stops it from starting. Eight queries whatever the number of pairs."""
    by_status = dict(
        Pair.objects.filter(program=program)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    filtered = _filtered(program, filters)
    page: KeysetPage[Pair] = keyset_page(
        filtered.select_related("mentor__department", "mentee__department", "agreement")
        .prefetch_related("signatures", "checklist_ticks")
        .annotate(agreed_meeting=meeting_agreed(), status_rank=STATUS_RANK),
        order=ORDER,
        size=PAGE_SIZE,
        cursor=cursor,
        total=filtered.count(),
    )
    return ProgramPairsPage(
        counts=[
            (str(label), value, by_status.get(value, 0)) for value, label in PairStatus.choices
        ],
        page=page,
        rows=overview_rows(program=program, pairs=page.rows),
    )
