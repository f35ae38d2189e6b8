"""Reading tokens: which a person may see on the tokens page."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from remento.integrations.tokens.models import AccessToken, TokenKind
from remento.people.models import Employee


def tokens_visible_to(*, viewer: Employee) -> QuerySet[AccessToken]:
    """An admin sees every token of their organisation, both kinds; anyone else their own
    API tokens. Newest first, with who made and revoked each."""
    tokens = AccessToken.objects.filter(organization_id=viewer.organization_id)
    if not viewer.is_admin:
        tokens = tokens.filter(created_by_id=viewer.user_id, kind=TokenKind.API)
    return tokens.select_related("created_by__employee", "revoked_by__employee").order_by(
        "revoked_at", "-created_at", "-pk"
    )


def token_get_for(*, viewer: Employee, token_pk: Any) -> AccessToken:
    """A token ``viewer`` may see (``tokens_visible_to``); a 404 for any other id."""
    return get_object_or_404(tokens_visible_to(viewer=viewer), pk=token_pk)
