"""The program's export page, each export's page (ask, progress, download): thin, the
services and ``job_pages`` do the work."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from remento.core.jobs.models import BackgroundJob
from remento.core.jobs.selectors import jobs_recent_of_kind
from remento.core.pages import acting_user
from remento.people.models import Employee
from remento.programs.access import managed_program_view
from remento.programs.models import Program

from .catalogue import BY_SLUG, EXPORTS, FORMATS, NEVER_ANYWHERE, Export
from .job_pages import FilePage, file_asked, file_download, file_page, file_progress
from .services import (
    KIND,
    PHASES,
    export_subject,
    program_export_download,
    program_export_queue,
)

FORMAT_NAMES = {"csv": "CSV", "xlsx": "Excel"}


@managed_program_view
def export_list(request: HttpRequest, viewer: Employee, program: Program) -> HttpResponse:
    """Every export of the program, what it holds and never holds, in CSV and XLSX, and the
    viewer's files of the last hours."""
    return render(
        request,
        "outcomes/exports/export_list.html",
        {
            "program": program,
            "exports": EXPORTS,
            "formats": FORMATS,
            "never_anywhere": NEVER_ANYWHERE,
            "min_group_size": settings.REMENTO_MIN_GROUP_SIZE,
            "file_hours": settings.REMENTO_JOB_FILE_HOURS,
            "recent": _recent(request, program),
        },
    )


def _recent(request: HttpRequest, program: Program) -> list[dict[str, object]]:
    """The viewer's latest export files of this program, each with its page."""
    jobs = jobs_recent_of_kind(
        organization=program.organization,
        kind=KIND,
        subject_prefix=f"{program.pk}:",
        user=acting_user(request),
    )
    files = []
    for job in jobs:
        export, fmt = BY_SLUG.get(job.params.get("export", "")), job.params.get("format", "")
        if export is not None and fmt in FORMATS:
            files.append(
                {
                    "job": job,
                    "title": f"{export.title} ({FORMAT_NAMES[fmt]})",
                    "url": reverse("outcomes:program_export", args=[program.pk, export.slug, fmt]),
                }
            )
    return files


def _page(program: Program, export: str, fmt: str) -> tuple[Export, FilePage]:
    chosen = BY_SLUG.get(export)
    if chosen is None or fmt not in FORMATS:
        raise Http404("No such export.")
    args = [program.pk, chosen.slug, fmt]

    def download_url(job: BackgroundJob) -> str:
        return reverse("outcomes:program_export_download", args=[*args, job.token])

    return chosen, FilePage(
        title=f"{chosen.title} ({FORMAT_NAMES[fmt]})",
        kind=KIND,
        subject=export_subject(program, chosen, fmt),
        phases=PHASES,
        page_url=reverse("outcomes:program_export", args=args),
        poll_url=reverse("outcomes:program_export_progress", args=args),
        download_url=download_url,
        back_url=reverse("outcomes:program_exports", args=[program.pk]),
        back_label="Back to the exports",
    )


@managed_program_view
def program_export(
    request: HttpRequest, viewer: Employee, program: Program, export: str, fmt: str
) -> HttpResponse:
    """One export: GET shows the viewer's latest file of it (being written, ready to
    download, failed) or offers to write one; POST asks the task worker for a fresh one."""
    chosen, page = _page(program, export, fmt)
    if request.method == "POST":
        return file_asked(
            request,
            page,
            lambda: program_export_queue(
                actor=acting_user(request), viewer=viewer, program=program, export=chosen, fmt=fmt
            ),
        )
    return file_page(request, program, page)


@managed_program_view
@require_GET
def program_export_progress(
    request: HttpRequest, viewer: Employee, program: Program, export: str, fmt: str
) -> HttpResponse:
    return file_progress(request, program, _page(program, export, fmt)[1])


@managed_program_view
def program_export_file(
    request: HttpRequest, viewer: Employee, program: Program, export: str, fmt: str, token: str
) -> HttpResponse:
    """The file, for the coordinator who asked for it (every download audited)."""
    return file_download(
        request,
        viewer,
        program,
        _page(program, export, fmt)[1],
        token,
        lambda job: program_export_download(
            actor=acting_user(request), viewer=viewer, program=program, job=job
        ),
    )
