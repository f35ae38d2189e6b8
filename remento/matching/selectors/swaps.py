"""The mentors a row of a run under review could swap with, best change of the total first.

A row's swap search looks at every other pair of the run. Its pairs are read live (a
swap, a removal or a lock since shows at once); the people are scored from the run's
people as the worker encoded them when the run ended (``SwapIndex``, one matrix product
for the whole run, whatever its size), and the candidates shown are scored again live, as
``bulk.proposal_swap`` would score them, so that what the page says is what a swap does.
A run without a usable index (made before it existed, or its program's settings or skills
changed since) is scored the live way, every person of the run read and encoded; the view
then asks the worker for one. Either way a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.db.models import Q

from remento.matching import adapters
from remento.matching.models import ProposedPair, SwapIndex
from remento.matching.selectors.review import name_matches

SWAP_CANDIDATES = 20

# One other pair of the run: (pk, mentor id, mentee id, score).
Row = tuple[int, int, int, float]
# A candidate in the order shown: (change of the total, takes the row, gives the row, pk).
Ranked = tuple[float, float, float, int]
# An other pair's two new scores: its mentor with the row's mentee, the row's mentor with
# its mentee (None where a rule forbids the pair).
Scores = tuple[float | None, float | None]


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
    many pairs were looked at, and how many of those a rule forbids. ``ranked_at``: when
    the people were encoded for the ranking (None: read live for this search)."""

    proposal: ProposedPair
    text: str
    candidates: list[SwapCandidate]
    looked_at: int
    forbidden: int
    limit: int
    ranked_at: datetime | None = None

    @property
    def eligible(self) -> int:
        """Pairs that could swap (shown or not)."""
        return self.looked_at - self.forbidden

    @property
    def more(self) -> int:
        """Eligible candidates beyond those shown."""
        return max(0, self.eligible - len(self.candidates))


def _ranked(proposal: ProposedPair, rows: Sequence[Row], scored: Sequence[Scores]) -> list[Ranked]:
    """The allowed candidates, best change of the total first (ties: the better score for
    the row's mentee, then the older pair)."""
    return sorted(
        (
            (takes + gives - score - proposal.score, takes, gives, pk)
            for (pk, _, _, score), (takes, gives) in zip(rows, scored, strict=True)
            if takes is not None and gives is not None
        ),
        key=lambda c: (-round(c[0], 4), -c[1], c[3]),
    )


def _live_scores(
    proposal: ProposedPair,
    rows: Sequence[Row],
    scoring: adapters.SwapScoring,
    *,
    mentors: Q,
    mentees: Q,
) -> list[Scores]:
    """``rows`` scored now, every person read: ``mentors`` and ``mentees`` select theirs
    and the row's (a subquery for a whole run, whose people would pass the limits on
    parameters)."""
    return adapters.swap_scores(
        program=proposal.run.program,
        row=(proposal.mentor_id, proposal.mentee_id),
        others=[(mentor, mentee) for _, mentor, mentee, _ in rows],
        mentors=mentors,
        mentees=mentees,
        settings=scoring.settings,
        taxonomy=scoring.taxonomy,
    )


def _columns(rows: Sequence[Row]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The rows' pks, mentors and mentees (employee pks), and scores, as arrays."""
    pks, mentors, mentees, scores = zip(*rows, strict=True) if rows else ((), (), (), ())
    return (
        np.array(pks, dtype=np.int64),
        np.array(mentors, dtype=np.int64),
        np.array(mentees, dtype=np.int64),
        np.array(scores, dtype=np.float64),
    )


def _stored_best(
    proposal: ProposedPair, rows: Sequence[Row], scoring: adapters.SwapScoring, limit: int
) -> tuple[list[Row], int, datetime | None] | None:
    """From the run's index: the ``limit`` best allowed rows in the order shown, how many
    rows a rule forbids, and when the people were encoded. None when the run has no index
    for the program's settings now (``scoring``), or it lacks one of these people."""
    stored = (
        # An index asked for but not yet written has no fingerprint, so matches none.
        SwapIndex.objects.filter(run_id=proposal.run_id, fingerprint=scoring.fingerprint)
        .values_list("pk", "computed_at")
        .first()
    )
    if stored is None or stored[1] is None:
        return None
    pks, mentors, mentees, scores = _columns(rows)
    scored = adapters.stored_swap_scores(
        adapters.stored_cohort(*stored),
        scoring,
        row=(proposal.mentor_id, proposal.mentee_id),
        mentors=mentors,
        mentees=mentees,
    )
    if scored is None:
        return None
    takes, gives = scored
    change = takes + gives - scores - proposal.score
    allowed = np.flatnonzero(np.isfinite(takes) & np.isfinite(gives))
    # The order of ``_ranked``: best change first, then the better score for the row's
    # mentee, then the older pair (np.lexsort sorts by its last key first).
    order = allowed[np.lexsort((pks[allowed], -takes[allowed], -np.round(change[allowed], 4)))]
    return [rows[k] for k in order[:limit].tolist()], len(rows) - len(allowed), stored[1]


def _checked_live(
    proposal: ProposedPair, chosen: Sequence[Row], scoring: adapters.SwapScoring
) -> list[Ranked]:
    """The candidates to show scored again live (a profile edited since the run was
    encoded counts as it is now); one that a rule now forbids is left out."""
    live = _live_scores(
        proposal,
        chosen,
        scoring,
        # One list each (the row's person first): the cheapest filter to build, five
        # times over in ``adapters.people_of``.
        mentors=Q(pk__in=[proposal.mentor_id, *(row[1] for row in chosen)]),
        mentees=Q(pk__in=[proposal.mentee_id, *(row[2] for row in chosen)]),
    )
    return _ranked(proposal, chosen, live)


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
        .filter(name_matches("mentor__", text))
    )
    # Unordered: both rankings order the rows themselves, to the pk (a sort of the whole
    # run that SQLite would do for nothing).
    rows: list[Row] = list(others.order_by().values_list("pk", "mentor_id", "mentee_id", "score"))
    # The settings and skills, read once for the whole search (index and live scores).
    scoring = adapters.swap_scoring(proposal.run.program)
    best = _stored_best(proposal, rows, scoring, limit)
    ranked_at = None
    if best is None:
        live = _live_scores(
            proposal,
            rows,
            scoring,
            mentors=Q(pk=proposal.mentor_id) | Q(pk__in=others.values("mentor_id")),
            mentees=Q(pk=proposal.mentee_id) | Q(pk__in=others.values("mentee_id")),
        )
        ranked = _ranked(proposal, rows, live)
        top = ranked[:limit]
        forbidden = len(rows) - len(ranked)
    else:
        chosen, forbidden, ranked_at = best
        top = _checked_live(proposal, chosen, scoring)
        forbidden += len(chosen) - len(top)
    # Only the candidates shown are read as rows, with their people's names (by pk: a
    # dict, so unordered).
    shown = others.order_by().select_related("mentor", "mentee").in_bulk([pk for *_, pk in top])
    return SwapSearch(
        proposal=proposal,
        text=text,
        candidates=[
            SwapCandidate(
                other=shown[pk], takes_row=takes, gives_row=gives, row_score=proposal.score
            )
            for _, takes, gives, pk in top
        ],
        looked_at=len(rows),
        forbidden=forbidden,
        limit=limit,
        ranked_at=ranked_at,
    )
