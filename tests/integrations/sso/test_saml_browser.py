"""SAML 2.0 in Chromium, end to end: the sign-in page's "Sign in with your company
account", the test identity provider's page on 127.0.0.1 (another site than the live
server's localhost, as a real provider is), its signed answer posted back, and Remento's
decision; and an admin's test sign-in from the settings page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from remento.core.models import Organization, User
from remento.people.models import Employee
from tests.browser import conftest as browser
from tests.factories import EmployeeFactory
from tests.integrations.sso import saml_fixtures
from tests.integrations.sso.saml_fixtures import connect
from tests.integrations.sso.saml_idp import EXPIRED, TAMPERED, SamlTestIdp

pytestmark = pytest.mark.browser

browser_type_launch_args = browser.browser_type_launch_args
site = browser.site
sign_in = browser.sign_in
idp = saml_fixtures.idp


def _company_sign_in(page: Page, site: str, email: str) -> None:
    """From the sign-in page, through the identity provider, back to Remento."""
    page.goto(f"{site}/accounts/login/")
    page.get_by_role("link", name="Sign in with your company account").click()
    page.get_by_label("Work email").fill(email)
    page.get_by_role("button", name="Continue to your company's sign-in").click()


def _refused_because(page: Page, words: str) -> None:
    expect(page.get_by_role("heading", name="You are not signed in")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text(words)
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_first_and_returning_sign_in(
    page: Page, site: str, organization: Organization, admin: Employee, idp: SamlTestIdp
) -> None:
    connect(admin, idp)
    person = EmployeeFactory(organization=organization, email="nia@acme.example", level=2)
    idp.answer_with({"email": ["nia@acme.example"]})

    _company_sign_in(page, site, "nia@acme.example")

    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    person.refresh_from_db()
    assert person.user is not None
    page.get_by_role("button", name="Sign out").click()

    _company_sign_in(page, site, "nia@acme.example")

    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert User.objects.filter(email="nia@acme.example").count() == 1
    assert len(idp.requests) == 2


def test_an_unknown_person_is_refused_with_a_clear_message(
    page: Page, site: str, admin: Employee, idp: SamlTestIdp
) -> None:
    connect(admin, idp)
    idp.answer_with({"email": ["ghost@acme.example"]})
    _company_sign_in(page, site, "ghost@acme.example")
    _refused_because(page, "Ask your HR team to add you")


def test_an_email_outside_the_domains_is_refused(
    page: Page, site: str, admin: Employee, mentor: Employee, idp: SamlTestIdp
) -> None:
    connect(admin, idp)
    idp.answer_with({"email": ["maya@elsewhere.example"]})
    _company_sign_in(page, site, mentor.email)
    _refused_because(page, "accepts only its work email domains")


def test_a_tampered_assertion_is_refused(
    page: Page, site: str, admin: Employee, mentor: Employee, idp: SamlTestIdp
) -> None:
    connect(admin, idp)
    idp.answer_with({"email": [mentor.email]}, mode=TAMPERED, tampered_value=admin.email)
    _company_sign_in(page, site, mentor.email)
    _refused_because(page, "changed after it was signed")


def test_an_expired_assertion_is_refused(
    page: Page, site: str, admin: Employee, mentor: Employee, idp: SamlTestIdp
) -> None:
    connect(admin, idp)
    idp.answer_with({"email": [mentor.email]}, mode=EXPIRED)
    _company_sign_in(page, site, mentor.email)
    _refused_because(page, "has expired")


def test_an_admin_tests_the_connection_before_turning_it_on(
    page: Page,
    site: str,
    sign_in: Callable[[Employee], Page],
    admin: Employee,
    mentor: Employee,
    idp: SamlTestIdp,
) -> None:
    sign_in(admin)
    page.goto(f"{site}/sso/saml/settings/")
    page.get_by_label("Identity provider's metadata URL").fill(idp.entity_id)
    page.get_by_role("button", name="Save the SAML settings").click()
    expect(page.get_by_text("The SAML settings are saved.")).to_be_visible()
    expect(page.get_by_text(idp.sso_url)).to_be_visible()
    idp.answer_with({"email": [mentor.email]})

    page.get_by_role("button", name="Test sign-in").click()

    expect(page.get_by_text(f"This would sign in {mentor.email}")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert page.get_by_text(admin.display_name).first.is_visible()
