"""Downloading an export in a test, and reading it back as rows of cell values."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from typing import Any
from xml.etree import ElementTree

from django.test import Client, TestCase
from django.urls import reverse

from remento.core.jobs.models import BackgroundJob
from remento.outcomes.exports.catalogue import EXPORTS
from remento.programs.models import Program

SLUGS = [export.slug for export in EXPORTS]
NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def url(program: Program, slug: str, fmt: str) -> str:
    return reverse("outcomes:program_export", args=[program.pk, slug, fmt])


def ask(client: Client, program: Program, slug: str, fmt: str) -> BackgroundJob:
    """Ask for an export as its button does; the task worker (the immediate backend of the
    tests) writes it once the request's transaction commits. Returns the job."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url(program, slug, fmt))
    assert response.status_code == 302, response.status_code
    return BackgroundJob.objects.filter(
        kind="outcomes.export", subject=f"{program.pk}:{slug}:{fmt}"
    ).latest("created_at", "id")


def download_url(program: Program, job: BackgroundJob) -> str:
    return reverse(
        "outcomes:program_export_download",
        args=[program.pk, job.params["export"], job.params["format"], job.token],
    )


def fetch(client: Client, program: Program, job: BackgroundJob) -> Any:
    """The download's response (a file sent from disk, streamed)."""
    return client.get(download_url(program, job))


def download(client: Client, program: Program, slug: str, fmt: str) -> bytes:
    """Ask for the export, let the worker write it, download it: the file's bytes."""
    job = ask(client, program, slug, fmt)
    assert job.status == "done", job.failure
    response = fetch(client, program, job)
    assert response.status_code == 200, response.status_code
    assert response.streaming
    return b"".join(response.streaming_content)


def csv_rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel's cue that the file is UTF-8
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def _column_index(reference: str) -> int:
    letters = re.match(r"[A-Z]+", reference)
    assert letters is not None
    index = 0
    for letter in letters.group():
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _unescape(text: str) -> str:
    """OOXML writes control characters as ``_xHHHH_``; Excel reads them back as characters."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda found: chr(int(found.group(1), 16)), text)


def _cell_value(cell: ElementTree.Element, shared: list[str]) -> Any:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return _unescape("".join(t.text or "" for t in cell.iterfind(".//x:t", NS)))
    value = cell.find("x:v", NS)
    if value is None or value.text is None:
        return None
    if kind == "s":
        return _unescape(shared[int(value.text)])
    if kind == "str":
        return value.text
    if kind == "b":
        return value.text == "1"
    return float(value.text)


def xlsx_sheet(data: bytes, sheet: int = 1) -> list[list[Any]]:
    """The stored cell values of a worksheet, read from the XML inside the file (strings as
    stored, numbers as floats); also asserts that no cell holds a formula."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
            shared = [
                "".join(t.text or "" for t in si.iterfind(".//x:t", NS))
                for si in root.iterfind("x:si", NS)
            ]
        root = ElementTree.fromstring(archive.read(f"xl/worksheets/sheet{sheet}.xml"))
    rows: list[list[Any]] = []
    for row in root.iterfind(".//x:sheetData/x:row", NS):
        values: list[Any] = []
        for cell in row.iterfind("x:c", NS):
            assert cell.find("x:f", NS) is None, "a cell holds a formula"
            index = _column_index(cell.get("r", "A"))
            values.extend([None] * (index - len(values)))
            values.append(_cell_value(cell, shared))
        rows.append(values)
    return rows


def xlsx_text(data: bytes) -> str:
    """Every XML part of the file as one text, to search for words that must not be there."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())


def rows_of(data: bytes, fmt: str) -> list[list[Any]]:
    return csv_rows(data) if fmt == "csv" else xlsx_sheet(data)


def column(rows: list[list[Any]], name: str) -> list[Any]:
    """The values of the column headed ``name`` (header row left out)."""
    index = rows[0].index(name)
    return [row[index] if index < len(row) else None for row in rows[1:]]
