"""The admins' single sign-on pages: who may open them, what they save (audited), that the
client secret is stored encrypted and never shown back, and the policy's safeguards."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from remento.core.models import AuditEvent, Organization
from remento.integrations.sso.hub import hub_card
from remento.integrations.sso.models import Protocol, SsoConnection, SsoPolicy
from remento.integrations.sso.secrets import secret_decrypt
from remento.people.models import Employee, Role
from tests.conftest import client_for
from tests.factories import OrganizationFactory, employee_with_login

SECRET = "s3cret-that-must-never-show-0042"
PAGES = ("sso:settings", "sso:oidc_settings")


def _form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "label": "Okta",
        "issuer": "https://acme.okta.com",
        "client_id": "0oa1b2c3",
        "client_secret": SECRET,
        "oidc_scopes": "openid email profile",
        "match_on": "email",
        "match_claim": "email",
        "email_claim": "email",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_an_admin_opens_both_pages(admin: Employee) -> None:
    client = client_for(admin)
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 200


def test_a_coordinator_and_a_participant_are_refused(
    coordinator: Employee, mentee: Employee
) -> None:
    for person in (coordinator, mentee):
        client = client_for(person)
        for name in PAGES:
            assert client.get(reverse(name)).status_code == 403
        assert client.post(reverse("sso:oidc_settings"), _form()).status_code == 403
        assert client.post(reverse("sso:oidc_test")).status_code == 403
    assert not SsoConnection.objects.exists()


def test_anonymous_is_sent_to_sign_in(db: None) -> None:
    response = Client().get(reverse("sso:settings"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_admin_saves_the_connection_with_the_secret_encrypted_and_never_shown(
    admin: Employee, organization: Organization
) -> None:
    client = client_for(admin)

    response = client.post(reverse("sso:oidc_settings"), _form())

    assert response.status_code == 302
    connection = SsoConnection.objects.get(organization=organization, protocol=Protocol.OIDC)
    assert SECRET not in connection.client_secret_encrypted
    assert secret_decrypt(connection.client_secret_encrypted) == SECRET
    page = client.get(reverse("sso:oidc_settings")).content.decode()
    assert SECRET not in page
    assert connection.client_secret_encrypted not in page
    assert "A secret is stored" in page
    assert "/sso/oidc/callback/" in page  # the redirect URI to paste
    event = AuditEvent.objects.get(verb="sso.connection_created")
    assert "client_secret" in event.data["changed"]
    assert SECRET not in str(event.data)


def test_an_empty_secret_keeps_the_stored_one(admin: Employee, organization: Organization) -> None:
    client = client_for(admin)
    client.post(reverse("sso:oidc_settings"), _form())

    client.post(reverse("sso:oidc_settings"), _form(client_secret="", label="Okta SSO"))

    connection = SsoConnection.objects.get(organization=organization)
    assert connection.label == "Okta SSO"
    assert secret_decrypt(connection.client_secret_encrypted) == SECRET


def test_bad_settings_are_refused_naming_the_field(admin: Employee) -> None:
    response = client_for(admin).post(
        reverse("sso:oidc_settings"),
        _form(issuer="http://idp.acme.example", oidc_scopes="email", match_claim="e mail"),
    )
    foreign = client_for(admin).post(
        reverse("sso:oidc_settings"), _form(allowed_domains="other.example")
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "https:// issuer URL" in page
    assert "must include openid" in page
    assert "A claim name" in page
    assert foreign.status_code == 400
    assert "other.example is not one of the available choices" in foreign.content.decode()
    assert not SsoConnection.objects.exists()


def test_turning_it_on_needs_issuer_client_and_secret(admin: Employee) -> None:
    response = client_for(admin).post(
        reverse("sso:oidc_settings"), _form(client_id="", client_secret="", enabled="on")
    )

    assert response.status_code == 400
    assert "Fill in the client id and the client secret" in response.content.decode()


def test_another_organisations_admin_sees_and_changes_only_their_own(
    admin: Employee, organization: Organization
) -> None:
    client_for(admin).post(reverse("sso:oidc_settings"), _form())
    other = OrganizationFactory(name="Other Corp", slug="other")
    their_admin = employee_with_login(
        organization=other, email="olga@other.example", role=Role.ADMIN
    )
    client = client_for(their_admin)

    page = client.get(reverse("sso:oidc_settings")).content.decode()
    client.post(reverse("sso:oidc_settings"), _form(issuer="https://other.okta.com"))

    assert "acme.okta.com" not in page
    assert "0oa1b2c3" not in page
    ours = SsoConnection.objects.get(organization=organization)
    assert ours.issuer == "https://acme.okta.com"
    assert SsoConnection.objects.get(organization=other).issuer == "https://other.okta.com"


def test_sso_only_needs_a_tested_enabled_connection_and_a_break_glass_admin(
    admin: Employee, organization: Organization
) -> None:
    client = client_for(admin)
    client.post(reverse("sso:oidc_settings"), _form(enabled="on"))

    untested = client.post(reverse("sso:settings"), {"sso_only": "on", "break_glass": admin.pk})
    SsoConnection.objects.filter(organization=organization).update(tested_at=timezone.now())
    nobody = client.post(reverse("sso:settings"), {"sso_only": "on", "break_glass": ""})

    assert untested.status_code == 400
    assert "pass a test sign-in" in untested.content.decode()
    assert nobody.status_code == 400
    assert "Choose the break-glass admin" in nobody.content.decode()
    assert not SsoPolicy.objects.filter(sso_only=True).exists()

    done = client.post(reverse("sso:settings"), {"sso_only": "on", "break_glass": admin.pk})

    assert done.status_code == 302
    assert SsoPolicy.objects.get(organization=organization).sso_only
    assert AuditEvent.objects.filter(verb="sso.policy_changed").count() == 1


def test_the_break_glass_admin_must_be_an_admin_of_this_organisation(
    admin: Employee, coordinator: Employee, stranger: Employee
) -> None:
    client = client_for(admin)
    for someone in (coordinator, stranger):
        response = client.post(reverse("sso:settings"), {"break_glass": someone.pk})
        assert response.status_code == 400
    assert not SsoPolicy.objects.exists()


def test_changing_the_provider_forgets_the_last_test_and_the_last_connection_stays_on(
    admin: Employee, organization: Organization
) -> None:
    client = client_for(admin)
    client.post(reverse("sso:oidc_settings"), _form(enabled="on"))
    SsoConnection.objects.update(tested_at=timezone.now())
    client.post(reverse("sso:settings"), {"sso_only": "on", "break_glass": admin.pk})

    off = client.post(reverse("sso:oidc_settings"), _form(client_secret=""))
    client.post(reverse("sso:oidc_settings"), _form(client_id="new-id", enabled="on"))

    assert off.status_code == 400
    assert "turn it off first" in off.content.decode()
    connection = SsoConnection.objects.get(organization=organization)
    assert connection.enabled
    assert connection.tested_at is None


def test_the_test_button_starts_a_test_sign_in_for_the_admins_own_connection(
    admin: Employee,
) -> None:
    client = client_for(admin)
    client.post(reverse("sso:oidc_settings"), _form())

    response = client.post(reverse("sso:oidc_test"))

    assert response.status_code == 200
    assert 'href="/sso/oidc/acme/start/?test=1"' in response.content.decode()
    assert client.session["sso_test_connection"] == SsoConnection.objects.get().pk


def test_the_hub_card_is_for_admins_only(admin: Employee, coordinator: Employee) -> None:
    card = hub_card(admin)
    assert card is not None
    assert card.url == reverse("sso:settings")
    assert not card.ready
    assert hub_card(coordinator) is None


def test_the_hub_card_tells_a_saved_connection_that_is_off_from_none(admin: Employee) -> None:
    client = client_for(admin)
    client.post(reverse("sso:oidc_settings"), _form())  # saved, not turned on

    card = hub_card(admin)
    assert card is not None
    assert (card.ready, card.badge) == (False, "Saved, off")
    assert "Your OpenID Connect connection is saved but not offered to people yet" in card.status
    page = client.get(reverse("integrations:hub")).content.decode()
    assert '<span class="badge badge-warn">Saved, off</span>' in page
    assert "Not set up</span> A " not in page


def test_turning_on_a_connection_no_test_has_passed_with_warns(admin: Employee) -> None:
    client = client_for(admin)

    page = client.post(reverse("sso:oidc_settings"), _form(enabled="on"), follow=True).text

    assert "no test has passed with them: press “Test sign-in” now" in page
    assert SsoConnection.objects.get().enabled
