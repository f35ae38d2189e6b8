"""Excel workbooks (.xlsx) import as CSV files do: the first sheet, cells as the spreadsheet
shows them, the same row-by-row problems; a damaged or oversized workbook is refused with
the reason."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from remento.core.errors import RowErrors
from remento.core.models import Organization
from remento.people.importing import workbook
from remento.people.importing.background import import_is_large, rows_in
from remento.people.importing.services import people_import_plan
from remento.people.models import Employee, ImportBatch
from tests.people.import_files import HEADER, person

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(rows: list[list[Any]], *, extra_sheet: bool = False) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "People"
    for row in rows:
        sheet.append(row)
    if extra_sheet:
        book.create_sheet("Notes").append(["not", "people"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row(employee_id: str, **values: Any) -> list[Any]:
    cells: dict[str, Any] = person(employee_id) | values
    return [cells[name] for name in HEADER]


def test_a_workbook_is_planned_like_the_same_csv(organization: Organization) -> None:
    data = xlsx_bytes(
        [
            HEADER,
            # Numbers and dates as Excel stores them: 3.0, a date cell, a whole year.
            _row("E1", level=3.0, hire_date=dt.date(2020, 1, 6), birth_year=1990),
            _row("E2", manager_id="E1", department="finance ", level=4),
        ],
        extra_sheet=True,
    )

    plan = people_import_plan(actor=None, organization=organization, data=data)

    assert plan.counts == {"created": 2, "updated": 0, "unchanged": 0, "deactivated": 0}
    assert plan.new_departments == ["Finance"]
    assert not Employee.objects.exists()


def test_a_bad_cell_of_a_workbook_is_named_by_its_row_and_column(
    organization: Organization,
) -> None:
    data = xlsx_bytes([HEADER, _row("E1"), _row("E2", email="not-an-email", level="")])

    with pytest.raises(RowErrors) as refused:
        people_import_plan(actor=None, organization=organization, data=data)

    reported = [str(problem) for problem in refused.value.problems]
    assert any(line.startswith("row 3, column email") for line in reported), reported
    assert any(line.startswith("row 3, column level") for line in reported), reported


def test_a_damaged_workbook_is_refused_with_the_reason(organization: Organization) -> None:
    damaged = xlsx_bytes([HEADER, _row("E1")])[:300]

    with pytest.raises(RowErrors) as refused:
        people_import_plan(actor=None, organization=organization, data=damaged)

    [problem] = refused.value.problems
    assert "not an Excel workbook we can read" in str(problem)
    assert "CSV UTF-8" in str(problem)


def test_a_workbook_that_unpacks_too_large_is_refused_before_reading(
    organization: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook, "UNPACKED_MAX", 1000)
    data = xlsx_bytes([HEADER, *(_row(f"E{n}") for n in range(1, 40))])
    assert sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist()) > 1000

    with pytest.raises(RowErrors) as refused:
        people_import_plan(actor=None, organization=organization, data=data)

    assert "it unpacks to more than" in str(refused.value.problems[0])


def test_a_large_workbook_is_told_from_a_small_one_without_reading_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def unread(*args: object, **kwargs: object) -> None:
        raise AssertionError("no XML is read to tell a workbook's size")

    monkeypatch.setattr(workbook, "load_workbook", unread)
    small = xlsx_bytes([HEADER, *(_row(f"E{n}") for n in range(1, 26))])
    large = xlsx_bytes([HEADER, *(_row(f"E{n}") for n in range(1, 2501))])
    assert not import_is_large(rows_in(small))
    assert import_is_large(rows_in(large))
    # What a sheet says of its size is not believed: this one claims a million rows.
    claim = (b'ref="A1:M26"', b'ref="A1:XFD1048576"')
    assert claim[0] in zipfile.ZipFile(io.BytesIO(small)).read(SHEET)
    assert not import_is_large(rows_in(_with_part(small, SHEET, lambda xml: xml.replace(*claim))))
    # Shared text costs as much to read as rows: a lot of it makes the file large.
    assert import_is_large(rows_in(_with_strings(small, b"<si><t>a</t></si>" * 60_000)))
    assert rows_in(small[:300]) == 0  # unreadable: its check says why


SHEET = "xl/worksheets/sheet1.xml"


def _with_part(data: bytes, name: str, change: Any) -> bytes:
    """``data`` with its part ``name`` changed by ``change(bytes) -> bytes``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for part in source.infolist():
            content = source.read(part.filename)
            target.writestr(part, change(content) if part.filename == name else content)
    return out.getvalue()


def _with_strings(data: bytes, items: bytes) -> bytes:
    """``data`` with a shared-strings part of ``items`` (openpyxl writes text inline; a
    workbook from Excel keeps it there)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for part in source.infolist():
            target.writestr(part, source.read(part.filename))
        target.writestr(
            "xl/sharedStrings.xml",
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + items
            + b"</sst>",
        )
    return out.getvalue()


def test_a_row_claiming_the_last_column_is_read_only_as_wide_as_a_file_can_be() -> None:
    rows = "".join(f'<row r="{n}"><c r="XFD{n}"/></row>' for n in range(2, 2002))
    data = _with_part(
        xlsx_bytes([HEADER, _row("E1")]),
        SHEET,
        lambda xml: xml.replace(b"</sheetData>", rows.encode() + b"</sheetData>"),
    )

    widths = {len(cells) for _number, cells in workbook.workbook_rows(data)}

    assert max(widths) <= workbook.COLUMNS_MAX


def test_too_much_shared_text_is_refused_before_it_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(workbook, "SHARED_STRINGS_MAX", 100)
    data = _with_strings(xlsx_bytes([HEADER, _row("E1")]), b"<si><t>a</t></si>" * 50)
    with pytest.raises(RowErrors) as refused:
        list(workbook.workbook_rows(data))

    assert "its shared text is more than" in str(refused.value.problems[0])


@pytest.mark.parametrize(
    "damage",
    [
        lambda xml: xml[: len(xml) // 2],  # the sheet cut off part way
        lambda xml: b"",  # an empty sheet part
    ],
)
def test_a_workbook_damaged_part_way_is_refused_not_a_server_error(
    organization: Organization, damage: Any
) -> None:
    data = _with_part(xlsx_bytes([HEADER, *(_row(f"E{n}") for n in range(1, 50))]), SHEET, damage)

    with pytest.raises(RowErrors) as refused:
        people_import_plan(actor=None, organization=organization, data=data)

    assert "not an Excel workbook we can read" in str(refused.value.problems[0])


def test_a_workbook_without_its_sheet_is_refused(organization: Organization) -> None:
    data = xlsx_bytes([HEADER, _row("E1")])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for part in source.infolist():
            if part.filename != SHEET:
                target.writestr(part, source.read(part.filename))

    with pytest.raises(RowErrors) as refused:
        people_import_plan(actor=None, organization=organization, data=out.getvalue())

    assert "not an Excel workbook we can read" in str(refused.value.problems[0])


def test_the_import_page_takes_a_workbook(coordinator_client: Client) -> None:
    data = xlsx_bytes([HEADER, _row("E901"), _row("E902", manager_id="E901")])
    page = coordinator_client.get(reverse("people:import_upload")).text
    assert "Excel workbook" in page

    response = coordinator_client.post(
        reverse("people:import_upload"),
        {"file": SimpleUploadedFile("hris.xlsx", data, XLSX), "ignore_columns": ""},
    )

    assert response.status_code == 302, response.text
    batch = ImportBatch.objects.get()
    preview = coordinator_client.get(reverse("people:import_preview", args=[batch.token]))
    assert preview.context["counts"]["created"] == 2


def test_a_workbook_past_the_row_limit_is_refused_naming_the_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(workbook, "ROWS_MAX", 3)
    data = xlsx_bytes([HEADER, *(_row(f"E{n}") for n in range(1, 6))])

    with pytest.raises(RowErrors) as refused:
        list(workbook.workbook_rows(data))

    assert str(refused.value.problems[0]) == "row 5, column —: a file holds at most 3 people"
