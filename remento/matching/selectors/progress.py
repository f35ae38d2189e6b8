"""Reading a matching run in progress, or the latest one that failed or was cancelled.

One query (the program's latest run), so the review page can poll it every second or two.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.shortcuts import get_object_or_404
from django.utils import timezone

from remento.matching.models import MatchRun, MatchRunPhase, MatchRunStatus
from remento.matching.selectors.runs import match_run_number, user_display_name
from remento.matching.services.background import run_is_stale, stale_reason
from remento.programs.models import Program

# The phases a run goes through, in order, as the progress list shows them.
STEPS = (
    MatchRunPhase.QUEUED,
    MatchRunPhase.READING,
    MatchRunPhase.SCORING,
    MatchRunPhase.SOLVING,
    MatchRunPhase.EXPLAINING,
)
ENDED = (MatchRunStatus.FAILED, MatchRunStatus.CANCELLED)


@dataclass(frozen=True)
class Step:
    label: str
    state: str  # "done", "current" or "todo"


@dataclass(frozen=True)
class RunActivity:
    """A run that is going, or that ended without proposals, as the page shows it."""

    run: MatchRun
    state: str  # "running", "failed", "cancelled", or "finished" (under review: reload)
    phase_label: str
    phase_note: str
    elapsed: timedelta
    failure: str
    started_by: str
    steps: tuple[Step, ...]
    since: datetime
    number: int  # "Run 3": its place among the program's runs

    @property
    def running(self) -> bool:
        return self.state == "running"

    @property
    def elapsed_words(self) -> str:
        seconds = int(self.elapsed.total_seconds())
        if seconds < 60:
            return f"{seconds} s"
        return f"{seconds // 60} min {seconds % 60:02d} s"


def _steps(run: MatchRun) -> tuple[Step, ...]:
    if run.phase not in STEPS:
        return ()
    at = STEPS.index(MatchRunPhase(run.phase))
    return tuple(
        Step(phase.label, "done" if i < at else "current" if i == at else "todo")
        for i, phase in enumerate(STEPS)
    )


def run_activity(run: MatchRun) -> RunActivity:
    """Where ``run`` stands; a run whose worker stopped reporting reads as failed."""
    now = timezone.now()
    state, failure = str(run.status), run.failure
    if run.status == MatchRunStatus.RUNNING and run_is_stale(run, now):
        state, failure = "failed", stale_reason(run)
    elif run.status not in (MatchRunStatus.RUNNING, *ENDED):
        state = "finished"
    since = run.started_at or run.created_at
    end = run.finished_at if run.finished_at and state != "running" else now
    return RunActivity(
        run=run,
        state=state,
        phase_label=run.get_phase_display(),
        phase_note=run.phase_note,
        elapsed=max(end - since, timedelta(0)),
        failure=failure,
        started_by=user_display_name(run.created_by),
        steps=_steps(run) if state == "running" else (),
        since=since,
        number=match_run_number(run),
    )


def match_run_activity(*, program: Program) -> RunActivity | None:
    """The program's latest run when it is going, failed or was cancelled; else None."""
    run = (
        MatchRun.objects.filter(program=program)
        .select_related("created_by__employee")
        .order_by("-created_at", "-id")
        .first()
    )
    if run is None or run.status not in (MatchRunStatus.RUNNING, *ENDED):
        return None
    return run_activity(run)


def match_run_progress(*, program: Program, run_pk: int) -> RunActivity:
    """Where one run of ``program`` stands (404 for another program's run)."""
    run = get_object_or_404(
        MatchRun.objects.select_related("created_by__employee"), program=program, pk=run_pk
    )
    return run_activity(run)


def match_run_going(*, program: Program) -> bool:
    """Whether a run of ``program`` is queued or going (a stalled one is not): the bulk
    page then offers no second run, and saving the weights does not start one."""
    activity = match_run_activity(program=program)
    return activity is not None and activity.running
