"""The one table of token scopes: what each lets a token do, as the token page shows it."""

from __future__ import annotations

from remento.integrations.tokens.models import TokenKind

SCIM = "scim"

# Scope -> what it allows, in the words the token page shows. The API's routes each name the
# scope they need; a token's rights are its creator's rights, narrowed to these.
API_SCOPES: dict[str, str] = {
    "people:read": "Read people and the directory",
    "people:write": "Import people (the HRIS file's rows)",
    "programs:read": "Read programs, their KPIs and results",
    "enrollment:write": "Enrol people and nominate them",
    "matching:write": "Start a matching run and read its result",
    "pairs:read": "Read pairs, meetings and check-ins",
    "pairs:write": "Log meetings",
}
SCIM_SCOPES: dict[str, str] = {SCIM: "Provision people and groups (SCIM 2.0)"}


def scopes_for(kind: str) -> dict[str, str]:
    """The scopes a token of ``kind`` may be given."""
    return SCIM_SCOPES if kind == TokenKind.SCIM else API_SCOPES
