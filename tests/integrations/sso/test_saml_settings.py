"""The SAML settings page (admins only), the checks of the identity provider's metadata,
and Remento's own metadata per organisation."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from remento.core.errors import FieldErrors
from remento.core.models import AuditEvent
from remento.integrations.sso.models import SsoConnection
from remento.integrations.sso.saml.metadata import metadata_check, metadata_url_check
from remento.people.models import Employee, Role
from tests.conftest import client_for
from tests.factories import OrganizationFactory, employee_with_login
from tests.integrations.sso import saml_fixtures
from tests.integrations.sso.saml_fixtures import connect
from tests.integrations.sso.saml_idp import SamlTestIdp

idp = saml_fixtures.idp
other_idp = saml_fixtures.other_idp
URL = "/sso/saml/settings/"


def _form(**values: str) -> dict[str, str]:
    return {
        "idp_metadata_url": "",
        "idp_metadata_xml": "",
        "match_on": "email",
        "match_claim": "email",
        "email_claim": "",
        "allowed_domains": "",
        "label": "Acme account",
        **values,
    }


def test_only_admins_open_the_settings(
    admin: Employee, coordinator: Employee, mentor: Employee
) -> None:
    assert client_for(admin).get(URL).status_code == 200
    assert client_for(coordinator).get(URL).status_code == 403
    assert client_for(mentor).get(URL).status_code == 403
    assert client_for(coordinator).post(URL, _form()).status_code == 403
    assert client_for(coordinator).post(f"{URL}test/").status_code == 403
    assert Client().get(URL)["Location"].startswith("/accounts/login/")


def test_an_admin_connects_the_identity_provider_by_its_metadata_url(
    admin: Employee, idp: SamlTestIdp
) -> None:
    client = client_for(admin)
    response = client.post(URL, _form(idp_metadata_url=idp.entity_id, enabled="on"))
    assert response.status_code == 302
    connection = SsoConnection.objects.get(organization=admin.organization)
    assert connection.enabled
    assert idp.entity_id in connection.idp_metadata_xml  # stored: never fetched at sign-in
    assert connection.sp_certificate.startswith("-----BEGIN CERTIFICATE-----")
    assert "PRIVATE KEY" not in connection.sp_private_key_encrypted
    event = AuditEvent.objects.get(verb="sso.saml_saved")
    assert event.data["idp_entity_id"] == idp.entity_id
    page = client.get(URL).content.decode()
    assert "http://testserver/sso/saml/acme/metadata/" in page  # the entity id to give
    assert "http://testserver/sso/saml/acme/acs/" in page
    assert idp.sso_url in page


def test_pasted_metadata_xml_is_accepted(admin: Employee, idp: SamlTestIdp) -> None:
    response = client_for(admin).post(URL, _form(idp_metadata_xml=idp.metadata_xml()))
    assert response.status_code == 302
    connection = SsoConnection.objects.get(organization=admin.organization)
    assert connection.idp_metadata_url == ""
    assert not connection.enabled


@pytest.mark.parametrize(
    ("xml", "reason"),
    [
        ("this is not xml", "the XML could not be read"),
        ("<a>no metadata</a>", "describes no identity provider"),
    ],
)
def test_bad_metadata_is_refused_with_the_reason(admin: Employee, xml: str, reason: str) -> None:
    response = client_for(admin).post(URL, _form(idp_metadata_xml=xml))
    assert response.status_code == 422
    assert reason in response.content.decode()
    assert not SsoConnection.objects.exists()


def test_metadata_without_a_signing_certificate_is_refused(idp: SamlTestIdp) -> None:
    without_key = re.sub(r"<(\w+:)?KeyDescriptor.*?</(\w+:)?KeyDescriptor>", "", idp.metadata_xml())
    assert "KeyDescriptor" not in without_key
    with pytest.raises(FieldErrors, match="no signing certificate"):
        metadata_check(without_key)


def test_metadata_without_a_redirect_sign_in_service_is_refused(idp: SamlTestIdp) -> None:
    xml = idp.metadata_xml().replace("HTTP-Redirect", "HTTP-Artifact")
    with pytest.raises(FieldErrors, match="HTTP-Redirect"):
        metadata_check(xml)


def test_a_service_providers_metadata_is_not_an_identity_providers(
    admin: Employee, idp: SamlTestIdp
) -> None:
    connect(admin, idp)
    own = Client().get("/sso/saml/acme/metadata/").content.decode()
    with pytest.raises(FieldErrors, match="describes no identity provider"):
        metadata_check(own)


def test_both_url_and_xml_is_refused(admin: Employee, idp: SamlTestIdp) -> None:
    form = _form(idp_metadata_url=idp.entity_id, idp_metadata_xml=idp.metadata_xml())
    response = client_for(admin).post(URL, form)
    assert response.status_code == 422
    assert "not both" in response.content.decode()


def test_neither_url_nor_xml_is_refused(admin: Employee) -> None:
    response = client_for(admin).post(URL, _form())
    assert response.status_code == 422
    assert "metadata URL, or paste its metadata XML" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    ["http://idp.example.com/metadata", "ftp://idp.example.com/metadata"],
)
def test_a_metadata_url_must_be_https(url: str, settings: object) -> None:
    with pytest.raises(FieldErrors, match="https://"):
        metadata_url_check(url)


def test_plain_http_to_this_machine_only_while_testing(settings: object) -> None:
    metadata_url_check("http://127.0.0.1:8000/metadata")
    metadata_url_check("https://login.microsoftonline.com/x/federationmetadata.xml")
    settings.HTTPS = True  # type: ignore[attr-defined]
    settings.DEBUG = False  # type: ignore[attr-defined]
    with pytest.raises(FieldErrors, match="this server itself"):
        metadata_url_check("http://127.0.0.1:8000/metadata")


def test_an_unreachable_metadata_url_says_so(admin: Employee) -> None:
    response = client_for(admin).post(URL, _form(idp_metadata_url="http://127.0.0.1:9/metadata"))
    assert response.status_code == 422
    assert "could not be fetched" in response.content.decode()


def test_allowed_domains_must_be_the_organisations(admin: Employee, idp: SamlTestIdp) -> None:
    form = _form(idp_metadata_url=idp.entity_id, allowed_domains="acme.example, evil.example")
    response = client_for(admin).post(URL, form)
    assert response.status_code == 422
    assert "evil.example: not an email domain of Acme Retail" in response.content.decode()


def test_each_organisation_is_its_own_service_provider(
    admin: Employee, idp: SamlTestIdp, other_idp: SamlTestIdp
) -> None:
    ours = connect(admin, idp)
    other = OrganizationFactory(name="Other Corp", slug="other")
    other_admin = employee_with_login(organization=other, email="oz@other.example", role=Role.ADMIN)
    theirs = connect(other_admin, other_idp)
    acme = Client().get("/sso/saml/acme/metadata/").content.decode()
    other_md = Client().get("/sso/saml/other/metadata/").content.decode()
    assert 'entityID="http://testserver/sso/saml/acme/metadata/"' in acme
    assert "http://testserver/sso/saml/acme/acs/" in acme
    assert 'entityID="http://testserver/sso/saml/other/metadata/"' in other_md
    assert ours.sp_certificate != theirs.sp_certificate
    pem_body = "".join(ours.sp_certificate.splitlines()[1:-1])
    assert pem_body[:60] in acme
    assert pem_body[:60] not in other_md


def test_another_organisations_admin_changes_only_their_own(
    admin: Employee, stranger: Employee, idp: SamlTestIdp, other_idp: SamlTestIdp
) -> None:
    ours = connect(admin, idp)
    other_admin = employee_with_login(
        organization=stranger.organization, email="oz@other.example", role=Role.ADMIN
    )
    client = client_for(other_admin)
    assert idp.entity_id not in client.get(URL).content.decode()
    client.post(URL, _form(idp_metadata_url=other_idp.entity_id))
    ours.refresh_from_db()
    assert idp.entity_id in ours.idp_metadata_xml
    assert SsoConnection.objects.get(organization=stranger.organization).idp_metadata_url == (
        other_idp.entity_id
    )
    # An organisation with no SAML connection has no SAML pages.
    assert Client().get("/sso/saml/nowhere/metadata/").status_code == 404


def test_the_metadata_downloads_as_a_file(admin: Employee, idp: SamlTestIdp) -> None:
    connect(admin, idp, enabled=False)
    response = Client().get("/sso/saml/acme/metadata/?download=1")
    assert response.status_code == 200
    assert 'filename="remento-acme-saml-metadata.xml"' in response["Content-Disposition"]


def test_a_test_sign_in_needs_saved_metadata(admin: Employee) -> None:
    client = client_for(admin)
    response = client.post(f"{URL}test/", follow=True)
    assert "Save the identity provider's metadata first" in response.content.decode()
