"""Turning the uploaded bytes into rows: a CSV file (encoding, delimiter) or an Excel
workbook (``workbook.py``), with row numbers as the spreadsheet shows them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from remento.core.errors import RowErrors, RowProblem
from remento.people.importing.workbook import is_workbook, workbook_rows

DELIMITERS = (",", ";", "\t")


def decode(data: bytes) -> str:
    """The file as text: UTF-8, with or without a byte-order mark.

    Anything else (a legacy Windows code page, UTF-16) is refused with the row of the first
    bad byte, rather than guessed at and imported with mangled names.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = data.count(b"\n", 0, error.start) + 1
        raise RowErrors(
            [
                RowProblem(
                    row,
                    "—",
                    f"the file is not UTF-8 (byte 0x{data[error.start]:02x} at offset "
                    f"{error.start}); export it again as “CSV UTF-8”",
                )
            ]
        ) from None


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon (what spreadsheets write in locales with a decimal comma) or tab.

    Decided on the header line alone, counting separators outside quotes: header names do
    not contain separators, whereas data rows may (a title like "Sales, EMEA").
    """
    end = text.find("\n")
    header = text if end < 0 else text[:end]
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def read_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """``(row number, cells)`` for each record, numbered as a spreadsheet shows them
    (the header is row 1). A quoted cell spanning lines is still one row."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        raise RowErrors(
            [RowProblem(reader.line_num, "—", f"the file is not valid CSV ({error})")]
        ) from None


def rows_of(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """``(row number, cells)`` of an uploaded file, CSV or Excel workbook."""
    if is_workbook(data):
        return workbook_rows(data)
    return read_rows(decode(data))
