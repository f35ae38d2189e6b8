""" "Single sign-on only": passwords refused for the organisation's people (with a pointer to
the company sign-in), except the break-glass admin and platform operators; no reset link."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from remento.core.models import AuditEvent, Organization, User
from remento.integrations.sso.models import Protocol, SsoConnection, SsoPolicy
from remento.people.models import Employee
from tests.factories import PASSWORD


@pytest.fixture
def sso_only(organization: Organization, admin: Employee) -> SsoPolicy:
    SsoConnection.objects.create(
        organization=organization,
        protocol=Protocol.OIDC,
        enabled=True,
        issuer="https://acme.okta.com",
        tested_at=timezone.now(),
    )
    return SsoPolicy.objects.create(organization=organization, sso_only=True, break_glass=admin)


def _password_sign_in(email: str) -> tuple[Client, Any]:
    client = Client()
    response = client.post(reverse("login"), {"username": email, "password": PASSWORD})
    return client, response


def test_a_participant_is_refused_the_password_and_pointed_to_company_sign_in(
    sso_only: SsoPolicy, mentee: Employee
) -> None:
    client, response = _password_sign_in(mentee.email)

    assert response.status_code == 403
    page = response.content.decode()
    assert "Acme Retail signs in with the company account" in page
    assert reverse("sso:start") in page
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(verb="signin.password_refused", target_id=str(mentee.user_id))


def test_a_coordinator_is_refused_too(sso_only: SsoPolicy, coordinator: Employee) -> None:
    client, response = _password_sign_in(coordinator.email)
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_the_break_glass_admin_still_signs_in_with_the_password(
    sso_only: SsoPolicy, admin: Employee
) -> None:
    client, response = _password_sign_in(admin.email)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin.user_id)


def test_a_platform_operator_still_signs_in_with_the_password(
    sso_only: SsoPolicy, mentee: Employee
) -> None:
    User.objects.filter(employee=mentee).update(is_staff=True)

    _client, response = _password_sign_in(mentee.email)

    assert response.status_code == 302


def test_another_organisations_people_keep_their_passwords(
    sso_only: SsoPolicy, stranger: Employee
) -> None:
    _client, response = _password_sign_in(stranger.email)
    assert response.status_code == 302


def test_a_wrong_password_gets_the_usual_answer_not_the_policy(
    sso_only: SsoPolicy, mentee: Employee
) -> None:
    response = Client().post(reverse("login"), {"username": mentee.email, "password": "wrong"})

    page = response.content.decode()
    assert "do not match an account" in page
    assert "company account" in page
    assert "signs in with the company account" not in page


def test_no_reset_link_is_sent_and_the_page_says_the_same(
    sso_only: SsoPolicy, mentee: Employee, admin: Employee
) -> None:
    refused = Client().post(reverse("password_reset"), {"email": mentee.email})
    allowed = Client().post(reverse("password_reset"), {"email": admin.email})

    assert refused.status_code == allowed.status_code == 302
    assert refused["Location"] == allowed["Location"]
    assert [message.to for message in mail.outbox] == [[admin.email]]
    assert AuditEvent.objects.filter(verb="password_reset.refused", target_id=str(mentee.user_id))


def test_without_the_policy_passwords_work(organization: Organization, mentee: Employee) -> None:
    SsoPolicy.objects.create(organization=organization, sso_only=False)

    _client, response = _password_sign_in(mentee.email)

    assert response.status_code == 302


def test_the_sign_in_page_offers_the_company_account(db: None) -> None:
    page = Client().get(reverse("login")).content.decode()
    assert "Sign in with your company account" in page
    assert reverse("sso:start") in page
