"""A large file's upload: kept at once, checked and previewed by the task worker with its
progress, the same preview as the request's, its problems with their rows, and who may see
or confirm it."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from remento.core.errors import ServiceError
from remento.core.jobs.models import BackgroundJob, JobStatus
from remento.core.jobs.progress import JobProgress
from remento.core.models import AuditEvent
from remento.people.importing import background, checking
from remento.people.importing.preview import preview_of
from remento.people.importing.services import import_batch_plan
from remento.people.importing.uploads import pending_upload_read
from remento.people.models import Department, Employee, ImportBatch
from tests.conftest import client_for
from tests.factories import EmployeeFactory, user_of
from tests.people.import_files import csv_bytes, person
from tests.people.test_import_views import good_file, upload

HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def small_threshold(settings: Any) -> None:
    """Files of more than two people are large (the default is 2,000)."""
    settings.REMENTO_IMPORT_BACKGROUND_ROWS = 2


def _url(batch: ImportBatch, name: str = "people:import_preview") -> str:
    return reverse(name, args=[batch.token])


def _checks() -> Any:
    return BackgroundJob.objects.filter(kind=checking.CHECK_KIND)


def _upload_checked(client: Client, data: bytes, on_commit: Any, **fields: str) -> ImportBatch:
    """Upload ``data`` and let the worker check it (the tests' tasks run at commit)."""
    with on_commit(execute=True):
        response = upload(client, data, **fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportBatch.objects.latest("created_at")


def test_a_large_upload_returns_at_once_and_queues_its_check(
    coordinator_client: Client, coordinator: Employee
) -> None:
    response = upload(coordinator_client, good_file(coordinator))  # no worker here

    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert response.headers["Location"] == _url(batch)
    job = _checks().get()
    assert (job.status, job.exclusive, job.subject) == (JobStatus.QUEUED, True, str(batch.pk))
    assert job.requested_by == coordinator.user
    assert pending_upload_read(batch) == good_file(coordinator)  # kept, not yet checked
    assert batch.result == {}
    assert not Employee.objects.filter(employee_id="E901").exists()
    assert not AuditEvent.objects.filter(verb="people.import_uploaded").exists()

    page = coordinator_client.get(_url(batch)).text
    assert "Checking hris.csv" in page
    assert "Waiting for the task worker" in page
    for step in ("Reading the file", "Checking rows", "Planning the changes"):
        assert step in page
    assert 'hx-trigger="every 1s"' in page
    assert "Confirm the import" not in page


def test_a_small_file_is_still_checked_in_the_request(
    settings: Any, coordinator_client: Client, coordinator: Employee
) -> None:
    settings.REMENTO_IMPORT_BACKGROUND_ROWS = 2000

    assert upload(coordinator_client, good_file(coordinator)).status_code == 302

    assert not BackgroundJob.objects.exists()
    batch = ImportBatch.objects.get()
    assert batch.result == {}  # nothing kept: its preview is made at each look
    assert "Confirm the import" in coordinator_client.get(_url(batch)).text


def test_the_check_panel_shows_its_phase_and_rows(
    coordinator_client: Client, coordinator: Employee
) -> None:
    upload(coordinator_client, good_file(coordinator))
    batch = ImportBatch.objects.get()
    job = _checks().get()
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    JobProgress(job).phase("checking", total=100_000, done=42_000)

    panel = coordinator_client.get(_url(batch, "people:import_progress"), headers=HTMX).text

    assert panel.lstrip().startswith('<section id="job-progress"')
    assert "Where the check stands" in panel
    assert "<strong>Checking rows</strong>" in panel
    assert "42000 of 100000 rows" in panel
    assert 'aria-current="step">Checking rows' in panel
    assert "so far" in panel


def test_the_check_reports_reading_checking_and_planning_with_the_rows(
    coordinator_client: Client, coordinator: Employee, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = csv_bytes([person(f"E{i}") for i in range(1, 2502)])
    upload(coordinator_client, data)
    seen: list[tuple[str, int | None]] = []
    advanced: list[int] = []
    monkeypatch.setattr(
        JobProgress, "phase", lambda self, name, **kw: seen.append((name, kw.get("total")))
    )
    monkeypatch.setattr(JobProgress, "advance", lambda self, done: advanced.append(done))

    job = checking.import_check_perform(job_id=_checks().get().pk)

    assert job.status == JobStatus.DONE
    assert seen == [("reading", None), ("checking", 2501), ("planning", 2501)]
    assert 1999 in advanced
    assert 2000 in advanced


def _rich_file(coordinator: Employee, admin: Employee) -> bytes:
    """A file with something in every part of the preview: people created and updated (a
    promotion), a new department and another spelling of a known one, an ignored column,
    and a held change to an admin's sign-in."""
    Department.objects.create(organization=coordinator.organization, name="Finance")
    header = [*person("E1").keys(), "Notes"]
    rows = [
        person(
            coordinator.employee_id,
            first_name=coordinator.first_name,
            last_name=coordinator.last_name,
            email=coordinator.email,
            level="7",
            department="finance ",
        ),
        person(
            admin.employee_id,
            first_name=admin.first_name,
            last_name=admin.last_name,
            email="ada.new@acme.example",
            level=str(admin.level),
        ),
        *[person(f"E{i}", department="Data Science", Notes="x") for i in range(900, 905)],
    ]
    return csv_bytes(rows, header=header)


def _without_tokens(page: str) -> str:
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
    page = re.sub(r'"X-CSRFToken": "[^"]+"', "", page)
    return re.sub(r'<p class="muted" id="checked-at">.*?</p>', "", page, flags=re.S)


def test_the_workers_preview_is_the_requests_preview_of_the_same_file(
    settings: Any,
    coordinator_client: Client,
    coordinator: Employee,
    admin: Employee,
    django_capture_on_commit_callbacks: Any,
) -> None:
    data = _rich_file(coordinator, admin)
    settings.REMENTO_IMPORT_BACKGROUND_ROWS = 2000
    assert upload(coordinator_client, data, ignore_columns="Notes").status_code == 302
    in_request = coordinator_client.get(_url(ImportBatch.objects.get()))
    settings.REMENTO_IMPORT_BACKGROUND_ROWS = 2

    batch = _upload_checked(
        coordinator_client, data, django_capture_on_commit_callbacks, ignore_columns="Notes"
    )
    by_worker = coordinator_client.get(_url(batch))

    assert _checks().get().status == JobStatus.DONE
    assert by_worker.status_code == in_request.status_code == 200
    assert by_worker.context["preview"] == in_request.context["preview"]
    assert by_worker.context["preview"] == preview_of(
        import_batch_plan(actor=user_of(coordinator), batch=batch)
    )
    preview = by_worker.context["preview"]
    assert preview["counts"] == {"created": 5, "updated": 2, "unchanged": 0, "deactivated": 0}
    assert preview["new_departments"] == ["Data Science"]
    assert preview["department_spellings"]
    assert preview["ignored_columns"] == ["Notes"]
    assert preview["level_counts"]["promotions"] == 1
    assert [change["row"] for change in preview["held"]] == [3]
    assert "Checked by the task worker against the directory at" in by_worker.text
    assert _without_tokens(by_worker.text) == _without_tokens(in_request.text)
    event = AuditEvent.objects.filter(verb="people.import_uploaded").latest("id")
    assert event.data["created"] == 5  # audited once checked, as a small file is


def test_a_checked_large_file_is_confirmed_and_written_by_the_worker(
    coordinator_client: Client, coordinator: Employee, django_capture_on_commit_callbacks: Any
) -> None:
    batch = _upload_checked(
        coordinator_client, good_file(coordinator), django_capture_on_commit_callbacks
    )
    fingerprint = coordinator_client.get(_url(batch)).context["fingerprint"]

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(_url(batch), {"fingerprint": fingerprint})

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    assert "preview" not in batch.result  # the names went with the upload
    assert Employee.objects.filter(employee_id__in=["E901", "E902"]).count() == 2
    assert BackgroundJob.objects.get(kind=background.KIND).status == JobStatus.DONE


def test_a_large_file_with_errors_shows_every_problem_with_its_row_and_keeps_nothing(
    coordinator_client: Client, coordinator: Employee, django_capture_on_commit_callbacks: Any
) -> None:
    rows = [person(f"E{i}") for i in range(1, 6)]
    rows[0]["email"] = "nope"
    rows[3] |= {"level": "42", "hire_date": "2020/1/1"}
    before = Employee.objects.count()

    batch = _upload_checked(coordinator_client, csv_bytes(rows), django_capture_on_commit_callbacks)
    page = coordinator_client.get(_url(batch))

    assert _checks().get().status == JobStatus.DONE
    assert page.status_code == 422
    assert "3 problems in hris.csv: nothing was imported" in page.text
    assert "row 2, column email: “nope” is not a valid email address" in page.text
    assert "row 5, column level: unknown level “42”" in page.text
    assert "row 5, column hire_date: “2020/1/1” is not a date; expected yyyy-mm-dd" in page.text
    assert "Confirm the import" not in page.text
    assert batch.upload.name == ""
    assert pending_upload_read(batch) == b""
    assert Employee.objects.count() == before
    # A confirmation posted anyway writes nothing and queues nothing.
    response = coordinator_client.post(_url(batch), {"fingerprint": "x"}, follow=True)
    assert "had problems and was not kept" in response.text
    assert Employee.objects.count() == before
    assert not BackgroundJob.objects.filter(kind=background.KIND).exists()
    assert not AuditEvent.objects.filter(verb="people.import_uploaded").exists()


def test_a_directory_changed_since_the_check_stops_the_import_and_offers_a_new_check(
    coordinator_client: Client,
    coordinator: Employee,
    organization: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    batch = _upload_checked(
        coordinator_client, good_file(coordinator), django_capture_on_commit_callbacks
    )
    fingerprint = coordinator_client.get(_url(batch)).context["fingerprint"]
    # Someone adds E901 by hand between the check and the confirmation.
    EmployeeFactory.create(organization=organization, employee_id="E901", email="e@acme.example")

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(_url(batch), {"fingerprint": fingerprint})

    write = BackgroundJob.objects.get(kind=background.KIND)
    assert write.status == JobStatus.FAILED
    assert "The directory changed since the preview" in write.failure
    assert not Employee.objects.filter(employee_id="E902").exists()
    page = coordinator_client.get(_url(batch)).text
    assert "The import stopped" in page
    assert 'name="recheck"' in page

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(_url(batch), {"recheck": "1"})
    again = coordinator_client.get(_url(batch))
    assert again.context["counts"]["created"] == 1  # E901 is now an update
    assert "The import stopped" not in again.text  # that was before this check
    assert again.context["fingerprint"] != fingerprint
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(_url(batch), {"fingerprint": again.context["fingerprint"]})
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    assert Employee.objects.filter(employee_id="E902").exists()


def test_a_check_that_fails_shows_its_reason_and_may_run_again(
    coordinator_client: Client,
    coordinator: Employee,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(checking, "people_import_plan", broken)
    batch = _upload_checked(
        coordinator_client, good_file(coordinator), django_capture_on_commit_callbacks
    )

    page = coordinator_client.get(_url(batch)).text
    assert "The check stopped" in page
    assert "RuntimeError: disk full" in page
    assert "Confirm the import" not in page

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(_url(batch), {"recheck": "1"})
    assert "Confirm the import" in coordinator_client.get(_url(batch)).text


def test_a_discarded_upload_stops_its_check_and_keeps_nothing(
    coordinator_client: Client, coordinator: Employee
) -> None:
    upload(coordinator_client, good_file(coordinator))
    batch = ImportBatch.objects.get()

    coordinator_client.post(_url(batch), {"discard": "1"})
    job = checking.import_check_perform(job_id=_checks().get().pk)

    assert job.status == JobStatus.FAILED
    assert "no longer waiting" in job.failure
    batch.refresh_from_db()
    assert (batch.status, batch.result, batch.upload.name) == (
        ImportBatch.Status.DISCARDED,
        {},
        "",
    )


def test_one_large_file_is_checked_at_a_time_in_an_organisation(
    coordinator_client: Client, coordinator: Employee, admin: Employee
) -> None:
    upload(coordinator_client, good_file(coordinator))  # its check waits for the worker

    response = upload(client_for(admin), good_file(coordinator), name="other.csv")

    assert response.status_code == 409
    assert "A large file is already being checked" in response.text
    assert _checks().count() == 1
    assert ImportBatch.objects.count() == 1


def test_another_organisation_or_a_non_coordinator_cannot_see_or_confirm_the_check(
    coordinator_client: Client,
    coordinator: Employee,
    admin: Employee,
    mentor_client: Client,
    stranger: Employee,
    django_capture_on_commit_callbacks: Any,
) -> None:
    batch = _upload_checked(
        coordinator_client, good_file(coordinator), django_capture_on_commit_callbacks
    )
    fingerprint = coordinator_client.get(_url(batch)).context["fingerprint"]
    others = {
        "another organisation's coordinator": client_for(stranger),
        "an admin who did not upload it": client_for(admin),
        "a mentor": mentor_client,
    }

    for who, client in others.items():
        for url in (_url(batch), _url(batch, "people:import_progress")):
            assert client.get(url, headers=HTMX).status_code in (403, 404), who
        for action in ({"fingerprint": fingerprint}, {"recheck": "1"}, {"discard": "1"}):
            with django_capture_on_commit_callbacks(execute=True):
                assert client.post(_url(batch), action).status_code in (403, 404), who

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PENDING
    assert not BackgroundJob.objects.filter(kind=background.KIND).exists()
    assert _checks().count() == 1
    assert not Employee.objects.filter(employee_id="E901").exists()
    # The services refuse them too, whatever page they come from.
    with pytest.raises(PermissionDenied):
        checking.import_batch_recheck(actor=user_of(stranger), batch=batch)
    with pytest.raises(PermissionDenied):
        checking.import_check_queue(
            actor=user_of(stranger), organization=batch.organization, file_name="x", data=b"x"
        )


def test_a_stale_check_does_not_block_the_next_upload(
    coordinator_client: Client, coordinator: Employee, admin: Employee
) -> None:
    upload(coordinator_client, good_file(coordinator))
    _checks().update(created_at=timezone.now() - timedelta(minutes=31))

    assert upload(client_for(admin), good_file(coordinator)).status_code == 302

    assert _checks().filter(status=JobStatus.FAILED).count() == 1


def test_the_recheck_refuses_an_upload_that_is_no_longer_waiting(
    coordinator_client: Client, coordinator: Employee, django_capture_on_commit_callbacks: Any
) -> None:
    batch = _upload_checked(
        coordinator_client, good_file(coordinator), django_capture_on_commit_callbacks
    )
    coordinator_client.post(_url(batch), {"discard": "1"})
    batch.refresh_from_db()

    with pytest.raises(ServiceError, match="already discarded"):
        checking.import_batch_recheck(actor=user_of(coordinator), batch=batch)
