"""The HRIS import page: upload → preview of every change → confirm (or discard)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from remento.core.errors import RowErrors, RowProblem, ServiceError
from remento.core.jobs.models import JobStatus
from remento.core.jobs.selectors import JobActivity, job_activity, job_going, job_latest
from remento.core.models import User
from remento.core.words import count_of
from remento.people.access import coordinator_required, employee_for, with_employee
from remento.people.importing import background
from remento.people.importing.columns import COLUMNS, LABELS, REQUIRED, accepted_headers
from remento.people.importing.forms import ImportUploadForm
from remento.people.importing.plan import ImportPlan
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

# A page lists this many problems or people per list; the counts are always complete.
PROBLEMS_SHOWN = 1000
PEOPLE_SHOWN = 200


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)  # coordinator_required has signed them in


def _problems(problems: list[RowProblem]) -> dict[str, Any]:
    return {
        "problems": problems[:PROBLEMS_SHOWN],
        "problem_count": len(problems),
        "problems_hidden": max(0, len(problems) - PROBLEMS_SHOWN),
    }


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
            try:
                batch, _plan = import_batch_create(
                    actor=_actor(request),
                    organization=importer.organization,
                    file_name=upload.name or "upload.csv",
                    data=upload.read(),
                    full_sync=form.cleaned_data["full_sync"],
                    ignore_columns=form.ignore_list(),
                )
            except RowErrors as errors:
                context |= _problems(errors.problems)
                context["file_name"] = upload.name
                status = 422
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


@coordinator_required
@with_employee
def import_preview(request: HttpRequest, importer: Employee, token: str) -> HttpResponse:
    """What the upload will change; POST confirms it (or discards it)."""
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

    job = job_latest(organization=batch.organization, kind=background.KIND, subject=str(batch.pk))
    activity = job_activity(job, IMPORT_PHASES) if job is not None else None
    if activity is not None and activity.going:
        return _render_progress(request, batch, activity)
    if request.method == "POST":
        if "discard" in request.POST:
            import_batch_discard(actor=_actor(request), batch=batch)
            messages.info(request, f"{batch.file_name} was discarded; nothing was imported.")
            return redirect("people:import_upload")
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
            return _render_preview(request, batch, None, errors.problems)
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            _say_imported(request, batch, plan.counts, len(plan.sign_ins.held))
        return redirect("people:import_preview", token=batch.token)

    failed = activity if activity is not None and activity.state == "failed" else None
    try:
        plan = import_batch_plan(actor=_actor(request), batch=batch)
    except RowErrors as errors:
        return _render_preview(request, batch, None, errors.problems, failed)
    return _render_preview(request, batch, plan, [], failed)


def _say_imported(
    request: HttpRequest, batch: ImportBatch, counts: dict[str, int], held: int
) -> None:
    messages.success(
        request,
        f"Imported {batch.file_name}: {counts['created']} created, {counts['updated']} "
        f"updated, {counts['unchanged']} unchanged, {counts['deactivated']} deactivated.",
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
    context = {
        "batch": batch,
        "activity": activity,
        "poll_url": reverse("people:import_progress", args=[batch.token]),
        "page_url": reverse("people:import_preview", args=[batch.token]),
        "heading": "Where the import stands",
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "core/_job_progress.html", context)
    return render(request, "people/import_progress.html", context)


@coordinator_required
@with_employee
def import_progress(request: HttpRequest, importer: Employee, token: str) -> HttpResponse:
    """Where a queued import stands: the progress panel for htmx; once it ended, the page
    reloads (``HX-Refresh``) to show the result or the failure."""
    batch = import_batch_get_for(viewer=importer, token=token)
    job = job_latest(organization=batch.organization, kind=background.KIND, subject=str(batch.pk))
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect("people:import_preview", token=batch.token)
    activity = job_activity(job, IMPORT_PHASES) if job is not None else None
    if activity is not None and activity.going:
        return _render_progress(request, batch, activity)
    if job is not None and job.status == JobStatus.DONE:
        _say_imported(request, batch, job.result, int(job.result.get("held", 0)))
    return HttpResponse(status=204, headers={"HX-Refresh": "true"})


def _render_preview(
    request: HttpRequest,
    batch: ImportBatch,
    plan: ImportPlan | None,
    problems: list[RowProblem],
    failed: JobActivity | None = None,
) -> HttpResponse:
    context: dict[str, Any] = {
        "batch": batch,
        "plan": plan,
        "failed": failed,
        **_problems(problems),
    }
    if plan is not None:
        context |= {
            "held": plan.sign_ins.held,
            "may_confirm": employee_for(request).is_admin
            and any(change.confirmable for change in plan.sign_ins.held),
            "counts": plan.counts,
            "level_counts": plan.level_counts,
            "level_dated": "level_effective_date" in plan.present,
            "fingerprint": plan.fingerprint(),
            "created": plan.to_create[:PEOPLE_SHOWN],
            "created_hidden": max(0, len(plan.to_create) - PEOPLE_SHOWN),
            "updated": plan.to_update[:PEOPLE_SHOWN],
            "updated_hidden": max(0, len(plan.to_update) - PEOPLE_SHOWN),
            "deactivated": plan.to_deactivate[:PEOPLE_SHOWN],
            "deactivated_hidden": max(0, len(plan.to_deactivate) - PEOPLE_SHOWN),
            "level_names": batch.organization.level_names,
        }
    return render(request, "people/import_preview.html", context, status=422 if problems else 200)
