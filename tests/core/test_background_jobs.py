"""The background job record: queued once committed, one exclusive job at a time, progress
read back from its file, failures in words, a stopped worker shown as failed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from remento.core.errors import ServiceError
from remento.core.jobs.models import BackgroundJob, JobStatus
from remento.core.jobs.progress import JobProgress, progress_read
from remento.core.jobs.selectors import job_activity, job_going
from remento.core.jobs.services import JobFailed, JobOutcome, job_perform, job_queue
from remento.core.models import AuditEvent, Organization
from remento.people.models import Employee
from tests.factories import user_of

PHASES = (("reading", "Reading"), ("writing", "Writing"))


def _queue(coordinator: Employee, organization: Organization, **extra: Any) -> BackgroundJob:
    queued: list[int] = []
    job = job_queue(
        actor=user_of(coordinator),
        organization=organization,
        kind="test.kind",
        enqueue=queued.append,
        **extra,
    )
    assert queued == []  # asked once the test's transaction commits, which it never does
    return job


def test_the_worker_is_asked_only_once_the_transaction_commits(
    coordinator: Employee, organization: Organization, django_capture_on_commit_callbacks: Any
) -> None:
    asked: list[int] = []
    with django_capture_on_commit_callbacks(execute=True):
        job = job_queue(
            actor=user_of(coordinator),
            organization=organization,
            kind="test.kind",
            enqueue=asked.append,
        )
        assert asked == []
    assert asked == [job.pk]
    assert len(job.token) >= 40
    assert AuditEvent.objects.get(verb="job.queued").data == {"kind": "test.kind", "subject": ""}


def test_one_exclusive_job_of_a_kind_goes_at_a_time(
    coordinator: Employee, organization: Organization
) -> None:
    first = _queue(coordinator, organization, exclusive=True, busy=lambda job: "Busy; wait")

    with pytest.raises(ServiceError, match="Busy; wait"):
        _queue(coordinator, organization, exclusive=True, busy=lambda job: "Busy; wait")
    _queue(coordinator, organization)  # not exclusive: goes beside it
    assert job_going(organization=organization, kind="test.kind") == first


def test_the_database_allows_one_exclusive_job_going(
    coordinator: Employee, organization: Organization
) -> None:
    _queue(coordinator, organization, exclusive=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        BackgroundJob.objects.create(
            organization=organization, kind="test.kind", exclusive=True, token="other"
        )


def test_a_stale_exclusive_job_is_failed_and_does_not_block(
    coordinator: Employee, organization: Organization
) -> None:
    stuck = _queue(coordinator, organization, exclusive=True)
    BackgroundJob.objects.filter(pk=stuck.pk).update(
        created_at=timezone.now() - timedelta(minutes=31)
    )

    _queue(coordinator, organization, exclusive=True)

    stuck.refresh_from_db()
    assert stuck.status == JobStatus.FAILED
    assert "No task worker picked this up within 30 minutes" in stuck.failure


def test_progress_is_read_back_and_goes_once_the_job_ends(
    coordinator: Employee, organization: Organization
) -> None:
    job = _queue(coordinator, organization)

    def work(job: BackgroundJob, progress: JobProgress) -> JobOutcome:
        progress.phase("writing", total=10)
        progress.phase("writing", total=10, done=4)
        reported = progress_read(job)
        assert reported is not None
        assert (reported.phase, reported.done, reported.total) == ("writing", 4, 10)
        activity = job_activity(BackgroundJob.objects.get(pk=job.pk), PHASES)
        assert (activity.state, activity.phase_label, activity.percent) == (
            "running",
            "Writing",
            40,
        )
        assert [s.state for s in activity.steps] == ["done", "done", "current"]
        return JobOutcome(result={"rows": 10})

    done = job_perform(job_id=job.pk, work=work)

    assert (done.status, done.result) == (JobStatus.DONE, {"rows": 10})
    assert done.started_at is not None
    assert done.finished_at is not None
    assert progress_read(done) is None


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (JobFailed("The file is gone."), "The file is gone."),
        (ServiceError("Not allowed now."), "Not allowed now."),
        (ValueError("bad value"), "unexpected error (ValueError: bad value)"),
    ],
)
def test_a_failure_is_recorded_in_words(
    coordinator: Employee, organization: Organization, error: Exception, words: str
) -> None:
    job = _queue(coordinator, organization)

    def work(job: BackgroundJob, progress: JobProgress) -> JobOutcome:
        raise error

    failed = job_perform(job_id=job.pk, work=work)

    assert failed.status == JobStatus.FAILED
    assert words in failed.failure
    assert job_activity(failed, PHASES).state == "failed"


def test_a_job_is_run_once(coordinator: Employee, organization: Organization) -> None:
    job = _queue(coordinator, organization)
    runs: list[int] = []

    def work(job: BackgroundJob, progress: JobProgress) -> JobOutcome:
        runs.append(job.pk)
        return JobOutcome()

    job_perform(job_id=job.pk, work=work)
    job_perform(job_id=job.pk, work=work)  # a second delivery of the task

    assert runs == [job.pk]


def test_a_worker_that_stopped_reporting_reads_as_failed(
    coordinator: Employee, organization: Organization
) -> None:
    job = _queue(coordinator, organization)
    long_ago = timezone.now() - timedelta(hours=2)
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=long_ago, created_at=long_ago
    )

    activity = job_activity(BackgroundJob.objects.get(pk=job.pk), PHASES)

    assert activity.state == "failed"
    assert "stopped reporting progress for over 30 minutes" in activity.failure
