"""Queueing a job, running it in the worker, and deleting its file when it expires.

The apps' own services decide who may ask for what, then call ``job_queue``; their task calls
``job_perform`` with the work to do, which claims the job, runs it with a ``JobProgress``,
and records the outcome: ``done`` with its result and file, or ``failed`` with the reason in
plain words (a ``ServiceError``'s or ``PermissionDenied``'s own message; an unexpected error
named). A job no worker has reported on for ``REMENTO_MATCH_RUN_TIMEOUT_MINUTES`` (the one
bound on background work, also RQ's) reads as failed and no longer blocks the next.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.errors import ServiceError
from remento.core.jobs.models import GOING, BackgroundJob, JobStatus, job_file_storage
from remento.core.jobs.progress import JobProgress, progress_read
from remento.core.models import Organization, User

logger = logging.getLogger(__name__)
# The purge task runs this long after a file expires, so the file is surely past due.
PURGE_SLACK = timedelta(minutes=1)


class JobFailed(Exception):
    """The work cannot be done; the message says why, in words the page shows as they are."""


@dataclass
class JobOutcome:
    """What a job's work gives back: counts for the page, and a file to download, if any."""

    result: dict[str, Any] = field(default_factory=dict)
    file: IO[bytes] | None = None
    file_name: str = ""
    content_type: str = ""


def job_timeout() -> timedelta:
    return timedelta(minutes=settings.REMENTO_MATCH_RUN_TIMEOUT_MINUTES)


def job_file_lifetime() -> timedelta:
    """How long a job's file may be downloaded (``REMENTO_JOB_FILE_HOURS``)."""
    return timedelta(hours=settings.REMENTO_JOB_FILE_HOURS)


def job_is_stale(job: BackgroundJob, now: datetime | None = None) -> bool:
    """A job still going that its worker has not reported on for longer than the timeout."""
    if job.status not in GOING:
        return False
    reported = progress_read(job)
    moments = [job.created_at, job.started_at, reported.at if reported else None]
    last = max(moment for moment in moments if moment is not None)
    return last < (now or timezone.now()) - job_timeout()


def stale_reason(job: BackgroundJob) -> str:
    """Why a stale job failed, in plain words."""
    minutes = settings.REMENTO_MATCH_RUN_TIMEOUT_MINUTES
    if job.started_at is None:
        return (
            f"No task worker picked this up within {minutes} minutes, so nothing was done. "
            "Ask your administrator to check that the task worker (remento db_worker) is "
            "running, then try again."
        )
    return (
        f"The task worker stopped reporting progress for over {minutes} minutes (it may have "
        "crashed or been restarted). Nothing was changed; try again."
    )


def _fail(job: BackgroundJob, reason: str) -> None:
    """Mark a going job failed with ``reason``."""
    now = timezone.now()
    BackgroundJob.objects.filter(pk=job.pk, status__in=GOING).update(
        status=JobStatus.FAILED, failure=reason, finished_at=now, updated_at=now
    )


def job_queue(
    *,
    actor: User,
    organization: Organization,
    kind: str,
    enqueue: Callable[[int], object],
    subject: str = "",
    params: dict[str, Any] | None = None,
    exclusive: bool = False,
    busy: Callable[[BackgroundJob], str] | None = None,
    reuse_going: bool = False,
) -> BackgroundJob:
    """Record a job of ``kind`` for ``organization`` and have ``enqueue(job_id)`` hand it to
    the worker once the transaction commits; the caller has checked that ``actor`` may.

    ``reuse_going``: the same job (kind and subject) that ``actor`` asked for and that is
    still going is returned instead of asking for it twice.

    ``exclusive``: refused (``ServiceError`` with ``busy(going)``'s words) while another
    exclusive job of the kind goes in the organisation; one whose worker stopped answering
    is marked failed first and does not block. Call it inside a transaction.
    """
    same = _same_going(actor, organization, kind, subject) if reuse_going else None
    if same is not None:
        return same
    if exclusive:
        Organization.objects.select_for_update().filter(pk=organization.pk).exists()
        going = BackgroundJob.objects.filter(
            organization=organization, kind=kind, exclusive=True, status__in=GOING
        ).first()
        if going is not None:
            if not job_is_stale(going):
                raise ServiceError(busy(going) if busy else "This is already going; wait for it.")
            _fail(going, stale_reason(going))
    try:
        with transaction.atomic():
            job = BackgroundJob.objects.create(
                organization=organization,
                requested_by=actor,
                kind=kind,
                subject=subject,
                params=params or {},
                exclusive=exclusive,
                token=secrets.token_urlsafe(32),
            )
    except IntegrityError:
        # Another process won the race past the lock (the constraint is the guard).
        raise ServiceError("This is already going; wait for it to finish.") from None
    audit_log(
        actor=actor,
        organization=organization,
        verb="job.queued",
        target=job,
        data={"kind": kind, "subject": subject},
    )
    job_id = job.pk
    transaction.on_commit(lambda: enqueue(job_id))
    return job


def _same_going(
    actor: User, organization: Organization, kind: str, subject: str
) -> BackgroundJob | None:
    return BackgroundJob.objects.filter(
        organization=organization, kind=kind, subject=subject, requested_by=actor, status__in=GOING
    ).first()


def _claim(job: BackgroundJob) -> bool:
    """Move a queued job to running; False when it is not queued (failed as stale, or run)."""
    now = timezone.now()
    claimed = BackgroundJob.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, updated_at=now
    )
    job.started_at = now
    return bool(claimed)


def job_perform(
    *, job_id: int, work: Callable[[BackgroundJob, JobProgress], JobOutcome]
) -> BackgroundJob:
    """The worker's part: run ``work`` on a queued job and record how it went.

    Never raises for the work's own failures: the reason is on the job for its page.
    """
    job = BackgroundJob.objects.select_related("organization", "requested_by").get(pk=job_id)
    if not _claim(job):
        return job
    progress = JobProgress(job)
    try:
        outcome = work(job, progress)
    except (JobFailed, ServiceError, PermissionDenied) as error:
        _fail(job, str(error))
    except Exception as error:
        logger.exception("Background job %s (%s) failed", job.pk, job.kind)
        _fail(
            job,
            f"It stopped on an unexpected error ({type(error).__name__}: {error}). Nothing "
            "was changed; try again, and if it fails again, tell your administrator.",
        )
    else:
        _finish(job, outcome)
    finally:
        progress.clear()
    job.refresh_from_db()
    return job


def _finish(job: BackgroundJob, outcome: JobOutcome) -> None:
    now = timezone.now()
    fields = ["status", "result", "finished_at", "updated_at"]
    job.status, job.result, job.finished_at = JobStatus.DONE, outcome.result, now
    if outcome.file is not None:
        job.file.save(outcome.file_name or "file", File(outcome.file), save=False)
        outcome.file.close()
        job.file_name = outcome.file_name
        job.content_type = outcome.content_type
        job.expires_at = now + job_file_lifetime()
        fields += ["file", "file_name", "content_type", "expires_at"]
        schedule_purge(job.expires_at)
    job.save(update_fields=fields)


def schedule_purge(expires_at: datetime) -> bool:
    """Have the task worker delete the file expiring at ``expires_at``; False (nothing
    queued) when the backend cannot run work later (tests' immediate backend): then
    ``remento purge-job-files`` from cron, and each download's own check, catch it."""
    from remento.core.jobs.tasks import purge_job_files  # the task imports this module

    if not purge_job_files.get_backend().supports_defer:
        return False
    purge_job_files.using(run_after=expires_at + PURGE_SLACK).enqueue()
    return True


def job_file_expired(job: BackgroundJob, now: datetime | None = None) -> bool:
    """Whether the job's file is gone or past its lifetime (not to be sent any more)."""
    if job.status == JobStatus.EXPIRED or not job.file.name:
        return True
    return job.expires_at is not None and job.expires_at <= (now or timezone.now())


@transaction.atomic
def job_files_purge(*, now: datetime | None = None) -> int:
    """Delete the file of every job past its lifetime (after the commit) and mark the job
    expired; each is audited as ``job.file_expired``. Returns how many expired."""
    now = now or timezone.now()
    expired = list(
        BackgroundJob.objects.select_for_update()
        .filter(status=JobStatus.DONE, expires_at__lte=now)
        .exclude(file="")
        .select_related("organization")
    )
    names = [job.file.name for job in expired if job.file.name]
    for job in expired:
        audit_log(
            actor=None,
            organization=job.organization,
            verb="job.file_expired",
            target=job,
            data={"kind": job.kind},
        )
    BackgroundJob.objects.filter(pk__in=[job.pk for job in expired]).update(
        status=JobStatus.EXPIRED, file="", updated_at=now
    )

    def delete() -> None:
        storage = job_file_storage()
        for name in names:
            try:
                storage.delete(name)
            except OSError as error:  # the next purge tries again
                logger.warning("Could not delete the job file %s: %s", name, error)

    transaction.on_commit(delete)
    return len(expired)
