"""Coordinator matching runs in the task worker: queue, progress, cancel, failure.

A page never solves: ``match_run_queue`` writes the run in the ``running`` status (phase
``queued``) and hands it to the worker once the transaction commits; the worker
(``tasks.match_run_execute`` → ``match_run_perform``) reports each of the engine's phases
on the run, checks between phases whether the run was cancelled, and writes the proposals,
the unmatched and the superseding of the previous run in one transaction at the end, so a
cancelled or failed run leaves nothing half-written. The database allows one running run
per program (``match_run_one_running_per_program``); a run whose worker stopped reporting
for ``REMENTO_MATCH_RUN_TIMEOUT_MINUTES`` counts as failed and no longer blocks the next.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.errors import ServiceError
from remento.core.models import User
from remento.matching import adapters
from remento.matching.models import (
    MatchRun,
    MatchRunPhase,
    MatchRunStatus,
    ProposedPair,
)
from remento.matching.services.common import (
    MANAGE_REFUSAL,
    RoundLimit,
    full_message,
    limit_outcome,
    require_bulk_mode,
    require_matching_open,
    round_limit,
)
from remento.matching.services.run_outcome import review_choices, save_outcome
from remento.matching.services.swap_index import swap_index_after_run
from remento.people.access import coordinator_of
from remento.programs.locks import program_lock
from remento.programs.models import Program

logger = logging.getLogger(__name__)


class RunStopped(Exception):
    """The run is no longer running (cancelled, or given up as stale): the worker stops."""


def run_timeout() -> timedelta:
    return timedelta(minutes=settings.REMENTO_MATCH_RUN_TIMEOUT_MINUTES)


def run_is_stale(run: MatchRun, now: datetime | None = None) -> bool:
    """A running run the worker has not reported on for longer than the timeout."""
    if run.status != MatchRunStatus.RUNNING:
        return False
    last = run.progress_at or run.created_at
    return last < (now or timezone.now()) - run_timeout()


def stale_reason(run: MatchRun) -> str:
    """Why a stale run failed, in plain words."""
    minutes = settings.REMENTO_MATCH_RUN_TIMEOUT_MINUTES
    if run.started_at is None:
        return (
            f"No task worker picked this run up within {minutes} minutes. Nothing was changed. "
            "Ask your administrator to check that the task worker (remento db_worker) is "
            "running, then run matching again."
        )
    return (
        f"The task worker stopped reporting progress for over {minutes} minutes while "
        f"{run.get_phase_display().lower()} (it may have crashed or been restarted). Nothing "
        "was changed; run matching again."
    )


def _already_running(run: MatchRun) -> ServiceError:
    return ServiceError(
        f"A matching run of {run.program.name} is already going (queued at "
        f"{timezone.localtime(run.created_at):%H:%M}, now: "
        f"{run.get_phase_display().lower()}). Wait for it to finish, or cancel it, before "
        "running matching again."
    )


def _run_create(*, actor: User, program: Program) -> MatchRun:
    """The checks of a new run and its row, queued; call under ``program_lock``."""
    require_matching_open(program)
    require_bulk_mode(program)
    if round_limit(program).limit == 0:
        raise ServiceError(full_message(program))
    going = (
        MatchRun.objects.select_for_update()
        .filter(program=program, status=MatchRunStatus.RUNNING)
        .first()
    )
    if going is not None:
        if not run_is_stale(going):
            going.program = program
            raise _already_running(going)
        _fail(going, stale_reason(going))
    try:
        with transaction.atomic():
            return MatchRun.objects.create(
                program=program,
                settings_snapshot=program.engine_settings(),
                created_by=actor,
                status=MatchRunStatus.RUNNING,
                phase=MatchRunPhase.QUEUED,
            )
    except IntegrityError:
        # Another worker process won the race past the lock (the constraint is the guard).
        raise ServiceError(
            f"A matching run of {program.name} is already going; wait for it to finish."
        ) from None


@transaction.atomic
def match_run_queue(*, actor: User, program: Program) -> MatchRun:
    """Queue a matching run of ``program`` for the task worker and return it at once.

    Refused (``ServiceError``, nothing written) when the program is not matching, not in
    bulk or hybrid mode, full, or already has a run going; a run whose worker stopped
    answering is marked failed first and does not block. The worker is asked once the
    transaction commits (``tasks.match_run_execute``).
    """
    from remento.matching.tasks import match_run_execute

    coordinator_of(actor, program.organization_id, refusal=MANAGE_REFUSAL)
    program = program_lock(program)
    run = _run_create(actor=actor, program=program)
    audit_log(actor=actor, organization=program.organization, verb="match_run.queue", target=run)
    run_id = run.pk
    transaction.on_commit(lambda: match_run_execute.enqueue(run_id=run_id))
    return run


@transaction.atomic
def match_run_start(*, actor: User, program: Program) -> MatchRun:
    """Run matching now, in this process, and return the run under review.

    For the demo builder, commands and tests; pages queue runs (``match_run_queue``). The
    same checks and the same work as a queued run; a failure raises ``ServiceError`` and
    writes nothing.

    Pairs the coordinator locked in the run under review are kept; pairs they removed are
    never proposed again. That run is superseded by the new one. People already in an open
    pair are not in the pool (hybrid programs: the rest choose for themselves). A run
    proposes at most the program's “pairs per cohort”, and never more than the places left
    under its “pairs at once” (locked pairs first, then the best scores); the people beyond
    are listed unmatched with that reason. A full program refuses to run.
    """
    coordinator_of(actor, program.organization_id, refusal=MANAGE_REFUSAL)
    program = program_lock(program)
    run = match_run_perform(run_id=_run_create(actor=actor, program=program).pk)
    if run.status == MatchRunStatus.FAILED:
        raise ServiceError(run.failure)
    return run


@transaction.atomic
def match_run_cancel(*, actor: User, run: MatchRun) -> MatchRun:
    """Cancel a queued or running run: the worker stops at its next phase and writes nothing.

    The run under review before it stays as it was. Refused when the run has ended.
    """
    coordinator_of(actor, run.program.organization_id, refusal=MANAGE_REFUSAL)
    run = MatchRun.objects.select_for_update(of=("self",)).select_related("program").get(pk=run.pk)
    if run.status != MatchRunStatus.RUNNING:
        raise ServiceError(
            f"This matching run has ended ({run.get_status_display().lower()}); "
            "there is nothing to cancel."
        )
    now = timezone.now()
    run.status = MatchRunStatus.CANCELLED
    run.phase = MatchRunPhase.CANCELLED
    run.finished_at = now
    run.save(update_fields=["status", "phase", "finished_at", "updated_at"])
    audit_log(
        actor=actor, organization=run.program.organization, verb="match_run.cancel", target=run
    )
    return run


# The engine's phase names (``engine.match(progress=...)``) as the run's phases.
ENGINE_PHASES = (
    ("encoding", MatchRunPhase.READING),
    ("scoring", MatchRunPhase.SCORING),
    ("finding", MatchRunPhase.SCORING),
    ("widening", MatchRunPhase.SOLVING),
    ("solving", MatchRunPhase.SOLVING),
    ("explaining", MatchRunPhase.EXPLAINING),
)


class Progress:
    """The engine's progress hook for one run: records each phase on the run, and stops the
    work (``RunStopped``) when the run was cancelled or given up meanwhile."""

    def __init__(self, run: MatchRun) -> None:
        self.run = run
        self.phase = MatchRunPhase.READING

    def __call__(self, engine_phase: str) -> None:
        for prefix, phase in ENGINE_PHASES:
            if engine_phase.startswith(prefix):
                self.phase = phase
                break
        self.report(self.phase, note=engine_phase)

    def report(self, phase: str, *, note: str = "") -> None:
        now = timezone.now()
        fields: dict[str, object] = {"phase": phase, "phase_note": note[:200], "progress_at": now}
        if self.run.started_at is None:
            fields["started_at"] = self.run.started_at = now
        # One query checks and records: no row updated means the run is no longer running.
        if not MatchRun.objects.filter(pk=self.run.pk, status=MatchRunStatus.RUNNING).update(
            **fields
        ):
            raise RunStopped


@dataclass(frozen=True)
class _Solution:
    outcome: adapters.MatchOutcome
    locked: list[tuple[int, int]]
    blocked: list[tuple[int, int]]
    removed: list[ProposedPair]
    locks_dropped: int
    pool_settings: dict[str, object]


def match_run_perform(*, run_id: int) -> MatchRun:
    """The worker's part: solve a queued run, reporting its phases, and write its result.

    Ends the run under review (``review``), ``failed`` with the reason in plain words, or
    leaves it ``cancelled``; never raises for the run's own failures (the reason is on the
    run for the page to show).
    """
    run = MatchRun.objects.select_related("program__organization", "created_by").get(pk=run_id)
    if run.status != MatchRunStatus.RUNNING:
        return run  # cancelled, or given up, before the worker got to it
    progress = Progress(run)
    try:
        progress.report(MatchRunPhase.READING, note="reading the enrolled pool")
        solution = _solve(run, progress)
        _finish(run, solution)
        swap_index_after_run(run)  # the run is under review already; this only speeds swaps
    except RunStopped:
        pass
    except ServiceError as error:
        _fail(run, str(error))
    except Exception as error:
        logger.exception("Matching run %s failed", run.pk)
        _fail(
            run,
            f"The matching engine stopped on an unexpected error ({type(error).__name__}: "
            f"{error}). Nothing was changed; run matching again, and if it fails again, "
            "tell your administrator.",
        )
    run.refresh_from_db()
    return run


def _solve(run: MatchRun, progress: Progress) -> _Solution:
    """Read the pool and the review choices, run the engine; writes only progress."""
    program = run.program
    previous = (
        MatchRun.objects.filter(program=program, status=MatchRunStatus.REVIEW)
        .exclude(pk=run.pk)
        .first()
    )
    kept, removed = review_choices(previous)
    pool = adapters.pool_for_program(program)
    # A locked pair whose people left the pool (withdrew, or got paired meanwhile) cannot be
    # kept; the engine would reject it, so it is dropped here and the run says so.
    in_pool = pool.mentor_ids() | pool.mentee_ids()
    locked = [(p.mentor_id, p.mentee_id) for p in kept if {p.mentor_id, p.mentee_id} <= in_pool]
    blocked = [(p.mentor_id, p.mentee_id) for p in removed]
    limit: RoundLimit = round_limit(program)
    found = adapters.pool_match(pool, locked=locked, blocked=blocked, progress=progress)
    outcome = limit_outcome(found, limit, locked=locked)
    return _Solution(
        outcome=outcome,
        locked=locked,
        blocked=blocked,
        removed=removed,
        locks_dropped=len(kept) - len(locked),
        pool_settings=pool.settings,
    )


@transaction.atomic
def _finish(run: MatchRun, solution: _Solution) -> None:
    """Write the run's result in one transaction, if it is still running."""
    program = program_lock(run.program)
    run = MatchRun.objects.select_for_update(of=("self",)).get(pk=run.pk)
    if run.status != MatchRunStatus.RUNNING:
        raise RunStopped
    outcome = solution.outcome
    previous = (
        MatchRun.objects.select_for_update()
        .filter(program=program, status=MatchRunStatus.REVIEW)
        .first()
    )
    save_outcome(run=run, outcome=outcome, locked=set(solution.locked), removed=solution.removed)
    if previous is not None:
        previous.status = MatchRunStatus.SUPERSEDED
        previous.save(update_fields=["status", "updated_at"])
    run.settings_snapshot = {
        **solution.pool_settings,
        "locked": solution.locked,
        "blocked": solution.blocked,
    }
    run.summary = {
        **outcome.summary,
        "locks_dropped": solution.locks_dropped,
    }
    run.status = MatchRunStatus.REVIEW
    run.phase = MatchRunPhase.DONE
    run.phase_note = ""
    run.finished_at = timezone.now()
    run.save()
    audit_log(
        actor=run.created_by,
        organization=program.organization,
        verb="match_run.start",
        target=run,
        data={
            "pairs": len(outcome.pairs),
            "unmatched": len(outcome.unmatched),
            "locked": len(solution.locked),
            "blocked": len(solution.blocked),
        },
    )


def _fail(run: MatchRun, reason: str) -> None:
    """Mark a running run failed with ``reason`` (nothing else of it was written)."""
    MatchRun.objects.filter(pk=run.pk, status=MatchRunStatus.RUNNING).update(
        status=MatchRunStatus.FAILED,
        phase=MatchRunPhase.FAILED,
        failure=reason,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
