"""An attacker's review of the security work of issue 17: each test is a weakness that was
found open and is now closed (the attacks that were already refused are covered by the
tests of their areas)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from remento.core.errors import ServiceError
from remento.core.models import AuditEvent, Organization, User
from remento.people.importing.services import people_import_apply
from remento.people.models import Employee, Role
from remento.people.services.organization import organization_email_domains_set
from remento.people.services.personal_data import person_erase
from tests.conftest import client_for
from tests.factories import PASSWORD, OrganizationFactory, employee_with_login
from tests.people.import_files import csv_bytes

SHORT = ["employee_id", "first_name", "last_name", "email", "level", "leave_date"]


def file_of(*people: Employee, leave_date: str = "") -> bytes:
    """The people as the HRIS has them, each leaving on ``leave_date`` (blank: staying)."""
    return csv_bytes(
        [
            {
                "employee_id": person.employee_id,
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": person.email,
                "level": str(person.level),
                "leave_date": leave_date,
            }
            for person in people
        ],
        header=SHORT,
    )


def sign_in_active(employee: Employee) -> bool:
    employee.refresh_from_db()
    return User.objects.get(pk=employee.user_id).is_active and employee.is_active


# A coordinator switching off the admins' sign-ins (a full sync without them, or a past leave
# date) leaves the organisation with nobody who may confirm switching them back on.


def test_a_coordinators_full_sync_cannot_switch_off_the_admins_sign_in(
    admin: Employee, coordinator: Employee, mentor: Employee
) -> None:
    plan = people_import_apply(
        actor=coordinator.user,
        organization=admin.organization,
        data=file_of(coordinator),
        full_sync=True,
    )

    assert sign_in_active(admin)
    assert not sign_in_active(mentor)  # a participant's departure needs no confirmation
    held = [(change.name, change.kind) for change in plan.sign_ins.held]
    assert held == [("Ada Admin", "deactivate")]


def test_a_coordinator_cannot_give_the_admin_a_past_leave_date(
    admin: Employee, coordinator: Employee
) -> None:
    plan = people_import_apply(
        actor=coordinator.user,
        organization=admin.organization,
        data=file_of(admin, leave_date="2020-01-31"),
    )

    assert sign_in_active(admin)
    ((name, kind),) = [(change.name, change.kind) for change in plan.sign_ins.held]
    assert (name, kind) == ("Ada Admin", "deactivate")


def test_an_admin_confirms_a_coordinators_departure(admin: Employee, coordinator: Employee) -> None:
    people_import_apply(
        actor=admin.user,
        organization=admin.organization,
        data=file_of(admin),
        full_sync=True,
        confirm_privileged=True,
    )

    assert sign_in_active(admin)
    assert not sign_in_active(coordinator)


def test_no_import_switches_off_a_platform_operators_sign_in(
    admin: Employee, mentor: Employee
) -> None:
    User.objects.filter(pk=mentor.user_id).update(is_staff=True, is_superuser=True)

    plan = people_import_apply(
        actor=admin.user,
        organization=admin.organization,
        data=file_of(admin),
        full_sync=True,
        confirm_privileged=True,
    )

    assert sign_in_active(mentor)
    ((kind, confirmable),) = [(change.kind, change.confirmable) for change in plan.sign_ins.held]
    assert (kind, confirmable) == ("deactivate", False)


# One domain, one organisation: its subdomains (and the domains above it) too, or another
# organisation squats the addresses of a part of ours before we declare it.


def test_another_organisation_cannot_declare_a_subdomain_of_our_domain(
    organization: Organization,
) -> None:
    other = OrganizationFactory(name="Other Corp", slug="other")
    other_admin = employee_with_login(
        organization=other, email="boss@other.example", role=Role.ADMIN
    )

    for claimed in ("uk.acme.example", "UK.Acme.Example."):
        response = client_for(other_admin).post(
            reverse("people:organization_settings"), {"email_domains": claimed}
        )
        assert response.status_code == 422
        assert "already declared by another organisation" in response.text
    OrganizationFactory(name="Sub", slug="sub", email_domains=["eu.example.org"])
    with pytest.raises(ServiceError, match=r"email_domains: example\.org"):
        organization_email_domains_set(
            actor=other_admin.user, organization=other, email_domains=["example.org"]
        )
    other.refresh_from_db()
    assert other.email_domains == ["other.example"]


# An organisation admin is not a platform operator: erasing a person whose sign-in is a
# platform operator's would delete the operator's account.


def test_an_organisation_admin_cannot_erase_a_platform_operators_sign_in(
    admin: Employee, mentor: Employee
) -> None:
    User.objects.filter(pk=mentor.user_id).update(is_staff=True, is_superuser=True)
    mentor.refresh_from_db()

    with pytest.raises((ServiceError, PermissionDenied), match="platform operator"):
        person_erase(actor=admin.user, employee=mentor)

    assert User.objects.filter(pk=mentor.user_id, is_superuser=True).exists()
    mentor.refresh_from_db()
    assert mentor.first_name == "Maya"


# Behind the reverse proxy the README asks for, every request comes from the proxy's
# address: five wrong passwords from anyone paused the sign-in of everyone. The operator
# says how many proxies append to X-Forwarded-For; what a client writes there is not trusted.

PROXY = "127.0.0.1"


def sign_in_through_proxy(client: Client, email: str, password: str, forwarded: str) -> int:
    response = client.post(
        reverse("login"),
        {"username": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    return response.status_code


def test_behind_a_trusted_proxy_one_attacker_does_not_pause_everyone(
    mentor: Employee, mentee: Employee, settings: Any
) -> None:
    settings.REMENTO_TRUSTED_PROXIES = 1
    attacker = Client()
    for number in range(settings.REMENTO_SIGNIN_ADDRESS_FAILURE_LIMIT):
        # Each try names another account, and forges the start of X-Forwarded-For.
        sign_in_through_proxy(
            attacker, f"nobody{number}@acme.example", "wrong", f"10.9.9.{number}, 203.0.113.66"
        )
    assert sign_in_through_proxy(attacker, mentee.email, PASSWORD, "203.0.113.66") == 429

    assert sign_in_through_proxy(Client(), mentor.email, PASSWORD, "198.51.100.7") == 302
    event = AuditEvent.objects.filter(verb="signin.succeeded").latest("pk")
    assert event.data["ip"] == "198.51.100.7"


def test_without_trusted_proxies_x_forwarded_for_is_ignored(mentor: Employee) -> None:
    response = Client().post(
        reverse("login"),
        {"username": mentor.email, "password": PASSWORD},
        REMOTE_ADDR="192.0.2.10",
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )

    assert response.status_code == 302
    assert AuditEvent.objects.get(verb="signin.succeeded").data["ip"] == "192.0.2.10"
