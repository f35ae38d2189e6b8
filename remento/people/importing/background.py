"""A large HRIS import, written by the task worker while its page shows the progress.

Uploading such a file hands its check and preview to the worker too (``checking``).
Confirming an upload of more than ``REMENTO_IMPORT_BACKGROUND_ROWS`` rows queues it
(``import_batch_queue``); the worker (``tasks.people_import_execute``) confirms it exactly as
the page would (``services.import_batch_apply``: re-validated, refused if the directory moved
since the preview, all in one transaction), reporting its phases and rows as it goes
(``progress``). One import goes at a time in an organisation: a second is refused while one
goes, whether large or small. Smaller files are written at once, in the request.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from remento.core.errors import ServiceError
from remento.core.jobs.models import BackgroundJob
from remento.core.jobs.progress import JobProgress
from remento.core.jobs.selectors import job_going
from remento.core.jobs.services import JobFailed, JobOutcome, job_perform, job_queue
from remento.core.models import Organization, User
from remento.people.access import coordinator_of
from remento.people.importing import progress as import_progress
from remento.people.importing.services import (
    import_batch_apply,
    import_batch_lock_pending,
    pending_upload_read,
)
from remento.people.importing.workbook import is_workbook, workbook_row_estimate
from remento.people.models import ImportBatch

KIND = "people.import"
REFUSAL = "Only a coordinator of this organisation may import people."


def rows_in(data: bytes) -> int:
    """About how many people a file holds (its lines, less the header): one pass over the
    bytes, nothing parsed, so a request can afford it for any size (a workbook: an estimate
    from the size of its parts, ``workbook.workbook_row_estimate``)."""
    if is_workbook(data):
        return workbook_row_estimate(data)
    return max(0, data.count(b"\n") - 1)


def import_is_large(rows: int) -> bool:
    """Whether a file of ``rows`` rows is checked and written by the task worker (more than
    ``REMENTO_IMPORT_BACKGROUND_ROWS``) rather than in the request."""
    return rows > settings.REMENTO_IMPORT_BACKGROUND_ROWS


def import_row_count(batch: ImportBatch) -> int:
    """About how many people the upload holds (its lines, less the header)."""
    return rows_in(pending_upload_read(batch))


def import_runs_in_background(batch: ImportBatch) -> bool:
    """Whether confirming ``batch`` hands it to the task worker (more rows than
    ``REMENTO_IMPORT_BACKGROUND_ROWS``) rather than writing it in the request."""
    return import_is_large(import_row_count(batch))


def busy_words(job: BackgroundJob) -> str:
    """Why another import must wait, in words: who started the one going, and when."""
    who = f" by {job.requested_by}" if job.requested_by else ""
    return (
        f"An import is already going (started{who} at "
        f"{timezone.localtime(job.created_at):%H:%M}). Wait for it to finish, then confirm "
        "this one: its preview is checked again against the directory as it is then."
    )


def import_going_check(organization: Organization) -> None:
    """Refuse (``ServiceError``) while an import of the organisation goes in the worker."""
    going = job_going(organization=organization, kind=KIND)
    if going is not None:
        raise ServiceError(busy_words(going))


@transaction.atomic
def import_batch_queue(
    *, actor: User, batch: ImportBatch, expected_fingerprint: str, confirm_privileged: bool
) -> BackgroundJob:
    """Confirm a pending upload by handing it to the task worker; returns its job at once.

    The same checks as ``import_batch_apply`` before anything is queued (a coordinator; only
    an admin confirms privileged changes; the upload still pending and not expired), and
    refused while another import of the organisation goes. The worker checks the file and
    the preview's ``expected_fingerprint`` again when it writes.
    """
    importer = coordinator_of(actor, batch.organization_id, refusal=REFUSAL)
    if confirm_privileged and not importer.is_admin:
        raise PermissionDenied(
            "Only an organisation admin may confirm changes to the sign-ins of admins and "
            "coordinators."
        )
    locked = import_batch_lock_pending(batch)
    from remento.people.importing.tasks import people_import_execute

    return job_queue(
        actor=actor,
        organization=locked.organization,
        kind=KIND,
        subject=str(locked.pk),
        params={
            "batch": locked.pk,
            "fingerprint": expected_fingerprint,
            "confirm_privileged": confirm_privileged,
        },
        exclusive=True,
        busy=busy_words,
        enqueue=lambda job_id: people_import_execute.enqueue(job_id=job_id),
    )


def _import(job: BackgroundJob, progress: JobProgress) -> JobOutcome:
    """The worker's work: confirm the upload, reporting the phases to ``progress``."""
    batch = ImportBatch.objects.select_related("organization").get(
        pk=job.params["batch"], organization=job.organization
    )
    if job.requested_by is None:
        raise JobFailed("The person who confirmed this import no longer has a sign-in.")
    with import_progress.reporting_to(progress):
        plan = import_batch_apply(
            actor=job.requested_by,
            batch=batch,
            expected_fingerprint=job.params["fingerprint"],
            confirm_privileged=job.params["confirm_privileged"],
        )
    result: dict[str, Any] = {**plan.reported_counts, "held": len(plan.sign_ins.held)}
    return JobOutcome(result=result)


def import_job_perform(*, job_id: int) -> BackgroundJob:
    """Run a queued import (the task's body); its outcome or failure is on the job."""
    return job_perform(job_id=job_id, work=_import)
