"""The HRIS import page: upload → preview of every change → confirm (or discard)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from remento.core.errors import RowErrors, ServiceError
from remento.core.jobs.models import JobStatus
from remento.core.jobs.selectors import JobActivity, job_activity, job_going, job_latest
from remento.core.models import User
from remento.core.words import count_of
from remento.people.access import coordinator_required, employee_for, with_employee
from remento.people.importing import background, checking
from remento.people.importing.columns import COLUMNS, LABELS, REQUIRED, accepted_headers
from remento.people.importing.forms import ImportUploadForm
from remento.people.importing.preview import Preview, counts_in_words, preview_of, problems_of
from remento.people.importing.progress import CHECK_PHASES
from remento.people.importing.progress import PHASES as IMPORT_PHASES
from remento.people.importing.selectors import import_batch_get_for, import_batch_recent
from remento.people.importing.services import (
    PlanChanged,
    import_batch_apply,
    import_batch_create,
    import_batch_discard,
    import_batch_is_expired,
    import_batch_plan,
)
from remento.people.models import Employee, ImportBatch


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)  # coordinator_required has signed them in


def _column_help() -> list[dict[str, Any]]:
    return [
        {
            "name": column,
            "label": LABELS[column],
            "required": column in REQUIRED,
            "aliases": accepted_headers(column)[1:8],
        }
        for column in COLUMNS
    ]


@coordinator_required
@with_employee
def import_upload(request: HttpRequest, importer: Employee) -> HttpResponse:
    """Upload a file; a bad one shows every problem and nothing is kept."""
    context: dict[str, Any] = {"columns": _column_help()}
    status = 200
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            # A large file is kept at once and checked by the task worker.
            store = (
                checking.import_check_queue
                if background.import_is_large(background.rows_in(data))
                else _upload_checked_now
            )
            try:
                batch = store(
                    actor=_actor(request),
                    organization=importer.organization,
                    file_name=upload.name or "upload.csv",
                    data=data,
                    full_sync=form.cleaned_data["full_sync"],
                    ignore_columns=form.ignore_list(),
                )
            except RowErrors as errors:
                context |= problems_of(errors.problems)
                context["file_name"] = upload.name
                status = 422
            except ServiceError as error:
                messages.error(request, str(error))
                status = 409
            else:
                return redirect("people:import_preview", token=batch.token)
        else:
            status = 422
    else:
        form = ImportUploadForm()
    context |= {
        "form": form,
        "recent": import_batch_recent(viewer=importer),
        "going": job_going(organization=importer.organization, kind=background.KIND),
        "level_names": importer.organization.level_names,
    }
    return render(request, "people/import_upload.html", context, status=status)


def _upload_checked_now(**upload: Any) -> ImportBatch:
    """A small file: checked in the request, kept only when it validates."""
    batch, _plan = import_batch_create(**upload)
    return batch


@coordinator_required
@with_employee
def import_preview(request: HttpRequest, importer: Employee, token: str) -> HttpResponse:
    """What the upload will change; POST confirms it (or discards it, or checks a large
    file again). While the task worker checks or writes it, its progress instead."""
    batch = import_batch_get_for(viewer=importer, token=token)
    if batch.status == ImportBatch.Status.APPLIED:
        return render(request, "people/import_result.html", {"batch": batch})
    if batch.status == ImportBatch.Status.DISCARDED or import_batch_is_expired(batch):
        if batch.status == ImportBatch.Status.PENDING:
            import_batch_discard(actor=_actor(request), batch=batch)
        messages.warning(
            request, f"The upload of {batch.file_name} is no longer waiting; upload it again."
        )
        return redirect("people:import_upload")

    activity = _activity(batch, background.KIND)
    if activity is not None and activity.going:
        return _render_progress(request, batch, activity)
    if request.method == "POST" and "discard" in request.POST:
        import_batch_discard(actor=_actor(request), batch=batch)
        messages.info(request, f"{batch.file_name} was discarded; nothing was imported.")
        return redirect("people:import_upload")
    check = _activity(batch, checking.CHECK_KIND)
    if check is not None and check.going:
        return _render_progress(request, batch, check)
    if request.method == "POST":
        return _confirm(request, importer, batch)

    failed = activity if activity is not None and activity.state == "failed" else None
    checked_at = checking.checked_at(batch)
    if checked_at is not None:  # a large file, checked by the worker: what it kept
        if failed is not None and check is not None and check.job.pk > failed.job.pk:
            failed = None  # checked again since that import stopped: its preview is new
        problems = checking.stored_problems(batch)
        preview = checking.stored_preview(batch)
        return _render_preview(request, batch, preview, problems, failed, checked_at=checked_at)
    if check is not None and check.state == "failed":  # nothing kept: try again or drop it
        return _render_preview(request, batch, None, None, check, check_failed=True)
    try:
        plan = import_batch_plan(actor=_actor(request), batch=batch)
    except RowErrors as errors:
        return _render_preview(request, batch, None, problems_of(errors.problems), failed)
    return _render_preview(request, batch, preview_of(plan), None, failed)


def _confirm(request: HttpRequest, importer: Employee, batch: ImportBatch) -> HttpResponse:
    """The preview's POST: check a large file again, queue a large import, or write a small
    one at once."""
    if "recheck" in request.POST:
        return _recheck(request, batch)
    if background.import_runs_in_background(batch):
        return _queue(request, importer, batch)
    try:
        background.import_going_check(batch.organization)
        plan = import_batch_apply(
            actor=_actor(request),
            batch=batch,
            expected_fingerprint=request.POST.get("fingerprint", ""),
            # Only an admin sees the box; the service refuses it from anyone else.
            confirm_privileged=importer.is_admin and "confirm_privileged" in request.POST,
        )
    except PlanChanged as changed:
        messages.warning(request, str(changed))
    except RowErrors as errors:
        return _render_preview(request, batch, None, problems_of(errors.problems))
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        _say_imported(request, batch, plan.reported_counts, len(plan.sign_ins.held))
    return redirect("people:import_preview", token=batch.token)


def _activity(batch: ImportBatch, kind: str) -> JobActivity | None:
    """Where the latest job of ``kind`` about ``batch`` stands (the write or the check)."""
    job = job_latest(organization=batch.organization, kind=kind, subject=str(batch.pk))
    if job is None:
        return None
    return job_activity(job, CHECK_PHASES if kind == checking.CHECK_KIND else IMPORT_PHASES)


def _recheck(request: HttpRequest, batch: ImportBatch) -> HttpResponse:
    """Check a large upload again in the worker, against the directory as it is now."""
    try:
        checking.import_batch_recheck(actor=_actor(request), batch=batch)
    except ServiceError as error:
        messages.error(request, str(error))
    return redirect("people:import_preview", token=batch.token)


def _say_imported(
    request: HttpRequest, batch: ImportBatch, counts: dict[str, int], held: int
) -> None:
    messages.success(
        request,
        f"Imported {batch.file_name}: {counts_in_words(counts)}.",
    )
    if held:
        verb = "was" if held == 1 else "were"
        messages.warning(
            request,
            f"{count_of(held, 'change')} to the sign-ins of admins, coordinators or platform "
            f"operators {verb} not made; an organisation admin confirms them by importing the "
            "file again.",
        )


def _queue(request: HttpRequest, importer: Employee, batch: ImportBatch) -> HttpResponse:
    """Hand a large upload to the task worker; its page then shows the progress (or, when a
    worker that runs tasks at once already wrote it, the result)."""
    try:
        job = background.import_batch_queue(
            actor=_actor(request),
            batch=batch,
            expected_fingerprint=request.POST.get("fingerprint", ""),
            confirm_privileged=importer.is_admin and "confirm_privileged" in request.POST,
        )
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect("people:import_preview", token=batch.token)
    job.refresh_from_db()
    if job.status == JobStatus.DONE:
        _say_imported(request, batch, job.result, int(job.result.get("held", 0)))
    elif job.going:
        messages.info(
            request,
            f"The import of {batch.file_name} is running in the background: this page shows "
            "its progress. You can leave the page meanwhile.",
        )
    return redirect("people:import_preview", token=batch.token)


def _render_progress(
    request: HttpRequest, batch: ImportBatch, activity: JobActivity
) -> HttpResponse:
    checks = activity.job.kind == checking.CHECK_KIND
    context = {
        "batch": batch,
        "activity": activity,
        "poll_url": reverse("people:import_progress", args=[batch.token]),
        "page_url": reverse("people:import_preview", args=[batch.token]),
        "heading": "Where the check stands" if checks else "Where the import stands",
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "core/_job_progress.html", context)
    page = "people/import_checking.html" if checks else "people/import_progress.html"
    return render(request, page, context)


@coordinator_required
@with_employee
def import_progress(request: HttpRequest, importer: Employee, token: str) -> HttpResponse:
    """Where a queued check or import stands: the progress panel for htmx; once it ended,
    the page reloads (``HX-Refresh``) to show the preview, the result or the failure."""
    batch = import_batch_get_for(viewer=importer, token=token)
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect("people:import_preview", token=batch.token)
    activity = _activity(batch, background.KIND)
    if activity is not None and activity.going:
        return _render_progress(request, batch, activity)
    check = _activity(batch, checking.CHECK_KIND)
    if check is not None and check.going:
        return _render_progress(request, batch, check)
    job = activity.job if activity is not None else None
    if job is not None and job.status == JobStatus.DONE:
        _say_imported(request, batch, job.result, int(job.result.get("held", 0)))
    return HttpResponse(status=204, headers={"HX-Refresh": "true"})


def _render_preview(
    request: HttpRequest,
    batch: ImportBatch,
    preview: Preview | None,
    problems: dict[str, Any] | None,
    failed: JobActivity | None = None,
    *,
    checked_at: datetime | None = None,
    check_failed: bool = False,
) -> HttpResponse:
    """The preview page, from a preview made now or kept by the worker's check (the same
    data either way, see ``importing.preview``), or the problems that stop the file."""
    context: dict[str, Any] = {
        "batch": batch,
        "preview": preview,
        "failed": failed,
        "check_failed": check_failed,
        "checked_at": checked_at,
        **(problems or {"problems": [], "problem_count": 0, "problems_hidden": 0}),
    }
    if preview is not None:
        counts = preview["counts"]
        context |= {
            "may_confirm": employee_for(request).is_admin
            and any(change["confirmable"] for change in preview["held"]),
            "counts": counts,
            "fingerprint": preview["fingerprint"],
            "created_hidden": counts["created"] - len(preview["created"]),
            "updated_hidden": counts["updated"] - len(preview["updated"]),
            "deactivated_hidden": counts["deactivated"] - len(preview["deactivated"]),
        }
    status = 422 if context["problems"] else 200
    return render(request, "people/import_preview.html", context, status=status)
