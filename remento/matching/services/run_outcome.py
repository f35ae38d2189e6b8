"""Writing a run's outcome: the review choices a new run keeps, and its proposals."""

from __future__ import annotations

from remento.matching import adapters
from remento.matching.models import MatchRun, ProposedPair, Unmatched


def review_choices(
    previous: MatchRun | None,
) -> tuple[list[ProposedPair], list[ProposedPair]]:
    """The pairs the coordinator locked and those they removed in the run under review."""
    kept: list[ProposedPair] = []
    removed: list[ProposedPair] = []
    if previous is not None:
        for proposal in previous.proposals.all():
            if proposal.removed:
                removed.append(proposal)
            elif proposal.locked:
                kept.append(proposal)
    return kept, removed


def _proposal(
    run: MatchRun, pair: adapters.PairResult | ProposedPair, **flags: bool
) -> ProposedPair:
    """A proposal of ``run`` with ``pair``'s people, score and reasons."""
    return ProposedPair(
        run=run,
        mentor_id=pair.mentor_id,
        mentee_id=pair.mentee_id,
        score=pair.score,
        contributions=pair.contributions,
        reasons=pair.reasons,
        warnings=pair.warnings,
        **flags,
    )


def save_outcome(
    *,
    run: MatchRun,
    outcome: adapters.MatchOutcome,
    locked: set[tuple[int, int]],
    removed: list[ProposedPair],
) -> None:
    """Write the run's proposals and the people it left unmatched (two bulk inserts)."""
    ProposedPair.objects.bulk_create(
        [
            _proposal(run, result, locked=(result.mentor_id, result.mentee_id) in locked)
            for result in outcome.pairs
        ]
        # The removed pairs travel with the run, so the block holds through every re-run.
        + [_proposal(run, pair, removed=True) for pair in removed]
    )
    Unmatched.objects.bulk_create(
        Unmatched(run=run, employee_id=item.employee_id, role=item.role, reason=item.reason)
        for item in outcome.unmatched
    )
