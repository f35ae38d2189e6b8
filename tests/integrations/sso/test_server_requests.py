"""Where an admin's single sign-on settings can send the server: an issuer or metadata URL
on this machine, a discovery document naming local endpoints, or a redirect there, is
refused before any request (an admin once made the server fetch any port and path of its
own loopback through the OIDC issuer)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache
from django.urls import reverse

from remento.core.errors import FieldErrors
from remento.integrations.sso.discovery import DiscoveryError, provider_config
from remento.integrations.sso.models import SsoConnection
from remento.integrations.sso.saml.metadata import metadata_fetch
from remento.people.models import Employee
from tests.conftest import client_for


class _Server:
    """A local web server answering each path from ``answers``: (status, headers, body)."""

    def __init__(self) -> None:
        self.answers: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                status, headers, body = server.answers.get(self.path, (404, {}, b""))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:  # the same answers, once the body is read
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.do_GET()

            def log_message(self, *args: object) -> None:
                return

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.http.server_port}"

    def discovery(self, **endpoints: str) -> None:
        document = {
            "issuer": self.base,
            "authorization_endpoint": f"{self.base}/authorize",
            "token_endpoint": f"{self.base}/token",
            "jwks_uri": f"{self.base}/jwks",
            **endpoints,
        }
        self.answers["/.well-known/openid-configuration"] = (
            200,
            {"Content-Type": "application/json"},
            json.dumps(document).encode(),
        )


@pytest.fixture
def server() -> Iterator[_Server]:
    local = _Server()
    thread = threading.Thread(target=local.http.serve_forever, daemon=True)
    thread.start()
    cache.clear()
    yield local
    local.http.shutdown()
    local.http.server_close()


@pytest.fixture
def production(settings: object) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    settings.HTTPS = True  # type: ignore[attr-defined]


def test_in_production_an_issuer_on_this_machine_is_refused_and_never_fetched(
    admin: Employee, production: None, server: _Server
) -> None:
    form = {
        "label": "Okta",
        "issuer": f"{server.base}/secret-admin?x=",
        "client_id": "c",
        "client_secret": "s",
        "oidc_scopes": "openid email profile",
        "match_on": "email",
        "match_claim": "email",
        "email_claim": "email",
    }
    client = client_for(admin)
    response = client.post(reverse("sso:oidc_settings"), form)

    assert response.status_code == 400
    assert "127.0.0.1 is this server itself" in response.content.decode()
    assert not SsoConnection.objects.exists()
    with pytest.raises(DiscoveryError, match="this server itself"):
        provider_config(form["issuer"])  # a connection stored before the rule: not fetched
    assert server.requests == []


def test_a_discovery_document_naming_a_metadata_service_endpoint_is_refused(
    server: _Server,
) -> None:
    server.discovery(token_endpoint="http://169.254.169.254/latest/meta-data/")

    with pytest.raises(DiscoveryError, match="token_endpoint") as refused:
        provider_config(server.base)
    assert "169.254.169.254 is not an address" in str(refused.value)


def test_a_discovery_redirect_is_not_followed(server: _Server) -> None:
    server.answers["/.well-known/openid-configuration"] = (
        302,
        {"Location": "http://169.254.169.254/latest/meta-data/"},
        b"",
    )

    with pytest.raises(DiscoveryError, match="redirect"):
        provider_config(server.base)
    assert server.requests == ["/.well-known/openid-configuration"]


def test_a_metadata_redirect_is_not_followed(server: _Server) -> None:
    server.answers["/metadata"] = (302, {"Location": f"{server.base}/elsewhere"}, b"")

    with pytest.raises(FieldErrors) as refused:
        metadata_fetch(f"{server.base}/metadata")
    assert "redirects to" in str(refused.value.errors["idp_metadata_url"])
    assert server.requests == ["/metadata"]


def test_in_production_a_metadata_url_on_this_machine_is_refused_unfetched(
    production: None, server: _Server
) -> None:
    with pytest.raises(FieldErrors) as refused:
        metadata_fetch(f"https://127.0.0.1:{server.http.server_port}/metadata")
    assert "this server itself" in str(refused.value.errors["idp_metadata_url"])
    assert server.requests == []


def test_an_unreachable_metadata_url_says_why_in_words(server: _Server) -> None:
    server.answers["/metadata"] = (500, {}, b"")
    port = server.http.server_port

    with pytest.raises(FieldErrors) as server_error:
        metadata_fetch(f"{server.base}/metadata")
    with pytest.raises(FieldErrors) as unknown_host:
        metadata_fetch(f"https://idp.invalid:{port}/metadata")

    assert "it answered HTTP 500" in str(server_error.value)
    assert "its host name could not be found" in str(unknown_host.value)
    # The library's own text once showed: pools, retries and class names.
    assert "HTTPSConnectionPool" not in str(unknown_host.value)
    assert "Max retries" not in str(unknown_host.value)


def test_the_oidc_librarys_requests_and_the_teams_post_follow_no_redirect(
    server: _Server,
) -> None:
    """The token, keys and user-info requests go through mozilla-django-oidc, and a Teams
    post through requests: a redirect from a checked endpoint once led the server on to
    wherever it pointed."""
    from mozilla_django_oidc import auth as library_auth

    from remento.integrations.chat.clients import teams_post

    server.answers["/jwks"] = (302, {"Location": f"{server.base}/inside"}, b"")
    server.answers["/token"] = (307, {"Location": f"{server.base}/inside"}, b"")

    keys = library_auth.requests.get(f"{server.base}/jwks", timeout=5)
    token = library_auth.requests.post(f"{server.base}/token", data={"code": "x"}, timeout=5)
    posted = teams_post(webhook_url=f"{server.base}/token", text="hello", link="/")

    assert keys.status_code == 302
    assert token.status_code == 307
    assert posted.error  # a redirect is a failed post, not a delivery elsewhere
    assert "/inside" not in server.requests
