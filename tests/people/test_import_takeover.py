"""The HRIS import cannot be used to take over sign-ins (issue 17): emails outside the
organisation's domains are refused, privileged and foreign sign-ins are never linked, moved
or reactivated by a coordinator, every email change is audited and told to the old address,
and the messages reveal nothing about other organisations."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks

from remento.core.errors import RowErrors
from remento.core.models import AuditEvent, Organization, User
from remento.people.importing.services import people_import_apply, people_import_plan
from remento.people.models import Employee, ImportBatch
from tests.conftest import client_for
from tests.factories import OrganizationFactory, UserFactory, employee_with_login
from tests.people.import_files import csv_bytes, person

SHORT = ["employee_id", "first_name", "last_name", "email", "level"]


def row_for(employee: Employee, email: str) -> bytes:
    """The issue's file: the person's own id and name, another email."""
    return csv_bytes(
        [
            {
                "employee_id": employee.employee_id,
                "first_name": employee.first_name,
                "last_name": employee.last_name,
                "email": email,
                "level": str(employee.level),
            }
        ],
        header=SHORT,
    )


def test_a_coordinator_cannot_move_the_admins_sign_in_to_an_outside_address(
    admin: Employee, coordinator: Employee
) -> None:
    with pytest.raises(RowErrors) as raised:
        people_import_apply(
            actor=coordinator.user,
            organization=admin.organization,
            data=row_for(admin, "attacker@evil.example"),
        )

    (problem,) = raised.value.problems
    assert (problem.row, problem.column) == (2, "email")
    assert "attacker@evil.example is not an address of Acme Retail's email domains" in str(problem)
    admin.refresh_from_db()
    assert admin.user is not None
    assert admin.user.email == admin.email == "ada@acme.example"


def test_a_coordinators_import_holds_back_the_admins_new_sign_in_email(
    admin: Employee,
    coordinator: Employee,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        plan = people_import_apply(
            actor=coordinator.user,
            organization=admin.organization,
            data=row_for(admin, "cora.alias@acme.example"),
        )

    admin.refresh_from_db()
    assert admin.email == "ada@acme.example"  # the entry waits with the sign-in
    assert User.objects.get(pk=admin.user_id).email == "ada@acme.example"
    (held,) = plan.sign_ins.held
    assert (held.kind, held.before, held.after, held.role) == (
        "email",
        "ada@acme.example",
        "cora.alias@acme.example",
        "organisation admin",
    )
    assert plan.counts["updated"] == 0
    assert not AuditEvent.objects.filter(verb="people.sign_in_email_changed").exists()
    assert AuditEvent.objects.get(verb="people.imported").data["sign_ins_held"] == 1
    assert mail.outbox == []


def test_a_coordinator_may_not_confirm_privileged_changes(
    admin: Employee, coordinator: Employee
) -> None:
    with pytest.raises(PermissionDenied):
        people_import_apply(
            actor=coordinator.user,
            organization=admin.organization,
            data=row_for(admin, "cora.alias@acme.example"),
            confirm_privileged=True,
        )
    assert User.objects.get(pk=admin.user_id).email == "ada@acme.example"


def test_an_admin_confirms_a_coordinators_new_email_which_is_audited_and_told(
    admin: Employee,
    coordinator: Employee,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        plan = people_import_apply(
            actor=admin.user,
            organization=admin.organization,
            data=row_for(coordinator, "cora.ordinator@acme.example"),
            confirm_privileged=True,
        )

    assert plan.sign_ins.held == []
    assert User.objects.get(pk=coordinator.user_id).email == "cora.ordinator@acme.example"
    event = AuditEvent.objects.get(verb="people.sign_in_email_changed")
    assert event.actor == admin.user
    assert (event.target_type, event.target_id) == ("core.user", str(coordinator.user_id))
    assert event.data == {
        "employee_id": coordinator.employee_id,
        "name": "Cora Ordinator",
        "from": "cora@acme.example",
        "to": "cora.ordinator@acme.example",
    }
    confirmed = AuditEvent.objects.get(verb="people.privileged_sign_in_confirmed")
    assert confirmed.data["role"] == "program coordinator"
    (message,) = mail.outbox
    assert message.to == ["cora@acme.example"]
    assert "cora.ordinator@acme.example" in message.body
    assert "take over" in message.body


def test_every_participants_email_change_is_audited_one_by_one_and_told_to_the_old_address(
    organization: Organization,
    coordinator: Employee,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    people_import_apply(
        actor=None, organization=organization, data=csv_bytes([person("E1"), person("E2")])
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        people_import_apply(
            actor=coordinator.user,
            organization=organization,
            data=csv_bytes(
                [person("E1", email="one@acme.example"), person("E2", email="two@acme.example")]
            ),
        )

    moves = {
        (e.data["employee_id"], e.data["from"], e.data["to"])
        for e in AuditEvent.objects.filter(verb="people.sign_in_email_changed")
    }
    assert moves == {
        ("E1", "p1@acme.example", "one@acme.example"),
        ("E2", "p2@acme.example", "two@acme.example"),
    }
    assert sorted(message.to[0] for message in mail.outbox) == [
        "p1@acme.example",
        "p2@acme.example",
    ]


def test_a_rolled_back_import_tells_nobody(
    organization: Organization, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    people_import_apply(actor=None, organization=organization, data=csv_bytes([person("E1")]))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RowErrors):
        people_import_apply(
            actor=None,
            organization=organization,
            data=csv_bytes([person("E1", email="one@acme.example"), person("E2", level="99")]),
        )

    assert mail.outbox == []
    assert not AuditEvent.objects.filter(verb="people.sign_in_email_changed").exists()


def test_an_unlinked_superuser_is_never_linked_nor_named(organization: Organization) -> None:
    root = User.objects.create_superuser("p1@acme.example", "a-long-operator-password")
    other = OrganizationFactory(slug="other")
    holder = employee_with_login(organization=other, email="p2@acme.example")

    plan = people_import_apply(
        actor=None, organization=organization, data=csv_bytes([person("E1"), person("E2")])
    )

    assert not Employee.objects.filter(user=root).exists()
    assert Employee.objects.get(organization=organization, employee_id="E1").user is None
    assert Employee.objects.get(organization=organization, employee_id="E2").user is None
    holder.refresh_from_db()
    assert holder.user is not None
    assert holder.user.email == "p2@acme.example"
    # The same neutral words for the operator's address and for another organisation's.
    assert plan.warnings == [
        "row 2: First1 Last1 gets no sign-in, since p1@acme.example cannot be used as a "
        "sign-in; ask the platform operator.",
        "row 3: First2 Last2 gets no sign-in, since p2@acme.example cannot be used as a "
        "sign-in; ask the platform operator.",
    ]
    assert "organisation" not in " ".join(plan.warnings)


def test_a_second_import_cannot_move_a_platform_operators_sign_in_even_when_confirmed(
    organization: Organization, admin: Employee
) -> None:
    people_import_apply(actor=None, organization=organization, data=csv_bytes([person("E1")]))
    operator = User.objects.get(email="p1@acme.example")
    User.objects.filter(pk=operator.pk).update(is_staff=True, is_superuser=True)

    plan = people_import_apply(
        actor=admin.user,
        organization=organization,
        data=csv_bytes([person("E1", email="new1@acme.example")]),
        confirm_privileged=True,
    )

    assert User.objects.get(pk=operator.pk).email == "p1@acme.example"
    (held,) = plan.sign_ins.held
    assert (held.role, held.confirmable) == ("platform operator", False)


def test_an_import_refuses_every_address_of_another_organisations_domain(
    organization: Organization, stranger: Employee
) -> None:
    with pytest.raises(RowErrors) as raised:
        people_import_apply(
            actor=None,
            organization=organization,
            data=csv_bytes([person("E1", email="sam@other.example"), person("E2")]),
        )

    (problem,) = raised.value.problems
    assert (problem.row, problem.column) == (2, "email")
    assert "(acme.example)" in problem.reason
    assert not Employee.objects.filter(organization=organization).exists()


def test_an_organisation_without_declared_domains_imports_nobody_until_it_declares_them(
    db: None,
) -> None:
    bare = OrganizationFactory(slug="bare", name="Bare Ltd", email_domains=[])

    with pytest.raises(RowErrors) as raised:
        people_import_plan(actor=None, organization=bare, data=csv_bytes([person("E1")]))

    (problem,) = raised.value.problems
    assert problem.row == 1
    assert "Bare Ltd has not declared its email domains yet" in problem.reason
    assert "Settings page" in problem.reason


@time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC), tick=False)
def test_a_coordinator_cannot_switch_a_departed_admins_sign_in_back_on(
    admin: Employee, coordinator: Employee
) -> None:
    Employee.objects.filter(pk=admin.pk).update(is_active=False)
    User.objects.filter(pk=admin.user_id).update(is_active=False)

    plan = people_import_apply(
        actor=coordinator.user, organization=admin.organization, data=row_for(admin, admin.email)
    )

    assert not User.objects.get(pk=admin.user_id).is_active
    assert not Employee.objects.get(pk=admin.pk).is_active
    assert [change.kind for change in plan.sign_ins.held] == ["reactivate"]


def test_no_other_row_may_take_the_address_a_held_admin_still_has(
    admin: Employee, coordinator: Employee
) -> None:
    data = csv_bytes(
        [
            {**person("E9"), "employee_id": admin.employee_id, "email": "ada2@acme.example"},
            person("E10", email="ada@acme.example"),
        ]
    )
    with pytest.raises(RowErrors) as raised:
        people_import_plan(actor=coordinator.user, organization=admin.organization, data=data)

    (problem,) = raised.value.problems
    assert (problem.row, problem.column) == (3, "email")
    assert "still the address of Ada Admin (row 2)" in problem.reason


# The pages: the preview lists what is held back; only an admin gets the box to confirm.


def _upload(client: Client, data: bytes) -> ImportBatch:
    response = client.post(
        reverse("people:import_upload"),
        {"file": _file(data)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportBatch.objects.latest("created_at")


def _file(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("hris.csv", data, content_type="text/csv")


def test_the_coordinators_preview_lists_the_held_change_without_a_box_to_confirm_it(
    admin: Employee, coordinator: Employee, coordinator_client: Client
) -> None:
    batch = _upload(coordinator_client, row_for(admin, "cora.alias@acme.example"))

    page = coordinator_client.get(reverse("people:import_preview", args=[batch.token]))

    assert page.status_code == 200
    assert "ada@acme.example → cora.alias@acme.example" in page.text
    assert 'name="confirm_privileged"' not in page.text
    fingerprint = page.context["fingerprint"]
    coordinator_client.post(
        reverse("people:import_preview", args=[batch.token]),
        {"fingerprint": fingerprint, "confirm_privileged": "1"},
    )
    assert User.objects.get(pk=admin.user_id).email == "ada@acme.example"


def test_an_admin_ticks_the_box_and_the_previewed_change_is_made(
    admin: Employee, coordinator: Employee
) -> None:
    client = client_for(admin)
    batch = _upload(client, row_for(coordinator, "cora.ordinator@acme.example"))
    page = client.get(reverse("people:import_preview", args=[batch.token]))
    assert 'name="confirm_privileged"' in page.text

    response = client.post(
        reverse("people:import_preview", args=[batch.token]),
        {"fingerprint": page.context["fingerprint"], "confirm_privileged": "1"},
    )

    assert response.status_code == 302
    assert User.objects.get(pk=coordinator.user_id).email == "cora.ordinator@acme.example"
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED


def test_without_the_box_the_admins_import_leaves_the_privileged_change_out(
    admin: Employee, coordinator: Employee
) -> None:
    client = client_for(admin)
    batch = _upload(client, row_for(coordinator, "cora.ordinator@acme.example"))
    page = client.get(reverse("people:import_preview", args=[batch.token]))

    client.post(
        reverse("people:import_preview", args=[batch.token]),
        {"fingerprint": page.context["fingerprint"]},
    )

    assert User.objects.get(pk=coordinator.user_id).email == "cora@acme.example"


def test_a_staff_sign_in_of_nobody_is_never_linked(
    organization: Organization,
) -> None:
    staff = UserFactory(email="p1@acme.example", is_staff=True)

    people_import_apply(actor=None, organization=organization, data=csv_bytes([person("E1")]))

    assert not Employee.objects.filter(user=staff).exists()
