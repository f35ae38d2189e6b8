"""Reading a job for its page: where it stands, in words, and the jobs a page lists.

Polled every second while a job goes: one query for the job (the caller's) and one small
file read for its progress (``progress.progress_read``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.http import Http404
from django.utils import timezone

from remento.core.jobs.models import GOING, BackgroundJob, JobStatus
from remento.core.jobs.progress import progress_read
from remento.core.jobs.services import job_file_expired, job_is_stale, stale_reason
from remento.core.models import Organization, User

QUEUED_LABEL = "Waiting for the task worker"


@dataclass(frozen=True)
class Step:
    label: str
    state: str  # "done", "current" or "todo"


@dataclass(frozen=True)
class JobActivity:
    """A job as its page shows it."""

    job: BackgroundJob
    state: str  # "queued", "running", "done", "failed" or "expired"
    phase_label: str
    done: int
    total: int | None
    elapsed: timedelta
    failure: str
    steps: tuple[Step, ...]
    since: datetime
    requested_by: str  # the asker's name, as the page shows it ("" when gone)

    @property
    def going(self) -> bool:
        return self.state in ("queued", "running")

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))

    @property
    def elapsed_words(self) -> str:
        seconds = int(self.elapsed.total_seconds())
        if seconds < 60:
            return f"{seconds} s"
        return f"{seconds // 60} min {seconds % 60:02d} s"


def _steps(phases: Sequence[tuple[str, str]], current: str) -> tuple[Step, ...]:
    keys = [key for key, _ in phases]
    at = keys.index(current) if current in keys else -1
    return tuple(
        Step(label, "done" if i < at else "current" if i == at else "todo")
        for i, (_key, label) in enumerate(phases)
    )


def job_activity(job: BackgroundJob, phases: Sequence[tuple[str, str]]) -> JobActivity:
    """Where ``job`` stands; ``phases``: its kind's (key, label) pairs, in order. A job whose
    worker stopped reporting reads as failed; a done job whose file expired, as expired."""
    now = timezone.now()
    state, failure = str(job.status), job.failure
    if job.status in GOING and job_is_stale(job, now):
        state, failure = "failed", stale_reason(job)
    elif job.status == JobStatus.DONE and job.file_name and job_file_expired(job, now):
        state = "expired"
    reported = progress_read(job) if state == "running" else None
    labels = dict(phases)
    phase = reported.phase if reported else ""
    since = job.started_at or job.created_at
    end = job.finished_at if job.finished_at and state not in ("queued", "running") else now
    return JobActivity(
        job=job,
        state=state,
        phase_label=QUEUED_LABEL if state == "queued" else labels.get(phase, "Starting"),
        done=reported.done if reported else 0,
        total=reported.total if reported else None,
        elapsed=max(end - since, timedelta(0)),
        failure=failure,
        steps=_steps([("", QUEUED_LABEL), *phases], phase) if state in GOING else (),
        since=since,
        requested_by=_name(job.requested_by),
    )


def _name(user: User | None) -> str:
    """The name of the person behind a sign-in (the people app's person, when there is one:
    looked up through the reverse relation, so core imports nothing of it)."""
    if user is None:
        return ""
    person = getattr(user, "employee", None)
    if person is not None:
        return str(person.display_name)
    return user.get_full_name() or user.email


def job_get_for(*, organization: Organization, user: User, token: str, kind: str) -> BackgroundJob:
    """The job behind ``token`` when ``user`` asked for it in ``organization``; else 404
    (another person's job, another organisation's, another kind's)."""
    job = (
        BackgroundJob.objects.select_related("requested_by__employee")
        .filter(organization=organization, requested_by=user, token=token, kind=kind)
        .first()
    )
    if job is None:
        raise Http404("No such job.")
    return job


def job_going(*, organization: Organization, kind: str) -> BackgroundJob | None:
    """The organisation's exclusive job of ``kind`` that is going (not stale), if any."""
    job = (
        BackgroundJob.objects.select_related("requested_by__employee")
        .filter(organization=organization, kind=kind, exclusive=True, status__in=GOING)
        .first()
    )
    return None if job is None or job_is_stale(job) else job


def job_latest(
    *, organization: Organization, kind: str, subject: str, user: User | None = None
) -> BackgroundJob | None:
    """The latest job of ``kind`` about ``subject`` (asked by ``user``, when given)."""
    jobs = BackgroundJob.objects.filter(organization=organization, kind=kind, subject=subject)
    if user is not None:
        jobs = jobs.filter(requested_by=user)
    return jobs.select_related("requested_by__employee").order_by("-created_at", "-id").first()


def jobs_recent_of_kind(
    *, organization: Organization, kind: str, subject_prefix: str, user: User, limit: int = 10
) -> list[BackgroundJob]:
    """``user``'s latest jobs of ``kind`` whose subject starts with ``subject_prefix``."""
    return list(
        BackgroundJob.objects.filter(
            organization=organization,
            kind=kind,
            subject__startswith=subject_prefix,
            requested_by=user,
        ).order_by("-created_at", "-id")[:limit]
    )
