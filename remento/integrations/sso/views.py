"""The single sign-on pages: "Sign in with your company account" (the work email finds the
organisation and its provider), and the admins' settings with the test sign-in."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from remento.core.models import Organization
from remento.core.pages import acting_user, form_saved
from remento.integrations.sso.forms import OidcConnectionForm, PolicyForm, WorkEmailForm
from remento.integrations.sso.models import Protocol
from remento.integrations.sso.selectors import (
    connections_of,
    enabled_start_url,
    organization_of_email,
    policy_of,
    saml_url,
)
from remento.integrations.sso.services import oidc_connection_save, sso_policy_set
from remento.integrations.sso.signin import TEST_SESSION_KEY
from remento.people.access import admin_required, with_employee
from remento.people.models import Employee

NOT_SET_UP = (
    "Single sign-on is not set up for that address. Sign in with your email and password "
    "instead, or ask your IT team which sign-in to use."
)


def continue_to(request: HttpRequest, url: str) -> HttpResponse:
    """Answer a form with a page that moves on to ``url`` (ours) by itself. A redirect would
    carry the form's navigation on to the identity provider's site, which the
    content-security policy (``form-action 'self'``) forbids; a refresh is a new navigation."""
    return render(request, "sso/continue.html", {"url": url})


def start(request: HttpRequest) -> HttpResponse:
    """Ask the work email, then send the person to their organisation's provider."""
    form = WorkEmailForm(request.POST or None)
    message = ""
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        organization = organization_of_email(email)
        url = enabled_start_url(organization) if organization is not None else None
        if url is not None:
            query = {"login_hint": email}
            if request.GET.get("next"):
                query["next"] = request.GET["next"]
            return continue_to(request, f"{url}?{urlencode(query)}")
        # The same words for an unknown domain and one without single sign-on: the page
        # says nothing about which organisations use Remento.
        message = NOT_SET_UP
    status = 400 if request.method == "POST" and not message and form.errors else 200
    return render(request, "sso/start.html", {"form": form, "message": message}, status=status)


def organization_start(request: HttpRequest, slug: str) -> HttpResponse:
    """``/sso/<slug>/``: straight to the organisation's provider (a link for the intranet)."""
    organization = Organization.objects.filter(slug=slug).first()
    url = enabled_start_url(organization) if organization is not None else None
    if url is None:
        form = WorkEmailForm()
        context = {"form": form, "message": NOT_SET_UP}
        return render(request, "sso/start.html", context, status=404)
    next_url = request.GET.get("next")
    return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)


@admin_required
@with_employee
def settings_index(request: HttpRequest, viewer: Employee) -> HttpResponse:
    """Both connections at a glance, and the policy ("SSO only", break-glass admin)."""
    organization = viewer.organization
    policy = policy_of(organization)
    form = PolicyForm(
        request.POST or None,
        organization=organization,
        initial={"sso_only": policy.sso_only, "break_glass": policy.break_glass_id},
    )
    if request.method == "POST":
        saved = form_saved(
            form,
            lambda: sso_policy_set(
                actor=acting_user(request),
                organization=organization,
                sso_only=form.cleaned_data["sso_only"],
                break_glass=form.cleaned_data["break_glass"],
            ),
        )
        if saved is not None:
            messages.success(request, "The single sign-on policy is saved.")
            return redirect("sso:settings")
    connections = connections_of(organization)
    context = {
        "organization": organization,
        "oidc": connections.get(Protocol.OIDC),
        "saml": connections.get(Protocol.SAML),
        "saml_settings_url": saml_url("saml_settings"),
        "policy": policy,
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "sso/settings.html", context, status=status)


@admin_required
@with_employee
def oidc_settings(request: HttpRequest, viewer: Employee) -> HttpResponse:
    """The OpenID Connect connection: provider, client, claims, domains; the test button."""
    organization = viewer.organization
    connection = connections_of(organization).get(Protocol.OIDC)
    has_secret = bool(connection and connection.client_secret_encrypted)
    form = OidcConnectionForm(
        request.POST or None,
        organization=organization,
        has_secret=has_secret,
        initial=OidcConnectionForm.for_connection(connection),
    )
    if request.method == "POST":
        saved = form_saved(
            form,
            lambda: oidc_connection_save(
                actor=acting_user(request), organization=organization, values=form.to_input()
            ),
        )
        if saved is not None:
            if not saved.enabled:
                messages.success(
                    request, "The OpenID Connect settings are saved. Try them with “Test sign-in”."
                )
            elif saved.tested_at is None:
                messages.warning(
                    request,
                    "The settings are saved and the sign-in is offered to your people, but no "
                    "test has passed with them: press “Test sign-in” now. Until one passes, "
                    "people may not get in this way.",
                )
            else:
                messages.success(
                    request, "The OpenID Connect settings are saved; the sign-in is on."
                )
            return redirect("sso:oidc_settings")
    context = {
        "form": form,
        "connection": connection,
        "has_secret": has_secret,
        "redirect_uri": request.build_absolute_uri(reverse("sso:oidc_callback")),
        "can_test": bool(connection and connection.issuer and connection.client_id),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "sso/oidc_settings.html", context, status=status)


@require_POST
@admin_required
@with_employee
def oidc_test(request: HttpRequest, viewer: Employee) -> HttpResponse:
    """Start a test sign-in: the provider's answer is shown, nobody is signed in."""
    connection = connections_of(viewer.organization).get(Protocol.OIDC)
    if connection is None or not (connection.issuer and connection.client_id):
        messages.error(request, "Save the issuer URL and client id first, then test.")
        return redirect("sso:oidc_settings")
    request.session[TEST_SESSION_KEY] = connection.pk
    url = reverse("sso:oidc_start", kwargs={"slug": viewer.organization.slug})
    return continue_to(request, f"{url}?test=1")
