"""Checks shared by the matching services, and the limits on how many pairs a program makes.

Locks follow the one order of ``remento.programs.locks``: the program row first
(``program_lock``), then enrolment rows, then pairs, then match runs and mentor requests.
Every service that creates a pair (publish, accept) or a request (ask, next choice on
expiry) holds the program row, so the counts below, read under it, cannot be overtaken by
another writer.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace

from remento.core.errors import ServiceError
from remento.core.words import count_of
from remento.enrollment.models import EnrollmentRole
from remento.matching.adapters import MatchOutcome, UnmatchedResult
from remento.programs.models import PAIRING_STATUSES, MatchingMode, Program, Status
from remento.relationships.models import OPEN_PAIR, Pair

BULK_MODES = (MatchingMode.BULK, MatchingMode.HYBRID)
CHOICE_MODES = (MatchingMode.CHOICE, MatchingMode.HYBRID)


MANAGE_REFUSAL = "Only coordinators of this program's organisation may do this."


def require_matching_open(program: Program) -> None:
    """Matching writes need the program in the Matching or Active step."""
    if program.status == Status.CLOSED:
        raise ServiceError(f"{program.name} is closed: it makes no more pairs or requests.")
    if program.status not in PAIRING_STATUSES:
        raise ServiceError(
            f"{program.name} is in the {program.get_status_display()} step; pairs are made "
            "once it reaches the Matching step."
        )


def require_bulk_mode(program: Program) -> None:
    if program.matching_mode not in BULK_MODES:
        raise ServiceError(
            f"{program.name} lets mentees choose their mentor; coordinator matching is for "
            "programs in bulk or hybrid matching mode."
        )


def require_choice_mode(program: Program) -> None:
    if program.matching_mode not in CHOICE_MODES:
        raise ServiceError(
            f"In {program.name} the coordinator makes the pairs; mentees choose only in "
            "programs in choice or hybrid matching mode."
        )


def open_pair_count(program: Program) -> int:
    """Pairs of the program launching or active now."""
    return Pair.objects.filter(OPEN_PAIR, program=program).count()


def pairs_room(program: Program) -> int | None:
    """How many more pairs may open now under the program's “pairs at once” (None: no limit).

    Read it under ``program_lock`` when the answer decides a write.
    """
    if program.max_pairs is None:
        return None
    return max(program.max_pairs - open_pair_count(program), 0)


def full_message(program: Program) -> str:
    return (
        f"{program.name} is full: it has {count_of(program.max_pairs or 0, 'pair')} at once, the "
        "limit set in its design (“pairs at once”). A place opens when a pair closes, or a "
        "coordinator can raise the limit."
    )


def require_room(program: Program) -> None:
    """Refuse a new pair when the program already has its “pairs at once”."""
    room = pairs_room(program)
    if room is not None and room <= 0:
        raise ServiceError(full_message(program))


@dataclass(frozen=True)
class RoundLimit:
    """The most pairs one matching round (a run, then its publish) may make, and why."""

    limit: int | None  # None: no limit
    reason: str  # in plain words, for the people left beyond it

    def cap(self, count: int) -> int:
        return count if self.limit is None else min(count, self.limit)


def round_limit(program: Program) -> RoundLimit:
    """The smaller of the free places under “pairs at once” and the “pairs per cohort”.

    A cohort is the pairs one matching round launches together: one run, published. People
    left beyond the limit wait for a later round (or, in hybrid programs, choose themselves).
    """
    room = pairs_room(program)
    cohort = program.pairs_per_cohort
    if room is None and cohort is None:
        return RoundLimit(None, "")
    if cohort is not None and (room is None or cohort <= room):
        return RoundLimit(
            cohort,
            f"Beyond this round's {count_of(cohort, 'pair')} (“pairs per matching round”); "
            "a later round can match them.",
        )
    assert room is not None
    return RoundLimit(
        room,
        f"Beyond the program's {count_of(program.max_pairs or 0, 'pair')} at once: "
        f"{count_of(room, 'place')} free; a later round can match them once pairs close.",
    )


def limit_outcome(
    outcome: MatchOutcome, limit: RoundLimit, *, locked: Collection[tuple[int, int]] = ()
) -> MatchOutcome:
    """``outcome`` with at most ``limit`` pairs: locked pairs first, then the best shown
    scores, ties by the mentee's id.

    The cut follows only what people read (the pairs' shown scores, without the diversity
    criterion) and the mentee's id, never the engine's own score: which pairs are kept and
    which wait for a later round must not tell which pair's people differ on a consented
    attribute. The people of the pairs left out are listed unmatched with the limit's reason
    (a mentor only when none of their pairs is kept), and the summary's counts follow.
    """
    if limit.limit is None or len(outcome.pairs) <= limit.limit:
        return outcome
    wanted = set(locked)
    order = sorted(
        range(len(outcome.pairs)),
        key=lambda i: (
            (outcome.pairs[i].mentor_id, outcome.pairs[i].mentee_id) not in wanted,
            -outcome.pairs[i].score,
            outcome.pairs[i].mentee_id,
        ),
    )
    kept_at = set(order[: limit.limit])
    kept = [p for i, p in enumerate(outcome.pairs) if i in kept_at]
    beyond = [p for i, p in enumerate(outcome.pairs) if i not in kept_at]
    mentors_kept = {p.mentor_id for p in kept}
    listed = {u.employee_id for u in outcome.unmatched}
    unmatched = list(outcome.unmatched)
    for pair in beyond:
        unmatched.append(UnmatchedResult(pair.mentee_id, EnrollmentRole.MENTEE, limit.reason))
        if pair.mentor_id not in mentors_kept and pair.mentor_id not in listed:
            listed.add(pair.mentor_id)
            unmatched.append(UnmatchedResult(pair.mentor_id, EnrollmentRole.MENTOR, limit.reason))
    summary = {
        **outcome.summary,
        "pairs": len(kept),
        "total": round(sum(p.score for p in kept), 4),
        "unmatched_mentees": sum(1 for u in unmatched if u.role == EnrollmentRole.MENTEE),
        "unmatched_mentors": sum(1 for u in unmatched if u.role == EnrollmentRole.MENTOR),
        "beyond_limit": len(beyond),
        "limit": limit.limit,
    }
    return replace(outcome, pairs=kept, unmatched=unmatched, summary=summary)
