"""The HRIS import gives every active person a sign-in and keeps it in step with them."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from remento.core.models import AuditEvent, Organization, User
from remento.people.importing.plan import ImportPlan
from remento.people.importing.services import people_import_apply
from remento.people.models import Employee, Role
from tests.factories import OrganizationFactory, UserFactory, employee_with_login
from tests.people.import_files import csv_bytes, person


def apply(organization: Organization, data: bytes, **kwargs: Any) -> ImportPlan:
    return people_import_apply(actor=None, organization=organization, data=data, **kwargs)


def user_of(employee_id: str) -> User:
    user = Employee.objects.select_related("user").get(employee_id=employee_id).user
    assert user is not None, f"{employee_id} has no sign-in"
    return user


def test_every_new_active_person_gets_a_sign_in_without_a_usable_password(
    organization: Organization,
) -> None:
    plan = apply(organization, csv_bytes([person("E2", manager_id="E1"), person("E1")]))

    for employee_id, email in (("E1", "p1@acme.example"), ("E2", "p2@acme.example")):
        user = user_of(employee_id)
        assert user.email == email
        assert user.is_active
        assert not user.has_usable_password()
        assert not user.is_staff
        assert not user.is_superuser
    assert (user_of("E1").first_name, user_of("E1").last_name) == ("First1", "Last1")
    assert set(Employee.objects.values_list("role", flat=True)) == {Role.PARTICIPANT}
    assert plan.sign_ins.counts["sign_ins_created"] == 2
    event = AuditEvent.objects.get(verb="people.imported")
    assert event.data["sign_ins_created"] == 2


def test_the_unusable_passwords_are_all_different(organization: Organization) -> None:
    apply(organization, csv_bytes([person(f"E{i}") for i in range(1, 6)]))

    passwords = set(User.objects.values_list("password", flat=True))
    assert len(passwords) == 5
    assert all(password.startswith("!") for password in passwords)


@time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC), tick=False)
def test_someone_who_has_already_left_gets_no_sign_in(organization: Organization) -> None:
    apply(organization, csv_bytes([person("E1", leave_date="2026-05-01"), person("E2")]))

    assert Employee.objects.get(employee_id="E1").user is None
    assert list(User.objects.values_list("email", flat=True)) == ["p2@acme.example"]


def test_a_changed_work_email_moves_the_sign_in_along(organization: Organization) -> None:
    apply(organization, csv_bytes([person("E1")]))
    before = user_of("E1").pk

    plan = apply(organization, csv_bytes([person("E1", email="new1@acme.example")]))

    user = user_of("E1")
    assert (user.pk, user.email) == (before, "new1@acme.example")
    assert plan.sign_ins.counts["sign_ins_email_changed"] == 1
    assert User.objects.count() == 1


def test_two_people_who_swap_emails_swap_their_sign_ins_emails_too(
    organization: Organization,
) -> None:
    apply(organization, csv_bytes([person("E1"), person("E2")]))

    apply(
        organization,
        csv_bytes([person("E1", email="p2@acme.example"), person("E2", email="p1@acme.example")]),
    )

    assert user_of("E1").email == "p2@acme.example"
    assert user_of("E2").email == "p1@acme.example"


def test_a_new_person_may_take_the_email_another_persons_sign_in_gives_up(
    organization: Organization,
) -> None:
    apply(organization, csv_bytes([person("E1", email="team@acme.example")]))

    apply(
        organization,
        csv_bytes([person("E1", email="e1@acme.example"), person("E2", email="team@acme.example")]),
    )

    assert user_of("E1").email == "e1@acme.example"
    assert user_of("E2").email == "team@acme.example"


@time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC), tick=False)
def test_a_leave_date_switches_the_sign_in_off_and_coming_back_switches_it_on(
    organization: Organization,
) -> None:
    apply(organization, csv_bytes([person("E1")]))

    apply(organization, csv_bytes([person("E1", leave_date="2026-05-31")]))
    assert not user_of("E1").is_active

    plan = apply(organization, csv_bytes([person("E1")]))
    assert user_of("E1").is_active
    assert plan.sign_ins.counts["sign_ins_reactivated"] == 1


def test_a_full_sync_switches_off_the_sign_ins_of_people_missing_from_the_file(
    organization: Organization,
) -> None:
    apply(organization, csv_bytes([person("E1"), person("E2")]))

    plan = apply(organization, csv_bytes([person("E1")]), full_sync=True)

    assert user_of("E1").is_active
    assert not user_of("E2").is_active
    assert plan.sign_ins.counts["sign_ins_deactivated"] == 1
    assert User.objects.count() == 2  # switched off, never deleted


def test_people_already_in_the_directory_without_a_sign_in_get_one_on_the_next_import(
    organization: Organization,
) -> None:
    apply(organization, csv_bytes([person("E1"), person("E2")]))
    Employee.objects.update(user=None)
    User.objects.all().delete()

    plan = apply(organization, csv_bytes([person("E1"), person("E2")]))

    assert plan.counts["unchanged"] == 2
    assert user_of("E1").email == "p1@acme.example"
    assert user_of("E2").email == "p2@acme.example"


def test_an_ordinary_account_with_the_same_email_that_belongs_to_nobody_is_linked(
    organization: Organization,
) -> None:
    account = User.objects.create_user("p1@acme.example", "a-long-own-password")

    plan = apply(organization, csv_bytes([person("E1")]))

    assert user_of("E1").pk == account.pk
    assert user_of("E1").has_usable_password()  # their own password is kept
    assert plan.sign_ins.counts == {
        "sign_ins_created": 0,
        "sign_ins_linked": 1,
        "sign_ins_email_changed": 0,
        "sign_ins_deactivated": 0,
        "sign_ins_reactivated": 0,
        "sign_ins_held": 0,
    }


def test_a_platform_operators_account_with_the_same_email_is_never_linked(
    organization: Organization,
) -> None:
    operator = User.objects.create_superuser("p1@acme.example", "a-long-admin-password")

    plan = apply(organization, csv_bytes([person("E1")]))

    assert Employee.objects.get(employee_id="E1").user is None
    assert not Employee.objects.filter(user=operator).exists()
    assert plan.sign_ins.counts["sign_ins_linked"] == 0
    assert "cannot be used as a sign-in" in plan.warnings[0]


def test_an_email_that_signs_in_for_another_organisation_is_a_neutral_warning_not_a_failure(
    organization: Organization,
) -> None:
    other = OrganizationFactory(slug="other")
    employee_with_login(organization=other, email="p1@acme.example")

    plan = apply(organization, csv_bytes([person("E1"), person("E2")]))

    assert Employee.objects.get(organization=organization, employee_id="E1").user is None
    assert user_of("E2").email == "p2@acme.example"
    assert plan.warnings == [
        "row 2: First1 Last1 gets no sign-in, since p1@acme.example cannot be used as a "
        "sign-in; ask the platform operator."
    ]


def test_a_new_email_that_another_account_holds_keeps_the_old_sign_in_email(
    organization: Organization,
) -> None:
    apply(organization, csv_bytes([person("E1")]))
    UserFactory(email="taken@acme.example")

    plan = apply(organization, csv_bytes([person("E1", email="taken@acme.example")]))

    assert Employee.objects.get(employee_id="E1").email == "taken@acme.example"
    assert user_of("E1").email == "p1@acme.example"
    assert "keeps its old email" in plan.warnings[0]


def test_sign_ins_are_linked_on_a_database_that_cannot_return_ids_from_bulk_inserts(
    organization: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection.features, "can_return_rows_from_bulk_insert", False)

    apply(organization, csv_bytes([person("E2", manager_id="E1"), person("E1")]))

    assert user_of("E1").email == "p1@acme.example"
    assert user_of("E2").email == "p2@acme.example"


def test_a_dry_run_creates_no_sign_in_and_says_how_many_it_would(
    organization: Organization, tmp_path: Path
) -> None:
    path = tmp_path / "hris.csv"
    path.write_bytes(csv_bytes([person("E1"), person("E2")]))
    out = io.StringIO()

    call_command("import_people", str(path), "--dry-run", stdout=out, skip_checks=True)

    assert "Sign-ins (dry run): 2 created." in out.getvalue()
    assert not User.objects.exists()


def test_the_command_says_how_new_sign_ins_get_a_password(
    organization: Organization, tmp_path: Path
) -> None:
    path = tmp_path / "hris.csv"
    path.write_bytes(csv_bytes([person("E1")]))
    out = io.StringIO()

    call_command("import_people", str(path), stdout=out, skip_checks=True)

    assert "Sign-ins: 1 created." in out.getvalue()
    assert "“Set a password” on the sign-in page" in out.getvalue()


def test_an_imported_person_sets_a_password_through_the_reset_pages_and_signs_in(
    organization: Organization,
) -> None:
    apply(organization, csv_bytes([person("E1", email="Priya.Nair@Acme.example")]))
    client = Client()

    response = client.post(reverse("password_reset"), {"email": "priya.nair@acme.example"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["priya.nair@acme.example"]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body)
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-fresh-long-passphrase", "new_password2": "a-fresh-long-passphrase"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_complete")

    assert Client().login(username="priya.nair@acme.example", password="a-fresh-long-passphrase")
    home = client.post(
        reverse("login"),
        {"username": "priya.nair@acme.example", "password": "a-fresh-long-passphrase"},
        follow=True,
    )
    assert home.context["user"].employee.employee_id == "E1"
