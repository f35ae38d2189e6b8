""" "Sign in with your company account": the work email finds the organisation and its
enabled provider; any other address gets the same neutral answer."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from remento.core.models import Organization
from remento.integrations.sso.models import Protocol, SsoConnection
from tests.factories import OrganizationFactory


@pytest.fixture
def oidc_on(organization: Organization) -> SsoConnection:
    return SsoConnection.objects.create(
        organization=organization, protocol=Protocol.OIDC, enabled=True, issuer="https://x.test"
    )


def test_the_page_asks_for_the_work_email(db: None) -> None:
    response = Client().get(reverse("sso:start"))
    assert response.status_code == 200
    assert "Work email" in response.content.decode()


def test_a_work_email_goes_to_the_organisations_provider(oidc_on: SsoConnection) -> None:
    response = Client().post(reverse("sso:start"), {"email": "Nia@ACME.example"})

    # A page that moves on by itself: a redirect would take the form's navigation to
    # another site, which the content-security policy forbids.
    assert response.status_code == 200
    page = response.content.decode()
    assert 'http-equiv="refresh" content="0;url=/sso/oidc/acme/start/?login_hint=Nia%40' in page
    assert 'href="/sso/oidc/acme/start/?login_hint=Nia%40' in page


@pytest.mark.parametrize("email", ["nia@unknown.example", "sam@other.example"])
def test_an_unknown_or_unconnected_domain_gets_the_same_neutral_answer(
    oidc_on: SsoConnection, email: str
) -> None:
    OrganizationFactory(name="Other Corp", slug="other")  # known, but no single sign-on

    response = Client().post(reverse("sso:start"), {"email": email})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Single sign-on is not set up for that address" in page
    assert "Other Corp" not in page


def test_a_switched_off_connection_is_not_offered(oidc_on: SsoConnection) -> None:
    SsoConnection.objects.update(enabled=False)

    response = Client().post(reverse("sso:start"), {"email": "nia@acme.example"})

    assert "not set up for that address" in response.content.decode()


def test_a_bad_email_is_named(db: None) -> None:
    response = Client().post(reverse("sso:start"), {"email": "nia"})
    assert response.status_code == 400
    assert "Enter your work email" in response.content.decode()


def test_the_organisations_own_link_starts_directly(oidc_on: SsoConnection) -> None:
    response = Client().get(reverse("sso:organization_start", kwargs={"slug": "acme"}))

    assert response.status_code == 302
    assert response["Location"] == "/sso/oidc/acme/start/"


def test_an_unknown_organisation_link_is_neutral(oidc_on: SsoConnection) -> None:
    response = Client().get(reverse("sso:organization_start", kwargs={"slug": "nope"}))

    assert response.status_code == 404
    assert "not set up for that address" in response.content.decode()
