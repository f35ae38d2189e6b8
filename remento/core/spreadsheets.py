"""Spreadsheet files (CSV and XLSX) that are safe to open: the one place that writes them.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run
as a formula by Excel, LibreOffice and Google Sheets when the file is opened ("CSV
injection"): a person's name or a free-text answer could then fetch a URL or run a command
on the coordinator's machine. Every such text gets a leading apostrophe, which spreadsheets
read as "this is text". So does text where one of those characters, or its full-width form
(``＝``, ``＋``, ``－``, ``＠``, which some input methods type and some spreadsheets take for
the plain sign), comes after blanks only: an import that trims spaces would otherwise turn
`` =HYPERLINK(…)`` into a formula. Numbers typed as numbers stay numbers (a negative figure
is a value, not a formula), dates stay dates.

CSV is streamed line by line (``csv_lines``), so a long export never sits in memory; XLSX is
written with xlsxwriter in ``constant_memory`` mode to a temporary file (``xlsx_file``),
each row flushed to disk as it is written, and never turns text into a formula, a number or
a link.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import IO, Any

import xlsxwriter

# The first characters a spreadsheet reads as the start of a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The full-width forms of the signs above, and the blanks a spreadsheet may trim before them.
FULL_WIDTH_STARTS = ("\uff1d", "\uff0b", "\uff0d", "\uff20")
LEADING_BLANKS = " \u00a0\u3000\n\t\r"
# Excel's own limits: longer text is cut (it would not open), longer sheet names refused.
CELL_TEXT_MAX = 32_767
SHEET_NAME_MAX = 31
# A byte-order mark, so that Excel opens a UTF-8 CSV with its accents intact.
BOM = "\ufeff"

Cell = str | int | float | Decimal | bool | dt.date | dt.datetime | None


def safe_text(value: str) -> str:
    """``value`` as text a spreadsheet will not run as a formula."""
    first = value[:1]
    after_blanks = value.lstrip(LEADING_BLANKS)[:1]
    if first in FORMULA_STARTS or after_blanks in FORMULA_STARTS + FULL_WIDTH_STARTS:
        return f"'{value}"
    return value


def safe_cell(value: Any) -> Cell:
    """A value ready for a spreadsheet cell: numbers, booleans, dates and None as they are,
    anything else as formula-safe text."""
    if value is None or isinstance(value, int | float | Decimal | dt.date):
        return value  # bool is an int; datetime is a date
    return safe_text(str(value))


def _csv_value(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | int | float):
        return str(value)
    return value


class _Echo:
    """A file-like object whose write() hands back the line, for streaming csv."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The CSV file, line by line: a byte-order mark and the header, then one line per row,
    each cell through ``safe_cell``. Feed it to a ``StreamingHttpResponse``."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([safe_text(name) for name in header])
    for row in rows:
        yield writer.writerow([_csv_value(safe_cell(value)) for value in row])


class XlsxSheet:
    """One worksheet being written row by row (``constant_memory``: rows in order only)."""

    def __init__(self, workbook: Any, name: str, header: Sequence[str], widths: Sequence[int]):
        self._sheet = workbook.add_worksheet(safe_text(name)[:SHEET_NAME_MAX])
        self._date = workbook.add_format({"num_format": "yyyy-mm-dd"})
        self._datetime = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        for column, width in enumerate(widths):
            self._sheet.set_column(column, column, width)
        self._sheet.freeze_panes(1, 0)
        for column, name in enumerate(header):
            self._sheet.write_string(0, column, safe_text(name), bold)
        self._columns = len(header)
        self.rows = 0

    def append(self, row: Sequence[Any]) -> None:
        """Write the next row (each cell through ``safe_cell``)."""
        self.rows += 1
        for column, value in enumerate(row):
            self._write(self.rows, column, safe_cell(value))

    def _write(self, row: int, column: int, value: Cell) -> None:
        sheet = self._sheet
        if value is None:
            return
        if isinstance(value, bool):
            sheet.write_boolean(row, column, value)
        elif isinstance(value, dt.datetime):
            sheet.write_datetime(row, column, value.astimezone(dt.UTC), self._datetime)
        elif isinstance(value, dt.date):
            sheet.write_datetime(row, column, value, self._date)
        elif isinstance(value, int | float | Decimal):
            sheet.write_number(row, column, float(value))
        else:
            # write_string, never write(): text stays text, whatever it looks like.
            sheet.write_string(row, column, value[:CELL_TEXT_MAX])

    def add_filter(self) -> None:
        """A filter on the header row, over every row written."""
        if self._columns:
            self._sheet.autofilter(0, 0, max(self.rows, 1), self._columns - 1)


def xlsx_workbook(target: IO[bytes] | str) -> Any:
    """An xlsxwriter workbook in constant-memory mode that writes text as text only
    (no formulas, numbers or links guessed from a string) and dates in UTC."""
    return xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "tmpdir": tempfile.gettempdir(),
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "remove_timezone": True,
        },
    )


def xlsx_file(
    *,
    sheet_name: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[int] = (),
    about: Sequence[tuple[str, Any]] = (),
) -> tuple[IO[bytes], int]:
    """An XLSX file of one data sheet (and an "About" sheet of ``about`` lines, when given),
    as an open temporary file positioned at its start, and the number of data rows written.
    The file deletes itself when closed."""
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - handed to the response
    workbook = xlsx_workbook(out)
    sheet = XlsxSheet(workbook, sheet_name, header, widths or [18] * len(header))
    for row in rows:
        sheet.append(row)
    sheet.add_filter()
    if about:
        notes = XlsxSheet(workbook, "About", ("About this file", ""), (28, 100))
        for line in about:
            notes.append(line)
    workbook.close()
    out.seek(0)
    return out, sheet.rows
