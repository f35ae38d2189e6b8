"""The one formula-neutralising helper every CSV and XLSX export goes through."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from remento.core.spreadsheets import csv_lines, safe_cell, safe_text


@pytest.mark.parametrize("first", ["=", "+", "-", "@", "\t", "\r"])
def test_text_starting_like_a_formula_gets_a_leading_apostrophe(first: str) -> None:
    assert safe_text(f"{first}1+1") == f"'{first}1+1"
    assert safe_cell(f"{first}SUM(A1:A9)") == f"'{first}SUM(A1:A9)"


@pytest.mark.parametrize(
    "text",
    [
        " =1+1",
        "  +cmd",
        '\u00a0=HYPERLINK("http://x")',
        "\n@SUM(A1)",
        "\uff1d1+1",
        " \uff0bcmd",
        "\uff20A1",
        "\uff0d3",
    ],
)
def test_a_formula_behind_blanks_or_in_full_width_signs_gets_a_leading_apostrophe(
    text: str,
) -> None:
    assert safe_text(text) == f"'{text}"


def test_other_text_is_left_as_it_is() -> None:
    assert safe_text("Ada Admin") == "Ada Admin"
    assert safe_text("") == ""
    assert safe_text("a=b") == "a=b"
    assert safe_text("  Ada") == "  Ada"
    assert safe_text("   ") == "   "


def test_numbers_dates_and_empty_cells_keep_their_type() -> None:
    when = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    assert safe_cell(-3) == -3
    assert safe_cell(-2.5) == -2.5
    assert safe_cell(Decimal("-1.25")) == Decimal("-1.25")
    assert safe_cell(True) is True
    assert safe_cell(None) is None
    assert safe_cell(when) == when
    assert safe_cell(dt.date(2026, 3, 2)) == dt.date(2026, 3, 2)


def test_a_number_held_as_text_is_text() -> None:
    assert safe_cell("-3") == "'-3"


def test_csv_lines_start_with_a_byte_order_mark_and_neutralise_every_cell() -> None:
    lines = list(csv_lines(["Name", "=Header"], [["@evil", -4], [None, True]]))

    assert lines[0].startswith("\ufeff")
    rows = list(csv.reader(io.StringIO("".join(lines)[1:])))
    assert rows == [["Name", "'=Header"], ["'@evil", "-4"], ["", "yes"]]
