"""Excel workbooks (.xlsx) as import files: the first sheet's rows, as the CSV reader gives
them (text cells, numbered as the spreadsheet shows them).

HR systems export to Excel as often as to CSV, so a workbook is read as it is rather than
sent back to be saved again. openpyxl reads it in read-only mode (row by row, never the
whole sheet in memory), with defusedxml refusing XML entity tricks, and a workbook that
unpacks to more than ``UNPACKED_MAX`` bytes is refused before any XML is read. Cells
keep the value the spreadsheet last showed (a formula's result, never the formula);
whole numbers are written without ".0" (an employee id 1042 stays "1042"), dates as
YYYY-MM-DD.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from remento.core.errors import RowErrors, RowProblem

# What a ZIP file (and so an .xlsx workbook) starts with.
ZIP_SIGNATURE = b"PK\x03\x04"
# A workbook whose parts unpack to more than this is refused (a "zip bomb" expands a small
# upload into gigabytes of XML); a 100,000-person directory unpacks to about 60 MB.
UNPACKED_MAX = 400 * 1024 * 1024
UNREADABLE = (
    "the file is not an Excel workbook we can read ({reason}); save it again as .xlsx, "
    "or as “CSV UTF-8”"
)


def is_workbook(data: bytes) -> bool:
    """Whether ``data`` is a ZIP file, as an .xlsx workbook is (a CSV file never is)."""
    return data.startswith(ZIP_SIGNATURE)


def _refusal(reason: str) -> RowErrors:
    return RowErrors([RowProblem(1, "—", UNREADABLE.format(reason=reason))])


@contextmanager
def _first_sheet(data: bytes) -> Iterator[Any]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise _refusal("a damaged ZIP file") from None
    if unpacked > UNPACKED_MAX:
        raise _refusal(f"it unpacks to more than {UNPACKED_MAX // (1024 * 1024)} MB")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, ValueError, OSError, zipfile.BadZipFile) as error:
        raise _refusal(type(error).__name__) from None
    try:
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


def workbook_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """``(row number, cells)`` of the workbook's first sheet, the header being row 1."""
    with _first_sheet(data) as sheet:
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [cell_text(value) for value in values]


def workbook_row_count(data: bytes) -> int:
    """About how many people the first sheet holds (its rows less the header), from the
    size the sheet records: nothing but its first lines is read."""
    with _first_sheet(data) as sheet:
        return max(0, (sheet.max_row or 0) - 1)
