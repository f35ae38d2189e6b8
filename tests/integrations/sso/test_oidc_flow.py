"""OpenID Connect sign-in for real, through Django's test client, against the test provider
on 127.0.0.1: the library's checks (state, nonce, signature, expiry) and ours (audience,
issuer), then the one identity rule. The same flows in Chromium: test_oidc_browser.py."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from remento.core.models import AuditEvent, Organization, User
from remento.integrations.sso.demo import LocalProvider
from remento.integrations.sso.models import SsoConnection
from remento.integrations.sso.oidc import ConnectionOIDCBackend
from remento.people.models import Employee, Role
from tests.conftest import client_for
from tests.factories import EmployeeFactory
from tests.integrations.sso.oidc_fixtures import authorize, connect, set_claims, sign_in_through


def test_a_participant_without_a_sign_in_gets_one_on_first_sign_in_and_keeps_it(
    organization: Organization, admin: Employee, provider: LocalProvider
) -> None:
    connect(organization, admin, provider.issuer)
    person = EmployeeFactory.create(organization=organization, email="nia@acme.example")
    client = Client()

    first = sign_in_through(client, organization, "nia@acme.example")

    assert first.status_code == 302
    assert first["Location"] == reverse("home")
    person.refresh_from_db()
    assert person.user is not None
    assert person.user.email == "nia@acme.example"
    assert not person.user.has_usable_password()
    assert client.get(reverse("home")).wsgi_request.user == person.user
    assert (
        AuditEvent.objects.filter(verb="sso.sign_in_created", organization=organization).count()
        == 1
    )

    again = sign_in_through(Client(), organization, "nia@acme.example")

    assert again.status_code == 302
    assert User.objects.filter(email="nia@acme.example").count() == 1


def test_a_returning_person_signs_in_to_their_own_sign_in(
    organization: Organization, admin: Employee, mentee: Employee, provider: LocalProvider
) -> None:
    connect(organization, admin, provider.issuer)
    client = Client()

    response = sign_in_through(client, organization, mentee.email)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(mentee.user_id)
    assert client.session["signed_in_with"] == "oidc"


def test_a_person_matched_by_employee_id_claim(
    organization: Organization, admin: Employee, mentee: Employee, provider: LocalProvider
) -> None:
    connect(organization, admin, provider.issuer, match_on="employee_id", match_claim="employee_id")
    set_claims(provider, "martin", {"email": mentee.email, "employee_id": mentee.employee_id})
    client = Client()

    assert sign_in_through(client, organization, "martin").status_code == 302
    assert client.session["_auth_user_id"] == str(mentee.user_id)


def test_an_unknown_person_is_refused_with_a_clear_message(
    organization: Organization, admin: Employee, provider: LocalProvider
) -> None:
    connect(organization, admin, provider.issuer)

    response = sign_in_through(Client(), organization, "ghost@acme.example")

    assert response.status_code == 403
    page = response.content.decode()
    assert "is not in Acme Retail" in page
    assert "Ask your HR team" in page
    assert not User.objects.filter(email="ghost@acme.example").exists()
    assert AuditEvent.objects.filter(verb="sso.refused", organization=organization).exists()


def test_an_email_outside_the_organisations_domains_is_refused(
    organization: Organization, admin: Employee, provider: LocalProvider, stranger: Employee
) -> None:
    connect(organization, admin, provider.issuer)

    response = sign_in_through(Client(), organization, stranger.email)

    assert response.status_code == 403
    assert "accepts only its work email domains" in response.content.decode()
    assert "_auth_user_id" not in Client().session


def test_an_email_outside_the_allowed_subset_of_domains_is_refused(
    organization: Organization, admin: Employee, mentee: Employee, provider: LocalProvider
) -> None:
    organization.email_domains = ["acme.example", "acme-labs.example"]
    organization.save()
    connect(organization, admin, provider.issuer, allowed_domains=["acme-labs.example"])

    response = sign_in_through(Client(), organization, mentee.email)

    assert response.status_code == 403


def test_an_expired_id_token_is_refused(
    organization: Organization, admin: Employee, mentee: Employee, expired_provider: LocalProvider
) -> None:
    connect(organization, admin, expired_provider.issuer)
    client = Client()

    response = sign_in_through(client, organization, mentee.email)

    assert response.status_code == 403
    assert "could not be verified" in response.content.decode()
    assert "expired" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_id_token_with_a_tampered_payload_fails_the_signature_check(
    organization: Organization,
    admin: Employee,
    mentee: Employee,
    provider: LocalProvider,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import base64
    import json

    connect(organization, admin, provider.issuer)
    real_get_token = ConnectionOIDCBackend.get_token

    def tampered(self: ConnectionOIDCBackend, payload: dict[str, Any]) -> dict[str, Any]:
        # What an attacker on the way would do: name somebody else, keep the signature.
        answer: dict[str, Any] = real_get_token(self, payload)
        header, body, signature = answer["id_token"].split(".")
        claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        claims["email"] = admin.email
        forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
        return {**answer, "id_token": f"{header}.{forged}.{signature}"}

    monkeypatch.setattr(ConnectionOIDCBackend, "get_token", tampered)
    client = Client()

    response = sign_in_through(client, organization, mentee.email)

    assert response.status_code == 403
    assert "could not be verified" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_code_issued_for_another_client_is_refused(
    organization: Organization, admin: Employee, mentee: Employee, provider: LocalProvider
) -> None:
    connect(organization, admin, provider.issuer)
    client = Client()
    callback = authorize(client, reverse("sso:oidc_start", kwargs={"slug": "acme"}), mentee.email)
    # The client id changes while the person is at the provider: the code is another
    # client's now, and the provider refuses to exchange it.
    connect(organization, admin, provider.issuer, client_id="another-client")

    response = client.get(callback)

    assert response.status_code == 403
    assert "could not be verified" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("aud", "iss", "refusal"),
    [
        ("someone-else", None, "another client"),
        (["someone-else", "other"], None, "another client"),
        (None, "https://evil.example", "another provider"),
    ],
)
def test_a_verified_id_token_for_another_audience_or_issuer_is_refused(
    organization: Organization,
    admin: Employee,
    mentee: Employee,
    provider: LocalProvider,
    monkeypatch: pytest.MonkeyPatch,
    aud: object,
    iss: str | None,
    refusal: str,
) -> None:
    from mozilla_django_oidc.auth import OIDCAuthenticationBackend

    connect(organization, admin, provider.issuer)
    real_verify = OIDCAuthenticationBackend.verify_token

    def verified_but_foreign(self: Any, token: str, **kwargs: Any) -> dict[str, Any]:
        # The library's signature check passed; the claims name another client or issuer.
        payload: dict[str, Any] = real_verify(self, token, **kwargs)
        return {**payload, **({"aud": aud} if aud else {}), **({"iss": iss} if iss else {})}

    monkeypatch.setattr(OIDCAuthenticationBackend, "verify_token", verified_but_foreign)

    response = sign_in_through(Client(), organization, mentee.email)

    assert response.status_code == 403
    assert refusal in response.content.decode()


def test_a_callback_replayed_or_with_a_foreign_state_is_refused(
    organization: Organization, admin: Employee, mentee: Employee, provider: LocalProvider
) -> None:
    connect(organization, admin, provider.issuer)
    client = Client()
    callback = authorize(client, reverse("sso:oidc_start", kwargs={"slug": "acme"}), mentee.email)
    assert client.get(callback).status_code == 302
    client.logout()

    replay = client.get(callback)

    assert replay.status_code in (400, 403)
    assert "_auth_user_id" not in client.session


def test_a_disabled_connection_does_not_start(
    organization: Organization, admin: Employee, provider: LocalProvider
) -> None:
    connect(organization, admin, provider.issuer, enabled=False)

    response = Client().get(reverse("sso:oidc_start", kwargs={"slug": "acme"}))

    assert response.status_code == 404


def test_a_provider_that_cannot_be_reached_is_explained(
    organization: Organization, admin: Employee
) -> None:
    connect(organization, admin, "http://127.0.0.1:9")

    response = Client().get(reverse("sso:oidc_start", kwargs={"slug": "acme"}))

    assert response.status_code == 503
    assert "discovery document" in response.content.decode()


def test_an_admin_is_never_given_a_sign_in_by_a_first_sign_on(
    organization: Organization, admin: Employee, provider: LocalProvider
) -> None:
    connect(organization, admin, provider.issuer)
    EmployeeFactory.create(organization=organization, email="boss@acme.example", role=Role.ADMIN)

    response = sign_in_through(Client(), organization, "boss@acme.example")

    assert response.status_code == 403
    assert not User.objects.filter(email="boss@acme.example").exists()


def _testing(admin: Employee) -> Client:
    """The admin's client, a test sign-in started (what the settings page's button does)."""
    client = client_for(admin)
    assert client.post(reverse("sso:oidc_test")).status_code == 200
    return client


def test_an_admin_who_cancels_a_test_sign_in_at_the_provider_stays_signed_in(
    organization: Organization, admin: Employee, provider: LocalProvider
) -> None:
    connect(organization, admin, provider.issuer, enabled=False)
    client = _testing(admin)
    start = client.get(reverse("sso:oidc_start", kwargs={"slug": "acme"}) + "?test=1")
    assert start.status_code == 302

    response = client.get(reverse("sso:oidc_callback") + "?error=access_denied&state=x")

    assert response.status_code == 200
    assert "The provider signed nobody in (access_denied)." in response.content.decode()
    assert client.session.get("_auth_user_id") == str(admin.user_id)
    assert "sso_test_connection" not in client.session
    failed = AuditEvent.objects.get(verb="sso.test_failed")
    assert failed.actor == admin.user
    assert failed.organization == organization


def test_a_provider_that_cannot_be_reached_is_audited_and_a_test_says_so(
    organization: Organization, admin: Employee
) -> None:
    connect(organization, admin, "http://127.0.0.1:9")
    Client().get(reverse("sso:oidc_start", kwargs={"slug": "acme"}))
    unreachable = AuditEvent.objects.get(verb="sso.unavailable")
    assert "discovery document" in unreachable.data["reason"]

    client = _testing(admin)
    response = client.get(reverse("sso:oidc_start", kwargs={"slug": "acme"}) + "?test=1")

    assert response.status_code == 200
    assert "The provider could not be reached" in response.content.decode()
    assert "Check the issuer URL" in response.content.decode()
    assert AuditEvent.objects.filter(verb="sso.test_failed", actor=admin.user).exists()


def test_a_test_sign_in_that_comes_back_without_an_answer_shows_the_tests_page(
    organization: Organization, admin: Employee, provider: LocalProvider
) -> None:
    connect(organization, admin, provider.issuer, enabled=False)
    client = _testing(admin)
    assert (
        client.get(reverse("sso:oidc_start", kwargs={"slug": "acme"}) + "?test=1").status_code
        == 302
    )

    response = client.get(reverse("sso:oidc_callback"))

    assert response.status_code == 200
    assert "This sign-in has expired or was already used." in response.content.decode()
    assert "sso/test_result.html" in [template.name for template in response.templates]
    assert "sso_test_connection" not in client.session
    assert AuditEvent.objects.filter(verb="sso.test_failed", actor=admin.user).exists()
    assert not AuditEvent.objects.filter(verb="sso.refused").exists()


def test_a_refused_sign_in_is_audited_against_its_connection(
    organization: Organization, admin: Employee, provider: LocalProvider
) -> None:
    connect(organization, admin, provider.issuer)
    client = Client()
    client.get(reverse("sso:oidc_start", kwargs={"slug": "acme"}))
    response = client.get(reverse("sso:oidc_callback"))

    assert response.status_code == 403
    refused = AuditEvent.objects.get(verb="sso.refused")
    assert refused.organization == organization
    assert refused.target_id == str(SsoConnection.objects.get().pk)
    assert refused.data["protocol"] == "oidc"
