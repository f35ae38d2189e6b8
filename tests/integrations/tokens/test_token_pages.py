"""The tokens page: who sees, makes and revokes which tokens; the secret shown once."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from remento.integrations.tokens.models import AccessToken, TokenKind
from remento.integrations.tokens.services import token_authenticate, token_create
from remento.people.models import Employee
from tests.conftest import client_for


def _token(maker: Employee, kind: str = "api", name: str = "Report") -> AccessToken:
    assert maker.user is not None
    scopes = ["scim"] if kind == TokenKind.SCIM else ["people:read"]
    return token_create(
        actor=maker.user, organization=maker.organization, kind=kind, name=name, scopes=scopes
    ).token


def test_a_member_makes_an_api_token_and_sees_its_secret_once(mentor: Employee) -> None:
    client = client_for(mentor)
    answer = client.post(
        reverse("tokens:create"),
        {"kind": "api", "name": "My calendar sync", "scopes": ["pairs:read", "pairs:write"]},
    )
    assert answer.status_code == 200
    secret = answer.context["made"].secret
    assert secret.encode() in answer.content
    assert "no-store" in answer["Cache-Control"]
    token = token_authenticate(secret=secret, kind="api")
    assert token is not None
    assert token.scopes == ["pairs:read", "pairs:write"]
    listing = client.get(reverse("tokens:list"))
    assert b"My calendar sync" in listing.content
    assert secret.encode() not in listing.content


def test_the_create_page_offers_the_scopes_in_the_tables_words(mentor: Employee) -> None:
    page = client_for(mentor).get(reverse("tokens:create"))
    assert b"Read pairs, meetings and check-ins" in page.content
    assert b"SCIM provisioning" not in page.content


def test_the_scim_page_s_link_opens_the_form_on_a_scim_token(
    admin: Employee, mentor: Employee
) -> None:
    url = reverse("tokens:create") + "?kind=scim"
    assert url in client_for(admin).get(reverse("scim_page:settings")).text
    page = client_for(admin).get(url).text
    assert 'value="scim" id="id_kind_1" required checked>' in page
    # Someone who may make no SCIM token gets the API form, and no word of SCIM.
    theirs = client_for(mentor).get(url).text
    assert 'value="api" id="id_kind_0" required checked>' in theirs
    assert "SCIM" not in theirs


def test_a_token_with_no_scope_is_refused_naming_the_field(mentor: Employee) -> None:
    answer = client_for(mentor).post(reverse("tokens:create"), {"kind": "api", "name": "x"})
    assert answer.status_code == 400
    assert "scopes" in answer.context["form"].errors
    assert not AccessToken.objects.exists()


def test_an_expiry_in_the_past_is_refused(mentor: Employee) -> None:
    answer = client_for(mentor).post(
        reverse("tokens:create"),
        {"kind": "api", "name": "x", "scopes": ["pairs:read"], "expires_on": "2001-01-01"},
    )
    assert answer.status_code == 400
    assert "expires_on" in answer.context["form"].errors


def test_the_list_names_the_last_day_a_token_works_as_it_was_chosen(mentor: Employee) -> None:
    client = client_for(mentor)
    last_day = timezone.localdate() + dt.timedelta(days=30)
    client.post(
        reverse("tokens:create"),
        {"kind": "api", "name": "x", "scopes": ["pairs:read"], "expires_on": last_day.isoformat()},
    )

    listing = client.get(reverse("tokens:list")).content.decode()

    # It said "until" the next day: the midnight that ends the chosen day.
    assert f"through {last_day:%-d %b %Y}" in listing
    next_day = last_day + dt.timedelta(days=1)
    assert f"{next_day:%-d %b %Y}" not in listing


def test_only_an_admin_makes_a_scim_token(admin: Employee, coordinator: Employee) -> None:
    refused = client_for(coordinator).post(
        reverse("tokens:create"), {"kind": "scim", "name": "Entra ID"}
    )
    assert refused.status_code == 400
    assert not AccessToken.objects.filter(kind="scim").exists()
    made = client_for(admin).post(reverse("tokens:create"), {"kind": "scim", "name": "Entra ID"})
    assert made.status_code == 200
    assert AccessToken.objects.get(kind="scim").scopes == ["scim"]


def test_an_admin_sees_every_token_a_member_only_their_own_api_tokens(
    admin: Employee, coordinator: Employee, mentor: Employee
) -> None:
    _token(admin, "scim", "Okta")
    _token(coordinator, name="Coordinator's report")
    _token(mentor, name="Maya's script")
    admin_page = client_for(admin).get(reverse("tokens:list")).content
    assert b"Okta" in admin_page
    assert b"Maya&#x27;s script" in admin_page
    mentor_page = client_for(mentor).get(reverse("tokens:list")).content
    assert b"Maya&#x27;s script" in mentor_page
    assert b"Okta" not in mentor_page
    assert b"Coordinator" not in mentor_page


def test_a_member_revokes_their_own_token_after_confirming(mentor: Employee) -> None:
    token = _token(mentor)
    client = client_for(mentor)
    url = reverse("tokens:revoke", args=[token.pk])
    assert b"Revoke the token" in client.get(url).content
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client.post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_someone_elses_token_is_a_404_to_a_member_and_revocable_by_an_admin(
    admin: Employee, mentor: Employee, mentee: Employee
) -> None:
    token = _token(mentee)
    url = reverse("tokens:revoke", args=[token.pk])
    assert client_for(mentor).post(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client_for(admin).post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == admin.user


def test_another_organisations_token_is_a_404(admin: Employee, stranger: Employee) -> None:
    token = _token(admin, "scim")
    answer = client_for(stranger).post(reverse("tokens:revoke", args=[token.pk]))
    assert answer.status_code == 404
    assert b"Okta" not in client_for(stranger).get(reverse("tokens:list")).content


def test_the_integrations_page_shows_the_api_card_to_coordinators(
    coordinator: Employee, mentor: Employee
) -> None:
    _token(coordinator)
    page = client_for(coordinator).get(reverse("integrations:hub"))
    assert b"REST API" in page.content
    assert b"1 live API token of yours" in page.content
    from remento.integrations.api.hub import hub_card

    assert hub_card(mentor) is None


def test_a_participant_reaches_the_tokens_page_from_their_profile(mentor: Employee) -> None:
    page = client_for(mentor).get(reverse("people:employee_detail", args=[mentor.pk]))
    assert reverse("tokens:list").encode() in page.content
