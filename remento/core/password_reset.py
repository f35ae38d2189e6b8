"""Password resets that reveal nothing: rate-limited, looked up and sent in the background.

The request page answers the same "check your email" whether or not the address has an
account, and in the same time: the view only counts the request and hands the address to a
background task, which looks the account up, sends the link (or nothing) and writes the
audit event. Requests are limited per email address (silently: the answer stays the same)
and per client address (that client is told to wait, which says nothing about any account),
with counters in Django's cache.

A person who comes to set a password from a page they wanted (an invitation's link lands on
the sign-in page with ``?next=``) gets back to it: the request page keeps a safe ``next`` in
the session, and the "password set" page's sign-in link carries it.
"""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.tasks import task

from remento.core.audit import audit_log
from remento.core.forms import SignInPasswordResetForm
from remento.core.models import User
from remento.core.signin import (
    account_for,
    account_provide,
    client_address,
    email_digest,
    organization_of,
    password_refusal,
    safe_next,
)

WINDOW_SECONDS = 60 * 60
NEXT_AFTER_RESET = "remento:next_after_password_reset"


def _within_limit(key: str, limit: int) -> bool:
    """Count one request against ``key`` and say whether it is still within ``limit`` for the
    current hour-long window (which starts at the key's first request)."""
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count <= limit


def client_may_request_reset(client: str) -> bool:
    """Count a reset request from ``client``; False past REMENTO_PASSWORD_RESETS_PER_CLIENT."""
    return _within_limit(
        f"remento:reset:client:{client}", settings.REMENTO_PASSWORD_RESETS_PER_CLIENT
    )


def address_may_request_reset(email: str) -> bool:
    """Count a reset request for ``email``; False past REMENTO_PASSWORD_RESETS_PER_ADDRESS."""
    return _within_limit(
        f"remento:reset:address:{email_digest(email)}",
        settings.REMENTO_PASSWORD_RESETS_PER_ADDRESS,
    )


@task()
def send_password_reset(*, email: str, domain: str, use_https: bool, client: str) -> None:
    """Send the reset link to the active sign-in of ``email``, if there is one (made first
    for an active person with that work email who has none: this is how they set their first
    password), and audit the request (in the account's organisation; with no organisation
    and only a digest of the address when there is no such account)."""
    form = SignInPasswordResetForm({"email": email})
    if not form.is_valid():
        return
    account_provide(email)  # a person the directory knows who has never had a sign-in
    users: list[User] = list(form.get_users(email))
    form.save(domain_override=domain, use_https=use_https)
    for user in users:
        audit_log(
            actor=None,
            organization=organization_of(user),
            verb="password_reset.requested",
            target=user,
            data={"ip": client, "email": user.email},
        )
    refused = account_for(email) if not users else None
    if refused is not None and password_refusal(refused) is not None:
        audit_log(  # a known sign-in that may not use a password (single sign-on only)
            actor=None,
            organization=organization_of(refused),
            verb="password_reset.refused",
            target=refused,
            data={"ip": client, "email": refused.email},
        )
    elif not users:
        audit_log(
            actor=None,
            organization=None,
            verb="password_reset.requested",
            data={"ip": client, "known_account": False, "email_digest": email_digest(email)},
        )


class RateLimitedPasswordResetView(auth_views.PasswordResetView):
    """Django's reset request page, limited per address and per client, sending in the
    background; it remembers where the person was going (``next``)."""

    form_class = SignInPasswordResetForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if going := safe_next(request, request.GET.get("next", "")):
            request.session[NEXT_AFTER_RESET] = going
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"].strip()
        client = client_address(self.request)
        if not client_may_request_reset(client):
            return render(
                self.request,
                "registration/password_reset_throttled.html",
                {"minutes": WINDOW_SECONDS // 60},
                status=429,
            )
        if address_may_request_reset(email):
            send_password_reset.enqueue(
                email=email,
                domain=self.request.get_host(),
                use_https=self.request.is_secure(),
                client=client,
            )
        else:
            audit_log(
                actor=None,
                organization=None,
                verb="password_reset.throttled",
                data={"ip": client, "email_digest": email_digest(email)},
            )
        return HttpResponseRedirect(self.get_success_url())


class AuditedPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's set-a-new-password page; the change is audited and lifts a sign-in lock of
    the account (whoever holds its email has just proved it)."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user: User = form.user
        audit_log(
            actor=user,
            organization=organization_of(user),
            verb="password_reset.completed",
            target=user,
            data={"ip": client_address(self.request)},
        )
        axes_reset(username=user.email.casefold())
        return response


class ResumingPasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    """Django's "password set" page, whose sign-in link leads on to where the person was
    going before they set it (kept by the request page, checked again here)."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["next"] = safe_next(self.request, self.request.session.get(NEXT_AFTER_RESET, ""))
        return context
