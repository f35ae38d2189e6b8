"""An OpenID provider's discovery document (``<issuer>/.well-known/openid-configuration``):
where its endpoints and keys are, read once in a while and kept in the cache."""

from __future__ import annotations

from dataclasses import dataclass

import requests
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from remento.core.outbound_urls import failure_words, url_refusal

CACHE_SECONDS = 10 * 60
TIMEOUT_SECONDS = 10
WELL_KNOWN = "/.well-known/openid-configuration"


class DiscoveryError(Exception):
    """The provider's document could not be read or lacks what sign-in needs; the message
    says which, for the admin (it names no secret)."""


@dataclass(frozen=True)
class ProviderConfig:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str
    signing_algorithm: str
    # How the client secret goes to the token endpoint: HTTP Basic (the standard's default,
    # and Okta's), unless the provider offers only a form field (client_secret_post).
    secret_in_basic_auth: bool


def issuer_normal(issuer: str) -> str:
    """The issuer as compared with an ID token's ``iss``: without a trailing slash."""
    return issuer.strip().rstrip("/")


# The endpoints the server (token, keys, user info) or the browser (authorization) is sent to.
ENDPOINTS = ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")


def _fetch(issuer: str) -> dict[str, object]:
    url = issuer_normal(issuer) + WELL_KNOWN
    if refusal := url_refusal(url):
        raise DiscoveryError(f"The issuer URL cannot be used: {refusal}")
    try:
        # No redirects: each place the server is sent to passes url_refusal first.
        response = requests.get(url, timeout=TIMEOUT_SECONDS, allow_redirects=False)
        if response.is_redirect:
            raise DiscoveryError(
                f"The identity provider answered {url} with a redirect to "
                f"{response.headers.get('Location', '')}: use the issuer URL it redirects to."
            )
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise DiscoveryError(
            f"The identity provider's discovery document ({url}) could not be read: "
            f"{failure_words(error)}. Check the issuer URL."
        ) from None
    if not isinstance(document, dict):
        raise DiscoveryError(f"{url} is not an OpenID Connect discovery document.")
    # Checked once, here: a document in the cache has passed (each check looks names up).
    for name in ENDPOINTS:
        endpoint = document.get(name)
        if isinstance(endpoint, str) and endpoint and (refusal := url_refusal(endpoint)):
            raise DiscoveryError(f"The discovery document's {name} ({endpoint}): {refusal}")
    return document


def provider_config(issuer: str) -> ProviderConfig:
    """The provider's endpoints, from its discovery document (cached for ten minutes)."""
    key = (
        "remento:sso:discovery:"
        + salted_hmac("sso.discovery", issuer_normal(issuer), algorithm="sha256").hexdigest()
    )
    document = cache.get(key)
    if document is None:
        document = _fetch(issuer)
        cache.set(key, document, CACHE_SECONDS)
    missing = [
        name
        for name in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
        if not isinstance(document.get(name), str) or not document.get(name)
    ]
    if missing:
        raise DiscoveryError(f"The discovery document lacks {', '.join(missing)}.")
    if issuer_normal(str(document["issuer"])) != issuer_normal(issuer):
        raise DiscoveryError(
            f"The provider calls itself {document['issuer']}, not {issuer}: use its own issuer URL."
        )
    algorithms = document.get("id_token_signing_alg_values_supported") or ["RS256"]
    # RS256 is the one every provider must offer; otherwise the provider's first asymmetric one.
    usable = [a for a in algorithms if isinstance(a, str) and a[:2] in ("RS", "ES")]
    algorithm = "RS256" if "RS256" in algorithms else (usable[0] if usable else "RS256")
    methods = document.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    return ProviderConfig(
        issuer=issuer_normal(str(document["issuer"])),
        authorization_endpoint=str(document["authorization_endpoint"]),
        token_endpoint=str(document["token_endpoint"]),
        userinfo_endpoint=str(document.get("userinfo_endpoint") or ""),
        jwks_uri=str(document["jwks_uri"]),
        signing_algorithm=algorithm,
        secret_in_basic_auth="client_secret_basic" in methods
        or "client_secret_post" not in methods,
    )
