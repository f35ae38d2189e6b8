"""The files of pending imports: written under MEDIA_ROOT, read back for the preview and the
confirmation, deleted once applied or discarded, and purged when they wait longer than
``REMENTO_PENDING_UPLOAD_HOURS``.

An HRIS file holds the whole directory's personal data; it lives only as long as the
person who uploaded it needs to confirm it. Files are deleted after the transaction that
let them go commits, so a rolled-back confirmation keeps its file.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from remento.core.audit import audit_log
from remento.people.models import ImportBatch, pending_upload_storage

logger = logging.getLogger(__name__)
PENDING_DIRECTORY = "imports/pending"
# The purge task runs this long after an upload expires, so the upload is surely past due.
PURGE_SLACK = dt.timedelta(minutes=1)


def pending_upload_lifetime() -> dt.timedelta:
    """How long an upload waits for its confirmation (``REMENTO_PENDING_UPLOAD_HOURS``)."""
    return dt.timedelta(hours=settings.REMENTO_PENDING_UPLOAD_HOURS)


def pending_upload_store(batch: ImportBatch, data: bytes) -> None:
    """Write ``data`` as the (unsaved) batch's file; the caller saves the batch."""
    batch.upload.save("upload.csv", ContentFile(data), save=False)


def pending_upload_read(batch: ImportBatch) -> bytes:
    """The batch's file, or nothing when it is gone (applied, discarded or purged)."""
    if not batch.upload.name:
        return b""
    try:
        with batch.upload.storage.open(batch.upload.name, "rb") as handle:
            return bytes(handle.read())
    except FileNotFoundError:
        return b""


def _delete_files_on_commit(names: Iterable[str]) -> None:
    storage = pending_upload_storage()
    names = [name for name in names if name]

    def delete() -> None:
        for name in names:
            try:
                storage.delete(name)
            except OSError as error:  # the purge's sweep retries it later
                logger.warning("Could not delete the pending upload %s: %s", name, error)

    if names:
        transaction.on_commit(delete)


def pending_uploads_release(batches: QuerySet[ImportBatch], *, status: str) -> int:
    """Give pending ``batches`` their final ``status`` and delete their files (after
    commit), with the preview a large file's check kept (it names people). Returns how
    many batches changed; call it inside a transaction."""
    pending = batches.filter(status=ImportBatch.Status.PENDING)
    names = list(pending.values_list("upload", flat=True))
    changed = pending.update(status=status, upload="", result={}, updated_at=timezone.now())
    _delete_files_on_commit(names)
    return changed


def pending_upload_release(batch: ImportBatch) -> None:
    """Delete the file of ``batch`` (after commit) and clear its field; the caller saves."""
    _delete_files_on_commit([batch.upload.name or ""])
    batch.upload.name = ""


def schedule_purge(created_at: dt.datetime) -> bool:
    """Have the task worker purge the upload made at ``created_at`` once it expires; False
    (nothing queued) when the task backend cannot run work later (tests' immediate
    backend): ``remento purge-uploads`` from cron, and the import page, catch it then."""
    from remento.people.tasks import purge_pending_uploads  # the task imports this module

    if not purge_pending_uploads.get_backend().supports_defer:
        return False
    when = created_at + pending_upload_lifetime() + PURGE_SLACK
    transaction.on_commit(lambda: purge_pending_uploads.using(run_after=when).enqueue())
    return True


@transaction.atomic
def pending_uploads_purge(*, now: dt.datetime | None = None) -> int:
    """Discard every upload that waited longer than its lifetime and delete its file, then
    delete stray files (of an upload whose transaction rolled back) as old as that.

    Each expired upload is audited as ``people.import_expired``. Returns how many uploads
    expired.
    """
    now = now or timezone.now()
    cutoff = now - pending_upload_lifetime()
    expired = list(
        ImportBatch.objects.select_for_update()
        .filter(status=ImportBatch.Status.PENDING, created_at__lt=cutoff)
        .select_related("organization")
    )
    for batch in expired:
        audit_log(
            actor=None,
            organization=batch.organization,
            verb="people.import_expired",
            target=batch,
            data={"file": batch.file_name},
        )
    pending_uploads_release(
        ImportBatch.objects.filter(pk__in=[batch.pk for batch in expired]),
        status=ImportBatch.Status.DISCARDED,
    )
    _sweep_stray_files(cutoff)
    return len(expired)


def _sweep_stray_files(cutoff: dt.datetime) -> None:
    storage = pending_upload_storage()
    if not storage.exists(PENDING_DIRECTORY):
        return
    kept = set(
        ImportBatch.objects.filter(status=ImportBatch.Status.PENDING).values_list(
            "upload", flat=True
        )
    )
    _, files = storage.listdir(PENDING_DIRECTORY)
    stray = [
        f"{PENDING_DIRECTORY}/{name}"
        for name in files
        if f"{PENDING_DIRECTORY}/{name}" not in kept
        and storage.get_modified_time(f"{PENDING_DIRECTORY}/{name}") < cutoff
    ]
    _delete_files_on_commit(stray)
