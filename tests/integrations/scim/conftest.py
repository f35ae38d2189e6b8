"""A SCIM token of Acme's admin, and a client that speaks SCIM with it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from remento.integrations.tokens.models import TokenKind
from remento.integrations.tokens.services import token_create
from remento.people.models import Employee
from tests.factories import user_of

BASE = "/scim/v2"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
REMENTO = "urn:ietf:params:scim:schemas:extension:remento:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


@dataclass
class Answer:
    status: int
    body: Any
    headers: Any


@dataclass
class Scim:
    """Requests to /scim/v2/ with one bearer token."""

    secret: str

    def call(self, method: str, path: str, body: Any = None, **params: Any) -> Answer:
        client = Client()
        headers = {"Authorization": f"Bearer {self.secret}"} if self.secret else {}
        response = client.generic(
            method,
            f"{BASE}{path}",
            data=json.dumps(body) if body is not None else "",
            content_type="application/scim+json",
            headers=headers,
            QUERY_STRING="&".join(f"{k}={v}" for k, v in params.items()),
        )
        content = json.loads(response.content) if response.content else None
        return Answer(response.status_code, content, response.headers)

    def get(self, path: str, **params: Any) -> Answer:
        return self.call("GET", path, **params)

    def post(self, path: str, body: Any) -> Answer:
        return self.call("POST", path, body)

    def put(self, path: str, body: Any) -> Answer:
        return self.call("PUT", path, body)

    def patch(self, path: str, *operations: dict[str, Any]) -> Answer:
        return self.call("PATCH", path, {"schemas": [PATCH_OP], "Operations": list(operations)})

    def delete(self, path: str) -> Answer:
        return self.call("DELETE", path)


def user_payload(
    employee_id: str = "E900",
    email: str = "grace@acme.example",
    *,
    user_name: str | None = None,
    level: str = "3",
    active: bool = True,
    **extra: Any,
) -> dict[str, Any]:
    """A User as Okta sends it on provisioning (Entra ID's differs only in quirks)."""
    enterprise = {"employeeNumber": employee_id, **extra.pop("enterprise", {})}
    return {
        "schemas": [USER, ENTERPRISE, REMENTO],
        "userName": user_name or email,
        "name": {"givenName": "Grace", "familyName": "Hopper"},
        "emails": [{"value": email, "type": "work", "primary": True}],
        "active": active,
        ENTERPRISE: enterprise,
        REMENTO: {"level": level},
        **extra,
    }


@pytest.fixture
def scim(admin: Employee) -> Scim:
    made = token_create(
        actor=user_of(admin),
        organization=admin.organization,
        kind=TokenKind.SCIM,
        name="Contoso connector",
        scopes=["scim"],
    )
    return Scim(made.secret)


@pytest.fixture
def other_scim(stranger: Employee) -> Scim:
    """A SCIM token of the other organisation (its admin made it)."""
    stranger.role = "admin"
    stranger.save(update_fields=["role"])
    made = token_create(
        actor=user_of(stranger),
        organization=stranger.organization,
        kind=TokenKind.SCIM,
        name="Other's Okta",
        scopes=["scim"],
    )
    return Scim(made.secret)
