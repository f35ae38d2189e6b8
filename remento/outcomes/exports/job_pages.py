"""The pages of a file the task worker writes for a coordinator (an export, the sponsor's
report as a PDF): ask for it, watch it being written (htmx polling), download it.

Shared by ``exports.views`` and ``reports.views``; each passes its own words and URLs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO, Any, cast

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from remento.core.jobs.models import BackgroundJob
from remento.core.jobs.selectors import JobActivity, job_activity, job_get_for, job_latest
from remento.core.jobs.services import JobFailed
from remento.core.pages import acting_user
from remento.people.models import Employee
from remento.programs.models import Program


@dataclass(frozen=True)
class FilePage:
    """What one kind of file's pages say and where they point."""

    title: str  # "Participants (CSV)"
    kind: str
    subject: str
    phases: Sequence[tuple[str, str]]
    page_url: str  # GET: this page; POST: ask for the file
    poll_url: str
    download_url: Callable[[BackgroundJob], str]
    back_url: str
    back_label: str


def file_page(request: HttpRequest, program: Program, page: FilePage) -> HttpResponse:
    """The page of the viewer's latest file of this kind: going, ready, failed or none."""
    job = job_latest(
        organization=program.organization,
        kind=page.kind,
        subject=page.subject,
        user=acting_user(request),
    )
    activity = job_activity(job, page.phases) if job is not None else None
    context = _context(program, page, activity)
    if request.htmx and activity is not None and activity.going:  # type: ignore[attr-defined]
        return render(request, "core/_job_progress.html", context)
    return render(request, "outcomes/exports/file_job.html", context)


def _context(program: Program, page: FilePage, activity: JobActivity | None) -> dict[str, Any]:
    return {
        "program": program,
        "page": page,
        "activity": activity,
        "poll_url": page.poll_url,
        "page_url": page.page_url,
        "heading": f"Writing {page.title}",
        "download_url": page.download_url(activity.job) if activity else "",
    }


def file_asked(
    request: HttpRequest, page: FilePage, ask: Callable[[], BackgroundJob]
) -> HttpResponse:
    """After “Prepare the file”: queue it (or say why not), then show its page."""
    job = ask()
    job.refresh_from_db()
    if job.going:
        messages.info(
            request,
            f"{page.title} is being written in the background: this page shows its progress "
            "and then the download. You can leave the page meanwhile.",
        )
    return redirect(page.page_url)


def file_progress(request: HttpRequest, program: Program, page: FilePage) -> HttpResponse:
    """The progress panel for htmx while the file is written; once it ended, the page
    reloads itself (``HX-Refresh``) to show the download or the failure."""
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect(page.page_url)
    job = job_latest(
        organization=program.organization,
        kind=page.kind,
        subject=page.subject,
        user=acting_user(request),
    )
    if job is not None:
        activity = job_activity(job, page.phases)
        if activity.going:
            return render(request, "core/_job_progress.html", _context(program, page, activity))
    return HttpResponse(status=204, headers={"HX-Refresh": "true"})


def file_download(
    request: HttpRequest,
    viewer: Employee,
    program: Program,
    page: FilePage,
    token: str,
    send: Callable[[BackgroundJob], IO[Any]],
) -> HttpResponse:
    """Send the file of the viewer's own job behind ``token`` (404 for anyone else's);
    ``send`` checks, records and opens it."""
    job = job_get_for(
        organization=program.organization, user=acting_user(request), token=token, kind=page.kind
    )
    if job.subject != page.subject:
        raise Http404("No such file.")
    try:
        handle = send(job)
    except JobFailed as expired:
        messages.warning(request, str(expired))
        return redirect(page.page_url)
    response = FileResponse(
        handle, as_attachment=True, filename=job.file_name, content_type=job.content_type
    )
    response["Cache-Control"] = "no-store"
    # The access decorators are typed for plain responses.
    return cast(HttpResponse, response)
