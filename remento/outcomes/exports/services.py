"""Writing an export: check who asks, record it in the audit trail, build the file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.models import User
from remento.core.spreadsheets import csv_lines, xlsx_file
from remento.people.models import Employee
from remento.programs.models import Program

from .catalogue import FORMATS, NEVER_ANYWHERE, Export
from .tables import Table

VERB = "program.exported"


@dataclass(frozen=True)
class ExportFile:
    """What the view sends: CSV ``lines`` to stream, or an XLSX ``file`` to send from disk."""

    filename: str
    content_type: str
    rows: int
    lines: Iterator[str] | None = None
    file: IO[bytes] | None = None


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _check(viewer: Employee, program: Program, fmt: str) -> None:
    if fmt not in FORMATS:
        raise PermissionDenied(f"Exports come as {' or '.join(FORMATS)}.")
    if not (
        viewer.is_active
        and viewer.is_coordinator
        and viewer.organization_id == program.organization_id
    ):
        raise PermissionDenied("Only the organisation's coordinators export a program.")


@transaction.atomic
def _record(
    *, actor: User, viewer: Employee, program: Program, export: Export, fmt: str, rows: int
) -> None:
    audit_log(
        actor=actor,
        organization=viewer.organization,  # the program's, checked; already read
        verb=VERB,
        target=program,
        data={"export": export.slug, "format": fmt, "rows": rows, "by": viewer.display_name},
    )


def _about(program: Program, export: Export, viewer: Employee, stamp: str) -> list[tuple[str, str]]:
    return [
        ("Program", program.name),
        ("Export", export.title),
        ("Contains", export.contains),
        ("Never contains", "; ".join((*export.never, *NEVER_ANYWHERE))),
        ("Exported by", viewer.display_name),
        ("Exported on (UTC)", stamp),
        ("Dates and times", "In UTC."),
    ]


def program_export(
    *, actor: User, viewer: Employee, program: Program, export: Export, fmt: str
) -> ExportFile:
    """``export`` of ``program`` as ``fmt`` ("csv" or "xlsx"), for a coordinator of the
    program's organisation (``PermissionDenied`` for anyone else).

    The audit trail records who exported what, in which format, and how many rows
    (``program.exported``). A CSV is counted, recorded, then streamed row by row as the
    response is sent; an XLSX is written to a temporary file in constant memory first and
    recorded with the rows it holds."""
    _check(viewer, program, fmt)
    now = timezone.now()
    filename = export.filename(program, fmt, now.strftime("%Y-%m-%d"))
    table: Table = export.build(program, viewer)
    if fmt == "csv":
        rows = table.count()
        _record(actor=actor, viewer=viewer, program=program, export=export, fmt=fmt, rows=rows)
        return ExportFile(
            filename=filename,
            content_type=CONTENT_TYPES[fmt],
            rows=rows,
            lines=csv_lines(table.header, table.rows()),
        )
    out, rows = xlsx_file(
        sheet_name=export.title,
        header=table.header,
        rows=table.rows(),
        widths=table.widths,
        about=_about(program, export, viewer, now.strftime("%Y-%m-%d %H:%M")),
    )
    _record(actor=actor, viewer=viewer, program=program, export=export, fmt=fmt, rows=rows)
    return ExportFile(filename=filename, content_type=CONTENT_TYPES[fmt], rows=rows, file=out)
