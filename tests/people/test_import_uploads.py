"""Pending HRIS uploads are files under MEDIA_ROOT, owner-only, deleted once confirmed or
discarded, and purged after REMENTO_PENDING_UPLOAD_HOURS."""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from remento.core.models import AuditEvent
from remento.people.importing.services import (
    import_batch_apply,
    import_batch_create,
    import_batch_discard,
    import_batch_is_expired,
    import_batch_plan,
)
from remento.people.importing.uploads import PURGE_SLACK, pending_uploads_purge
from remento.people.models import Employee, ImportBatch
from remento.people.tasks import purge_pending_uploads
from tests.people.import_files import csv_bytes, person

DATA = csv_bytes([person("E901"), person("E902")])


def upload(coordinator: Employee) -> ImportBatch:
    batch, _ = import_batch_create(
        actor=coordinator.user,
        organization=coordinator.organization,
        file_name="hris.csv",
        data=DATA,
    )
    return batch


def file_of(batch: ImportBatch, settings: Any) -> Path:
    return Path(settings.MEDIA_ROOT) / batch.upload.name


def test_an_upload_waits_as_an_owner_only_file_not_in_the_database(
    coordinator: Employee, settings: Any
) -> None:
    batch = upload(coordinator)

    path = file_of(batch, settings)
    assert path.read_bytes() == DATA
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert batch.upload.name.startswith("imports/pending/")
    # Neither the uploader's file name nor the URL's token shows in the stored name.
    assert "hris" not in batch.upload.name
    assert batch.token not in batch.upload.name
    assert "content" not in {field.name for field in ImportBatch._meta.get_fields()}
    assert import_batch_plan(actor=coordinator.user, batch=batch).counts["created"] == 2


def test_confirming_an_upload_deletes_its_file(
    coordinator: Employee,
    settings: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    batch = upload(coordinator)
    path = file_of(batch, settings)
    fingerprint = import_batch_plan(actor=coordinator.user, batch=batch).fingerprint()

    with django_capture_on_commit_callbacks(execute=True):
        import_batch_apply(actor=coordinator.user, batch=batch, expected_fingerprint=fingerprint)

    batch.refresh_from_db()
    assert (batch.status, batch.upload.name) == (ImportBatch.Status.APPLIED, "")
    assert not path.exists()


def test_discarding_an_upload_or_uploading_another_deletes_the_file(
    coordinator: Employee,
    settings: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    first = upload(coordinator)
    first_path = file_of(first, settings)
    with django_capture_on_commit_callbacks(execute=True):
        second = upload(coordinator)
    second_path = file_of(second, settings)

    assert not first_path.exists()
    first.refresh_from_db()
    assert (first.status, first.upload.name) == (ImportBatch.Status.DISCARDED, "")

    with django_capture_on_commit_callbacks(execute=True):
        import_batch_discard(actor=coordinator.user, batch=second)

    assert not second_path.exists()


def test_uploads_past_the_retention_are_purged_and_audited(
    coordinator: Employee,
    mentor: Employee,
    settings: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    settings.REMENTO_PENDING_UPLOAD_HOURS = 2
    old = upload(coordinator)
    ImportBatch.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=2, minutes=1)
    )
    old.refresh_from_db()
    old_path = file_of(old, settings)
    mentor.role = "coordinator"
    mentor.save(update_fields=["role"])
    fresh = upload(mentor)
    fresh_path = file_of(fresh, settings)
    assert import_batch_is_expired(old)
    assert not import_batch_is_expired(fresh)

    with django_capture_on_commit_callbacks(execute=True):
        assert pending_uploads_purge() == 1

    old.refresh_from_db()
    assert (old.status, old.upload.name) == (ImportBatch.Status.DISCARDED, "")
    assert not old_path.exists()
    assert fresh_path.read_bytes() == DATA
    event = AuditEvent.objects.get(verb="people.import_expired")
    assert (event.target_id, event.data["file"]) == (str(old.pk), "hris.csv")


def test_a_stray_file_older_than_the_retention_is_swept(
    coordinator: Employee,
    settings: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    folder = Path(settings.MEDIA_ROOT) / "imports" / "pending"
    folder.mkdir(parents=True)
    stray, recent = folder / "stray.csv", folder / "recent.csv"
    stray.write_bytes(DATA)
    recent.write_bytes(DATA)
    two_days_ago = (timezone.now() - dt.timedelta(days=2)).timestamp()
    os.utime(stray, (two_days_ago, two_days_ago))

    with django_capture_on_commit_callbacks(execute=True):
        pending_uploads_purge()

    assert not stray.exists()
    assert recent.exists()


def test_each_upload_schedules_its_own_purge_for_the_worker(
    coordinator: Employee, settings: Any, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}

    with django_capture_on_commit_callbacks(execute=True):
        batch = upload(coordinator)

    queued = [
        result
        for result in purge_pending_uploads.get_backend().results
        if result.task.name == "purge_pending_uploads"
    ]
    assert [result.task.run_after for result in queued] == [
        batch.created_at + dt.timedelta(hours=24) + PURGE_SLACK
    ]


@pytest.mark.django_db(transaction=True)
def test_the_purge_command_reports_what_it_deleted(coordinator: Employee, settings: Any) -> None:
    batch = upload(coordinator)
    ImportBatch.objects.filter(pk=batch.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=25)
    )
    path = file_of(batch, settings)

    call_command("purge_uploads", stdout=(out := _Out()))

    assert out.text == "1 upload(s) older than 24 hour(s) deleted.\n"
    assert not path.exists()


class _Out:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass
