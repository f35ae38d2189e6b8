"""The HRIS import refuses control and direction characters, cleans zero-width ones, and
refuses far-past and far-future dates, naming the row and the column."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from remento.core.models import Organization
from tests.people.import_files import csv_bytes, person
from tests.people.test_import_plan import plan, problems


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {"first_name": "Ann\nMarie"},
            "row 2, column first_name: contains a line break; it must fit on one line",
        ),
        (
            {"last_name": "Lee\x00"},
            "row 2, column last_name: contains a null character",
        ),
        (
            {"employee_id": "E1\x07"},
            "row 2, column employee_id: contains an invisible control character (U+0007)",
        ),
        (
            {"title": "Head of \u202eyrtsaP"},
            "row 2, column title: contains a text-direction control character, right-to-left "
            "override (U+202E), which can make text display as something else; retype it "
            "without",
        ),
        (
            {"location": "\u2067London\u2069"},
            "row 2, column location: contains a text-direction control character, "
            "right-to-left isolate (U+2067), which can make text display as something else; "
            "retype it without",
        ),
    ],
)
def test_control_and_direction_characters_are_refused_with_row_and_column(
    organization: Organization, values: dict[str, str], expected: str
) -> None:
    assert problems(organization, csv_bytes([person("E0"), person("E1") | values])) == [
        expected.replace("row 2", "row 3")
    ]


def test_zero_width_characters_are_cleaned_out_of_every_value(organization: Organization) -> None:
    data = csv_bytes(
        [
            person(
                "E1\u200b",
                first_name="\ufeffAnn\u200d",
                last_name="Lee\u200c",
                email="\u200bp1@acme.example",
            )
        ]
    )

    row = plan(organization, data).rows[0]

    assert (row.employee_id, row.first_name, row.last_name, row.email) == (
        "E1",
        "Ann",
        "Lee",
        "p1@acme.example",
    )


@time_machine.travel(dt.datetime(2026, 12, 6, 12, tzinfo=dt.UTC))
def test_far_past_and_far_future_dates_are_refused_with_row_and_column(
    organization: Organization,
) -> None:
    data = csv_bytes(
        [
            person("E1", hire_date="1899-12-31"),
            person("E2", hire_date="2029-01-01"),
            person("E3", hire_date="2020-01-06", leave_date="2037-01-01"),
            person("E4", hire_date="2028-12-06", leave_date="2036-12-06"),
        ]
    )

    assert problems(organization, data) == [
        "row 2, column hire_date: 1899-12-31 is too far in the past (the earliest is 1900-01-01)",
        "row 3, column hire_date: 2029-01-01 is too far ahead (the latest is 2028-12-06)",
        "row 4, column leave_date: 2037-01-01 is too far ahead (the latest is 2036-12-06)",
    ]
