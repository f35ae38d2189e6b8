"""The import page: upload → preview → confirm, for coordinators only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from remento.core.models import AuditEvent
from remento.people.models import Employee, ImportBatch, Role, SensitiveAttribute, SensitiveKind
from remento.relationships.models import Pair
from tests.conftest import client_for
from tests.factories import EmployeeFactory, employee_with_login
from tests.people.import_files import csv_bytes, person
from tests.relationships.builders import make_pair, make_program

UPLOAD = reverse("people:import_upload")


def upload(client: Client, data: bytes, name: str = "hris.csv", **fields: str) -> Any:
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data, "text/csv"), **fields})


def coordinator_row(coordinator: Employee) -> dict[str, str]:
    """The coordinator's own row (so that a full sync leaves them in)."""
    return person(
        coordinator.employee_id,
        first_name=coordinator.first_name,
        last_name=coordinator.last_name,
        email=coordinator.email,
        level="6",
    )


def good_file(coordinator: Employee) -> bytes:
    """A file that keeps the coordinator and adds two."""
    me = coordinator_row(coordinator)
    return csv_bytes([me, person("E901", manager_id="E902"), person("E902", title="Head of Data")])


@pytest.fixture
def batch(coordinator_client: Client, coordinator: Employee) -> ImportBatch:
    response = upload(coordinator_client, good_file(coordinator))
    assert response.status_code == 302
    return ImportBatch.objects.get()


def test_the_import_page_is_for_coordinators_only(
    client: Client, mentor_client: Client, coordinator_client: Client
) -> None:
    assert client.get(UPLOAD).status_code == 302  # to sign in
    assert mentor_client.get(UPLOAD).status_code == 403
    page = coordinator_client.get(UPLOAD)
    assert page.status_code == 200
    assert "Import people from the HRIS" in page.text


def test_a_bad_file_shows_every_problem_and_keeps_nothing(
    coordinator_client: Client, coordinator: Employee
) -> None:
    data = csv_bytes([person("E1", email="nope"), person("E2", level="42", hire_date="2020/1/1")])

    response = upload(coordinator_client, data, name="broken.csv")

    assert response.status_code == 422
    assert "3 problems in broken.csv: nothing was imported" in response.text
    assert "row 2, column email: “nope” is not a valid email address" in response.text
    assert "row 3, column level: unknown level “42”" in response.text
    assert "row 3, column hire_date: “2020/1/1” is not a date; expected yyyy-mm-dd" in response.text
    assert not ImportBatch.objects.exists()
    assert list(Employee.objects.all()) == [coordinator]


def test_an_unknown_column_can_be_ignored_from_the_form(
    coordinator_client: Client, coordinator: Employee
) -> None:
    data = csv_bytes(
        [person("E1")], header=["employee_id", "first_name", "last_name", "email", "level", "Notes"]
    )

    assert upload(coordinator_client, data).status_code == 422
    assert upload(coordinator_client, data, ignore_columns="notes").status_code == 302


def test_a_good_file_gets_a_preview_of_every_change_before_anything_is_written(
    coordinator_client: Client, coordinator: Employee, batch: ImportBatch
) -> None:
    EmployeeFactory(organization=coordinator.organization, employee_id="GONE")
    response = coordinator_client.get(reverse("people:import_preview", args=[batch.token]))

    assert response.status_code == 200
    assert response.context["counts"] == {
        "created": 2,
        "updated": 1,  # the coordinator's department and title come from the file
        "unchanged": 0,
        "deactivated": 0,
    }
    assert "Head of Data" in response.text
    assert "<td>3 · Professional</td>" in response.text  # the level by the ladder's name
    assert "Confirm the import" in response.text
    assert Employee.objects.count() == 2


def test_confirming_imports_the_people_and_shows_the_result(
    coordinator_client: Client, coordinator: Employee, batch: ImportBatch
) -> None:
    url = reverse("people:import_preview", args=[batch.token])
    fingerprint = coordinator_client.get(url).context["fingerprint"]

    response = coordinator_client.post(url, {"fingerprint": fingerprint}, follow=True)

    assert "Imported hris.csv: 2 created, 1 updated, 0 unchanged, 0 deactivated." in response.text
    assert reverse("people:directory") in response.text
    new = Employee.objects.select_related("manager").get(employee_id="E901")
    assert new.manager is not None
    assert new.manager.employee_id == "E902"
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    assert batch.upload.name == ""
    assert batch.result["created"] == 2
    event = AuditEvent.objects.get(verb="people.imported")
    assert (event.actor, event.target_id) == (coordinator.user, str(batch.pk))


def test_a_second_confirmation_imports_nothing_more(
    coordinator_client: Client, coordinator: Employee, batch: ImportBatch
) -> None:
    url = reverse("people:import_preview", args=[batch.token])
    fingerprint = coordinator_client.get(url).context["fingerprint"]
    coordinator_client.post(url, {"fingerprint": fingerprint})

    response = coordinator_client.post(url, {"fingerprint": fingerprint}, follow=True)

    assert "Imported hris.csv" in response.text  # the result page again
    assert AuditEvent.objects.filter(verb="people.imported").count() == 1


def test_the_file_is_validated_again_at_confirmation(
    coordinator_client: Client, coordinator: Employee, batch: ImportBatch
) -> None:
    url = reverse("people:import_preview", args=[batch.token])
    fingerprint = coordinator_client.get(url).context["fingerprint"]
    # Meanwhile someone not in the file gets the email the file gives E901.
    EmployeeFactory(organization=coordinator.organization, email="p901@acme.example")

    response = coordinator_client.post(url, {"fingerprint": fingerprint})

    assert response.status_code == 422
    assert "row 3, column email: p901@acme.example already belongs to" in response.text
    assert not Employee.objects.filter(employee_id__in=["E901", "E902"]).exists()


def test_a_confirmation_after_the_directory_changed_shows_the_new_preview_instead(
    coordinator_client: Client, coordinator: Employee, batch: ImportBatch
) -> None:
    url = reverse("people:import_preview", args=[batch.token])
    fingerprint = coordinator_client.get(url).context["fingerprint"]
    EmployeeFactory(organization=coordinator.organization, employee_id="E901")

    response = coordinator_client.post(url, {"fingerprint": fingerprint}, follow=True)

    assert "The directory changed since the preview" in response.text
    assert response.context["counts"]["created"] == 1
    assert not Employee.objects.filter(employee_id="E902").exists()


def test_discarding_an_upload_imports_nothing(
    coordinator_client: Client, batch: ImportBatch
) -> None:
    url = reverse("people:import_preview", args=[batch.token])

    response = coordinator_client.post(url, {"discard": "1"}, follow=True)

    assert "was discarded; nothing was imported" in response.text
    batch.refresh_from_db()
    assert (batch.status, batch.upload.name) == (ImportBatch.Status.DISCARDED, "")
    assert not Employee.objects.filter(employee_id="E901").exists()


def test_an_upload_is_only_visible_to_the_person_who_made_it(
    coordinator: Employee, batch: ImportBatch, stranger: Employee
) -> None:
    colleague = employee_with_login(
        organization=coordinator.organization, email="co@acme.example", role=Role.COORDINATOR
    )
    url = reverse("people:import_preview", args=[batch.token])

    assert client_for(colleague).get(url).status_code == 404
    assert client_for(stranger).get(url).status_code == 404
    assert client_for(colleague).post(url, {"fingerprint": "x"}).status_code == 404
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PENDING


def test_an_upload_left_waiting_for_a_day_expires(
    coordinator_client: Client, coordinator: Employee
) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)):
        upload(coordinator_client, good_file(coordinator))
    batch = ImportBatch.objects.get()

    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)):
        response = coordinator_client.get(
            reverse("people:import_preview", args=[batch.token]), follow=True
        )

    assert "is no longer waiting; upload it again" in response.text
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DISCARDED


def test_a_new_upload_replaces_the_one_waiting(
    coordinator_client: Client, coordinator: Employee, batch: ImportBatch
) -> None:
    upload(coordinator_client, good_file(coordinator))

    assert list(ImportBatch.objects.values_list("status", flat=True)) == [
        ImportBatch.Status.PENDING,
        ImportBatch.Status.DISCARDED,
    ]


def test_the_result_says_how_many_of_the_updated_left(
    coordinator_client: Client, coordinator: Employee
) -> None:
    EmployeeFactory(
        organization=coordinator.organization, employee_id="E777", email="p777@acme.example"
    )
    me = coordinator_row(coordinator)
    upload(coordinator_client, csv_bytes([me, person("E777", leave_date="2020-01-31")]))
    url = reverse("people:import_preview", args=[ImportBatch.objects.get().token])
    fingerprint = coordinator_client.get(url).context["fingerprint"]

    response = coordinator_client.post(url, {"fingerprint": fingerprint}, follow=True)

    assert "2 updated (1 of them left: a leave date passed)" in response.text
    assert not Employee.objects.get(employee_id="E777").is_active


@time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC), tick=False)
def test_the_preview_says_what_leaving_ends_before_anything_is_written(
    coordinator_client: Client, organization: Any, mentor: Employee, mentee: Employee
) -> None:
    pair = make_pair(make_program(organization), mentor, mentee)
    SensitiveAttribute.objects.create(
        employee=mentor, kind=SensitiveKind.DISABILITY, value="Dyslexia"
    )
    leaving = person(
        mentor.employee_id,
        first_name=mentor.first_name,
        last_name=mentor.last_name,
        email=mentor.email,
        leave_date="2026-05-31",
    )

    response = upload(coordinator_client, csv_bytes([leaving]))
    page = coordinator_client.get(response.url).content.decode()

    assert "1 person leaves with this import</strong>: their leave date has passed" in page
    assert "1 open pair closes, and each partner who stays is told by email." in page
    assert "The self-declared sensitive answers of 1 person are deleted." in page
    assert Pair.objects.get(pk=pair.pk).status == pair.status
    assert SensitiveAttribute.objects.filter(employee=mentor).exists()
