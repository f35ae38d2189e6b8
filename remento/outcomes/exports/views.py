"""The program's export page and the downloads: thin, the service does the work."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from remento.core.pages import acting_user
from remento.people.models import Employee
from remento.programs.access import managed_program_view
from remento.programs.models import Program

from .catalogue import BY_SLUG, EXPORTS, FORMATS, NEVER_ANYWHERE
from .services import program_export


@managed_program_view
def export_list(request: HttpRequest, viewer: Employee, program: Program) -> HttpResponse:
    """Every export of the program, what it holds and never holds, in CSV and XLSX."""
    return render(
        request,
        "outcomes/exports/export_list.html",
        {
            "program": program,
            "exports": EXPORTS,
            "formats": FORMATS,
            "never_anywhere": NEVER_ANYWHERE,
            "min_group_size": settings.REMENTO_MIN_GROUP_SIZE,
        },
    )


@managed_program_view
def export_download(
    request: HttpRequest, viewer: Employee, program: Program, export: str, fmt: str
) -> HttpResponse:
    """One export as a file: a CSV streamed as it is read, an XLSX sent from disk."""
    chosen = BY_SLUG.get(export)
    if chosen is None or fmt not in FORMATS:
        raise Http404("No such export.")
    result = program_export(
        actor=acting_user(request), viewer=viewer, program=program, export=chosen, fmt=fmt
    )
    response: StreamingHttpResponse | FileResponse
    if result.lines is not None:
        response = StreamingHttpResponse(result.lines, content_type=result.content_type)
        response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    else:
        response = FileResponse(
            result.file,
            as_attachment=True,
            filename=result.filename,
            content_type=result.content_type,
        )
    response["Cache-Control"] = "no-store"
    # Streamed, so that a long export is never held in memory; the access decorators are
    # typed for plain responses.
    return cast(HttpResponse, response)
