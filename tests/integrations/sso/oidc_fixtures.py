"""Helpers of the OpenID Connect tests: an organisation's connection to the test provider
(``conftest.py`` starts it), and a sign-in driven through the real redirects with Django's
test client."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import requests
from django.test import Client
from django.urls import reverse

from remento.core.models import Organization
from remento.integrations.sso.demo import LocalProvider
from remento.integrations.sso.models import SsoConnection
from remento.integrations.sso.services import OidcSettings, oidc_connection_save
from remento.people.models import Employee
from tests.factories import user_of

CLIENT_ID = "remento-test-client"
CLIENT_SECRET = "a-very-private-client-secret-4711"


def connect(
    organization: Organization, admin: Employee, issuer: str, **changes: object
) -> SsoConnection:
    """The organisation's OpenID Connect connection to ``issuer``, saved by ``admin``."""
    values = OidcSettings(
        issuer=issuer, client_id=CLIENT_ID, client_secret=CLIENT_SECRET, enabled=True
    )
    for name, value in changes.items():
        setattr(values, name, value)
    return oidc_connection_save(actor=user_of(admin), organization=organization, values=values)


def set_claims(provider: LocalProvider, sub: str, claims: dict[str, Any]) -> None:
    """What the provider says about ``sub`` (its own API)."""
    response = requests.put(f"{provider.issuer}/users/{sub}", json=claims, timeout=10)
    assert response.status_code == 204


def authorize(client: Client, start_url: str, sub: str) -> str:
    """Go to the provider from ``start_url`` and sign in there as ``sub``; the callback URL
    (path and query) the provider sends the browser back to."""
    start = client.get(start_url)
    assert start.status_code == 302, start.content.decode()[:500]
    answer = requests.post(start["Location"], data={"sub": sub}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:500]
    back = urlsplit(answer.headers["Location"])
    return f"{back.path}?{back.query}"


def sign_in_through(client: Client, organization: Organization, sub: str) -> Any:
    """A whole sign-in through the provider as ``sub``; the callback's response."""
    url = reverse("sso:oidc_start", kwargs={"slug": organization.slug})
    return client.get(authorize(client, url, sub))
