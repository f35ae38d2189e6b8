"""Departments and locations written in several ways are one: the import compares them
trimmed, with runs of spaces collapsed and case folded, and says so in its preview."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management import call_command
from django.test import Client

from remento.core.models import Organization
from remento.people.importing.services import people_import_apply, people_import_plan
from remento.people.models import Department, Employee
from tests.factories import DepartmentFactory, EmployeeFactory
from tests.people.import_files import csv_bytes, person
from tests.people.test_import_views import upload

MESSY = [
    person("E1", department="Finance"),
    person("E2", department="finance "),
    person("E3", department="FINANCE"),
    person("E4", department="Finance  Ops"),
    person("E5", department=" finance ops"),
]


def _departments(organization: Organization) -> dict[str, str]:
    return dict(
        Employee.objects.filter(organization=organization).values_list(
            "employee_id", "department__name"
        )
    )


def test_spellings_of_one_department_create_one_department_named_as_first_written(
    organization: Organization,
) -> None:
    plan = people_import_apply(actor=None, organization=organization, data=csv_bytes(MESSY))

    assert plan.new_departments == ["Finance", "Finance Ops"]
    assert sorted(Department.objects.values_list("name", flat=True)) == ["Finance", "Finance Ops"]
    assert _departments(organization) == {
        "E1": "Finance",
        "E2": "Finance",
        "E3": "Finance",
        "E4": "Finance Ops",
        "E5": "Finance Ops",
    }
    assert plan.department_spellings == [
        "2 spellings of Finance Ops were treated as one department: “Finance  Ops”, “finance ops”.",
        "3 spellings of Finance were treated as one department: “Finance”, “finance”, “FINANCE”.",
    ]


def test_the_directory_spelling_of_an_existing_department_wins(
    organization: Organization,
) -> None:
    finance = DepartmentFactory(organization=organization, name="Finance ")
    EmployeeFactory(organization=organization, employee_id="E1", department=finance)
    data = csv_bytes([person("E1", department="FINANCE"), person("E2", department="finance")])

    plan = people_import_plan(actor=None, organization=organization, data=data)

    assert plan.new_departments == []
    assert [u.changes for u in plan.to_update if "department" in u.changes] == []
    assert plan.department_spellings == [
        "3 spellings of Finance were treated as one department: “Finance ”, “FINANCE”, “finance”."
    ]
    people_import_apply(actor=None, organization=organization, data=data)
    assert list(Department.objects.filter(organization=organization)) == [finance]
    assert set(Employee.objects.values_list("department", flat=True)) == {finance.pk}


def test_a_location_written_otherwise_is_not_a_change(organization: Organization) -> None:
    EmployeeFactory(organization=organization, employee_id="E1", location="Paris La Défense")
    data = csv_bytes(
        [person("E1", location="paris  la défense "), person("E2", location=" Lyon   Part Dieu")]
    )

    plan = people_import_plan(actor=None, organization=organization, data=data)

    assert all("location" not in update.changes for update in plan.to_update)
    assert [row.location for row in plan.to_create] == ["Lyon Part Dieu"]


def test_the_preview_page_says_which_spellings_were_treated_as_one(
    coordinator_client: Client,
) -> None:
    response = upload(coordinator_client, csv_bytes(MESSY[:3]))
    assert response.status_code == 302

    page = coordinator_client.get(response.url)

    assert page.status_code == 200
    assert (
        "3 spellings of Finance were treated as one department: “Finance”, “finance”, "
        "“FINANCE”." in page.text
    )


def test_the_command_says_which_spellings_were_treated_as_one(
    organization: Organization, tmp_path: Path
) -> None:
    path = tmp_path / "hris.csv"
    path.write_bytes(csv_bytes(MESSY[:3]))
    out = io.StringIO()

    call_command("import_people", str(path), stdout=out, skip_checks=True)

    assert "Departments created: Finance." in out.getvalue()
    assert "3 spellings of Finance were treated as one department" in out.getvalue()
