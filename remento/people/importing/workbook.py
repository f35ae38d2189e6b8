"""Excel workbooks (.xlsx) as import files: the first sheet's rows, as the CSV reader gives
them (text cells, numbered as the spreadsheet shows them).

HR systems export to Excel as often as to CSV, so a workbook is read as it is rather than
sent back to be saved again. openpyxl reads it in read-only mode (row by row, never the
whole sheet in memory), with defusedxml refusing XML entity tricks. A small upload must not
cost what a large one does, so before any XML is read the workbook is refused when its
parts unpack to more than ``UNPACKED_MAX`` bytes or its shared strings (which openpyxl
holds in memory whole) to more than ``SHARED_STRINGS_MAX``; rows are read up to
``COLUMNS_MAX`` cells (a sheet claiming 16,384 columns is not padded to them) and up to
``ROWS_MAX`` rows. A file that turns out not to be a workbook, or to be damaged part way,
is refused with a reason, never a server error.

Cells keep the value the spreadsheet last showed (a formula's result, never the formula);
whole numbers are written without ".0" (an employee id 1042 stays "1042"), dates as
YYYY-MM-DD.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from remento.core.errors import RowErrors, RowProblem

# What a ZIP file (and so an .xlsx workbook) starts with.
ZIP_SIGNATURE = b"PK\x03\x04"
MB = 1024 * 1024
# A 100,000-person directory of the usual 13 columns, its text written in the cells,
# unpacks to 74 MB (docs/performance.md); text kept once in the shared strings takes less.
# Room to spare, and a bound on what a "zip bomb" (a small upload that expands into
# gigabytes of XML) can cost; openpyxl holds the shared strings in memory, so they have
# their own, lower bound.
UNPACKED_MAX = 200 * MB
SHARED_STRINGS_MAX = 32 * MB
COLUMNS_MAX = 256
# Fewer bytes of XML than a row of the usual columns takes (400-750), for estimates.
BYTES_PER_ROW = 400
ROWS_MAX = 1_000_000
# What reading a damaged or foreign file may raise, from the ZIP, the XML or openpyxl.
UNREADABLE_ERRORS = (
    InvalidFileException,
    zipfile.BadZipFile,
    ParseError,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    EOFError,
    OSError,
)


def is_workbook(data: bytes) -> bool:
    """Whether ``data`` is a ZIP file, as an .xlsx workbook is (a CSV file never is)."""
    return data.startswith(ZIP_SIGNATURE)


def _refusal(reason: str, row: int = 1) -> RowErrors:
    return RowErrors(
        [
            RowProblem(
                row,
                "—",
                f"the file is not an Excel workbook we can read ({reason}); save it again "
                "as .xlsx, or as “CSV UTF-8”",
            )
        ]
    )


def _check_sizes(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refusal("a damaged ZIP file") from None
    if sum(part.file_size for part in parts) > UNPACKED_MAX:
        raise _refusal(f"it unpacks to more than {UNPACKED_MAX // MB} MB")
    strings = sum(p.file_size for p in parts if p.filename.lower().endswith("sharedstrings.xml"))
    if strings > SHARED_STRINGS_MAX:
        raise _refusal(f"its shared text is more than {SHARED_STRINGS_MAX // MB} MB")


@contextmanager
def _first_sheet(data: bytes) -> Iterator[Any]:
    _check_sizes(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except UNREADABLE_ERRORS:
        raise _refusal("it is damaged, or another kind of file") from None
    try:
        if not book.worksheets:
            raise _refusal("it has no sheet of cells")
        yield book.worksheets[0]
    finally:
        book.close()


def cell_text(value: object) -> str:
    """A cell's value as the import reads text: blank for an empty cell, whole numbers
    without a decimal point, dates as YYYY-MM-DD (a time of day kept only when set)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _rows(sheet: Any, limit: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The sheet's first ``limit`` rows, numbered from 1; a damaged row stops them with the
    reason, naming the row it reached."""
    number = 0
    try:
        for number, values in enumerate(
            islice(sheet.iter_rows(max_col=COLUMNS_MAX, values_only=True), limit), start=1
        ):
            yield number, values
    except UNREADABLE_ERRORS:
        raise _refusal(f"it is damaged after row {number}", number + 1) from None


def workbook_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """``(row number, cells)`` of the workbook's first sheet, the header being row 1."""
    with _first_sheet(data) as sheet:
        for number, values in _rows(sheet, ROWS_MAX + 2):
            if number > ROWS_MAX + 1:
                raise RowErrors(
                    [RowProblem(number, "—", f"a file holds at most {ROWS_MAX:,} people")]
                )
            yield number, [cell_text(value) for value in values]


def workbook_row_estimate(data: bytes) -> int:
    """About how many people the workbook holds, from the unpacked size of its sheets and
    shared text, without reading any XML (what a sheet says of its own size is not
    believed): generous, so that a file that costs much to read goes to the task worker."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0
    read = [
        part.file_size
        for part in parts
        if part.filename.startswith("xl/worksheets/")
        or part.filename.lower().endswith("sharedstrings.xml")
    ]
    return sum(read) // BYTES_PER_ROW
