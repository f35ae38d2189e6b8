"""people_import_plan: reading and validating an HRIS file, without writing anything."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from remento.core.errors import RowErrors, RowProblem
from remento.core.models import Organization
from remento.people.importing.plan import ImportPlan
from remento.people.importing.services import people_import_plan
from remento.people.models import Department, Employee
from tests.factories import EmployeeFactory
from tests.people.import_files import HEADER, csv_bytes, person


def plan(organization: Organization, data: bytes, **kwargs: Any) -> ImportPlan:
    return people_import_plan(actor=None, organization=organization, data=data, **kwargs)


def problems(organization: Organization, data: bytes, **kwargs: Any) -> list[str]:
    with pytest.raises(RowErrors) as caught:
        plan(organization, data, **kwargs)
    return [str(problem) for problem in caught.value.problems]


def test_a_good_file_is_planned_without_writing_anything(organization: Organization) -> None:
    data = csv_bytes([person("E1"), person("E2", manager_id="E1", department="Sales")])

    result = plan(organization, data)

    assert result.counts == {"created": 2, "updated": 0, "unchanged": 0, "deactivated": 0}
    assert result.new_departments == ["Finance", "Sales"]
    assert not Employee.objects.exists()
    assert not Department.objects.exists()


def test_hris_header_aliases_match_whatever_the_case_and_spacing(
    organization: Organization,
) -> None:
    header = [
        "Employee Number",
        "FIRST NAME",
        "surname",
        "Email Address",
        "Job Title",
        "Dept",
        "Grade",
        "Supervisor ID",
        " Location ",
        "Time Zone",
        "Start Date",
        "Termination Date",
        "Year of Birth",
    ]
    data = csv_bytes([person("E1"), person("E2", manager_id="E1")], header=header)

    row = plan(organization, data).to_create[1]

    assert (row.employee_id, row.last_name, row.email) == ("E2", "Last2", "p2@acme.example")
    assert (row.title, row.department, row.level, row.manager_id) == ("Analyst", "Finance", 3, "E1")
    assert str(row.hire_date) == "2020-01-06"
    assert row.birth_year == 1990


def test_a_semicolon_file_with_a_byte_order_mark_is_read(organization: Organization) -> None:
    data = csv_bytes([person("E1", title="Sales, EMEA")], delimiter=";", bom=True)

    row = plan(organization, data).to_create[0]

    assert row.employee_id == "E1"
    assert row.title == "Sales, EMEA"


def test_an_unknown_column_stops_the_import_unless_ignored(organization: Organization) -> None:
    data = csv_bytes([person("E1")], header=[*HEADER, "Cost Center"])

    assert problems(organization, data) == [
        "row 1, column Cost Center: unknown column; rename it to one of employee_id, "
        "first_name, last_name, preferred_name, email, title, department, level, "
        "level_effective_date, manager_id, "
        "location, timezone, hire_date, leave_date, birth_year, or ignore it explicitly "
        '("Cost Center" under Columns to ignore on the import page, --ignore-column '
        '"Cost Center" on the command line)'
    ]
    assert plan(organization, data, ignore_columns=["cost center"]).ignored_columns == [
        "Cost Center"
    ]


def test_a_missing_required_column_is_reported_on_the_header_row(
    organization: Organization,
) -> None:
    header = [name for name in HEADER if name != "email"]

    (problem,) = problems(organization, csv_bytes([person("E1")], header=header))

    assert problem.startswith("row 1, column email: required column missing")


def test_a_column_given_twice_is_reported(organization: Organization) -> None:
    data = csv_bytes([person("E1")], header=[*HEADER, "Work Email"])

    assert problems(organization, data) == [
        'row 1, column Work Email: a second email column (the first is "email"); keep one of them'
    ]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"first_name": ""}, "row 2, column first_name: required, but empty"),
        ({"employee_id": "  "}, "row 2, column employee_id: required, but empty"),
        ({"level": ""}, "row 2, column level: required, but empty"),
        ({"email": "not-an-email"}, "row 2, column email: “not-an-email” is not a valid email"),
        (
            {"hire_date": "31/01/2020"},
            "row 2, column hire_date: “31/01/2020” is not a date; expected yyyy-mm-dd",
        ),
        ({"hire_date": "2020-02-30"}, "row 2, column hire_date: “2020-02-30” is not a date"),
        ({"leave_date": "20200131"}, "row 2, column leave_date: “20200131” is not a date"),
        (
            {"level": "11"},
            "row 2, column level: unknown level “11”; expected a number from 1 "
            "to 10 or a level name",
        ),
        ({"level": "Wizard"}, "row 2, column level: unknown level “Wizard”"),
        (
            {"timezone": "Mars/Olympus"},
            "row 2, column timezone: “Mars/Olympus” is not a time zone we know",
        ),
        ({"birth_year": "1850"}, "row 2, column birth_year: “1850” is not a birth year from 1900"),
        ({"birth_year": "2025"}, "row 2, column birth_year: “2025” is not a birth year"),
        ({"birth_year": "nineteen"}, "row 2, column birth_year: “nineteen” is not a birth year"),
        (
            {"hire_date": "2021-05-01", "leave_date": "2021-04-30"},
            "row 2, column leave_date: 2021-04-30 is before the hire date 2021-05-01",
        ),
        (
            {"manager_id": "E404"},
            "row 2, column manager_id: manager E404 is neither in the file nor in the directory",
        ),
        ({"manager_id": "E1"}, "row 2, column manager_id: a person cannot be their own manager"),
        ({"first_name": "x" * 101}, "row 2, column first_name: longer than 100 characters"),
    ],
)
def test_a_bad_row_is_reported_with_its_row_column_and_reason(
    organization: Organization, cells: dict[str, str], expected: str
) -> None:
    data = csv_bytes([person("E1", **cells), person("E2")])

    found = problems(organization, data)

    assert len(found) == 1
    assert found[0].startswith(expected)


def test_every_problem_of_every_row_is_listed_in_one_go(organization: Organization) -> None:
    data = csv_bytes(
        [
            person("E1", email="bad", level="0"),
            person("E2"),
            person("E3", hire_date="yesterday", manager_id="E9"),
        ]
    )

    assert [problem.split(":")[0] for problem in problems(organization, data)] == [
        "row 2, column email",
        "row 2, column level",
        "row 4, column hire_date",
        "row 4, column manager_id",
    ]


def test_problems_are_named_by_the_files_own_headers(organization: Organization) -> None:
    header = ["Employee ID", "First Name", "Last Name", "Work Email", "Grade"]

    found = problems(organization, csv_bytes([person("E1", level="99")], header=header))

    assert found[0].startswith("row 2, column Grade: unknown level “99”")


def test_a_level_may_be_given_by_its_name_in_any_case(organization: Organization) -> None:
    data = csv_bytes([person("E1", level="senior PROFESSIONAL"), person("E2", level="Executive")])

    assert [row.level for row in plan(organization, data).to_create] == [4, 10]


def test_a_time_zone_is_accepted_in_any_case_and_stored_canonically(
    organization: Organization,
) -> None:
    row = plan(organization, csv_bytes([person("E1", timezone="america/new_york")])).to_create[0]

    assert row.timezone == "America/New_York"


def test_duplicate_employee_ids_and_emails_in_the_file_are_reported(
    organization: Organization,
) -> None:
    data = csv_bytes(
        [person("E1"), person("E2", email="P1@acme.example"), person("E1", email="x@acme.example")]
    )

    assert problems(organization, data) == [
        "row 3, column email: p1@acme.example is also on row 2",
        "row 4, column employee_id: employee id E1 is also on row 2",
    ]


def test_an_email_of_someone_not_in_the_file_cannot_be_given_to_another(
    organization: Organization,
) -> None:
    EmployeeFactory(organization=organization, employee_id="OLD", email="taken@acme.example")

    found = problems(organization, csv_bytes([person("E1", email="Taken@acme.example")]))

    assert len(found) == 1
    assert found[0].startswith("row 2, column email: taken@acme.example already belongs to")
    assert "(employee id OLD), who is not in this file" in found[0]


def test_a_cycle_in_the_manager_chain_is_reported_on_each_of_its_rows(
    organization: Organization,
) -> None:
    data = csv_bytes(
        [
            person("E1", manager_id="E3"),
            person("E2", manager_id="E1"),
            person("E3", manager_id="E2"),
        ]
    )

    assert problems(organization, data) == [
        f"row {row}, column manager_id: the manager chain loops back: E1 → E3 → E2 → E1"
        for row in (2, 3, 4)
    ]


def test_a_cycle_through_people_already_in_the_directory_is_reported(
    organization: Organization,
) -> None:
    boss = EmployeeFactory(organization=organization, employee_id="B")
    EmployeeFactory(organization=organization, employee_id="A", manager=boss)
    # B is in the file, now reporting to A, who reports to B in the directory.
    data = csv_bytes([person("B", manager_id="A", email="b@acme.example")])

    (problem,) = problems(organization, data)

    assert problem.startswith("row 2, column manager_id: the manager chain loops back")
    assert "A" in problem


def test_a_manager_in_the_directory_but_not_in_the_file_is_accepted(
    organization: Organization,
) -> None:
    EmployeeFactory(organization=organization, employee_id="BOSS")

    assert plan(organization, csv_bytes([person("E1", manager_id="BOSS")])).counts["created"] == 1


def test_a_full_sync_needs_every_manager_in_the_file(organization: Organization) -> None:
    EmployeeFactory(organization=organization, employee_id="BOSS")

    found = problems(organization, csv_bytes([person("E1", manager_id="BOSS")]), full_sync=True)

    assert found == [
        "row 2, column manager_id: manager BOSS is not in the file, so the full sync would "
        "deactivate them; add them to the file"
    ]


def test_rows_are_numbered_as_a_spreadsheet_shows_them(organization: Organization) -> None:
    # A quoted title over two lines is one row; blank lines still count as rows.
    data = csv_bytes([person("E1", title="Head of\nPeople"), person("E2")])
    data += b"\r\n" + csv_bytes([person("E3", level="x")]).split(b"\r\n", 1)[1]

    found = problems(organization, data)
    # The line break itself is refused (a title is one line), on the row where it starts.
    assert found[0] == "row 2, column title: contains a line break; it must fit on one line"
    assert found[1].startswith("row 5, column level")


def test_a_row_with_more_cells_than_the_header_is_reported(organization: Organization) -> None:
    data = csv_bytes([person("E1")]) + b"E2,F,L,e2@acme.example,,,3,,,,,,,surplus\r\n"

    assert problems(organization, data) == [
        "row 3, column —: 14 cells but the header has 13 columns (a separator inside an "
        "unquoted value?)"
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "row 1, column —: the file is empty"),
        (csv_bytes([]), "row 2, column —: the file has a header but no people"),
        (
            csv_bytes([person("E1"), person("E2", last_name="Müller")]).decode().encode("latin-1"),
            "row 3, column —: the file is not UTF-8 (byte 0xfc",
        ),
    ],
)
def test_an_empty_or_non_utf8_file_is_refused(
    organization: Organization, data: bytes, expected: str
) -> None:
    (problem,) = problems(organization, data)

    assert problem.startswith(expected)


def test_problems_sort_by_row(organization: Organization) -> None:
    error = RowErrors([RowProblem(3, "b", "x"), RowProblem(2, "a", "y")])

    assert [problem.row for problem in error.problems] == [2, 3]


def test_only_a_coordinator_of_the_organisation_may_plan_an_import(
    organization: Organization, mentor: Employee, stranger: Employee
) -> None:
    data = csv_bytes([person("E1")])
    for actor in (mentor.user, stranger.user):
        with pytest.raises(PermissionDenied):
            people_import_plan(actor=actor, organization=organization, data=data)


def test_a_full_sync_without_the_importer_warns_them(
    organization: Organization, coordinator: Employee
) -> None:
    result = people_import_plan(
        actor=coordinator.user,
        organization=organization,
        data=csv_bytes([person("E1")]),
        full_sync=True,
    )

    # A coordinator's sign-in is privileged: switching it off waits for an admin (issue 17).
    assert result.counts["deactivated"] == 0
    assert [(c.name, c.kind) for c in result.sign_ins.held] == [("Cora Ordinator", "deactivate")]
    assert result.warnings
    assert coordinator.employee_id in result.warnings[0]


def test_header_and_row_problems_are_reported_together(organization: Organization) -> None:
    """One try is enough to see everything wrong with a file: an unknown column and a
    missing required one, and the bad cells of the columns that were recognised."""
    header = [name for name in HEADER if name != "level"] + ["Cost Center"]
    rows = [
        {**person("E1", email="not-an-email"), "Cost Center": "CC1"},
        {**person("E2", hire_date="31/01/2020"), "Cost Center": "CC2"},
    ]

    found = problems(organization, csv_bytes(rows, header=header))

    assert [problem.split(":")[0] for problem in found] == [
        "row 1, column Cost Center",
        "row 1, column level",
        "row 2, column email",
        "row 3, column hire_date",
    ]
