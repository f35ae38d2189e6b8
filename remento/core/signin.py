"""Sign-in security: throttling with django-axes, and the audit of every sign-in.

django-axes counts failed sign-ins per account and per client address (settings
``AXES_*``); past its limit (a low one per account, a higher one per address, which a whole
office may share), that account or address waits out the cool-off, or an organisation admin
unlocks the account. Each sign-in, failed or not, writes an ``AuditEvent``: a success
in the person's organisation, a failure of a known account there too, and a failure of an
unknown email with no organisation and only a keyed digest of what was typed, so the trail
never stores (or shows an admin) a mistyped password or someone else's address.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_cool_off
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models import Sum
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme

from remento.core.audit import audit_log
from remento.core.models import Organization, User


class ThrottledSignInBackend(AxesStandaloneBackend):
    """django-axes' check, for sign-ins that come with a request.

    Every sign-in through a page (the sign-in form, the Django admin's) passes its request,
    and is throttled. Code that checks a password without one (a management command, the
    test client's ``login()``) has no client to count, and axes would refuse it outright.
    """

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, **kwargs: Any
    ) -> None:
        if request is None:
            return None
        super().authenticate(request, username=username, **kwargs)
        return None


class AccountAndAddressHandler(AxesDatabaseHandler):
    """django-axes' database handler with a limit of its own for a client address.

    axes compares the larger of an account's and an address's failure counts with one limit
    (``AXES_FAILURE_LIMIT``). Here the address's count reaches that limit only once it is at
    ``REMENTO_SIGNIN_ADDRESS_FAILURE_LIMIT``: one person's five typos pause their account, not
    everyone behind their office's address, while one client guessing many accounts still
    stops.
    """

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        counts = {
            str(parameter): attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for parameter, attempts in zip(
                settings.AXES_LOCKOUT_PARAMETERS,
                self.get_user_attempts(request, credentials),
                strict=True,
            )
        }
        account = counts.get("username", 0)
        if counts.get("ip_address", 0) >= settings.REMENTO_SIGNIN_ADDRESS_FAILURE_LIMIT:
            return max(account, settings.AXES_FAILURE_LIMIT)
        return account


def signin_username(request: HttpRequest, credentials: dict[str, Any]) -> str:
    """The account a sign-in is counted against: the email as typed, trimmed and case-folded,
    so that ``ADA@acme.example`` and ``ada@acme.example`` share one counter."""
    raw = credentials.get(settings.AXES_USERNAME_FORM_FIELD) if credentials else None
    if raw is None:
        raw = request.POST.get(settings.AXES_USERNAME_FORM_FIELD, "")
    return str(raw).strip().casefold()


def lockout_minutes(request: HttpRequest | None = None) -> int:
    """How many minutes a lock lasts (whole minutes, rounded up)."""
    cool_off = get_cool_off(request) or timedelta(0)
    return max(1, math.ceil(cool_off.total_seconds() / 60))


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page a locked-out sign-in gets: how long to wait and whom to ask."""
    return render(
        request,
        "registration/locked_out.html",
        {
            "minutes": lockout_minutes(request),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "address_failure_limit": settings.REMENTO_SIGNIN_ADDRESS_FAILURE_LIMIT,
        },
        status=429,
    )


def safe_next(request: HttpRequest, url: str) -> str:
    """``url`` when it is a place on this site to go on to after signing in, else ""."""
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else ""


def account_for(email: str) -> User | None:
    """The sign-in of ``email`` (exact, case-insensitive), or None."""
    email = email.strip()
    if not email:
        return None
    return User.objects.filter(email__iexact=email).select_related("employee").first()


def organization_of(user: User) -> Organization | None:
    employee = getattr(user, "employee", None)
    return employee.organization if employee is not None else None


def email_digest(email: str) -> str:
    """A keyed digest of a typed email: equal for the same text, and reveals nothing."""
    return salted_hmac(
        "remento.signin.unknown", email.strip().casefold(), algorithm="sha256"
    ).hexdigest()[:16]


def client_ip(request: HttpRequest) -> str:
    """The client's address, as django-axes and the reset limits count it (``settings
    AXES_CLIENT_IP_CALLABLE``): ``REMOTE_ADDR``; behind ``REMENTO_TRUSTED_PROXIES`` reverse
    proxies that each append the address they saw to ``X-Forwarded-For``, the one the
    outermost of them saw. What a client writes in that header itself is never trusted."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies: int = settings.REMENTO_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return remote


def client_address(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return get_client_ip_address(request) or ""


@receiver(user_logged_in, dispatch_uid="remento.audit_signin_succeeded")
def audit_signin_succeeded(
    sender: Any, request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    audit_log(
        actor=user,
        organization=organization_of(user),
        verb="signin.succeeded",
        target=user,
        data={"ip": client_address(request)},
    )


@receiver(user_login_failed, dispatch_uid="remento.audit_signin_failed")
def audit_signin_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if request is None:
        return  # a password checked by code, not a sign-in (see ThrottledSignInBackend)
    typed = str(credentials.get(settings.AXES_USERNAME_FORM_FIELD) or "")
    locked = bool(getattr(request, "axes_locked_out", False))
    verb = "signin.locked_out" if locked else "signin.failed"
    account = account_for(typed)
    if account is None:
        audit_log(
            actor=None,
            organization=None,
            verb=verb,
            # The digest lets an operator see repeated tries of one unknown name, nothing more.
            data={
                "ip": client_address(request),
                "known_account": False,
                "email_digest": email_digest(typed),
            },
        )
        return
    audit_log(
        actor=None,
        organization=organization_of(account),
        verb=verb,
        target=account,
        data={"ip": client_address(request), "email": account.email},
    )


# Hooks for the apps above core (single sign-on and people register them in their
# AppConfig.ready), so that core never imports them: a check may refuse a right password (the
# reason is shown), an option adds a way to sign in ("Sign in with your company account") to
# the page, and a provider gives a sign-in to a person who asks to set a password and has none.
type PasswordCheck = Callable[[User], str | None]
type AccountProvider = Callable[[str], None]
_password_checks: list[PasswordCheck] = []
_sign_in_options: list[tuple[str, str]] = []
_account_providers: list[AccountProvider] = []


def account_provider_register(provider: AccountProvider) -> None:
    """Have ``provider(email)`` called when a password is asked for an address with no
    sign-in: it may make one (the people app does, for an active person with that work email)."""
    if provider not in _account_providers:
        _account_providers.append(provider)


def account_provide(email: str) -> User | None:
    """The sign-in of ``email``, made by a registered provider where there was none."""
    account = account_for(email)
    for provider in _account_providers:
        if account is not None:
            break
        provider(email.strip())
        account = account_for(email)
    return account


def password_check_register(check: PasswordCheck) -> None:
    """Have ``check(user)`` consulted before a password signs ``user`` in (or resets it)."""
    if check not in _password_checks:
        _password_checks.append(check)


def password_refusal(user: User) -> str | None:
    """Why ``user`` may not sign in (nor reset) with a password, or None when they may."""
    for check in _password_checks:
        reason = check(user)
        if reason:
            return reason
    return None


def sign_in_option_register(label: str, url_name: str) -> None:
    """Offer another way to sign in on the sign-in page: ``label`` linking to ``url_name``."""
    if (label, url_name) not in _sign_in_options:
        _sign_in_options.append((label, url_name))


def sign_in_options() -> list[tuple[str, str]]:
    """The other ways to sign in, as (label, URL)."""
    return [(label, reverse(url_name)) for label, url_name in _sign_in_options]
