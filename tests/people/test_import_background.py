"""Large imports in the task worker: queued on confirmation, progress by phase and rows, the
result or the failure with its reason, one at a time per organisation, and who may watch."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from remento.core.jobs.models import BackgroundJob, JobStatus
from remento.core.jobs.progress import JobProgress
from remento.core.models import AuditEvent
from remento.people.importing import background
from remento.people.importing import progress as import_progress
from remento.people.importing.services import people_import_apply
from remento.people.models import Employee, ImportBatch
from tests.conftest import client_for
from tests.factories import EmployeeFactory, user_of
from tests.people.import_files import csv_bytes, person
from tests.people.test_import_views import good_file, upload

HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def small_threshold(settings: Any) -> None:
    """Files of more than two people go to the worker (the default is 2,000)."""
    settings.REMENTO_IMPORT_BACKGROUND_ROWS = 2


@pytest.fixture
def batch(
    coordinator_client: Client, coordinator: Employee, django_capture_on_commit_callbacks: Any
) -> ImportBatch:
    """An upload above the threshold, checked by the worker (the tests' tasks run at once
    when the upload's transaction commits)."""
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(coordinator_client, good_file(coordinator)).status_code == 302
    return ImportBatch.objects.get()


def _writes() -> Any:
    """The import jobs that write (not the checks of the uploads)."""
    return BackgroundJob.objects.filter(kind=background.KIND)


def _url(batch: ImportBatch, name: str = "people:import_preview") -> str:
    return reverse(name, args=[batch.token])


def _confirm(client: Client, batch: ImportBatch, **extra: str) -> Any:
    fingerprint = client.get(_url(batch)).context["fingerprint"]
    return client.post(_url(batch), {"fingerprint": fingerprint, **extra})


def test_confirming_a_large_file_queues_it_and_the_worker_imports_it(
    coordinator_client: Client,
    coordinator: Employee,
    batch: ImportBatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = _confirm(coordinator_client, batch)
        job = _writes().get()
        # The request came back before the worker ran: nothing written yet.
        assert (job.kind, job.status, job.exclusive) == ("people.import", JobStatus.QUEUED, True)
        assert not Employee.objects.filter(employee_id="E901").exists()
        assert response.status_code == 302

    job.refresh_from_db()
    batch.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.result["created"] == 2
    assert batch.status == ImportBatch.Status.APPLIED
    assert Employee.objects.filter(employee_id__in=["E901", "E902"]).count() == 2
    assert AuditEvent.objects.filter(verb="job.queued").count() == 2  # the check, the write
    assert AuditEvent.objects.filter(verb="people.imported").count() == 1
    page = coordinator_client.get(_url(batch)).text
    assert "Imported hris.csv" in page


def test_a_small_file_is_still_imported_in_the_request(
    settings: Any, coordinator_client: Client, batch: ImportBatch
) -> None:
    settings.REMENTO_IMPORT_BACKGROUND_ROWS = 2000

    response = _confirm(coordinator_client, batch)

    assert response.status_code == 302
    assert not _writes().exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED


def test_the_page_shows_a_queued_import_with_its_steps_and_polls_itself(
    coordinator_client: Client, batch: ImportBatch
) -> None:
    _confirm(coordinator_client, batch)  # no worker here: the job stays queued

    page = coordinator_client.get(_url(batch)).text
    panel = coordinator_client.get(_url(batch, "people:import_progress"), headers=HTMX).text

    assert "Importing hris.csv" in page
    assert "Waiting for the task worker" in page
    assert "Writing people" in page  # a step still to come
    assert 'hx-trigger="every 1s"' in page
    assert "<script" not in panel
    assert panel.lstrip().startswith('<section id="job-progress"')
    assert "Confirm the import" not in page  # no second confirmation meanwhile


def test_the_panel_shows_the_phase_and_rows_the_worker_reported(
    coordinator_client: Client, coordinator: Employee, batch: ImportBatch
) -> None:
    _confirm(coordinator_client, batch)
    job = _writes().get()
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    progress = JobProgress(job)
    progress.phase("people", total=3000)
    progress.phase("people", total=3000, done=1200)

    panel = coordinator_client.get(_url(batch, "people:import_progress"), headers=HTMX).text

    assert "<strong>Writing people</strong>" in panel
    assert "1200 of 3000 rows" in panel
    assert 'value="1200"' in panel
    assert 'aria-current="step">Writing people' in panel
    assert "so far" in panel


def test_the_import_reports_each_phase_in_order_with_its_rows(
    organization: Any, coordinator: Employee
) -> None:
    seen: list[tuple[str, int | None]] = []
    done: list[int] = []

    class Listener:
        def phase(self, name: str, *, total: int | None = None, done: int = 0) -> None:
            seen.append((name, total))

        def advance(self, rows: int) -> None:
            done.append(rows)

    data = csv_bytes([person(f"E{i}") for i in range(1, 2502)])
    with import_progress.reporting_to(Listener()):
        people_import_apply(actor=None, organization=organization, data=data)

    assert [name for name, _ in seen] == [
        "checking",
        "planning",
        "departments",
        "sign_ins",
        "people",
        "finishing",
    ]
    assert dict(seen)["checking"] == 2501
    assert dict(seen)["people"] == 2501
    assert done[-1] == 2501  # every person written was reported


def test_the_poll_of_a_finished_import_says_what_it_did_and_reloads(
    coordinator_client: Client, batch: ImportBatch
) -> None:
    _confirm(coordinator_client, batch)
    background.import_job_perform(job_id=_writes().get().pk)

    poll = coordinator_client.get(_url(batch, "people:import_progress"), headers=HTMX)

    assert poll.status_code == 204
    assert poll.headers["HX-Refresh"] == "true"
    page = coordinator_client.get(_url(batch)).text
    assert "Imported hris.csv: 2 created" in page


def test_a_directory_changed_since_the_preview_fails_with_the_reason_and_writes_nothing(
    coordinator_client: Client, coordinator: Employee, batch: ImportBatch, organization: Any
) -> None:
    _confirm(coordinator_client, batch)
    # Someone adds E901 by hand between the confirmation and the worker.
    EmployeeFactory.create(organization=organization, employee_id="E901", email="e@acme.example")

    job = background.import_job_perform(job_id=_writes().get().pk)

    assert job.status == JobStatus.FAILED
    assert "The directory changed since the preview" in job.failure
    assert not Employee.objects.filter(employee_id="E902").exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PENDING  # may be confirmed again
    page = coordinator_client.get(_url(batch)).text
    assert "The import stopped" in page
    assert "The directory changed since the preview" in page
    assert "Nothing was imported" in page
    assert "Confirm the import" in page


def test_an_error_halfway_through_writes_nothing(
    coordinator_client: Client, batch: ImportBatch, monkeypatch: pytest.MonkeyPatch
) -> None:
    _confirm(coordinator_client, batch)
    before = Employee.objects.count()

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    # The people are written; then recording the sign-ins fails: all of it rolls back.
    monkeypatch.setattr("remento.people.importing.apply.apply_sign_ins_after", broken)
    job = background.import_job_perform(job_id=_writes().get().pk)

    assert job.status == JobStatus.FAILED
    assert "RuntimeError: disk full" in job.failure
    assert Employee.objects.count() == before
    assert not AuditEvent.objects.filter(verb="people.imported").exists()


def test_a_second_import_is_refused_while_one_goes(
    coordinator_client: Client, coordinator: Employee, batch: ImportBatch, organization: Any
) -> None:
    _confirm(coordinator_client, batch)
    second = ImportBatch.objects.create(
        organization=organization, uploaded_by=coordinator.user, token="second", file_name="b.csv"
    )
    second.upload.save("b.csv", __import__("io").BytesIO(b""), save=True)

    with pytest.raises(Exception, match="An import is already going"):
        background.import_batch_queue(
            actor=user_of(coordinator),
            batch=second,
            expected_fingerprint="x",
            confirm_privileged=False,
        )
    # A small file waits too, rather than blocking on the lock.
    with pytest.raises(Exception, match="An import is already going"):
        background.import_going_check(organization)
    assert (
        "An import is going in the background"
        in coordinator_client.get(reverse("people:import_upload")).text
    )
    assert _writes().count() == 1


def test_an_import_no_worker_took_is_shown_failed_and_does_not_block(
    coordinator_client: Client, batch: ImportBatch, organization: Any
) -> None:
    _confirm(coordinator_client, batch)
    _writes().update(created_at=timezone.now() - timedelta(minutes=31))

    page = coordinator_client.get(_url(batch)).text

    assert "No task worker picked this up within 30 minutes" in page
    assert background.import_going_check(organization) is None


def test_only_the_uploader_watches_the_import(
    coordinator_client: Client,
    batch: ImportBatch,
    admin: Employee,
    mentor_client: Client,
    stranger: Employee,
) -> None:
    _confirm(coordinator_client, batch)
    url = _url(batch, "people:import_progress")

    assert client_for(admin).get(url, headers=HTMX).status_code == 404  # not the uploader
    assert mentor_client.get(url, headers=HTMX).status_code == 403
    assert client_for(stranger).get(url, headers=HTMX).status_code in (403, 404)


def test_only_a_coordinator_may_queue_an_import(
    coordinator_client: Client, batch: ImportBatch, mentor: Employee
) -> None:
    with pytest.raises(Exception, match="Only a coordinator"):
        background.import_batch_queue(
            actor=user_of(mentor), batch=batch, expected_fingerprint="x", confirm_privileged=False
        )
    assert not _writes().exists()


@pytest.mark.django_db(transaction=True)  # the worker commits, and closes its connection
def test_the_demo_worker_runs_a_queued_import(
    settings: Any, coordinator_client: Client, coordinator: Employee
) -> None:
    """The demo's own task backend (the database queue) and its worker command."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert upload(coordinator_client, good_file(coordinator)).status_code == 302
    batch = ImportBatch.objects.get()
    assert "Checking hris.csv" in coordinator_client.get(_url(batch)).text
    call_command("db_worker", "--batch", "--no-startup-delay")  # checks it: the preview
    _confirm(coordinator_client, batch)
    assert _writes().get().status == JobStatus.QUEUED  # waits in the queue

    call_command("db_worker", "--batch", "--no-startup-delay")

    assert _writes().get().status == JobStatus.DONE
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
