"""Encryption at rest of the chat connections' secrets: the core keyring with its own keys
(``REMENTO_CHAT_SECRET_KEYS``; empty: a key derived from ``SECRET_KEY`` for this purpose).
To rotate, put a new key first, save each connection again (or paste its secret again),
then drop the old key."""

from __future__ import annotations

from remento.core.crypto import Keyring

KEYRING = Keyring(
    setting="REMENTO_CHAT_SECRET_KEYS",
    purpose=b"remento chat secrets v1",
    what="A Slack token or Teams webhook URL",
    rotation="keep the old key in the list until the connection's secret is pasted again",
)


def encrypt(text: str) -> str:
    """``text`` encrypted for storage."""
    return KEYRING.encrypt(text)


def decrypt(token: str) -> str:
    """The text of a stored ``token``."""
    return KEYRING.decrypt(token)
