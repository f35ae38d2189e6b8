"""Sign-in security in the browser: the lockout page, two-step enrolment and sign-in, and the
admin's audit page with its unlock button."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from remento.people.models import Employee
from tests.factories import PASSWORD


def code_for(device: TOTPDevice, *, ahead: int = 0) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=ahead)
    return f"{value:06d}"


def fill_sign_in(page: Page, site: str, email: str, password: str) -> None:
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Work email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_repeated_failures_show_the_pause_and_the_admin_unlocks_it(
    page: Page, site: str, sign_in: Callable[[Employee], Page], admin: Employee, mentor: Employee
) -> None:
    # Someone elsewhere guesses Maya's password: her account is paused wherever she is.
    elsewhere = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(5):
        elsewhere.post("/accounts/login/", {"username": mentor.email, "password": "guess"})
    fill_sign_in(page, site, mentor.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in paused for 15 minutes")
    expect(page.get_by_role("link", name="Set a new one")).to_be_visible()

    sign_in(admin)
    page.get_by_role("navigation", name="Main").get_by_text("Organisation", exact=True).click()
    page.get_by_role("link", name="Audit").click()
    expect(page.get_by_role("heading", name="Paused sign-ins")).to_be_visible()
    page.get_by_role("button", name="Unlock the sign-in of Maya Junior").click()
    expect(page.get_by_role("status").first).to_contain_text("Maya Junior can sign in again")
    expect(page.get_by_role("cell", name="Sign-in unlocked by an admin")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    fill_sign_in(page, site, mentor.email, PASSWORD)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_a_coordinator_turns_on_two_step_sign_in_and_signs_in_with_a_code(
    page: Page, site: str, sign_in: Callable[[Employee], Page], coordinator: Employee
) -> None:
    sign_in(coordinator)
    page.get_by_role("navigation", name="Main").get_by_text("Organisation", exact=True).click()
    page.get_by_role("link", name="Two-step sign-in").click()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    device = TOTPDevice.objects.get(user=coordinator.user)
    page.get_by_label("Code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_role("status").first).to_contain_text("Two-step sign-in is on")
    page.get_by_role("button", name="Sign out").click()

    fill_sign_in(page, site, coordinator.email, PASSWORD)
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    device.refresh_from_db()
    # The enrolment used this period's code; the next period's is accepted (one step ahead).
    page.get_by_label("Code from your authenticator app").fill(code_for(device, ahead=1))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
