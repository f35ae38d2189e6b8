"""OpenID Connect sign-in through ``mozilla-django-oidc``, configured per organisation.

The library's views and backend read their settings from Django settings; here they read
them from the ``SsoConnection`` the sign-in started with (its pk in the session): endpoints
from the issuer's discovery document, the client id, the decrypted client secret, the
scopes. The library makes the state, nonce and PKCE verifier, checks them, exchanges the
code and verifies the ID token's signature (RS256 against the provider's JWKS), nonce and
expiry; the backend adds the audience and issuer checks the library leaves out. It never
creates a user: the verified claims leave ``auth.authenticate`` in ``ClaimsVerified`` and
go to ``signin.sso_finish``, where ``identity.sign_in_resolve`` applies the one rule.
"""

from __future__ import annotations

from typing import Any

import jwt
import requests
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from mozilla_django_oidc import auth as library_auth
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from remento.core.audit import audit_log
from remento.integrations.sso.discovery import DiscoveryError, ProviderConfig, provider_config
from remento.integrations.sso.models import Protocol, SsoConnection
from remento.integrations.sso.secrets import secret_decrypt
from remento.integrations.sso.signin import (
    NEXT_SESSION_KEY,
    TEST_SESSION_KEY,
    is_testing,
    sign_in_refused,
    sso_finish,
    test_failed,
)

# The connection an OpenID Connect sign-in started with (its pk), and where the callback
# view hands it to the backend.
CONNECTION_SESSION_KEY = "sso_oidc_connection"
REQUEST_ATTRIBUTE = "sso_oidc_connection"
CALLBACK_URL_NAME = "sso:oidc_callback"
TIMEOUT_SECONDS = 10
# Claims that describe the token rather than the person: not part of "what was sent".
TOKEN_CLAIMS = {"aud", "exp", "iat", "nbf", "nonce", "at_hash", "c_hash", "auth_time", "azp"}


class _RequestsWithoutRedirects:
    """What ``mozilla_django_oidc.auth`` calls as ``requests`` (``get`` and ``post``, for the
    provider's keys, token and user info): the same calls, never following a redirect, so
    that each goes only to an endpoint ``discovery.provider_config`` has checked
    (``remento.core.outbound_urls``). A redirect then reads as a failed exchange."""

    @staticmethod
    def get(url: str, **kwargs: Any) -> requests.Response:
        return requests.get(url, allow_redirects=False, **kwargs)

    @staticmethod
    def post(url: str, **kwargs: Any) -> requests.Response:
        return requests.post(url, allow_redirects=False, **kwargs)


library_auth.requests = _RequestsWithoutRedirects


class ClaimsVerified(Exception):
    """The provider's answer passed every check; ``claims`` says who it names. Raised out of
    ``authenticate`` so that Django neither signs anyone in nor counts a failed sign-in."""

    def __init__(self, claims: dict[str, Any]):
        super().__init__("claims verified")
        self.claims = claims


def library_settings(connection: SsoConnection, config: ProviderConfig) -> dict[str, Any]:
    """What ``mozilla-django-oidc`` reads from settings, for ``connection``."""
    return {
        "OIDC_OP_AUTHORIZATION_ENDPOINT": config.authorization_endpoint,
        "OIDC_OP_TOKEN_ENDPOINT": config.token_endpoint,
        "OIDC_OP_USER_ENDPOINT": config.userinfo_endpoint,
        "OIDC_OP_JWKS_ENDPOINT": config.jwks_uri,
        "OIDC_RP_CLIENT_ID": connection.client_id,
        "OIDC_RP_CLIENT_SECRET": secret_decrypt(connection.client_secret_encrypted),
        "OIDC_RP_SIGN_ALGO": config.signing_algorithm,
        "OIDC_RP_IDP_SIGN_KEY": None,
        "OIDC_RP_SCOPES": connection.oidc_scopes,
        "OIDC_AUTHENTICATION_CALLBACK_URL": CALLBACK_URL_NAME,
        "OIDC_USE_NONCE": True,
        "OIDC_USE_PKCE": True,
        "OIDC_TIMEOUT": TIMEOUT_SECONDS,
        "OIDC_TOKEN_USE_BASIC_AUTH": config.secret_in_basic_auth,
        "OIDC_CREATE_USER": False,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_STORE_ID_TOKEN": False,
        "OIDC_ALLOW_UNSECURED_JWT": False,
    }


class _ConnectionSettings:
    """``get_settings`` from the connection's table instead of Django settings (the library
    calls ``self.get_settings(name, default)``)."""

    oidc_settings: dict[str, Any]

    def get_settings(self, attr: str, *args: Any) -> Any:
        if attr in self.oidc_settings:
            return self.oidc_settings[attr]
        return args[0] if args else None


class ConnectionOIDCBackend(_ConnectionSettings, OIDCAuthenticationBackend):
    """The library's backend for the connection the callback view hands over; any other
    sign-in (a password) does not fit its signature and never reaches it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The library reads its settings here; ours come per sign-in, in authenticate().
        self.UserModel = get_user_model()
        self.oidc_settings = {}

    def authenticate(
        self,
        request: HttpRequest | None,
        nonce: str | None = None,
        code_verifier: str | None = None,
    ) -> None:
        found = getattr(request, REQUEST_ATTRIBUTE, None) if request is not None else None
        if found is None:
            return None
        connection, config = found
        self.connection, self.config = connection, config
        self.oidc_settings = library_settings(connection, config)
        for name in ("TOKEN", "USER", "JWKS"):
            key = f"OIDC_OP_{name}_ENDPOINT"
            setattr(self, key, self.oidc_settings[key])
        self.OIDC_RP_CLIENT_ID = connection.client_id
        self.OIDC_RP_CLIENT_SECRET = self.oidc_settings["OIDC_RP_CLIENT_SECRET"]
        self.OIDC_RP_SIGN_ALGO = config.signing_algorithm
        self.OIDC_RP_IDP_SIGN_KEY = None
        super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        return None  # only reached when the library found no code: ClaimsVerified otherwise

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:  # the ID token (a signed userinfo answer has no nonce check)
            audience = payload.get("aud")
            audiences = audience if isinstance(audience, list) else [audience]
            if self.connection.client_id not in audiences:
                raise SuspiciousOperation("The ID token was issued for another client.")
            if str(payload.get("iss", "")).rstrip("/") != self.config.issuer:
                raise SuspiciousOperation("The ID token was issued by another provider.")
        return payload

    def get_userinfo(self, access_token: str, id_token: str, payload: Any) -> dict[str, Any]:
        if not self.OIDC_OP_USER_ENDPOINT:
            return {}
        info: dict[str, Any] = super().get_userinfo(access_token, id_token, payload)
        return info

    def get_or_create_user(self, access_token: str, id_token: str, payload: Any) -> None:
        info = self.get_userinfo(access_token, id_token, payload)
        # OpenID Connect Core 5.3.2: a userinfo answer about another subject is not used.
        if info and info.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The userinfo answer is about another person.")
        claims = {k: v for k, v in payload.items() if k not in TOKEN_CLAIMS}
        raise ClaimsVerified({**claims, **info})


def connection_for_start(request: HttpRequest, slug: str, *, test: bool) -> SsoConnection:
    """The OIDC connection of organisation ``slug`` that may start a sign-in: an enabled
    one, or (for an admin's test sign-in) the one under test; 404 otherwise."""
    connection = (
        SsoConnection.objects.select_related("organization")
        .filter(organization__slug=slug, protocol=Protocol.OIDC)
        .first()
    )
    if connection is None:
        raise Http404("No single sign-on here.")
    testing = test and request.session.get(TEST_SESSION_KEY) == connection.pk
    if not testing:
        request.session.pop(TEST_SESSION_KEY, None)
        if not connection.enabled:
            raise Http404("No single sign-on here.")
    return connection


def unavailable(request: HttpRequest, connection: SsoConnection, reason: str) -> HttpResponse:
    """The page for a provider that cannot be used now (its discovery document failed),
    audited; an admin's test gets the test's page."""
    if is_testing(request, connection):
        return test_failed(request, connection, f"The provider could not be reached: {reason}")
    audit_log(
        actor=None,
        organization=connection.organization,
        verb="sso.unavailable",
        data={"protocol": Protocol.OIDC, "reason": reason[:300]},
    )
    return render(
        request,
        "sso/refused.html",
        {"reason": reason, "organization": connection.organization, "unavailable": True},
        status=503,
    )


class OidcStartView(_ConnectionSettings, OIDCAuthenticationRequestView):
    """Send the person to their organisation's provider (``/sso/oidc/<slug>/start/``)."""

    def __init__(self, **kwargs: Any) -> None:
        # The library reads its settings here; ours come from the connection, in get().
        self.oidc_settings = {}
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        connection = connection_for_start(request, slug, test=request.GET.get("test") == "1")
        try:
            config = provider_config(connection.issuer)
        except DiscoveryError as error:
            return unavailable(request, connection, str(error))
        self.oidc_settings = library_settings(connection, config)
        self.OIDC_OP_AUTH_ENDPOINT = config.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = connection.client_id
        request.session[CONNECTION_SESSION_KEY] = connection.pk
        request.session[NEXT_SESSION_KEY] = request.GET.get("next", "")
        response: HttpResponse = super().get(request)
        return response

    def get_extra_params(self, request: HttpRequest) -> dict[str, str]:
        hint = request.GET.get("login_hint", "").strip()
        return {"login_hint": hint} if hint and len(hint) <= 254 else {}


NOT_VERIFIED = (
    "Your identity provider's answer could not be verified, so nobody was signed in. "
    "Start again; if it happens again, tell your IT team (the sign-in was logged)."
)


class OidcCallbackView(_ConnectionSettings, OIDCAuthenticationCallbackView):
    """Where the provider sends the person back (``/sso/oidc/callback/``): the library checks
    state, nonce and tokens; the claims then go to ``sso_finish``."""

    connection: SsoConnection | None = None

    def get(self, request: HttpRequest) -> HttpResponse:
        pk = request.session.get(CONNECTION_SESSION_KEY)
        connection = (
            SsoConnection.objects.select_related("organization")
            .filter(pk=pk, protocol=Protocol.OIDC)
            .first()
            if isinstance(pk, int)
            else None
        )
        testing = connection is not None and request.session.get(TEST_SESSION_KEY) == pk
        if connection is None or not (connection.enabled or testing):
            return sign_in_refused(
                request,
                None,
                "This sign-in was not started here, or has been switched off. Start again "
                "from the sign-in page.",
                status=400,
            )
        self.connection = connection
        if testing and request.GET.get("error"):
            # The library signs out whoever is signed in on a provider's error: not the
            # admin who is testing.
            error = request.GET.get("error", "")[:80]
            return test_failed(request, connection, f"The provider signed nobody in ({error}).")
        try:
            config = provider_config(connection.issuer)
        except DiscoveryError as error:
            return unavailable(request, connection, str(error))
        setattr(request, REQUEST_ATTRIBUTE, (connection, config))
        try:
            response: HttpResponse = super().get(request)
        except ClaimsVerified as verified:
            return sso_finish(request, connection=connection, claims=verified.claims)
        except (SuspiciousOperation, jwt.InvalidTokenError, requests.RequestException) as error:
            return sign_in_refused(request, connection, f"{NOT_VERIFIED} ({_why(error)})")
        return response

    def login_failure(self) -> HttpResponse:
        error = self.request.GET.get("error", "")
        reason = (
            f"Your identity provider did not sign you in ({error[:80]})."
            if error
            else "This sign-in has expired or was already used."
        )
        return sign_in_refused(
            self.request, self.connection, f"{reason} Start again from the sign-in page."
        )


def _why(error: Exception) -> str:
    """A short, secret-free reason for the audit trail and the page."""
    if isinstance(error, jwt.ExpiredSignatureError):
        return "the ID token has expired"
    if isinstance(error, requests.RequestException):
        return "the provider refused the code exchange or could not be reached"
    return str(error)[:120] if isinstance(error, SuspiciousOperation) else type(error).__name__
