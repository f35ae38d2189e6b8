"""A large HRIS file checked and previewed by the task worker.

An upload of more than ``REMENTO_IMPORT_BACKGROUND_ROWS`` rows (counted from its line
breaks, nothing parsed) is kept at once and its check queued (``import_check_queue``): the
worker reads the file, checks every row and plans the changes against the directory
exactly as the request does for a small file (``people_import_plan``), reporting its phases
and rows (``progress.CHECK_PHASES``), then keeps what the page shows on the upload
(``ImportBatch.result``: ``checked_at`` and either ``preview``, see ``preview.preview_of``,
or ``problems``). A file with problems is not kept: its file is deleted, only the problems
stay for its page. Confirming then goes as before (``background``): the worker plans again
and refuses if the directory moved since the check (the preview's fingerprint), and the page
offers to check the file again (``import_batch_recheck``).

One check goes at a time in an organisation; the stored preview names people, so it goes
with the upload (confirmed, discarded or expired).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from remento.core.errors import RowErrors, ServiceError
from remento.core.jobs.models import BackgroundJob
from remento.core.jobs.progress import JobProgress
from remento.core.jobs.selectors import job_going
from remento.core.jobs.services import JobFailed, JobOutcome, job_perform, job_queue
from remento.core.models import Organization, User
from remento.people.access import coordinator_of
from remento.people.importing import progress as import_progress
from remento.people.importing.background import REFUSAL, rows_in
from remento.people.importing.preview import Preview, preview_of, problems_of
from remento.people.importing.services import (
    import_batch_keep,
    import_batch_lock_pending,
    import_upload_audit,
    people_import_plan,
)
from remento.people.importing.uploads import pending_upload_read, pending_upload_release
from remento.people.models import ImportBatch

CHECK_KIND = "people.import_check"


def check_busy_words(job: BackgroundJob) -> str:
    """Why another large file must wait for its check, in words."""
    who = f" by {job.requested_by}" if job.requested_by else ""
    return (
        f"A large file is already being checked (uploaded{who} at "
        f"{timezone.localtime(job.created_at):%H:%M}). Upload yours again once that check "
        "has finished: it takes a minute or so."
    )


def _queue(actor: User, batch: ImportBatch) -> BackgroundJob:
    from remento.people.importing.tasks import people_import_check  # the task imports us

    return job_queue(
        actor=actor,
        organization=batch.organization,
        kind=CHECK_KIND,
        subject=str(batch.pk),
        params={"batch": batch.pk},
        exclusive=True,
        busy=check_busy_words,
        enqueue=lambda job_id: people_import_check.enqueue(job_id=job_id),
    )


@transaction.atomic
def import_check_queue(
    *,
    actor: User,
    organization: Organization,
    file_name: str,
    data: bytes,
    full_sync: bool = False,
    ignore_columns: list[str] | None = None,
) -> ImportBatch:
    """Keep a large upload and hand its check and preview to the task worker; returns the
    upload at once (its page shows the check's progress, then the preview).

    Only a coordinator of ``organization`` uploads; refused (``ServiceError``) while another
    large file of the organisation is being checked. The uploader's earlier pending uploads
    are discarded, as for a small file.
    """
    coordinator_of(actor, organization.pk, refusal=REFUSAL)
    # Refused before the file is written (``job_queue`` checks again under the lock).
    going = job_going(organization=organization, kind=CHECK_KIND)
    if going is not None:
        raise ServiceError(check_busy_words(going))
    batch = import_batch_keep(
        actor=actor,
        organization=organization,
        file_name=file_name,
        data=data,
        full_sync=full_sync,
        ignore_columns=[name.strip() for name in ignore_columns or () if name.strip()],
    )
    _queue(actor, batch)
    return batch


@transaction.atomic
def import_batch_recheck(*, actor: User, batch: ImportBatch) -> BackgroundJob:
    """Check a pending large upload again, against the directory as it is now (after the
    directory moved since its preview, or after its check failed); its old preview goes."""
    coordinator_of(actor, batch.organization_id, refusal=REFUSAL)
    locked = import_batch_lock_pending(batch)
    locked.result = {}
    locked.save(update_fields=["result", "updated_at"])
    return _queue(actor, locked)


def checked_at(batch: ImportBatch) -> datetime | None:
    """When the worker finished checking ``batch``; None when it was not checked there."""
    stamp = batch.result.get("checked_at") if batch.status == ImportBatch.Status.PENDING else None
    return datetime.fromisoformat(stamp) if stamp else None


def stored_preview(batch: ImportBatch) -> Preview | None:
    """The preview the worker kept for a pending upload, if any."""
    preview = batch.result.get("preview") if checked_at(batch) else None
    return preview if isinstance(preview, dict) else None


def stored_problems(batch: ImportBatch) -> dict[str, Any] | None:
    """The problems the worker found in a pending upload (``preview.problems_of``), if any."""
    if checked_at(batch) is None or "problems" not in batch.result:
        return None
    return {key: batch.result[key] for key in ("problems", "problem_count", "problems_hidden")}


@transaction.atomic
def _keep(batch_pk: int, found: dict[str, Any], *, rejected: bool) -> ImportBatch:
    """Keep what the check found on the upload; a rejected file is deleted."""
    locked = ImportBatch.objects.select_for_update().select_related("organization").get(pk=batch_pk)
    if locked.status != ImportBatch.Status.PENDING:
        raise JobFailed(
            f"The upload was {locked.get_status_display().lower()} while it was checked, so "
            "there is no preview to show. Nothing was imported."
        )
    locked.result = {"checked_at": timezone.now().isoformat(), **found}
    fields = ["result", "updated_at"]
    if rejected:
        pending_upload_release(locked)
        fields.append("upload")
    locked.save(update_fields=fields)
    return locked


def _check(job: BackgroundJob, progress: JobProgress) -> JobOutcome:
    """The worker's work: plan the upload (nothing written), keep the preview or the
    problems on it, and report the phases to ``progress``."""
    batch = ImportBatch.objects.select_related("organization").get(
        pk=job.params["batch"], organization=job.organization
    )
    if job.requested_by is None:
        raise JobFailed("The person who uploaded this file no longer has a sign-in.")
    if batch.status != ImportBatch.Status.PENDING or not batch.upload.name:
        raise JobFailed("This upload is no longer waiting (discarded or expired); upload it again.")
    with import_progress.reporting_to(progress):
        import_progress.phase("reading")
        data = pending_upload_read(batch)
        import_progress.phase("checking", total=rows_in(data))
        try:
            plan = people_import_plan(
                actor=job.requested_by,
                organization=batch.organization,
                data=data,
                full_sync=batch.full_sync,
                ignore_columns=batch.ignored_columns,
            )
        except RowErrors as errors:
            _keep(batch.pk, problems_of(errors.problems), rejected=True)
            return JobOutcome(result={"problems": len(errors.problems)})
    with transaction.atomic():
        kept = _keep(batch.pk, {"preview": preview_of(plan)}, rejected=False)
        import_upload_audit(actor=job.requested_by, batch=kept, counts=plan.counts)
    return JobOutcome(result=dict(plan.counts))


def import_check_perform(*, job_id: int) -> BackgroundJob:
    """Run a queued check (the task's body); its outcome or failure is on the job."""
    return job_perform(job_id=job_id, work=_check)
