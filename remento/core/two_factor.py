"""Optional two-factor sign-in (TOTP, with django-otp) for admins and coordinators.

The sign-in page checks the password as usual; for someone with a confirmed authenticator
device it does not sign them in yet, but remembers who passed the password (for a few
minutes, in the session) and asks for the code. Only a right code signs them in. Admins,
coordinators and platform staff may turn it on and off (both audited); participants are not
offered it. Wrong codes are throttled by django-otp's own back-off and audited.
"""

from __future__ import annotations

import time
from base64 import b32encode
from typing import Any, cast

import segno
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from remento.core.audit import audit_log
from remento.core.forms import TwoFactorCodeForm
from remento.core.models import User
from remento.core.signin import (
    client_address,
    organization_of,
    password_refusal,
    safe_next,
    sign_in_options,
)

PENDING_SESSION_KEY = "remento_two_factor_pending"
PENDING_SECONDS = 5 * 60
DEVICE_NAME = "Authenticator app"


def may_use_two_factor(user: User) -> bool:
    """Admins and coordinators of an organisation, and platform staff."""
    if not user.is_authenticated or not user.is_active:
        return False
    employee = getattr(user, "employee", None)
    if employee is not None and employee.is_active and employee.is_coordinator:
        return True
    return bool(user.is_staff)


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


class SignInView(auth_views.LoginView):
    """Django's sign-in page, with the code step for people who turned two-factor on."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "sign_in_options": sign_in_options()}

    def form_valid(self, form: Any) -> HttpResponse:
        user: User = form.get_user()
        refusal = password_refusal(user)  # e.g. single sign-on only (integrations/sso)
        if refusal is not None:
            audit_log(
                actor=None,
                organization=organization_of(user),
                verb="signin.password_refused",
                target=user,
                data={"ip": client_address(self.request), "email": user.email},
            )
            context = self.get_context_data(form=form, password_refused=refusal)
            return self.render_to_response(context, status=403)
        if not user_has_device(user, confirmed=True):
            return super().form_valid(form)
        self.request.session[PENDING_SESSION_KEY] = {
            "user": user.pk,
            "backend": user.backend,  # set by authenticate()
            "at": time.time(),
            "next": self.get_success_url(),
        }
        return redirect("two_factor_verify")


def _pending_user(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    pending = request.session.get(PENDING_SESSION_KEY)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING_SESSION_KEY, None)
        return None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return (user, pending) if user is not None else None


def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step: the code from the authenticator app, after the right password."""
    found = _pending_user(request)
    if found is None:
        messages.info(request, "Sign in again: the code step waits five minutes at most.")
        return redirect("login")
    user, pending = found
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = confirmed_device(user)
        if device is not None and device.verify_token(form.cleaned_data["code"]):
            del request.session[PENDING_SESSION_KEY]
            login(request, user, backend=pending["backend"])
            otp_login(request, device)
            return HttpResponseRedirect(safe_next(request, pending.get("next") or "") or "/")
        audit_log(
            actor=None,
            organization=organization_of(user),
            verb="signin.two_factor_failed",
            target=user,
            data={"ip": client_address(request), "email": user.email},
        )
        form.add_error(
            "code",
            "That code is not right, or was used already. Wait for the next code and try again.",
        )
    return render(request, "registration/two_factor_verify.html", {"form": form})


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The device's otpauth:// link as an inline SVG QR code (drawn here, no outside service)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title="QR code for your authenticator app"
    )
    return mark_safe(svg)  # segno draws it from a URL we built: no outside text in it


def readable_secret(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _user_allowed(request: HttpRequest) -> User:
    user = cast(User, request.user)
    if not may_use_two_factor(user):
        raise PermissionDenied("Two-step sign-in is offered to admins and coordinators.")
    return user


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Turn two-step sign-in on: scan the QR code (or type the secret), confirm with a code.
    Someone who has it on sees that, and may turn it off (whatever their role now)."""
    device = confirmed_device(cast(User, request.user))
    if device is not None:
        return render(
            request,
            "registration/two_factor_setup.html",
            {"device": device, "form": TwoFactorCodeForm()},
        )
    user = _user_allowed(request)
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if pending is None:
        pending = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if pending.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                pending.confirmed = True
                pending.save(update_fields=["confirmed"])
                audit_log(
                    actor=user,
                    organization=organization_of(user),
                    verb="two_factor.enabled",
                    target=user,
                    data={"device": pending.name},
                )
            otp_login(request, pending)
            messages.success(
                request, "Two-step sign-in is on: from now on you sign in with a code as well."
            )
            return redirect("two_factor_setup")
        form.add_error(
            "code", "That code is not right. Check the app shows Remento and try the next code."
        )
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": qr_code_svg(pending),
            "secret": readable_secret(pending),
        },
    )


@login_required
@require_POST
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    """Turn two-step sign-in off, with a current code (so a borrowed session cannot)."""
    user = cast(User, request.user)
    device = confirmed_device(user)
    if device is None:
        return redirect("two_factor_setup")
    form = TwoFactorCodeForm(request.POST)
    if not (form.is_valid() and device.verify_token(form.cleaned_data["code"])):
        messages.error(request, "That code is not right: two-step sign-in stays on.")
        return redirect("two_factor_setup")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        audit_log(
            actor=user,
            organization=organization_of(user),
            verb="two_factor.removed",
            target=user,
            data={"device": device.name},
        )
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    messages.success(request, "Two-step sign-in is off: you sign in with your password only.")
    if may_use_two_factor(user):
        return redirect("two_factor_setup")
    return redirect("home")
