"""Bearer tokens for the API: who a request acts as, and what its token may do.

A request carries ``Authorization: Bearer <token>`` (an API token made on the tokens page).
It acts as the token's maker, with the maker's rights as the pages give them, narrowed to
the token's scopes: each route names the scope it needs (``scoped``), and a token without
it gets a 403 problem. There is no session and no CSRF here: the API is for programs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.http import HttpRequest
from ninja.security import HttpBearer

from remento.core.models import User
from remento.integrations.api.problems import ScopeMissing
from remento.integrations.tokens.models import AccessToken, TokenKind
from remento.integrations.tokens.scopes import API_SCOPES
from remento.integrations.tokens.services import token_authenticate
from remento.people.access import acting_employee
from remento.people.models import Employee


class TokenAuth(HttpBearer):
    """A live API token that has ``scope``. ``request.auth`` is the ``AccessToken``."""

    def __init__(self, scope: str):
        if scope not in API_SCOPES:
            raise ValueError(f"Unknown API scope {scope!r}.")
        self.scope = scope
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> AccessToken | None:
        found = token_authenticate(secret=token.strip(), kind=TokenKind.API)
        if found is not None and self.scope not in found.scopes:
            raise ScopeMissing(self.scope)
        return found


def scoped(scope: str) -> dict[str, Any]:
    """The keyword arguments of a route that needs ``scope``: its authentication, and the
    scope as ``x-scope`` (``api.RementoApi`` writes it into the security requirement)."""
    return {
        "auth": TokenAuth(scope),
        "openapi_extra": {"x-scope": scope},
    }


@dataclass(frozen=True)
class Caller:
    """Who a request acts as: the token's maker, as a sign-in and as a person."""

    user: User
    viewer: Employee
    token: AccessToken


def caller(request: HttpRequest) -> Caller:
    """The caller of an authenticated route (``token_authenticate`` has checked that the
    maker is still an active member of the token's organisation)."""
    token = cast(AccessToken, request.auth)  # type: ignore[attr-defined]
    user = token.created_by
    return Caller(user=user, viewer=acting_employee(user), token=token)
