"""The demo's own identity provider: ``oidc-provider-mock`` on 127.0.0.1 beside the demo's
port, and a pre-filled, switched-off OpenID Connect connection of the demo organisation
that points at it, so that an admin can press "Test sign-in" and then turn it on.

The provider signs in whoever is chosen on its page (no password): it is for the demo and
the tests only, never a real organisation's provider.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass
from datetime import timedelta

import oidc_provider_mock
import werkzeug.serving
from django.db.models import F

from remento.core.models import Organization
from remento.integrations.sso.models import Protocol, SsoConnection
from remento.integrations.sso.services import OidcSettings, oidc_connection_save
from remento.people.models import Employee, Role

HOST = "127.0.0.1"
DEMO_CLIENT_ID = "remento-demo"
# The test provider accepts any secret; this one only shows where a real one goes.
DEMO_CLIENT_SECRET = "demo-client-secret"


@dataclass(frozen=True)
class LocalProvider:
    server: werkzeug.serving.BaseWSGIServer
    thread: threading.Thread

    @property
    def issuer(self) -> str:
        return f"http://{HOST}:{self.server.port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(5)
        self.server.server_close()


def local_provider_start(
    *,
    port: int,
    users: list[oidc_provider_mock.User] | None = None,
    token_max_age: timedelta = timedelta(hours=1),
) -> LocalProvider:
    """Serve an OpenID provider on 127.0.0.1:``port`` (0: any free port) in a background
    thread; ``users`` are offered with one click on its sign-in page. Nonces required; its
    ID tokens expire after ``token_max_age`` (negative: expired when issued)."""
    app = oidc_provider_mock.app(
        require_nonce=True, user_claims=users or [], access_token_max_age=token_max_age
    )
    # The socket is bound here, so that a port in use is an OSError for the caller; werkzeug,
    # binding it itself, would print and exit the whole process (the demo with it).
    listening = socket.create_server((HOST, port))
    server = werkzeug.serving.make_server(
        HOST, listening.getsockname()[1], app, threaded=True, fd=listening.detach()
    )
    thread = threading.Thread(target=server.serve_forever, name="oidc-test-provider", daemon=True)
    thread.start()
    return LocalProvider(server=server, thread=thread)


def provider_users(organization: Organization, *, limit: int = 6) -> list[oidc_provider_mock.User]:
    """Who the demo provider offers: a few of the organisation's people (admins first, and
    someone without a sign-in yet), plus an unknown colleague and an outsider, so that a
    test sign-in can show a refusal as well."""
    people = list(
        Employee.objects.filter(organization=organization, is_active=True, erased_at=None)
        .exclude(email="")
        # People with a sign-in first (the demo's personas), admins before coordinators.
        .order_by(F("user").asc(nulls_last=True), "role", "pk")[: limit - 1]
    )
    without = (
        Employee.objects.filter(organization=organization, is_active=True, user=None)
        .exclude(role__in=[Role.ADMIN, Role.COORDINATOR])
        .exclude(email="")
        .first()
    )
    if without is not None and without not in people:
        people.append(without)
    domain = organization.email_domains[0] if organization.email_domains else "example.com"
    users = [
        oidc_provider_mock.User(
            sub=person.email,
            claims={
                "email": person.email,
                "email_verified": True,
                "name": person.display_name,
                "employee_id": person.employee_id,
            },
        )
        for person in people
    ]
    users.append(
        oidc_provider_mock.User(
            sub=f"new.joiner@{domain}", claims={"email": f"new.joiner@{domain}"}
        )
    )
    users.append(
        oidc_provider_mock.User(
            sub="someone@elsewhere.example", claims={"email": "someone@elsewhere.example"}
        )
    )
    return users


def demo_connection_prepare(*, organization: Organization, issuer: str) -> SsoConnection | None:
    """Pre-fill the organisation's OpenID Connect connection for the test provider (off),
    through the service as its first admin; an existing connection keeps its settings,
    except a test provider's issuer, which follows the demo's port. None without an admin."""
    admin = (
        Employee.objects.filter(organization=organization, role=Role.ADMIN, is_active=True)
        .exclude(user=None)
        .select_related("user")
        .first()
    )
    if admin is None or admin.user is None:
        return None
    existing = SsoConnection.objects.filter(
        organization=organization, protocol=Protocol.OIDC
    ).first()
    if existing is not None and not existing.issuer.startswith(f"http://{HOST}:"):
        return existing
    values = OidcSettings(
        issuer=issuer,
        client_id=DEMO_CLIENT_ID,
        client_secret=DEMO_CLIENT_SECRET if existing is None else "",
        label="the demo identity provider",
        enabled=existing.enabled if existing is not None else False,
    )
    if existing is not None:
        values.allowed_domains = list(existing.allowed_domains)
        values.match_on, values.match_claim = existing.match_on, existing.match_claim
        values.email_claim, values.oidc_scopes = existing.email_claim, existing.oidc_scopes
    return oidc_connection_save(actor=admin.user, organization=organization, values=values)


def demo_identity_provider(organization: Organization, *, port: int) -> str:
    """Start the test provider on ``port`` for the demo's life and pre-fill the demo
    organisation's connection; the line to print (how to try it, or why it did not start)."""
    try:
        provider = local_provider_start(port=port, users=provider_users(organization))
    except OSError as error:
        return f"Test identity provider: not started on port {port} ({error.strerror})."
    connection = demo_connection_prepare(organization=organization, issuer=provider.issuer)
    where = "off" if connection is None or not connection.enabled else "on"
    return (
        f"Test identity provider (OpenID Connect): {provider.issuer}/ — single sign-on is "
        f"{where}; as the admin, open Integrations → Single sign-on → OpenID Connect, press "
        "“Test sign-in”, then turn it on."
    )
