"""Single sign-on secrets at rest (an OIDC client secret, a SAML private key): the core
keyring with keys of their own (``REMENTO_SSO_SECRET_KEYS``; derived from ``SECRET_KEY``
when empty, with an HKDF info of their own, so never the private notes' key)."""

from __future__ import annotations

from remento.core.crypto import Keyring

KEYRING = Keyring(
    setting="REMENTO_SSO_SECRET_KEYS",
    purpose=b"remento sso secrets v1",
    what="A single sign-on secret",
    rotation="keep the old key in the list, or enter the secret again on the settings page",
)


def secret_encrypt(text: str) -> str:
    """``text`` encrypted for storing; an empty text stays empty (no secret)."""
    return KEYRING.encrypt(text) if text else ""


def secret_decrypt(token: str) -> str:
    """The stored secret's text (empty when none is stored)."""
    return KEYRING.decrypt(token) if token else ""
