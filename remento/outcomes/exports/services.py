"""Writing an export: the coordinator asks (``program_export_queue``), the task worker writes
the file (``program_export_write``), the coordinator downloads it
(``program_export_download``), and each download is recorded in the audit trail.

The file lives under MEDIA_ROOT with a random name (``remento.core.jobs``) for
``REMENTO_JOB_FILE_HOURS``, readable through the download view by the coordinator who asked
for it only, and only while they still coordinate the program's organisation.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.jobs.models import BackgroundJob
from remento.core.jobs.progress import JobProgress
from remento.core.jobs.services import JobFailed, JobOutcome, job_file_expired, job_queue
from remento.core.models import User
from remento.core.spreadsheets import csv_lines, xlsx_file
from remento.people.models import Employee
from remento.programs.models import Program

from .catalogue import BY_SLUG, FORMATS, NEVER_ANYWHERE, Export
from .tables import CHUNK_SIZE, Row, Table

VERB = "program.exported"
KIND = "outcomes.export"

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The phases of an export, in order, as its page names them.
PHASES = (("counting", "Counting the rows"), ("writing", "Writing the rows"))


def _check(viewer: Employee, program: Program, fmt: str) -> None:
    if fmt not in FORMATS:
        raise PermissionDenied(f"Exports come as {' or '.join(FORMATS)}.")
    if not (
        viewer.is_active
        and viewer.is_coordinator
        and viewer.organization_id == program.organization_id
    ):
        raise PermissionDenied("Only the organisation's coordinators export a program.")


def export_subject(program: Program, export: Export, fmt: str) -> str:
    """What an export job is about: this program's export in this format."""
    return f"{program.pk}:{export.slug}:{fmt}"


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


@transaction.atomic
def program_export_queue(
    *, actor: User, viewer: Employee, program: Program, export: Export, fmt: str
) -> BackgroundJob:
    """Ask the task worker for ``export`` of ``program`` as ``fmt`` ("csv" or "xlsx"), for a
    coordinator of the program's organisation (``PermissionDenied`` for anyone else).

    The same export in the same format, already asked by the same person and still going,
    is returned rather than asked twice."""
    _check(viewer, program, fmt)
    subject = export_subject(program, export, fmt)
    from .tasks import program_export_execute

    return job_queue(
        actor=actor,
        organization=viewer.organization,
        kind=KIND,
        subject=subject,
        params={"program": program.pk, "export": export.slug, "format": fmt},
        enqueue=lambda job_id: program_export_execute.enqueue(job_id=job_id),
        reuse_going=True,
    )


def _counted(rows: Iterable[Row], progress: JobProgress) -> Iterator[Row]:
    """``rows``, telling ``progress`` how many went by."""
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % CHUNK_SIZE == 0:
            progress.advance(done)
    progress.advance(done)


def requester_of(job: BackgroundJob) -> Employee:
    """The person who asked for ``job``, as an employee of its organisation (still active,
    checked by the caller), or ``JobFailed``."""
    viewer = (
        Employee.objects.select_related("organization")
        .filter(user=job.requested_by, organization=job.organization)
        .first()
        if job.requested_by is not None
        else None
    )
    if viewer is None:
        raise JobFailed("The person who asked for this file is no longer in the organisation.")
    return viewer


def program_export_write(job: BackgroundJob, progress: JobProgress) -> JobOutcome:
    """The worker's part: write the export a job asks for, to a file; checks again that its
    requester still coordinates the program's organisation."""
    program = Program.objects.select_related("organization").get(
        pk=job.params["program"], organization=job.organization
    )
    export, fmt = BY_SLUG[job.params["export"]], job.params["format"]
    viewer = requester_of(job)
    _check(viewer, program, fmt)
    now = timezone.now()
    table: Table = export.build(program, viewer)
    progress.phase("counting")
    total = table.count()
    progress.phase("writing", total=total)
    out: IO[bytes]
    if fmt == "csv":
        out = tempfile.TemporaryFile(suffix=".csv")  # noqa: SIM115 - closed by job_perform
        for line in csv_lines(table.header, _counted(table.rows(), progress)):
            out.write(line.encode("utf-8"))
        out.seek(0)
        rows = total
    else:
        out, rows = xlsx_file(
            sheet_name=export.title,
            header=table.header,
            rows=_counted(table.rows(), progress),
            widths=table.widths,
            about=_about(program, export, viewer, now.strftime("%Y-%m-%d %H:%M")),
        )
    return JobOutcome(
        result={"rows": rows, "export": export.slug, "format": fmt},
        file=out,
        file_name=export.filename(program, fmt, now.strftime("%Y-%m-%d")),
        content_type=CONTENT_TYPES[fmt],
    )


@transaction.atomic
def program_export_download(
    *, actor: User, viewer: Employee, program: Program, job: BackgroundJob
) -> IO[Any]:
    """The file of a finished export job, opened, for the coordinator who asked for it
    (``PermissionDenied`` for anyone else, ``JobFailed`` once it expired); the audit trail
    records who downloaded which export, in which format, and how many rows."""
    _check(viewer, program, str(job.params.get("format")))
    if job.requested_by_id != actor.pk or job.organization_id != program.organization_id:
        raise PermissionDenied("Only the coordinator who asked for this export downloads it.")
    if job_file_expired(job):
        raise JobFailed("This file has expired and was deleted; ask for the export again.")
    audit_log(
        actor=actor,
        organization=viewer.organization,
        verb=VERB,
        target=program,
        data={
            "export": job.params["export"],
            "format": job.params["format"],
            "rows": job.result.get("rows", 0),
            "by": viewer.display_name,
        },
    )
    return job.file.open("rb")
