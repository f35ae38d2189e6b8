"""Services of the HRIS import: plan (read-only) and apply (all-or-nothing), and the
uploaded batches the import page keeps between preview and confirmation."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.db import analyze_after_commit
from remento.core.errors import ServiceError
from remento.core.models import AuditEvent, Organization, User
from remento.people.access import coordinator_of
from remento.people.erased_ids import erased_rows_warnings
from remento.people.importing import progress as import_progress
from remento.people.importing.accounts import hold_privileged
from remento.people.importing.apply import apply_plan
from remento.people.importing.hooks import people_imported
from remento.people.importing.notices import sign_in_changes_record
from remento.people.importing.plan import ImportPlan, build_plan
from remento.people.importing.uploads import (
    pending_upload_lifetime,
    pending_upload_read,
    pending_upload_release,
    pending_upload_store,
    pending_uploads_release,
    schedule_purge,
)
from remento.people.models import Department, Employee, ImportBatch
from remento.people.skill_totals import skill_totals_refresh_soon

# The tables an import writes in bulk: their planner statistics are refreshed after it.
IMPORT_WRITTEN_MODELS = (Employee, Department, User, AuditEvent)


class PlanChanged(ServiceError):
    """The directory changed between the preview and the confirmation."""


def _importer(actor: User | None, organization: Organization) -> Employee | None:
    """The importing person; None for the command line, where whoever runs it runs the
    server. Anyone else must be an active coordinator of this organisation."""
    if actor is None:
        return None
    return coordinator_of(
        actor, organization.pk, refusal="Only a coordinator of this organisation may import people."
    )


def _check_confirmer(importer: Employee | None, confirm_privileged: bool) -> None:
    """Only an organisation admin (or the command line) confirms privileged changes."""
    if confirm_privileged and importer is not None and not importer.is_admin:
        raise PermissionDenied(
            "Only an organisation admin may confirm changes to the sign-ins of admins and "
            "coordinators."
        )


def people_import_plan(
    *,
    actor: User | None,
    organization: Organization,
    data: bytes,
    full_sync: bool = False,
    ignore_columns: Iterable[str] = (),
    confirm_privileged: bool = False,
) -> ImportPlan:
    """Validate an HRIS CSV file and work out what importing it would do; writes nothing.

    Raises ``RowErrors`` listing every problem (``row N, column C: reason``) when the file
    has any (an email outside the organisation's declared domains is one). ``organization``
    may be unsaved (a dry run for an organisation to be created).

    Changes to the sign-ins of admins and coordinators are held back
    (``plan.sign_ins.held``) unless ``confirm_privileged``, which only an organisation admin
    (or the command line) may give; a platform operator's sign-in is always held back.
    ``plan.fingerprint()`` covers every change the file asks for, held ones included.
    """
    importer = _importer(actor, organization)
    _check_confirmer(importer, confirm_privileged)
    plan = build_plan(
        data=data,
        organization=organization,
        full_sync=full_sync,
        ignore_columns=ignore_columns,
        protect_employee_id=importer.employee_id if importer else None,
        today=timezone.localdate(),
    )
    hold_privileged(plan, confirmed=confirm_privileged)
    plan.warnings.extend(erased_rows_warnings(plan))
    return plan


def _imported_summary(
    plan: ImportPlan, counts: dict[str, int], *, file_name: str, by_command: bool
) -> dict[str, Any]:
    """What an applied import did, for its audit event (counts, never personal data)."""
    return {
        "file": file_name,
        "full_sync": plan.full_sync,
        "source": "command line" if by_command else "import page",
        "ignored_columns": plan.ignored_columns,
        "new_departments": len(plan.new_departments),
        "privileged_confirmed": len(plan.sign_ins.privileged),
        **counts,
        **plan.level_counts,
        **plan.sign_ins.counts,
    }


@transaction.atomic
def people_import_apply(
    *,
    actor: User | None,
    organization: Organization,
    data: bytes,
    full_sync: bool = False,
    ignore_columns: Iterable[str] = (),
    file_name: str = "",
    expected_fingerprint: str | None = None,
    batch: ImportBatch | None = None,
    confirm_privileged: bool = False,
) -> ImportPlan:
    """Import an HRIS CSV file: upsert people by employee id, create departments by name,
    link managers, and with ``full_sync`` deactivate (never delete) active people missing
    from the file. All or nothing: any bad row raises ``RowErrors`` and writes nothing.

    ``expected_fingerprint`` (from a preview's ``plan.fingerprint()``) makes it refuse with
    ``PlanChanged`` when the directory moved since the preview. Returns the applied plan;
    ``plan.counts`` has created / updated / unchanged / deactivated. ``batch`` is the
    upload it comes from, when it comes from the import page (the audit event's target).

    Every active person of the file ends up with a sign-in (a new ``User`` with their work
    email and an unusable password, so they set one through the password reset); a changed
    work email moves their sign-in's email; leaving switches the sign-in off, coming back
    on again. ``plan.sign_ins.counts`` says how many of each. Every email change of a
    sign-in is audited on its own and told to the old address (after the commit); changes
    to the sign-ins of admins and coordinators need ``confirm_privileged`` (an organisation
    admin's, see ``people_import_plan``) and are held back otherwise. Once committed, the
    written tables' planner statistics are refreshed (``ANALYZE`` on PostgreSQL).
    """
    # Imports of one organisation run one at a time: the plan is made under the lock.
    Organization.objects.select_for_update().filter(pk=organization.pk).exists()
    import_progress.phase("checking", total=max(0, data.count(b"\n") - 1))
    plan = people_import_plan(
        actor=actor,
        organization=organization,
        data=data,
        full_sync=full_sync,
        ignore_columns=ignore_columns,
        confirm_privileged=confirm_privileged,
    )
    if expected_fingerprint is not None and plan.fingerprint() != expected_fingerprint:
        raise PlanChanged(
            "The directory changed since the preview, so the import would no longer do what "
            "you saw. Review the new preview and confirm again."
        )
    now = timezone.now()
    counts = apply_plan(plan, now=now, actor=actor)
    sign_in_changes_record(actor=actor, organization=organization, sign_ins=plan.sign_ins, now=now)
    audit_log(
        actor=actor,
        organization=organization,
        verb="people.imported",
        target=batch,
        data=_imported_summary(plan, counts, file_name=file_name, by_command=actor is None),
    )
    _after_writing(organization, counts)
    return plan


def _after_writing(organization: Organization, counts: dict[str, int]) -> None:
    """What follows an import's writes: fresh statistics, the skill-gap totals (levels,
    departments and leavers changed), and one ``people_imported`` for the whole file (its
    bulk writes send no model signals) when it wrote anyone."""
    analyze_after_commit(IMPORT_WRITTEN_MODELS)
    skill_totals_refresh_soon(organization.pk)
    if counts["created"] or counts["updated"] or counts["deactivated"]:
        people_imported.send(sender=Employee, organization=organization, counts=counts)


def import_batch_create(
    *,
    actor: User,
    organization: Organization,
    file_name: str,
    data: bytes,
    full_sync: bool = False,
    ignore_columns: Iterable[str] = (),
) -> tuple[ImportBatch, ImportPlan]:
    """Keep an uploaded file for its preview, once it validates.

    A bad file raises ``RowErrors`` and is not kept. The uploader's earlier pending uploads
    are discarded: one file waits for confirmation per person.
    """
    ignore = [name.strip() for name in ignore_columns if name.strip()]
    plan = people_import_plan(
        actor=actor,
        organization=organization,
        data=data,
        full_sync=full_sync,
        ignore_columns=ignore,
    )
    with transaction.atomic():
        batch = import_batch_keep(
            actor=actor,
            organization=organization,
            file_name=file_name,
            data=data,
            full_sync=full_sync,
            ignore_columns=ignore,
        )
        import_upload_audit(actor=actor, batch=batch, counts=plan.counts)
    return batch, plan


def import_batch_keep(
    *,
    actor: User,
    organization: Organization,
    file_name: str,
    data: bytes,
    full_sync: bool,
    ignore_columns: list[str],
) -> ImportBatch:
    """Keep ``data`` as the uploader's one pending upload (their earlier ones are discarded)
    and have its file purged once it expires; call it inside a transaction."""
    pending_uploads_release(
        ImportBatch.objects.filter(organization=organization, uploaded_by=actor),
        status=ImportBatch.Status.DISCARDED,
    )
    batch = ImportBatch(
        organization=organization,
        uploaded_by=actor,
        token=secrets.token_urlsafe(32),
        file_name=file_name[:255],
        full_sync=full_sync,
        ignored_columns=ignore_columns,
    )
    pending_upload_store(batch, data)
    batch.save()
    schedule_purge(batch.created_at)
    return batch


def import_upload_audit(*, actor: User | None, batch: ImportBatch, counts: dict[str, int]) -> None:
    """Audit an upload that validated (``people.import_uploaded``, with its plan's counts)."""
    audit_log(
        actor=actor,
        organization=batch.organization,
        verb="people.import_uploaded",
        target=batch,
        data={"file": batch.file_name, "full_sync": batch.full_sync, **counts},
    )


def import_batch_is_expired(batch: ImportBatch) -> bool:
    """A pending upload older than REMENTO_PENDING_UPLOAD_HOURS is no longer confirmable."""
    return (
        batch.status == ImportBatch.Status.PENDING
        and batch.created_at < timezone.now() - pending_upload_lifetime()
    )


def import_batch_plan(*, actor: User, batch: ImportBatch) -> ImportPlan:
    """The plan of a pending upload against the directory as it is now (re-validated)."""
    return people_import_plan(
        actor=actor,
        organization=batch.organization,
        data=pending_upload_read(batch),
        full_sync=batch.full_sync,
        ignore_columns=batch.ignored_columns,
    )


def import_batch_lock_pending(batch: ImportBatch) -> ImportBatch:
    """``batch`` locked for its confirmation (inside a transaction); ``ServiceError`` when it
    was already confirmed or discarded, or has expired."""
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status != ImportBatch.Status.PENDING:
        raise ServiceError(f"This upload was already {locked.get_status_display().lower()}.")
    if import_batch_is_expired(locked):
        raise ServiceError("This upload has expired; upload the file again.")
    if not locked.upload.name:
        # A large file whose check found problems: it was not kept.
        raise ServiceError("This upload had problems and was not kept; upload a corrected file.")
    return locked


@transaction.atomic
def import_batch_apply(
    *,
    actor: User,
    batch: ImportBatch,
    expected_fingerprint: str,
    confirm_privileged: bool = False,
) -> ImportPlan:
    """Confirm a pending upload: re-validate it and import it exactly as previewed.
    ``confirm_privileged``: an organisation admin also confirms the changes to the sign-ins
    of admins and coordinators that the preview listed (``PermissionDenied`` for anyone
    else).

    Raises ``RowErrors`` if the file no longer validates, ``PlanChanged`` if it would now do
    something else than the preview showed, ``ServiceError`` if it was already confirmed or
    discarded, or has expired.
    """
    locked = import_batch_lock_pending(batch)
    plan = people_import_apply(
        actor=actor,
        organization=locked.organization,
        data=pending_upload_read(locked),
        full_sync=locked.full_sync,
        ignore_columns=locked.ignored_columns,
        file_name=locked.file_name,
        expected_fingerprint=expected_fingerprint,
        batch=locked,
        confirm_privileged=confirm_privileged,
    )
    locked.status = ImportBatch.Status.APPLIED
    locked.result = {
        **plan.counts,
        **plan.level_counts,
        **plan.sign_ins.counts,
        "new_departments": plan.new_departments[:50],
    }
    locked.applied_at = timezone.now()
    # The audit trail keeps the counts; the personal data has no reason to stay.
    pending_upload_release(locked)
    locked.save(update_fields=["status", "result", "applied_at", "upload", "updated_at"])
    batch.refresh_from_db()
    return plan


@transaction.atomic
def import_batch_discard(*, actor: User, batch: ImportBatch) -> None:
    """Drop a pending upload without importing it."""
    _importer(actor, batch.organization)
    updated = pending_uploads_release(
        ImportBatch.objects.filter(pk=batch.pk), status=ImportBatch.Status.DISCARDED
    )
    if updated:
        audit_log(
            actor=actor,
            organization=batch.organization,
            verb="people.import_discarded",
            target=batch,
            data={"file": batch.file_name},
        )
