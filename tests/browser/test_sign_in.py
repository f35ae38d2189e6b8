from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from remento.people.models import Employee


def test_a_person_signs_in_and_out(sign_in: Callable[[Employee], Page], mentor: Employee) -> None:
    page = sign_in(mentor)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome, Maya")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_a_wrong_password_says_so_and_signs_nobody_in(
    page: Page, site: str, mentor: Employee
) -> None:
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Work email").fill(mentor.email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("do not match an account")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
