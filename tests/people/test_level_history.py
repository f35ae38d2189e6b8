"""The HRIS import keeps a level history (effective-dated, never a silent overwrite) and the
leavers' dates, which the outcomes' retention and promotion comparisons are measured from."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from remento.core.errors import RowErrors
from remento.core.models import AuditEvent, Organization
from remento.people.importing.plan import ImportPlan
from remento.people.importing.services import people_import_apply, people_import_plan
from remento.people.models import Employee, LevelChange, LevelChangeSource
from tests.factories import EmployeeFactory, OrganizationFactory
from tests.people.import_files import HEADER, csv_bytes, person

TODAY = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
DATED = [*HEADER, "Level Since"]


def apply(organization: Organization, data: bytes, **kwargs: Any) -> ImportPlan:
    return people_import_apply(actor=None, organization=organization, data=data, **kwargs)


def problems(organization: Organization, data: bytes) -> list[str]:
    with pytest.raises(RowErrors) as raised:
        people_import_plan(actor=None, organization=organization, data=data)
    return [str(problem) for problem in raised.value.problems]


def history(employee_id: str) -> list[tuple[int, int, dt.date, str]]:
    return list(
        LevelChange.objects.filter(employee__employee_id=employee_id).values_list(
            "level_before", "level_after", "effective_date", "source"
        )
    )


@time_machine.travel(TODAY, tick=False)
def test_a_changed_level_is_recorded_as_of_the_import_date(organization: Organization) -> None:
    apply(organization, csv_bytes([person("E1"), person("E2"), person("E3")]))

    plan = apply(
        organization, csv_bytes([person("E1", level="5"), person("E2", level="2"), person("E3")])
    )

    assert plan.level_counts == {"promotions": 1, "demotions": 1}
    assert history("E1") == [(3, 5, dt.date(2026, 6, 1), LevelChangeSource.IMPORT)]
    assert history("E2") == [(3, 2, dt.date(2026, 6, 1), LevelChangeSource.IMPORT)]
    assert history("E3") == []
    assert Employee.objects.get(employee_id="E1").level == 5
    assert LevelChange.objects.get(employee__employee_id="E1").is_promotion
    event = AuditEvent.objects.filter(verb="people.imported").latest("pk")
    assert event.data["promotions"] == 1
    assert event.data["demotions"] == 1


@time_machine.travel(TODAY, tick=False)
def test_the_level_since_column_dates_the_change(organization: Organization) -> None:
    apply(organization, csv_bytes([person("E1"), person("E2")]))

    data = csv_bytes(
        [
            person("E1", level="4", level_effective_date="2026-04-01"),
            person("E2", level="4", level_effective_date=""),
        ],
        header=DATED,
    )
    apply(organization, data)

    assert history("E1") == [(3, 4, dt.date(2026, 4, 1), LevelChangeSource.IMPORT)]
    assert history("E2") == [(3, 4, dt.date(2026, 6, 1), LevelChangeSource.IMPORT)]


@time_machine.travel(TODAY, tick=False)
def test_new_people_and_unchanged_levels_record_no_history(organization: Organization) -> None:
    data = csv_bytes([person("E1", level_effective_date="2025-01-01")], header=DATED)
    apply(organization, data)
    apply(organization, data)

    assert not LevelChange.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_a_crafted_level_since_is_refused_with_its_row_and_reason(
    organization: Organization,
) -> None:
    apply(organization, csv_bytes([person(f"E{i}") for i in range(1, 5)]))
    data = csv_bytes(
        [
            person("E1", level="4", level_effective_date="2026-13-01"),
            person("E2", level="4", level_effective_date="2026-07-01"),
            person("E3", level="4", level_effective_date="2019-12-31"),
            person("E4", level="4", level_effective_date="1 April 2026"),
        ],
        header=DATED,
    )

    assert problems(organization, data) == [
        "row 2, column Level Since: “2026-13-01” is not a date; expected yyyy-mm-dd, "
        "e.g. 2024-03-31",
        "row 3, column Level Since: 2026-07-01 is in the future: the level is imported as it "
        "is today, so import the new level once it has taken effect",
        "row 4, column Level Since: 2019-12-31 is before the hire date 2020-01-06",
        "row 5, column Level Since: “1 April 2026” is not a date; expected yyyy-mm-dd, "
        "e.g. 2024-03-31",
    ]
    assert not LevelChange.objects.exists()
    assert set(Employee.objects.values_list("level", flat=True)) == {3}


@time_machine.travel(TODAY, tick=False)
def test_a_level_since_before_the_last_recorded_change_is_refused(
    organization: Organization,
) -> None:
    apply(organization, csv_bytes([person("E1")]))
    apply(
        organization,
        csv_bytes([person("E1", level="4", level_effective_date="2026-03-01")], header=DATED),
    )

    data = csv_bytes([person("E1", level="5", level_effective_date="2026-02-01")], header=DATED)

    assert problems(organization, data) == [
        "row 2, column Level Since: 2026-02-01 is before First1 Last1's last recorded level "
        "change (2026-03-01); give the date the new level took effect"
    ]


@time_machine.travel(TODAY, tick=False)
def test_recording_levels_takes_a_fixed_number_of_queries(organization: Organization) -> None:
    def queries(size: int, offset: int) -> int:
        org = Organization.objects.create(
            name=str(offset), slug=f"o{offset}", email_domains=["acme.example"]
        )
        rows = [person(f"E{offset + i}") for i in range(size)]
        apply(org, csv_bytes(rows, header=DATED))
        for i, row in enumerate(rows):
            row["level"] = "4" if i % 2 else "2"
            row["level_effective_date"] = "2026-05-01"
        with CaptureQueriesContext(connection) as captured:
            apply(org, csv_bytes(rows, header=DATED))
        assert LevelChange.objects.filter(employee__organization=org).count() == size
        return len(captured)

    assert queries(20, 1000) == queries(60, 2000)


@time_machine.travel(TODAY, tick=False)
def test_an_import_never_touches_another_organisations_history(
    organization: Organization,
) -> None:
    other = OrganizationFactory.create(name="Other Co", slug="other")
    theirs = EmployeeFactory.create(organization=other, employee_id="E1", level=3)

    apply(organization, csv_bytes([person("E1", level="3")]))
    apply(organization, csv_bytes([person("E1", level="6")]))

    theirs.refresh_from_db()
    assert theirs.level == 3
    assert not LevelChange.objects.filter(employee=theirs).exists()
    assert LevelChange.objects.get().employee.organization == organization


@time_machine.travel(TODAY, tick=False)
def test_a_new_person_who_already_left_is_a_leaver_from_the_start(
    organization: Organization,
) -> None:
    apply(organization, csv_bytes([person("E1", leave_date="2026-03-31"), person("E2")]))

    leaver = Employee.objects.get(employee_id="E1")
    assert not leaver.is_active
    assert leaver.leave_date == dt.date(2026, 3, 31)
    assert leaver.left_at == TODAY
    assert Employee.objects.get(employee_id="E2").left_at is None


def test_a_full_sync_leaver_keeps_the_date_they_left(organization: Organization) -> None:
    with time_machine.travel(TODAY, tick=False):
        apply(organization, csv_bytes([person("E1"), person("E2")]))
        apply(organization, csv_bytes([person("E2")]), full_sync=True)
    with time_machine.travel(TODAY + dt.timedelta(days=30), tick=False):
        apply(organization, csv_bytes([person("E2")]), full_sync=True)
        apply(organization, csv_bytes([person("E1", leave_date="2026-05-29"), person("E2")]))

    leaver = Employee.objects.get(employee_id="E1")
    assert not leaver.is_active
    assert leaver.left_at == TODAY
    assert leaver.leave_date == dt.date(2026, 5, 29)


def test_a_person_who_comes_back_is_no_longer_a_leaver(organization: Organization) -> None:
    with time_machine.travel(TODAY, tick=False):
        apply(organization, csv_bytes([person("E1"), person("E2")]))
        apply(organization, csv_bytes([person("E2")]), full_sync=True)
    later = TODAY + dt.timedelta(days=60)
    with time_machine.travel(later, tick=False):
        apply(organization, csv_bytes([person("E1"), person("E2")]))
        assert Employee.objects.get(employee_id="E1").left_at is None
        apply(organization, csv_bytes([person("E2")]), full_sync=True)

    again = Employee.objects.get(employee_id="E1")
    assert not again.is_active
    assert again.left_at == later


@time_machine.travel(TODAY, tick=False)
def test_the_preview_says_how_many_level_changes_it_records(
    organization: Organization, coordinator: Employee, coordinator_client: Client
) -> None:
    apply(organization, csv_bytes([person("E1"), person("E2"), person("E3")]))
    data = csv_bytes([person("E1", level="5"), person("E2", level="6"), person("E3", level="1")])

    upload = coordinator_client.post(
        reverse("people:import_upload"),
        {"file": SimpleUploadedFile("people.csv", data, content_type="text/csv")},
    )
    preview = coordinator_client.get(upload["Location"])

    assert "2 promotions and 1 demotion to record" in preview.text
    assert "dated today" in preview.text
    assert not LevelChange.objects.exists()
