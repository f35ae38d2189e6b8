"""API test helpers: tokens for the personas, and a client that sends them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from remento.integrations.tokens.scopes import API_SCOPES
from remento.integrations.tokens.services import token_create
from remento.people.models import Employee

ALL_SCOPES = sorted(API_SCOPES)


def token_for(employee: Employee, scopes: list[str] | None = None, **fields: Any) -> str:
    """A new API token made by ``employee`` (every scope unless told), its secret."""
    assert employee.user is not None
    return token_create(
        actor=employee.user,
        organization=employee.organization,
        kind="api",
        name="Tests",
        scopes=ALL_SCOPES if scopes is None else scopes,
        **fields,
    ).secret


class Api:
    """A test client that speaks to /api/v1/ with one token."""

    def __init__(self, secret: str | None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path: str, body: Any = None) -> Any:
        return self.client.post(
            f"/api/v1{path}", body or {}, content_type="application/json", headers=self.headers
        )


def api_as(employee: Employee, scopes: list[str] | None = None) -> Api:
    return Api(token_for(employee, scopes))


@pytest.fixture
def api_for():
    return api_as
