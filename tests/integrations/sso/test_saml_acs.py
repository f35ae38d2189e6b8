"""The assertion consumer: pysaml2 checks every answer against the organisation's own
identity provider and the request this browser made; ``sso_finish`` decides who it is."""

from __future__ import annotations

import pytest
from django.test import Client
from django.test.client import Client as _Client

from remento.core.models import AuditEvent, User
from remento.integrations.sso.signin import TEST_SESSION_KEY
from remento.people.models import Employee, Role
from tests.conftest import client_for
from tests.factories import EmployeeFactory, OrganizationFactory, employee_with_login
from tests.integrations.sso import saml_fixtures
from tests.integrations.sso.saml_fixtures import connect, start_sign_in
from tests.integrations.sso.saml_idp import (
    EXPIRED,
    OTHER_AUDIENCE,
    TAMPERED,
    Answer,
    SamlTestIdp,
)

idp = saml_fixtures.idp
other_idp = saml_fixtures.other_idp
EMAIL = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"


def _answer(
    client: Client,
    idp: SamlTestIdp,
    slug: str,
    answer: Answer,
    *,
    saml_request: str,
    answered_by: SamlTestIdp | None = None,
):
    """``idp`` reads the request; ``answered_by`` (``idp`` unless said) signs the answer."""
    sent = idp.parse_request(saml_request)
    saml_response = (answered_by or idp).response_for(
        in_response_to=sent.request_id,
        destination=sent.destination,
        audience=sent.issuer,
        answer=answer,
    )
    return client.post(f"/sso/saml/{slug}/acs/", {"SAMLResponse": saml_response})


def _sign_in(client: Client, idp: SamlTestIdp, slug: str, answer: Answer):
    from remento.core.models import Organization

    saml_request = start_sign_in(client, Organization.objects.get(slug=slug))
    return _answer(client, idp, slug, answer, saml_request=saml_request)


def _signed_in_user(client: Client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_a_valid_answer_signs_the_person_in(
    admin: Employee, mentor: Employee, idp: SamlTestIdp
) -> None:
    connect(admin, idp, match_claim=EMAIL)
    client = Client()
    response = _sign_in(client, idp, "acme", Answer(attributes={EMAIL: [mentor.email]}))
    assert response.status_code == 302
    assert _signed_in_user(client) == mentor.user


def test_a_first_sign_in_makes_the_persons_sign_in_once(
    admin: Employee, organization: object, idp: SamlTestIdp
) -> None:
    newcomer = EmployeeFactory(organization=organization, email="nia@acme.example", level=2)
    connect(admin, idp, match_claim="email")
    for _ in range(2):
        client = Client()
        response = _sign_in(client, idp, "acme", Answer(attributes={"email": [newcomer.email]}))
        assert response.status_code == 302
        newcomer.refresh_from_db()
        assert _signed_in_user(client) == newcomer.user
    assert User.objects.filter(email="nia@acme.example").count() == 1
    assert AuditEvent.objects.filter(verb="sso.sign_in_created").count() == 1


def test_the_name_id_can_be_the_attribute_matched(
    admin: Employee, mentor: Employee, idp: SamlTestIdp
) -> None:
    connect(admin, idp, match_claim="name_id")
    client = Client()
    answer = Answer(attributes={"department": ["Sales"]}, name_id=mentor.email)
    assert _sign_in(client, idp, "acme", answer).status_code == 302
    assert _signed_in_user(client) == mentor.user


def test_an_unknown_person_is_refused_with_the_reason(admin: Employee, idp: SamlTestIdp) -> None:
    connect(admin, idp)
    client = Client()
    response = _sign_in(client, idp, "acme", Answer(attributes={"email": ["zoe@acme.example"]}))
    assert response.status_code == 403
    assert "is not in Acme Retail" in response.content.decode()
    assert _signed_in_user(client) is None


def test_an_email_outside_the_allowed_domains_is_refused(admin: Employee, idp: SamlTestIdp) -> None:
    connect(admin, idp)
    client = Client()
    response = _sign_in(client, idp, "acme", Answer(attributes={"email": ["maya@evil.example"]}))
    assert response.status_code == 403
    assert "not an address of Acme Retail" in response.content.decode()


def _refused(response: object, words: str) -> None:
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert words in response.content.decode()  # type: ignore[attr-defined]


def test_a_tampered_assertion_is_refused(
    admin: Employee, mentor: Employee, idp: SamlTestIdp
) -> None:
    connect(admin, idp)
    client = Client()
    answer = Answer(attributes={"email": [mentor.email]}, mode=TAMPERED, tampered_value=admin.email)
    _refused(_sign_in(client, idp, "acme", answer), "changed after it was signed")
    assert _signed_in_user(client) is None
    assert AuditEvent.objects.filter(verb="sso.refused").exists()


def test_an_expired_assertion_is_refused(
    admin: Employee, mentor: Employee, idp: SamlTestIdp
) -> None:
    connect(admin, idp)
    client = Client()
    answer = Answer(attributes={"email": [mentor.email]}, mode=EXPIRED)
    _refused(_sign_in(client, idp, "acme", answer), "has expired")
    assert _signed_in_user(client) is None


def test_an_assertion_for_another_audience_is_refused(
    admin: Employee, mentor: Employee, idp: SamlTestIdp
) -> None:
    connect(admin, idp)
    client = Client()
    answer = Answer(attributes={"email": [mentor.email]}, mode=OTHER_AUDIENCE)
    _refused(_sign_in(client, idp, "acme", answer), "not meant for this organisation")
    assert _signed_in_user(client) is None


def test_an_answer_no_request_of_this_browser_asked_for_is_refused(
    admin: Employee, mentor: Employee, idp: SamlTestIdp
) -> None:
    connect(admin, idp)
    first = Client()
    saml_request = start_sign_in(first, admin.organization)
    stranger_browser = Client()
    start_sign_in(stranger_browser, admin.organization)  # a sign-in of its own
    answer = Answer(attributes={"email": [mentor.email]})
    response = _answer(stranger_browser, idp, "acme", answer, saml_request=saml_request)
    _refused(response, "does not belong to a sign-in started in this browser")


def test_one_organisations_identity_provider_cannot_sign_into_another(
    admin: Employee, mentor: Employee, idp: SamlTestIdp, other_idp: SamlTestIdp
) -> None:
    connect(admin, idp)
    other = OrganizationFactory(name="Other Corp", slug="other")
    other_admin = employee_with_login(organization=other, email="oz@other.example", role=Role.ADMIN)
    EmployeeFactory(organization=other, email="maya@other.example")
    connect(other_admin, other_idp)
    client = Client()
    saml_request = start_sign_in(client, other)
    # Acme's provider answers Other Corp's request, naming one of Other Corp's people.
    answer = Answer(attributes={"email": ["maya@other.example"]})
    response = _answer(
        client, other_idp, "other", answer, saml_request=saml_request, answered_by=idp
    )
    _refused(response, "Start the sign-in again")
    assert _signed_in_user(client) is None
    # And Other Corp's provider cannot sign anyone into Acme.
    saml_request = start_sign_in(client, admin.organization)
    answer = Answer(attributes={"email": [mentor.email]})
    response = _answer(
        client, idp, "acme", answer, saml_request=saml_request, answered_by=other_idp
    )
    _refused(response, "Start the sign-in again")
    assert _signed_in_user(client) is None
    # Other Corp's own provider does sign its own person in there.
    answer = Answer(attributes={"email": ["maya@other.example"]})
    assert _sign_in(client, other_idp, "other", answer).status_code == 302


def test_the_answer_posted_from_the_providers_site_is_posted_again_from_remento(
    admin: Employee, idp: SamlTestIdp
) -> None:
    connect(admin, idp)
    response = _Client().post("/sso/saml/acme/acs/", {"SAMLResponse": "PHNhbWw+"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="SAMLResponse" value="PHNhbWw+"' in page
    assert 'name="continued"' in page


def test_a_switched_off_connection_offers_no_sign_in(admin: Employee, idp: SamlTestIdp) -> None:
    connect(admin, idp, enabled=False)
    assert Client().get("/sso/saml/acme/login/").status_code == 404
    assert Client().get("/sso/saml/nowhere/login/").status_code == 404


def test_an_admins_test_sign_in_shows_the_answer_and_signs_nobody_in(
    admin: Employee, mentor: Employee, idp: SamlTestIdp
) -> None:
    connection = connect(admin, idp, enabled=False)
    client = client_for(admin)
    response = client.post("/sso/saml/settings/test/")
    assert 'content="0;url=/sso/saml/acme/login/"' in response.content.decode()
    assert client.session[TEST_SESSION_KEY] == connection.pk
    response = _sign_in(client, idp, "acme", Answer(attributes={"email": [mentor.email]}))
    assert response.status_code == 200
    page = response.content.decode()
    assert mentor.email in page
    assert _signed_in_user(client) == admin.user


def test_an_admins_test_refused_by_its_checks_shows_the_test_page_and_keeps_them_in(
    admin: Employee, mentor: Employee, idp: SamlTestIdp
) -> None:
    connect(admin, idp, enabled=False)
    client = client_for(admin)
    client.post("/sso/saml/settings/test/")

    answer = Answer(attributes={"email": [mentor.email]}, mode=EXPIRED)
    response = _sign_in(client, idp, "acme", answer)

    page = response.content.decode()
    assert "Test sign-in" in page
    assert "You are not signed in" not in page
    assert _signed_in_user(client) == admin.user
    assert AuditEvent.objects.filter(verb="sso.test_failed", actor=admin.user).exists()


def test_without_xmlsec1_the_sign_in_says_what_is_missing(
    admin: Employee, idp: SamlTestIdp, monkeypatch: pytest.MonkeyPatch
) -> None:
    connect(admin, idp)
    monkeypatch.setattr("remento.integrations.sso.saml.config.shutil.which", lambda name: None)
    response = Client().get("/sso/saml/acme/login/")
    assert response.status_code == 503
    assert "needs the xmlsec1 program" in response.content.decode()


def test_an_answer_cannot_be_used_twice(
    admin: Employee, mentor: Employee, idp: SamlTestIdp
) -> None:
    connect(admin, idp)
    client = Client()
    sent = idp.parse_request(start_sign_in(client, admin.organization))
    saml_response = idp.response_for(
        in_response_to=sent.request_id,
        destination=sent.destination,
        audience=sent.issuer,
        answer=Answer(attributes={"email": [mentor.email]}),
    )
    first = client.post("/sso/saml/acme/acs/", {"SAMLResponse": saml_response})
    assert first.status_code == 302
    client.post("/accounts/logout/")
    start_sign_in(client, admin.organization)  # the browser has a sign-in under way again
    again = client.post("/sso/saml/acme/acs/", {"SAMLResponse": saml_response})
    _refused(again, "or it was already used")
    assert _signed_in_user(client) is None
