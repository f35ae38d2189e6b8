"""Exports in the task worker: asked by a button, written with progress, downloaded from a
link by the coordinator who asked, a failure shown with its reason, files that expire."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from remento.core.jobs.models import BackgroundJob, JobStatus
from remento.core.jobs.progress import JobProgress
from remento.core.jobs.services import job_files_purge
from remento.core.models import AuditEvent
from remento.people.models import Employee, Role
from tests.conftest import client_for
from tests.factories import employee_with_login
from tests.outcomes.exports.conftest import World
from tests.outcomes.exports.helpers import ask, download_url, fetch, url

HTMX = {"HX-Request": "true"}


def _progress(world: World) -> str:
    return reverse("outcomes:program_export_progress", args=[world.program.pk, "pairs", "csv"])


def test_asking_queues_the_export_and_the_page_shows_its_progress(
    world: World, coordinator_client: Client
) -> None:
    response = coordinator_client.post(url(world.program, "pairs", "csv"))  # no worker here

    job = BackgroundJob.objects.get()
    assert response.status_code == 302
    assert (job.kind, job.status) == ("outcomes.export", JobStatus.QUEUED)
    page = coordinator_client.get(url(world.program, "pairs", "csv")).text
    assert "Writing Pairs (CSV)" in page
    assert "Waiting for the task worker" in page
    assert 'hx-trigger="every 1s"' in page
    assert _progress(world) in page
    # Nothing is downloaded, nor audited as exported, before the file exists.
    assert not AuditEvent.objects.filter(verb="program.exported").exists()


def test_asking_twice_while_it_goes_queues_it_once(
    world: World, coordinator_client: Client
) -> None:
    coordinator_client.post(url(world.program, "pairs", "csv"))
    coordinator_client.post(url(world.program, "pairs", "csv"))

    assert BackgroundJob.objects.count() == 1


def test_the_panel_shows_rows_written_and_the_finished_poll_reloads(
    world: World, coordinator_client: Client
) -> None:
    coordinator_client.post(url(world.program, "pairs", "csv"))
    job = BackgroundJob.objects.get()
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    JobProgress(job).phase("writing", total=40, done=10)

    panel = coordinator_client.get(_progress(world), headers=HTMX).text
    assert "<strong>Writing the rows</strong>" in panel
    assert "10 of 40 rows" in panel

    from remento.outcomes.exports.tasks import program_export_execute

    BackgroundJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    program_export_execute.call(job_id=job.pk)
    poll = coordinator_client.get(_progress(world), headers=HTMX)
    assert poll.status_code == 204
    assert poll.headers["HX-Refresh"] == "true"
    page = coordinator_client.get(url(world.program, "pairs", "csv")).text
    job.refresh_from_db()
    assert "Your file is ready" in page
    assert download_url(world.program, job) in page


def test_the_file_lives_under_media_with_a_random_name_in_the_organisations_folder(
    world: World, coordinator_client: Client, settings: Any
) -> None:
    job = ask(coordinator_client, world.program, "participants", "xlsx")

    assert job.status == JobStatus.DONE
    assert job.file.name.startswith(f"jobs/{world.program.organization_id}/")
    assert "participants" not in job.file.name
    assert job.file.name.endswith(".xlsx")
    path = Path(settings.MEDIA_ROOT) / job.file.name
    assert path.exists()
    assert path.stat().st_mode & 0o077 == 0  # the server's own user only
    assert job.expires_at is not None
    assert job.expires_at > timezone.now() + timedelta(hours=23)


def test_a_failed_export_shows_its_reason(
    world: World, coordinator_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr("remento.outcomes.exports.services.xlsx_file", broken)

    job = ask(coordinator_client, world.program, "pairs", "xlsx")

    assert job.status == JobStatus.FAILED
    page = coordinator_client.get(url(world.program, "pairs", "xlsx")).text
    assert "The file could not be written" in page
    assert "RuntimeError: the database went away" in page
    assert "Prepare the file" in page  # try again


def test_a_coordinator_who_lost_the_role_meanwhile_gets_no_file(
    world: World, coordinator: Employee, coordinator_client: Client
) -> None:
    coordinator_client.post(url(world.program, "pairs", "csv"))
    coordinator.role = Role.PARTICIPANT
    coordinator.save(update_fields=["role"])
    from remento.outcomes.exports.tasks import program_export_execute

    job = BackgroundJob.objects.get()
    program_export_execute.call(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "Only the organisation's coordinators export a program" in job.failure
    assert not job.file.name


def test_only_the_coordinator_who_asked_downloads_and_each_download_is_audited(
    world: World, coordinator: Employee, coordinator_client: Client, admin: Employee
) -> None:
    job = ask(coordinator_client, world.program, "pairs", "csv")
    other_coordinator = employee_with_login(
        organization=world.program.organization, email="col@acme.example", role=Role.COORDINATOR
    )

    assert fetch(client_for(admin), world.program, job).status_code == 404
    assert fetch(client_for(other_coordinator), world.program, job).status_code == 404
    assert not AuditEvent.objects.filter(verb="program.exported").exists()
    assert fetch(coordinator_client, world.program, job).status_code == 200
    assert fetch(coordinator_client, world.program, job).status_code == 200
    events = AuditEvent.objects.filter(verb="program.exported")
    assert events.count() == 2
    assert {e.actor_id for e in events} == {coordinator.user_id}


@pytest.mark.parametrize("who", ["mentor", "mentee", "stranger"])
def test_participants_and_other_organisations_reach_neither_page_nor_file(
    world: World, coordinator_client: Client, who: str, request: pytest.FixtureRequest
) -> None:
    job = ask(coordinator_client, world.program, "pairs", "csv")
    client = client_for(request.getfixturevalue(who))
    expected = {404} if who == "stranger" else {403, 404}

    assert client.get(url(world.program, "pairs", "csv")).status_code in expected
    assert client.get(_progress(world), headers=HTMX).status_code in expected
    assert fetch(client, world.program, job).status_code in expected
    assert client.post(url(world.program, "pairs", "csv")).status_code in expected
    assert BackgroundJob.objects.count() == 1


def test_a_job_of_another_export_is_not_found_through_this_one(
    world: World, coordinator_client: Client
) -> None:
    job = ask(coordinator_client, world.program, "pairs", "csv")
    wrong = reverse(
        "outcomes:program_export_download", args=[world.program.pk, "meetings", "csv", job.token]
    )

    assert coordinator_client.get(wrong).status_code == 404


def test_an_expired_file_is_refused_then_purged(
    world: World, coordinator_client: Client, settings: Any
) -> None:
    job = ask(coordinator_client, world.program, "pairs", "csv")
    path = Path(settings.MEDIA_ROOT) / job.file.name
    BackgroundJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    refused = fetch(coordinator_client, world.program, job)
    assert refused.status_code == 302
    assert "has expired" in coordinator_client.get(refused["Location"]).text

    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert job_files_purge() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.EXPIRED
    assert not path.exists()
    assert AuditEvent.objects.filter(verb="job.file_expired").count() == 1
    assert (
        "has expired and was deleted"
        in coordinator_client.get(url(world.program, "pairs", "csv")).text
    )


def test_the_purge_command_deletes_expired_files(
    world: World, coordinator_client: Client, settings: Any
) -> None:
    job = ask(coordinator_client, world.program, "pairs", "csv")
    BackgroundJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(hours=1))

    call_command("purge_job_files", stdout=__import__("io").StringIO())

    job.refresh_from_db()
    assert job.status == JobStatus.EXPIRED


def test_the_export_page_lists_your_recent_files(
    world: World, coordinator_client: Client, admin: Employee
) -> None:
    ask(coordinator_client, world.program, "pairs", "csv")
    page = coordinator_client.get(reverse("outcomes:program_exports", args=[world.program.pk]))

    assert "Your recent files" in page.text
    assert "Pairs (CSV)" in page.text
    admin_page = client_for(admin).get(reverse("outcomes:program_exports", args=[world.program.pk]))
    assert "Your recent files" not in admin_page.text


@pytest.mark.django_db(transaction=True)  # the worker commits, and closes its connection
def test_the_demo_worker_writes_an_asked_export(
    settings: Any, world: World, coordinator_client: Client
) -> None:
    """The demo's own task backend (the database queue) and its worker command."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    coordinator_client.post(url(world.program, "pairs", "xlsx"))
    assert BackgroundJob.objects.get().status == JobStatus.QUEUED

    call_command("db_worker", "--batch", "--no-startup-delay")

    job = BackgroundJob.objects.get()
    assert job.status == JobStatus.DONE
    assert fetch(coordinator_client, world.program, job).status_code == 200
