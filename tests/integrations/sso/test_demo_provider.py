"""The demo's test identity provider and its pre-filled connection (integrations/sso/demo.py)."""

from __future__ import annotations

import socket

import requests

from remento.core.models import Organization
from remento.integrations.sso.demo import (
    demo_connection_prepare,
    demo_identity_provider,
    local_provider_start,
    provider_users,
)
from remento.integrations.sso.models import SsoConnection
from remento.integrations.sso.secrets import secret_decrypt
from remento.people.models import Employee
from tests.factories import EmployeeFactory


def test_the_demo_connection_is_prefilled_switched_off_and_follows_the_port(
    organization: Organization, admin: Employee
) -> None:
    first = demo_connection_prepare(organization=organization, issuer="http://127.0.0.1:8001")
    assert first is not None
    SsoConnection.objects.filter(pk=first.pk).update(enabled=True, tested_at=None)

    again = demo_connection_prepare(organization=organization, issuer="http://127.0.0.1:9001")

    assert again is not None
    assert again.pk == first.pk
    assert again.issuer == "http://127.0.0.1:9001"
    assert again.enabled  # what the admin chose stays
    assert secret_decrypt(again.client_secret_encrypted)
    assert not first.enabled


def test_a_connection_to_a_real_provider_is_left_alone(
    organization: Organization, admin: Employee
) -> None:
    SsoConnection.objects.create(
        organization=organization, protocol="oidc", issuer="https://acme.okta.com"
    )

    kept = demo_connection_prepare(organization=organization, issuer="http://127.0.0.1:8001")

    assert kept is not None
    assert kept.issuer == "https://acme.okta.com"


def test_the_provider_offers_people_of_the_organisation_and_two_who_will_be_refused(
    organization: Organization, admin: Employee, mentee: Employee
) -> None:
    EmployeeFactory.create(organization=organization, email="nia@acme.example")
    users = provider_users(organization)
    provider = local_provider_start(port=0, users=users)
    try:
        document = requests.get(
            f"{provider.issuer}/.well-known/openid-configuration", timeout=10
        ).json()
    finally:
        provider.stop()

    subjects = [user.sub for user in users]
    assert admin.email in subjects
    assert mentee.email in subjects
    assert "nia@acme.example" in subjects  # someone without a sign-in yet
    assert "someone@elsewhere.example" in subjects
    assert document["issuer"] == provider.issuer


def test_a_port_in_use_leaves_the_demo_running_and_says_so(organization: Organization) -> None:
    """The demo starts its provider on its port + 1; when something else holds that port
    (the chat sandbox, another demo) the demo goes on and prints why, instead of exiting."""
    taken = socket.create_server(("127.0.0.1", 0))
    try:
        line = demo_identity_provider(organization, port=taken.getsockname()[1])
    finally:
        taken.close()
    assert line.startswith("Test identity provider: not started on port")


def test_the_provider_answers_on_the_port_it_was_given() -> None:
    provider = local_provider_start(port=0)
    try:
        answer = requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=10)
    finally:
        provider.stop()
    assert answer.status_code == 200
    assert answer.json()["issuer"].rstrip("/") == provider.issuer
