"""What Remento reads from an identity provider's verified SAML Response, and what it tells
a person whose Response is refused."""

from __future__ import annotations

from typing import Any

from saml2.response import (
    AuthnResponse,
    IncorrectlySigned,
    SignatureError,
    StatusError,
    UnsolicitedResponse,
)
from saml2.sigver import MissingKey
from saml2.validate import ResponseLifetimeExceed, ToEarly

NAME_ID = "name_id"
START_AGAIN = " Start the sign-in again from Remento's sign-in page."


def saml_claims(response: AuthnResponse) -> dict[str, str | list[str]]:
    """The signed assertion's attributes, each under its Name as sent (and its
    FriendlyName, and pysaml2's name for it, when those differ), plus the NameID as
    ``name_id``: what an admin types as the attribute to match on. An attribute with one
    value is that value; one with several, the list."""
    claims: dict[str, list[str]] = {}
    for statement in response.assertion.attribute_statement:
        for attribute in statement.attribute:
            values = [str(v.text).strip() for v in attribute.attribute_value if v.text]
            for key in (attribute.name, attribute.friendly_name):
                if key:
                    claims.setdefault(key, values)
    for key, values in (response.ava or {}).items():
        claims.setdefault(key, [str(v) for v in values])
    name_id = response.name_id
    if name_id is not None and name_id.text:
        claims[NAME_ID] = [name_id.text.strip()]
    return {key: values[0] if len(values) == 1 else values for key, values in claims.items()}


def refusal_reason(error: Any) -> str:
    """The reason shown for a Response pysaml2 refused (``error``: what it raised, or None
    when it returned nothing usable)."""
    if isinstance(error, ResponseLifetimeExceed | ToEarly) or "expired" in str(error).lower():
        return (
            "The identity provider's answer has expired (or is not valid yet). Check that "
            "the clocks of the identity provider and of Remento are right." + START_AGAIN
        )
    if isinstance(error, SignatureError | IncorrectlySigned | MissingKey):
        return (
            "The identity provider's answer is not signed by the identity provider this "
            "organisation trusts, or was changed after it was signed; nobody is signed in."
            + START_AGAIN
        )
    if isinstance(error, UnsolicitedResponse):
        return (
            "This answer of the identity provider does not belong to a sign-in started in "
            "this browser, or it was already used." + START_AGAIN
        )
    if isinstance(error, StatusError):
        return "The identity provider did not sign you in: " + (str(error) or "no reason given.")
    return (
        "The identity provider's answer is not meant for this organisation's Remento "
        "(another audience or destination) or could not be read; nobody is signed in." + START_AGAIN
    )
