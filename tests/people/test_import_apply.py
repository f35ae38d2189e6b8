"""people_import_apply: the all-or-nothing import into the directory."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from remento.core.errors import RowErrors
from remento.core.models import AuditEvent, Organization
from remento.people.importing.plan import ImportPlan
from remento.people.importing.services import (
    PlanChanged,
    people_import_apply,
    people_import_plan,
)
from remento.people.models import Department, Employee
from tests.factories import DepartmentFactory, EmployeeFactory
from tests.people.import_files import HEADER, csv_bytes, person


def apply(organization: Organization, data: bytes, **kwargs: Any) -> ImportPlan:
    return people_import_apply(actor=None, organization=organization, data=data, **kwargs)


def test_people_are_created_with_departments_and_managers_listed_after_their_reports(
    organization: Organization,
) -> None:
    data = csv_bytes(
        [
            person("E3", manager_id="E2", department="Sales"),
            person("E2", manager_id="E1", department="Sales", level="Manager"),
            person("E1", department="Board", level="10", timezone=""),
        ]
    )

    result = apply(organization, data)

    assert result.counts == {"created": 3, "updated": 0, "unchanged": 0, "deactivated": 0}
    people = {e.employee_id: e for e in Employee.objects.select_related("manager", "department")}
    assert people["E3"].manager == people["E2"]
    assert people["E2"].manager == people["E1"]
    assert people["E1"].manager is None
    assert people["E2"].level == 6
    assert people["E3"].department is not None
    assert people["E3"].department.name == "Sales"
    assert people["E1"].timezone == "UTC"
    assert people["E3"].hire_date == dt.date(2020, 1, 6)
    assert people["E3"].is_active
    assert sorted(Department.objects.values_list("name", flat=True)) == ["Board", "Sales"]


def test_the_same_file_again_changes_nothing(organization: Organization) -> None:
    data = csv_bytes([person("E1"), person("E2", manager_id="E1")])
    apply(organization, data)

    assert apply(organization, data).counts == {
        "created": 0,
        "updated": 0,
        "unchanged": 2,
        "deactivated": 0,
    }


def test_an_update_changes_what_the_file_says_and_links_managers_by_employee_id(
    organization: Organization,
) -> None:
    apply(organization, csv_bytes([person("E1"), person("E2"), person("E3")]))
    data = csv_bytes(
        [
            person("E1"),
            person("E2", title="Lead analyst", manager_id="E3", department="finance"),
            person("E3", email="new3@acme.example", birth_year=""),
        ]
    )

    result = apply(organization, data)

    assert result.counts == {"created": 0, "updated": 2, "unchanged": 1, "deactivated": 0}
    e2 = Employee.objects.select_related("manager", "department").get(employee_id="E2")
    assert (e2.title, e2.manager and e2.manager.employee_id) == ("Lead analyst", "E3")
    assert e2.department is not None
    assert e2.department.name == "Finance"
    e3 = Employee.objects.get(employee_id="E3")
    assert (e3.email, e3.birth_year) == ("new3@acme.example", None)
    assert Department.objects.count() == 1


def test_columns_absent_from_the_file_and_blank_time_zones_are_left_as_they_are(
    organization: Organization,
) -> None:
    EmployeeFactory(
        organization=organization,
        employee_id="E1",
        email="p1@acme.example",
        title="Chief of Staff",
        timezone="Asia/Tokyo",
        location="Tokyo",
    )
    header = ["employee_id", "first_name", "last_name", "email", "level", "timezone"]

    apply(organization, csv_bytes([person("E1", timezone="")], header=header))

    e1 = Employee.objects.get(employee_id="E1")
    assert (e1.first_name, e1.level) == ("First1", 3)
    assert (e1.title, e1.location, e1.timezone) == ("Chief of Staff", "Tokyo", "Asia/Tokyo")


def test_a_full_sync_deactivates_people_missing_from_the_file_and_deletes_nobody(
    organization: Organization,
) -> None:
    apply(organization, csv_bytes([person("E1"), person("E2"), person("E3")]))

    result = apply(organization, csv_bytes([person("E1")]), full_sync=True)

    assert result.counts == {"created": 0, "updated": 0, "unchanged": 1, "deactivated": 2}
    assert dict(Employee.objects.values_list("employee_id", "is_active")) == {
        "E1": True,
        "E2": False,
        "E3": False,
    }


def test_without_a_full_sync_people_missing_from_the_file_stay_active(
    organization: Organization,
) -> None:
    apply(organization, csv_bytes([person("E1"), person("E2")]))

    assert apply(organization, csv_bytes([person("E1")])).counts["deactivated"] == 0
    assert Employee.objects.filter(is_active=True).count() == 2


@time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC), tick=False)
def test_a_past_leave_date_deactivates_and_a_person_back_in_the_file_is_reactivated(
    organization: Organization,
) -> None:
    apply(organization, csv_bytes([person("E1", leave_date="2026-05-31"), person("E2")]))
    assert not Employee.objects.get(employee_id="E1").is_active
    Employee.objects.filter(employee_id="E2").update(is_active=False)

    result = apply(organization, csv_bytes([person("E1", leave_date="2026-06-01"), person("E2")]))

    assert result.counts["updated"] == 2
    assert Employee.objects.filter(is_active=True).count() == 2


@time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC), tick=False)
def test_a_file_without_the_leave_date_column_leaves_leavers_as_they_are(
    organization: Organization,
) -> None:
    apply(organization, csv_bytes([person("E1", leave_date="2026-05-31"), person("E2")]))
    apply(organization, csv_bytes([person("E1", leave_date="2026-05-31")]), full_sync=True)
    assert not Employee.objects.filter(is_active=True).exists()
    without = [name for name in HEADER if name != "leave_date"]

    result = apply(organization, csv_bytes([person("E1"), person("E2")], header=without))

    # E1's recorded leave date stands; E2, who left by a full sync, is back in the file.
    left = Employee.objects.get(employee_id="E1")
    assert (left.is_active, left.leave_date) == (False, dt.date(2026, 5, 31))
    assert Employee.objects.get(employee_id="E2").is_active
    assert [update.row.employee_id for update in result.to_update] == ["E2"]

    # Brought back since (as SCIM's active: true does, the old leave date kept): a file
    # without the column does not switch them off again.
    Employee.objects.filter(employee_id="E1").update(is_active=True, left_at=None)
    again = apply(organization, csv_bytes([person("E1"), person("E2")], header=without))
    assert Employee.objects.get(employee_id="E1").is_active
    assert again.leavers == []


def test_a_file_with_one_bad_row_writes_nothing_at_all(organization: Organization) -> None:
    finance = DepartmentFactory(organization=organization, name="Finance")
    EmployeeFactory(organization=organization, employee_id="E1", title="Before", department=finance)
    before = list(Employee.objects.values_list("employee_id", "title", "email"))
    data = csv_bytes(
        [person("E1", title="After"), person("E2", department="New dept"), person("E3", level="")]
    )

    with pytest.raises(RowErrors):
        apply(organization, data, full_sync=True)

    assert list(Employee.objects.values_list("employee_id", "title", "email")) == before
    assert list(Department.objects.values_list("name", flat=True)) == ["Finance"]
    assert not AuditEvent.objects.filter(verb="people.imported").exists()


def test_an_import_writes_an_audit_event_with_its_counts(organization: Organization) -> None:
    apply(organization, csv_bytes([person("E1")]), file_name="hris.csv")

    event = AuditEvent.objects.get(verb="people.imported")
    assert event.organization == organization
    assert event.data["file"] == "hris.csv"
    assert (event.data["created"], event.data["deactivated"]) == (1, 0)


def test_two_people_may_swap_their_emails(organization: Organization) -> None:
    apply(organization, csv_bytes([person("E1"), person("E2")]))
    data = csv_bytes([person("E1", email="p2@acme.example"), person("E2", email="p1@acme.example")])

    assert apply(organization, data).counts["updated"] == 2
    assert dict(Employee.objects.values_list("employee_id", "email")) == {
        "E1": "p2@acme.example",
        "E2": "p1@acme.example",
    }


def test_a_confirmation_is_refused_when_the_directory_changed_since_the_preview(
    organization: Organization,
) -> None:
    data = csv_bytes([person("E1"), person("E2")])
    preview = people_import_plan(actor=None, organization=organization, data=data)
    EmployeeFactory(organization=organization, employee_id="E2")

    with pytest.raises(PlanChanged):
        apply(organization, data, expected_fingerprint=preview.fingerprint())
    assert Employee.objects.count() == 1


def test_the_number_of_queries_does_not_grow_with_the_number_of_people(
    organization: Organization,
) -> None:
    def queries(size: int, offset: int) -> int:
        rows = [person(f"E{offset + i}") for i in range(size)]
        for i, row in enumerate(rows[1:], start=1):
            row["manager_id"] = rows[(i - 1) // 2]["employee_id"]  # a binary tree, reversed
            row["department"] = f"Dept {i % 7}"
        rows.reverse()
        with CaptureQueriesContext(connection) as captured:
            organization = Organization.objects.create(
                name=str(offset), slug=f"o{offset}", email_domains=["acme.example"]
            )
            apply(organization, csv_bytes(rows))
        return len(captured)

    small, large = queries(15, 1000), queries(255, 5000)

    # One insert per generation of the chart (4 vs 8 levels) is the only difference.
    assert large - small <= 4


def test_headers_in_the_file_may_come_in_any_order(organization: Organization) -> None:
    header = list(reversed(HEADER))

    apply(organization, csv_bytes([person("E1", title="Buyer")], header=header))

    assert Employee.objects.get(employee_id="E1").title == "Buyer"


def test_managers_are_linked_on_a_database_that_cannot_return_ids_from_bulk_inserts(
    organization: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection.features, "can_return_rows_from_bulk_insert", False)

    apply(organization, csv_bytes([person("E2", manager_id="E1"), person("E1")]))

    assert Employee.objects.get(employee_id="E2").manager == Employee.objects.get(employee_id="E1")


def test_a_new_person_may_take_the_email_someone_gives_up_in_the_same_file(
    organization: Organization,
) -> None:
    apply(organization, csv_bytes([person("E1", email="team@acme.example")]))
    data = csv_bytes(
        [person("E1", email="e1@acme.example"), person("E2", email="team@acme.example")]
    )

    assert apply(organization, data).counts == {
        "created": 1,
        "updated": 1,
        "unchanged": 0,
        "deactivated": 0,
    }
    assert dict(Employee.objects.values_list("employee_id", "email")) == {
        "E1": "e1@acme.example",
        "E2": "team@acme.example",
    }
