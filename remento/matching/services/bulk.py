"""Coordinator bulk matching: review and adjust the proposals of a run.

Runs themselves are in ``services.background`` (queued for the task worker; ``match_run_start``
runs one in this process for the demo, commands and tests, and is re-exported here).

A run never touches ``Pair``; publishing it (``services.publish``) does. Every write here
locks the run (and a new run the program row), so edits of one run queue behind each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction

from remento.core.audit import audit_log
from remento.core.errors import ServiceError
from remento.core.models import User
from remento.enrollment.models import EnrollmentRole
from remento.matching import adapters
from remento.matching.engine import criteria
from remento.matching.models import (
    MatchRun,
    MatchRunStatus,
    ProposedPair,
    Unmatched,
)
from remento.matching.services.background import match_run_start as match_run_start
from remento.matching.services.common import MANAGE_REFUSAL
from remento.people.access import coordinator_of
from remento.programs.locks import program_lock
from remento.programs.models import Program

REMOVED_REASON = "Their proposed pair was removed by the coordinator."


def run_for_update(run: MatchRun) -> MatchRun:
    return MatchRun.objects.select_for_update(of=("self",)).select_related("program").get(pk=run.pk)


def require_review(run: MatchRun) -> None:
    """Only the run under review changes, and not while a newer run is going (it would
    supersede the change, or miss it)."""
    if run.status != MatchRunStatus.REVIEW:
        raise ServiceError(
            f"This matching run is {run.get_status_display().lower()}; "
            "only the run under review can be changed. Run matching again to start a new one."
        )
    if MatchRun.objects.filter(program_id=run.program_id, status=MatchRunStatus.RUNNING).exists():
        raise ServiceError(
            "A new matching run is going: these proposals are replaced when it finishes. "
            "Wait for it, or cancel it, to change or publish them."
        )


@transaction.atomic
def match_weights_update(*, actor: User, program: Program, weights: Mapping[str, float]) -> Program:
    """Save the criterion weights the engine uses for ``program``.

    Every criterion of the table (``engine.criteria``) must be given, each in its range,
    and at least one above 0; otherwise ``ServiceError`` says which, in the words the
    plan form and the CSV reader use, and nothing is saved.
    """
    coordinator_of(actor, program.organization_id, refusal=MANAGE_REFUSAL)
    program = program_lock(program)
    try:
        cleaned = criteria.clean_weights(weights)
    except criteria.WeightsError as error:
        raise ServiceError(str(error)) from None
    before = dict(program.weights)
    program.weights = cleaned
    program.save(update_fields=["weights", "updated_at"])
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="program.weights_update",
        target=program,
        data={"before": before, "after": cleaned},
    )
    return program


@dataclass(frozen=True)
class SwapResult:
    """The two pairs after a swap, with their scores before and after."""

    first: ProposedPair
    second: ProposedPair
    before: tuple[float, float]

    @property
    def change(self) -> float:
        return (self.first.score + self.second.score) - sum(self.before)


def _proposal_for_update(*, run: MatchRun, proposal_pk: int, what: str) -> ProposedPair:
    proposal = (
        ProposedPair.objects.select_for_update(of=("self",))
        .select_related("mentor", "mentee")
        .filter(run=run, pk=proposal_pk)
        .first()
    )
    if proposal is None:
        raise ServiceError(f"{what}: no such pair in this matching run.")
    if proposal.removed:
        raise ServiceError(f"{what}: {proposal.mentor} → {proposal.mentee} was removed.")
    if proposal.locked:
        raise ServiceError(
            f"{what}: {proposal.mentor} → {proposal.mentee} is locked; unlock it to change it."
        )
    return proposal


def _apply_explanation(proposal: ProposedPair, result: adapters.PairResult) -> None:
    proposal.score = result.score
    proposal.contributions = result.contributions
    proposal.reasons = result.reasons
    proposal.warnings = result.warnings


@transaction.atomic
def proposal_swap(*, actor: User, run: MatchRun, first_pk: int, second_pk: int) -> SwapResult:
    """Swap the mentees of two proposed pairs (A→a, B→b becomes A→b, B→a) and rescore both.

    Refused, with nothing changed, when either pair is locked or removed, or when one of
    the new pairs breaks a hard constraint (the message names the pair and the rule).
    """
    coordinator_of(actor, run.program.organization_id, refusal=MANAGE_REFUSAL)
    run = run_for_update(run)
    require_review(run)
    if first_pk == second_pk:
        raise ServiceError("second pair: choose a different pair to swap with.")
    first = _proposal_for_update(run=run, proposal_pk=first_pk, what="first pair")
    second = _proposal_for_update(run=run, proposal_pk=second_pk, what="second pair")
    if first.mentor_id == second.mentor_id:
        raise ServiceError(
            f"second pair: both pairs have the same mentor, {first.mentor}; nothing to swap."
        )
    program = run.program
    try:
        new_first = adapters.pair_explain(
            program=program, mentor=first.mentor, mentee=second.mentee
        )
        new_second = adapters.pair_explain(
            program=program, mentor=second.mentor, mentee=first.mentee
        )
    except adapters.PairForbidden as forbidden:
        raise ServiceError(f"Swap refused: {forbidden}") from forbidden
    before = (first.score, second.score)
    # Swapping mentors rather than mentees keeps each row's mentee, so the one-row-per-mentee
    # constraint of the run holds at every step of the update.
    first.mentor, second.mentor = second.mentor, first.mentor
    _apply_explanation(first, new_second)
    _apply_explanation(second, new_first)
    fields = ["mentor", "score", "contributions", "reasons", "warnings"]
    first.save(update_fields=fields)
    second.save(update_fields=fields)
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="match_run.swap",
        target=run,
        data={
            "pairs": [[first.mentor_id, first.mentee_id], [second.mentor_id, second.mentee_id]],
            "before": list(before),
            "after": [first.score, second.score],
        },
    )
    return SwapResult(first=first, second=second, before=before)


@transaction.atomic
def proposal_lock(*, actor: User, proposal: ProposedPair, locked: bool) -> ProposedPair:
    """Lock a proposed pair (the next re-run keeps it) or unlock it."""
    coordinator_of(actor, proposal.run.program.organization_id, refusal=MANAGE_REFUSAL)
    run = run_for_update(proposal.run)
    require_review(run)
    proposal = ProposedPair.objects.select_for_update().get(pk=proposal.pk)
    if proposal.removed:
        raise ServiceError("This pair was removed; it cannot be locked.")
    proposal.locked = locked
    proposal.save(update_fields=["locked"])
    audit_log(
        actor=actor,
        organization=run.program.organization,
        verb="match_run.lock" if locked else "match_run.unlock",
        target=run,
        data={"pair": [proposal.mentor_id, proposal.mentee_id]},
    )
    return proposal


@transaction.atomic
def proposal_remove(*, actor: User, proposal: ProposedPair) -> ProposedPair:
    """Remove a proposed pair: both people become unmatched, and no re-run pairs them again."""
    coordinator_of(actor, proposal.run.program.organization_id, refusal=MANAGE_REFUSAL)
    run = run_for_update(proposal.run)
    require_review(run)
    proposal = ProposedPair.objects.select_for_update().get(pk=proposal.pk)
    if proposal.removed:
        return proposal
    proposal.removed = True
    proposal.locked = False
    proposal.save(update_fields=["removed", "locked"])
    Unmatched.objects.get_or_create(
        run=run,
        employee_id=proposal.mentee_id,
        defaults={"role": EnrollmentRole.MENTEE, "reason": REMOVED_REASON},
    )
    # A mentor with room for several mentees is only unmatched once none is left.
    if not run.proposals.filter(mentor_id=proposal.mentor_id, removed=False).exists():
        Unmatched.objects.get_or_create(
            run=run,
            employee_id=proposal.mentor_id,
            defaults={"role": EnrollmentRole.MENTOR, "reason": REMOVED_REASON},
        )
    audit_log(
        actor=actor,
        organization=run.program.organization,
        verb="match_run.remove",
        target=run,
        data={"pair": [proposal.mentor_id, proposal.mentee_id]},
    )
    return proposal
