"""Counts by group never show a group under the minimum size, nor one that could be
worked out by subtracting the shown groups from the total."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from remento.core.models import Organization
from remento.people.models import Department
from remento.programs.models import Program
from tests.factories import EmployeeFactory, enroll, make_program
from tests.outcomes.exports.helpers import download, rows_of


def _people(program: Program, department: Department, n: int, **fields: Any) -> None:
    for _ in range(n):
        person = EmployeeFactory.create(
            organization=program.organization, department=department, **fields
        )
        enroll(program, person, "mentor")


def _breakdown(rows: list[list[Any]], name: str) -> dict[str, Any]:
    return {row[1]: row[2] for row in rows[1:] if row[0] == name}


@pytest.fixture
def program(organization: Organization, settings: Any) -> Program:
    settings.REMENTO_MIN_GROUP_SIZE = 3
    program = make_program(organization, "launching")
    sales, ops, legal = (
        Department.objects.create(organization=organization, name=name)
        for name in ("Sales", "Operations", "Legal")
    )
    _people(program, sales, 4, location="Lyon", birth_year=1990)
    _people(program, ops, 3, location="Lyon", birth_year=1990)
    _people(program, legal, 1, location="Lyon", birth_year=1990)
    return program


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_small_group_and_the_one_that_would_reveal_it_are_hidden_together(
    program: Program, coordinator_client: Client, fmt: str
) -> None:
    rows = rows_of(download(coordinator_client, program, "participation", fmt), fmt)

    departments = _breakdown(rows, "Department")
    number = (lambda n: str(n)) if fmt == "csv" else float
    # Legal (1) is under 3; alone it would be 8 - 4 - 3, so Operations (3) is hidden too.
    assert departments == {
        "All": number(8),
        "Sales": number(4),
        "2 smaller groups, together": number(4),
    }
    text = str(rows)
    assert "Legal" not in text
    assert "Operations" not in text


def test_no_shown_group_is_smaller_than_the_minimum_and_the_shown_add_up(
    program: Program, coordinator_client: Client
) -> None:
    rows = rows_of(download(coordinator_client, program, "participation", "csv"), "csv")

    for name in ("Department", "Generation", "Location", "Role (enrolled)"):
        groups = _breakdown(rows, name)
        total = int(groups.pop("All"))
        assert all(int(n) >= 3 for n in groups.values()), name
        assert sum(int(n) for n in groups.values()) == total, name


def test_when_every_group_is_small_nothing_is_shown_one_by_one(
    organization: Organization, coordinator_client: Client, settings: Any
) -> None:
    settings.REMENTO_MIN_GROUP_SIZE = 5
    program = make_program(organization, "launching")
    for name in ("Finance", "Design"):
        department = Department.objects.create(organization=organization, name=name)
        _people(program, department, 2)

    rows = rows_of(download(coordinator_client, program, "participation", "csv"), "csv")

    assert _breakdown(rows, "Department") == {"All": "4", "2 smaller groups, together": "4"}
