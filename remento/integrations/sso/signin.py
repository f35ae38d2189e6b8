"""The end of every single sign-on, whatever the protocol: sign the person in, or say why not.

The OIDC callback and the SAML assertion consumer both hand the verified claims to
``sso_finish``. An admin's "test sign-in" goes the same way but signs nobody in: it shows
what the provider sent and who it would be, and writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from remento.core.audit import audit_log
from remento.core.pages import acting_user
from remento.core.signin import safe_next
from remento.integrations.sso.identity import SsoRefusal, sign_in_resolve
from remento.integrations.sso.models import SsoConnection
from remento.integrations.sso.services import sso_sign_in_refused, sso_test_passed

# Session keys: the connection an admin is testing, and where to go after signing in.
TEST_SESSION_KEY = "sso_test_connection"
NEXT_SESSION_KEY = "sso_next"
SESSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def sso_finish(
    request: HttpRequest, *, connection: SsoConnection, claims: Mapping[str, Any]
) -> HttpResponse:
    """Sign in the person ``claims`` name (verified by the protocol library), or render the
    refusal with its reason (403); in test mode, render what was sent instead."""
    if request.session.get(TEST_SESSION_KEY) == connection.pk:
        return _test_result(request, connection, claims)
    try:
        user = sign_in_resolve(connection=connection, claims=claims)
    except SsoRefusal as refusal:
        return sign_in_refused(request, connection, str(refusal))
    next_url = request.session.pop(NEXT_SESSION_KEY, "")
    login(request, user, backend=SESSION_BACKEND)
    request.session["signed_in_with"] = connection.protocol
    return redirect(safe_next(request, next_url) or "home")


def _test_result(
    request: HttpRequest, connection: SsoConnection, claims: Mapping[str, Any]
) -> HttpResponse:
    request.session.pop(TEST_SESSION_KEY, None)
    outcome: str
    email = ""
    # Resolve as a real sign-in would, then roll back whatever it would have written.
    with transaction.atomic():
        try:
            user = sign_in_resolve(connection=connection, claims=claims)
            email = user.email
            outcome = f"This would sign in {user.email}."
        except SsoRefusal as refusal:
            outcome = f"This would be refused: {refusal}"
        transaction.set_rollback(True)
    if email:  # the connection works: "SSO only" may now be turned on
        sso_test_passed(actor=acting_user(request), connection=connection, email=email)
    else:
        _audit_test_failed(request, connection, outcome)
    return render(
        request,
        "sso/test_result.html",
        {
            "connection": connection,
            "claims": sorted((str(k), v) for k, v in claims.items()),
            "outcome": outcome,
            "passed": bool(email),
        },
    )


def is_testing(request: HttpRequest, connection: SsoConnection) -> bool:
    """Whether this sign-in through ``connection`` is an admin's test."""
    return request.session.get(TEST_SESSION_KEY) == connection.pk


def sign_in_refused(
    request: HttpRequest, connection: SsoConnection | None, reason: str, *, status: int = 403
) -> HttpResponse:
    """The one refusal page of single sign-on, whatever the protocol: the person reads
    ``reason`` and the organisation's audit log keeps it. An admin's test gets the test's
    page instead (and stays signed in); ``connection`` is None only where the sign-in never
    named one (a callback nobody started here)."""
    if connection is not None and is_testing(request, connection):
        return test_failed(request, connection, reason)
    if connection is not None:
        sso_sign_in_refused(connection=connection, reason=reason)
    organization = connection.organization if connection is not None else None
    context = {"reason": reason, "organization": organization}
    return render(request, "sso/refused.html", context, status=status)


def test_failed(request: HttpRequest, connection: SsoConnection, reason: str) -> HttpResponse:
    """An admin's test sign-in that got no answer to check (the provider refused or could
    not be reached): the test's page says why (a page of results, so 200: a 5xx would not
    keep the session's end of the test), the admin stays signed in, the audit trail keeps
    it."""
    request.session.pop(TEST_SESSION_KEY, None)
    _audit_test_failed(request, connection, reason)
    return render(
        request,
        "sso/test_result.html",
        {"connection": connection, "claims": [], "outcome": reason, "passed": False},
    )


def _audit_test_failed(request: HttpRequest, connection: SsoConnection, reason: str) -> None:
    audit_log(
        actor=acting_user(request) if request.user.is_authenticated else None,
        organization=connection.organization,
        verb="sso.test_failed",
        target=connection,
        data={"protocol": connection.protocol, "reason": reason[:300]},
    )
