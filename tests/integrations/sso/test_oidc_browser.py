"""OpenID Connect in Chromium, end to end: the sign-in page's "Sign in with your company
account", the test provider's page on 127.0.0.1, and back; and an admin's test sign-in."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from remento.core.models import Organization
from remento.integrations.sso.demo import LocalProvider
from remento.integrations.sso.models import SsoConnection
from remento.people.models import Employee
from tests.factories import EmployeeFactory
from tests.integrations.sso.oidc_fixtures import connect

pytestmark = pytest.mark.browser


def _company_sign_in(page: Page, site: str, email: str) -> None:
    """From the sign-in page through the provider's page, choosing ``email`` there."""
    page.goto(f"{site}/accounts/login/")
    page.get_by_role("link", name="Sign in with your company account").click()
    page.get_by_label("Work email").fill(email)
    page.get_by_role("button", name="Continue to your company's sign-in").click()
    page.get_by_label("Subject").fill(email)
    page.get_by_role("button", name="Authorize", exact=True).click()


def test_first_and_returning_company_sign_in(
    page: Page, site: str, organization: Organization, admin: Employee, provider: LocalProvider
) -> None:
    connect(organization, admin, provider.issuer)
    person = EmployeeFactory.create(organization=organization, email="nia@acme.example")

    _company_sign_in(page, site, "nia@acme.example")

    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    person.refresh_from_db()
    assert person.user is not None
    page.get_by_role("button", name="Sign out").click()

    _company_sign_in(page, site, "nia@acme.example")

    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_an_unknown_person_is_told_why(
    page: Page, site: str, organization: Organization, admin: Employee, provider: LocalProvider
) -> None:
    connect(organization, admin, provider.issuer)

    _company_sign_in(page, site, "ghost@acme.example")

    expect(page.get_by_role("heading", name="You are not signed in")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Ask your HR team to add you")
    expect(page.get_by_role("link", name="Try your company account again")).to_be_visible()


def test_an_email_outside_the_domains_is_refused(
    page: Page, site: str, organization: Organization, admin: Employee, provider: LocalProvider
) -> None:
    connect(organization, admin, provider.issuer)
    page.goto(f"{site}/sso/acme/")
    page.get_by_label("Subject").fill("mallory@elsewhere.example")
    page.get_by_role("button", name="Authorize", exact=True).click()

    expect(page.get_by_role("alert")).to_contain_text("accepts only its work email domains")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_an_expired_id_token_is_refused(
    page: Page,
    site: str,
    organization: Organization,
    admin: Employee,
    mentee: Employee,
    expired_provider: LocalProvider,
) -> None:
    connect(organization, admin, expired_provider.issuer)

    _company_sign_in(page, site, mentee.email)

    expect(page.get_by_role("alert")).to_contain_text("could not be verified")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_an_admin_tests_the_connection_before_turning_it_on(
    page: Page,
    site: str,
    sign_in: Callable[[Employee], Page],
    organization: Organization,
    admin: Employee,
    mentee: Employee,
    provider: LocalProvider,
) -> None:
    connect(organization, admin, provider.issuer, enabled=False)
    sign_in(admin)
    page.goto(f"{site}/sso/oidc/settings/")

    page.get_by_role("button", name="Test sign-in").click()
    page.get_by_label("Subject").fill(mentee.email)
    page.get_by_role("button", name="Authorize", exact=True).click()

    expect(page.get_by_role("status")).to_contain_text(f"This would sign in {mentee.email}")
    expect(page.get_by_role("table")).to_contain_text("email")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()  # still the admin
    connection = SsoConnection.objects.get(organization=organization)
    assert connection.tested_at is not None
    assert not connection.enabled
