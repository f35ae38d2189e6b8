"""SAML pages: the admins' settings, and the service provider's login, assertion consumer
and metadata for each organisation (``/sso/saml/<slug>/…``).

djangosaml2's login and metadata views are used as they are, with the organisation's
configuration from ``config.config_for_request``. The assertion consumer is Remento's own
(on pysaml2's client, as djangosaml2's is): the person who signs in is decided by
``sso_finish`` (the one rule both protocols follow), never by djangosaml2's user backend.
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import View
from djangosaml2.cache import IdentityCache, OutstandingQueriesCache
from djangosaml2.overrides import Saml2Client
from djangosaml2.views import LoginView, MetadataView, SPConfigMixin
from saml2 import BINDING_HTTP_POST

from remento.core.errors import FieldErrors
from remento.core.forms import show_field_errors
from remento.core.models import User
from remento.core.signin import safe_next
from remento.integrations.sso.models import SsoConnection
from remento.integrations.sso.saml.answers import START_AGAIN, refusal_reason, saml_claims
from remento.integrations.sso.saml.config import sp_urls, xmlsec_binary
from remento.integrations.sso.saml.forms import SamlSettingsForm
from remento.integrations.sso.saml.keys import key_files
from remento.integrations.sso.saml.metadata import IdpMetadata, metadata_check
from remento.integrations.sso.saml.selectors import saml_connection_by_slug, saml_connection_of
from remento.integrations.sso.saml.services import (
    saml_connection_save,
    saml_test_start,
)
from remento.integrations.sso.signin import (
    NEXT_SESSION_KEY,
    TEST_SESSION_KEY,
    is_testing,
    sign_in_refused,
    sso_finish,
)
from remento.integrations.sso.views import continue_to
from remento.people.access import admin_required, with_employee
from remento.people.models import Employee

CONTINUED = "continued"


class ConnectionMixin(SPConfigMixin):
    """Put the organisation's connection (from the URL's slug) and its key files on the
    request, where the config loader finds them; a 404 when the organisation has no SAML
    sign-in switched on (an admin's test of it aside)."""

    requires_enabled = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        connection = saml_connection_by_slug(kwargs.pop("slug"))
        if self.requires_enabled and not (connection.enabled or is_testing(request, connection)):
            raise Http404("Single sign-on is not switched on for this organisation.")
        try:
            xmlsec_binary()
        except ImproperlyConfigured as error:
            return sign_in_refused(request, connection, str(error), status=503)
        request.saml_connection = connection  # type: ignore[attr-defined]
        # The SAML state (the requests sent and not yet answered) lives in the person's
        # own session: no second cookie.
        request.saml_session = request.session  # type: ignore[attr-defined]
        with key_files(
            certificate_pem=connection.sp_certificate,
            private_key_encrypted=connection.sp_private_key_encrypted,
        ) as files:
            request.saml_key_files = files  # type: ignore[attr-defined]
            return cast(HttpResponse, super().dispatch(request, *args, **kwargs))


class SamlLoginView(ConnectionMixin, LoginView):
    """Send the person to the identity provider with a signed AuthnRequest."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if next_url := safe_next(request, request.GET.get("next", "")):
            request.session[NEXT_SESSION_KEY] = next_url
        return cast(HttpResponse, super().get(request, *args, **kwargs))

    def should_prevent_auth(self, request: HttpRequest) -> bool:
        # An admin who is signed in may still test the connection.
        return bool(request.user.is_authenticated) and not is_testing(
            request,
            request.saml_connection,  # type: ignore[attr-defined]
        )


class SamlMetadataView(ConnectionMixin, MetadataView):
    """Remento's metadata for the organisation, to give the identity provider (served
    before single sign-on is switched on: that is when the provider needs it)."""

    requires_enabled = False

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = cast(HttpResponse, super().get(request, *args, **kwargs))
        if "download" in request.GET:
            slug = request.saml_connection.organization.slug  # type: ignore[attr-defined]
            filename = f"remento-{slug}-saml-metadata.xml"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


@method_decorator(csrf_exempt, name="dispatch")
class SamlAcsView(ConnectionMixin, View):
    """Receive the identity provider's Response (HTTP-POST), check it with pysaml2 and hand
    the verified attributes to ``sso_finish``.

    The identity provider's page posts here from its own site, so the browser leaves out
    Remento's session cookie (SameSite=Lax), and with it the request this answers. The
    first post then gets a page of Remento's that posts the same answer again, from here,
    with the cookie: the request it answers is found, and the answer checked against it.
    """

    # Checked after the second post, which carries the session (and an admin's test).
    requires_enabled = False

    def post(self, request: HttpRequest) -> HttpResponse:
        connection: SsoConnection = request.saml_connection  # type: ignore[attr-defined]
        saml_response = request.POST.get("SAMLResponse", "")
        if not saml_response:
            reason = "No answer of the identity provider arrived." + START_AGAIN
            return sign_in_refused(request, connection, reason, status=400)
        cookie = settings.SESSION_COOKIE_NAME in request.COOKIES
        if not cookie and CONTINUED not in request.POST:
            context = {"action": request.path, "saml_response": saml_response}
            return render(request, "sso/saml/continue.html", context)
        if not (connection.enabled or is_testing(request, connection)):
            raise Http404("Single sign-on is not switched on for this organisation.")
        client = Saml2Client(
            self.get_sp_config(request), identity_cache=IdentityCache(request.session)
        )
        queries = OutstandingQueriesCache(request.session)
        try:
            response = client.parse_authn_request_response(
                saml_response, BINDING_HTTP_POST, queries.outstanding_queries()
            )
        except Exception as error:  # pysaml2 raises many kinds; each is a refusal
            response, reason = None, refusal_reason(error)
        else:
            reason = refusal_reason(None)
        if response is None or response.assertion is None:
            return sign_in_refused(request, connection, reason)
        queries.delete(response.session_id())
        return sso_finish(request, connection=connection, claims=saml_claims(response))


def _connected_idp(connection: SsoConnection | None) -> IdpMetadata | None:
    if connection is None or not connection.idp_metadata_xml:
        return None
    try:
        return metadata_check(connection.idp_metadata_xml)
    except FieldErrors:
        return None


@admin_required
@with_employee
def saml_settings(request: HttpRequest, viewer: Employee) -> HttpResponse:
    """Show and change the organisation's SAML connection."""
    organization = viewer.organization
    connection = saml_connection_of(organization)
    status = 200
    if request.method == "POST":
        form = SamlSettingsForm(request.POST)
        if form.is_valid():
            try:
                saml_connection_save(
                    actor=cast(User, request.user),
                    organization=organization,
                    values=form.to_settings(),
                )
            except FieldErrors as error:
                show_field_errors(form, error)
            else:
                messages.success(request, "The SAML settings are saved.")
                return redirect("sso:saml_settings")
        status = 422
    else:
        form = SamlSettingsForm(initial=SamlSettingsForm.initial_for(connection))
    context = {
        "form": form,
        "organization": organization,
        "connection": connection,
        "idp": _connected_idp(connection),
        "sp": sp_urls(request, organization.slug),
    }
    return render(request, "sso/saml/settings.html", context, status=status)


@require_POST
@admin_required
@with_employee
def saml_test(request: HttpRequest, viewer: Employee) -> HttpResponse:
    """Start a test sign-in in the admin's own session: the result page shows what the
    identity provider sent and whom it would sign in, and signs nobody in."""
    connection = saml_connection_of(viewer.organization)
    if connection is None or not connection.sp_certificate:
        messages.error(request, "Save the identity provider's metadata first, then test.")
        return redirect("sso:saml_settings")
    saml_test_start(actor=cast(User, request.user), connection=connection)
    request.session[TEST_SESSION_KEY] = connection.pk
    # A page that moves on by itself, not a redirect: the form's navigation may not go on
    # to the identity provider's site (the content-security policy's form-action).
    return continue_to(
        request, reverse("sso:saml_login", kwargs={"slug": viewer.organization.slug})
    )
