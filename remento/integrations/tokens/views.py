"""The tokens page: list, make (the secret shown once) and revoke API and SCIM tokens.

Any member makes and revokes their own API tokens; an organisation admin also makes SCIM
tokens and sees and revokes every token of the organisation. Someone else's token, or
another organisation's, is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from remento.core.errors import FieldErrors
from remento.core.forms import show_field_errors
from remento.core.pages import acting_user, form_page
from remento.integrations.tokens.forms import TokenCreateForm
from remento.integrations.tokens.models import TokenKind
from remento.integrations.tokens.scopes import API_SCOPES, SCIM_SCOPES
from remento.integrations.tokens.selectors import token_get_for, tokens_visible_to
from remento.integrations.tokens.services import token_create, token_revoke
from remento.people.access import with_employee
from remento.people.models import Employee

SCOPE_WORDS = API_SCOPES | SCIM_SCOPES


@with_employee
def token_list(request: HttpRequest, viewer: Employee) -> HttpResponse:
    """The tokens the viewer may see, live ones first, with what each may do."""
    tokens = list(tokens_visible_to(viewer=viewer))
    for token in tokens:
        token.scope_words = [SCOPE_WORDS.get(scope, scope) for scope in token.scopes]  # type: ignore[attr-defined]
    return render(
        request,
        "tokens/token_list.html",
        {"tokens": tokens, "viewer": viewer, "now": timezone.now()},
    )


@never_cache
@with_employee
def token_new(request: HttpRequest, viewer: Employee) -> HttpResponse:
    """Make a token; the answer shows its secret once and it is kept nowhere."""
    # "Make a SCIM token" (the SCIM page's link) comes with ?kind=scim.
    kind = TokenKind.SCIM if request.GET.get("kind") == TokenKind.SCIM else TokenKind.API
    form = TokenCreateForm(
        request.POST or None, may_make_scim=viewer.is_admin, initial={"kind": kind}
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = token_create(
                actor=acting_user(request),
                organization=viewer.organization,
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
                scopes=form.chosen_scopes(),
                expires_at=form.expires_at(),
            )
        except FieldErrors as invalid:
            show_field_errors(form, invalid)
        else:
            return render(request, "tokens/token_created.html", {"made": made})
    return form_page(request, "tokens/token_new.html", {"form": form})


@with_employee
def token_revoke_view(request: HttpRequest, viewer: Employee, token_pk: int) -> HttpResponse:
    """Ask, then revoke: the token stops working at once."""
    token = token_get_for(viewer=viewer, token_pk=token_pk)
    if request.method == "POST":
        token_revoke(actor=acting_user(request), token=token)
        messages.success(request, f"“{token.name}” is revoked: it no longer works.")
        return redirect("tokens:list")
    return render(request, "tokens/token_revoke.html", {"token": token})
