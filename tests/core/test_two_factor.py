"""Optional two-step sign-in (TOTP) for admins and coordinators: enrol, sign in with a code,
turn it off; all audited. Codes are computed with django_otp.oath.totp."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from remento.core.models import AuditEvent
from remento.people.models import Employee
from tests.conftest import client_for
from tests.factories import PASSWORD

SETUP = reverse("two_factor_setup")
VERIFY = reverse("two_factor_verify")
LOGIN = reverse("login")
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrol(employee: Employee) -> TOTPDevice:
    client = client_for(employee)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=employee.user)
    response = client.post(SETUP, {"code": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    return device


def test_a_coordinator_enrols_with_the_qr_code_or_the_secret_and_a_code(
    coordinator: Employee, clock: time_machine.Coordinates
) -> None:
    client = client_for(coordinator)
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "<svg" in page.text
    assert "Turn on two-step sign-in" in page.text
    device = TOTPDevice.objects.get(user=coordinator.user)
    assert not device.confirmed

    wrong = client.post(SETUP, {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert "That code is not right" in wrong.text
    clock.shift(dt.timedelta(seconds=60))  # past django-otp's back-off after a wrong code
    response = client.post(SETUP, {"code": code_for(device)})

    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert "<strong>On.</strong>" in client.get(SETUP).text
    event = AuditEvent.objects.get(verb="two_factor.enabled")
    assert event.actor_id == coordinator.user_id
    assert event.organization_id == coordinator.organization_id


def test_signing_in_with_two_step_on_asks_for_a_code_after_the_password(
    admin: Employee, clock: time_machine.Coordinates
) -> None:
    device = enrol(admin)
    clock.shift(dt.timedelta(seconds=30))  # a code is accepted once
    client = Client()

    step_one = client.post(
        f"{LOGIN}?next=/people/roles/", {"username": admin.email, "password": PASSWORD}
    )
    assert step_one.status_code == 302
    assert step_one["Location"] == VERIFY
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302  # not signed in yet
    assert "Enter your code" in client.get(VERIFY).text

    wrong = client.post(VERIFY, {"code": "12345"})
    assert "Enter the 6 digits" in wrong.text
    assert "_auth_user_id" not in client.session

    response = client.post(VERIFY, {"code": code_for(device)})

    assert response.status_code == 302
    assert response["Location"] == "/people/roles/"
    assert client.get(reverse("people:role_list")).status_code == 200
    assert AuditEvent.objects.filter(verb="signin.succeeded", actor_id=admin.user_id).exists()


def test_a_wrong_code_does_not_sign_in_and_is_audited(
    admin: Employee, clock: time_machine.Coordinates
) -> None:
    device = enrol(admin)
    clock.shift(dt.timedelta(seconds=30))
    client = Client()
    client.post(LOGIN, {"username": admin.email, "password": PASSWORD})
    sign_ins_before = AuditEvent.objects.filter(verb="signin.succeeded").count()
    right = code_for(device)
    wrong = "000000" if right != "000000" else "111111"

    response = client.post(VERIFY, {"code": wrong})

    assert response.status_code == 200
    assert "That code is not right" in response.text
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(verb="signin.two_factor_failed")
    assert event.organization_id == admin.organization_id
    assert AuditEvent.objects.filter(verb="signin.succeeded").count() == sign_ins_before


def test_the_code_step_expires_and_cannot_be_reached_without_the_password(
    admin: Employee, clock: time_machine.Coordinates
) -> None:
    device = enrol(admin)
    assert Client().get(VERIFY)["Location"] == LOGIN

    client = Client()
    client.post(LOGIN, {"username": admin.email, "password": PASSWORD})
    clock.shift(dt.timedelta(minutes=6))
    response = client.post(VERIFY, {"code": code_for(device)})

    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_without_a_device_the_sign_in_is_one_step(coordinator: Employee) -> None:
    client = Client()
    response = client.post(LOGIN, {"username": coordinator.email, "password": PASSWORD})

    assert response["Location"] == reverse("home")
    assert "_auth_user_id" in client.session


def test_participants_are_not_offered_two_step_sign_in(
    mentor_client: Client, coordinator_client: Client
) -> None:
    assert mentor_client.get(SETUP).status_code == 403
    assert mentor_client.post(SETUP, {"code": "123456"}).status_code == 403
    assert SETUP not in mentor_client.get(reverse("home")).text
    assert SETUP in coordinator_client.get(reverse("home")).text
    assert not TOTPDevice.objects.exists()


def test_turning_it_off_needs_a_current_code_and_is_audited(
    coordinator: Employee, clock: time_machine.Coordinates
) -> None:
    device = enrol(coordinator)
    client = client_for(coordinator)
    clock.shift(dt.timedelta(seconds=30))
    right = code_for(device)
    wrong = "000000" if right != "000000" else "111111"

    client.post(reverse("two_factor_remove"), {"code": wrong})
    assert TOTPDevice.objects.filter(user=coordinator.user, confirmed=True).exists()

    clock.shift(dt.timedelta(seconds=60))
    response = client.post(reverse("two_factor_remove"), {"code": code_for(device)})

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=coordinator.user).exists()
    event = AuditEvent.objects.get(verb="two_factor.removed")
    assert event.actor_id == coordinator.user_id
    signed_in = Client()
    signed_in.post(LOGIN, {"username": coordinator.email, "password": PASSWORD})
    assert "_auth_user_id" in signed_in.session
