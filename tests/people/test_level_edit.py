"""A level edited in Remento (the Django admin, or an organisation admin through the service)
is recorded in the level history with the source "edit"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from remento.core.errors import FieldErrors
from remento.core.models import AuditEvent
from remento.people.models import Employee, LevelChange, LevelChangeSource
from remento.people.services.levels import level_change_record
from remento.people.services.personal_export import personal_data_export
from tests.factories import UserFactory, user_of

TODAY = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)


def _admin_post(client: Client, employee: Employee, **changes: Any) -> Any:
    """Post the employee's admin change form as it is, with ``changes``."""
    url = reverse("admin:people_employee_change", args=[employee.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list):
            value = [getattr(item, "pk", item) for item in value]
        data[name] = value
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return client.post(url, data | changes)


@pytest.fixture
def operator_client(db: None) -> Client:
    client = Client()
    client.force_login(
        UserFactory.create(email="root@example.com", is_staff=True, is_superuser=True)
    )
    return client


@time_machine.travel(TODAY, tick=False)
def test_a_level_changed_in_the_admin_is_recorded_with_its_date(
    operator_client: Client, mentor: Employee
) -> None:
    response = _admin_post(operator_client, mentor, level=3, level_effective_date="2026-05-15")

    assert response.status_code == 302
    mentor.refresh_from_db()
    assert mentor.level == 3
    change = LevelChange.objects.get(employee=mentor)
    assert (change.level_before, change.level_after) == (2, 3)
    assert change.effective_date == dt.date(2026, 5, 15)
    assert change.source == LevelChangeSource.EDIT
    assert AuditEvent.objects.filter(verb="person.level_changed", target_id=str(mentor.pk)).exists()


@time_machine.travel(TODAY, tick=False)
def test_an_admin_edit_that_keeps_the_level_records_nothing(
    operator_client: Client, mentor: Employee
) -> None:
    response = _admin_post(operator_client, mentor, title="Data analyst")

    assert response.status_code == 302
    assert not LevelChange.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_the_admin_refuses_a_level_since_in_the_future(
    operator_client: Client, mentor: Employee
) -> None:
    response = _admin_post(operator_client, mentor, level=3, level_effective_date="2026-07-01")

    assert response.status_code == 200
    assert "2026-07-01 is in the future" in response.text
    mentor.refresh_from_db()
    assert mentor.level == 2
    assert not LevelChange.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_an_organisation_admin_records_a_level_edit_dated_today(
    admin: Employee, mentor: Employee
) -> None:
    Employee.objects.filter(pk=mentor.pk).update(level=4)
    mentor.refresh_from_db()

    change = level_change_record(actor=user_of(admin), employee=mentor, level_before=2)

    assert change is not None
    assert change.effective_date == dt.date(2026, 6, 1)
    assert change.is_promotion


@time_machine.travel(TODAY, tick=False)
def test_a_level_since_before_the_hire_date_is_refused(admin: Employee, mentor: Employee) -> None:
    Employee.objects.filter(pk=mentor.pk).update(level=4, hire_date=dt.date(2025, 1, 1))
    mentor.refresh_from_db()

    with pytest.raises(FieldErrors) as raised:
        level_change_record(
            actor=user_of(admin),
            employee=mentor,
            level_before=2,
            effective_date=dt.date(2024, 12, 31),
        )

    assert raised.value.errors == {
        "level_effective_date": "2024-12-31 is before the hire date 2025-01-01"
    }


def test_a_coordinator_or_another_organisations_admin_may_not_record_a_level(
    coordinator: Employee, stranger: Employee, mentor: Employee
) -> None:
    Employee.objects.filter(pk=mentor.pk).update(level=4)
    mentor.refresh_from_db()
    stranger.role = "admin"
    stranger.save(update_fields=["role"])

    for actor in (coordinator, stranger):
        with pytest.raises(PermissionDenied):
            level_change_record(actor=user_of(actor), employee=mentor, level_before=2)
    assert not LevelChange.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_the_personal_data_export_holds_the_level_history(
    admin: Employee, mentor: Employee
) -> None:
    Employee.objects.filter(pk=mentor.pk).update(level=4)
    mentor.refresh_from_db()
    level_change_record(
        actor=user_of(admin), employee=mentor, level_before=2, effective_date=dt.date(2026, 5, 1)
    )

    data = personal_data_export(actor=user_of(admin), employee=mentor).as_json()

    assert [
        {key: row[key] for key in ("effective_date", "level_before", "level_after", "source")}
        for row in data["level_history"]
    ] == [
        {
            "effective_date": "2026-05-01",
            "level_before": 2,
            "level_after": 4,
            "source": "Edited in Remento",
        }
    ]
