"""Reading a run under review one page at a time: its pairs, unmatched and removed people,
filtered and sorted, and the mentors a row could swap with.

The page never lists the whole run: a run of 5,000 pairs reads as 50 rows a page, and a
row's swap search scores every other pair of the run in one engine call, on demand.
Every selector takes a run or proposal already fetched inside the viewer's program
(``match_run_get``, ``proposal_get``); the number of queries does not grow with the run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from remento.matching import adapters
from remento.matching.models import MatchRun, ProposedPair, Unmatched
from remento.people.models import Department

REVIEW_PAGE_SIZE = 50
SWAP_CANDIDATES = 20

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


def _name_matches(prefix: str, text: str) -> Q:
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
            _name_matches("mentor__", filters.text) | _name_matches("mentee__", filters.text)
        )
    if filters.warning in WARNINGS:
        words = WARNINGS[filters.warning][1]
        rows = (
            rows.exclude(warnings=[]) if words is None else rows.filter(warnings__icontains=words)
        )
    return rows.order_by(*SORTS.get(filters.sort, SORTS["best"])[1])


def _unmatched(run: MatchRun, filters: ReviewFilters) -> QuerySet[Unmatched]:
    rows = run.unmatched.select_related("employee__department")
    if filters.department_id:
        rows = rows.filter(employee__department_id=filters.department_id)
    if filters.text:
        rows = rows.filter(_name_matches("employee__", filters.text))
    return rows.order_by("role", "employee__last_name", "employee__first_name", "id")


def review_page(
    *, run: MatchRun, filters: ReviewFilters, page_number: str | int | None
) -> Page[ProposedPair] | Page[Unmatched]:
    """One page (``REVIEW_PAGE_SIZE`` rows) of the run's proposed pairs, unmatched people
    or removed pairs, as ``filters.show`` says. Two queries: the count and the page."""
    if filters.show == "unmatched":
        return Paginator(_unmatched(run, filters), REVIEW_PAGE_SIZE).get_page(page_number)
    rows = _pairs(run, filters, removed=filters.show == "removed")
    return Paginator(rows, REVIEW_PAGE_SIZE).get_page(page_number)


def review_departments(*, run: MatchRun) -> QuerySet[Department]:
    """The departments of the run's organisation, for the filter's choices."""
    return Department.objects.filter(organization_id=run.program.organization_id).order_by("name")


@dataclass(frozen=True)
class SwapCandidate:
    """Another pair of the run whose mentor could take this row's mentee (and the row's
    mentor theirs): the two new scores and the change of the run's total."""

    other: ProposedPair
    takes_row: float  # the other pair's mentor with this row's mentee
    gives_row: float  # this row's mentor with the other pair's mentee
    row_score: float  # this row's score now

    @property
    def change(self) -> float:
        """New total less old, as ``bulk.SwapResult.change`` will say after the swap."""
        return self.takes_row + self.gives_row - self.other.score - self.row_score

    @property
    def change_words(self) -> str:
        """“+0.42”, “−0.13”: the change as the swap's message will write it."""
        return f"{'+' if round(self.change, 2) >= 0 else '−'}{abs(self.change):.2f}"


@dataclass(frozen=True)
class SwapSearch:
    """What a row's swap search shows: the best candidates by the change of the total, how
    many pairs were looked at, and how many of those a rule forbids."""

    proposal: ProposedPair
    text: str
    candidates: list[SwapCandidate]
    looked_at: int
    forbidden: int
    limit: int

    @property
    def eligible(self) -> int:
        """Pairs that could swap (shown or not)."""
        return self.looked_at - self.forbidden

    @property
    def more(self) -> int:
        """Eligible candidates beyond those shown."""
        return max(0, self.eligible - len(self.candidates))


def swap_candidates(
    *, proposal: ProposedPair, text: str = "", limit: int = SWAP_CANDIDATES
) -> SwapSearch:
    """The pairs of ``proposal``'s run whose mentor could swap with its mentor, best change
    of the run's total first (``limit`` of them), narrowed to mentors named by ``text``.

    A candidate is any other pair of the run that is neither locked nor removed and has
    another mentor, where both new pairs keep the program's rules (level gap, reporting
    line, department, time zone), scored as a swap scores them (``bulk.proposal_swap``
    decides when one is chosen). A fixed number of queries, whatever the size of the run.
    """
    others = (
        proposal.run.proposals.filter(removed=False, locked=False)
        .exclude(pk=proposal.pk)
        .exclude(mentor_id=proposal.mentor_id)
        .filter(_name_matches("mentor__", text))
    )
    rows = list(others.values_list("pk", "mentor_id", "mentee_id", "score"))
    scored = adapters.swap_scores(
        program=proposal.run.program,
        row=(proposal.mentor_id, proposal.mentee_id),
        others=[(mentor, mentee) for _, mentor, mentee, _ in rows],
        mentors=Q(pk=proposal.mentor_id) | Q(pk__in=others.values("mentor_id")),
        mentees=Q(pk=proposal.mentee_id) | Q(pk__in=others.values("mentee_id")),
    )
    ranked = sorted(
        (
            (takes + gives - score - proposal.score, takes, gives, pk)
            for (pk, _, _, score), (takes, gives) in zip(rows, scored, strict=True)
            if takes is not None and gives is not None
        ),
        key=lambda c: (-round(c[0], 4), -c[1], c[3]),
    )
    # Only the candidates shown are read as rows, with their people's names.
    shown = others.select_related("mentor__department", "mentee__department").in_bulk(
        [pk for *_, pk in ranked[:limit]]
    )
    candidates = [
        SwapCandidate(other=shown[pk], takes_row=takes, gives_row=gives, row_score=proposal.score)
        for _, takes, gives, pk in ranked[:limit]
    ]
    return SwapSearch(
        proposal=proposal,
        text=text,
        candidates=candidates,
        looked_at=len(rows),
        forbidden=len(rows) - len(ranked),
        limit=limit,
    )
