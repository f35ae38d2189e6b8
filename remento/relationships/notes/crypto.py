"""Encryption at rest for private notes: the core keyring (``core/crypto.py``) with the
notes' own keys.

Keys come from ``REMENTO_PRIVATE_NOTES_KEYS``: comma-separated Fernet keys, the first
encrypts and every one decrypts, so a key is rotated by putting a new one first and running
``remento reencrypt-private-notes``, then dropping the old one. When the setting is empty the
key is derived from ``SECRET_KEY`` with HKDF-SHA256 (info ``remento private notes v1``).
"""

from __future__ import annotations

from remento.core.crypto import Keyring
from remento.core.crypto import derived_key as _derived_key

SETTING = "REMENTO_PRIVATE_NOTES_KEYS"
_HKDF_INFO = b"remento private notes v1"

KEYRING = Keyring(
    setting=SETTING,
    purpose=_HKDF_INFO,
    what="A private note",
    rotation="keep the old key in the list until `remento reencrypt-private-notes` has run",
)


def derived_key(secret: str) -> bytes:
    """The notes' Fernet key derived from ``secret`` (the fallback when no key is set)."""
    return _derived_key(secret, purpose=_HKDF_INFO)


def encrypt(text: str) -> str:
    """``text`` encrypted with the newest key, as ASCII."""
    return KEYRING.encrypt(text)


def decrypt(token: str) -> str:
    """The text of ``token``; ``ImproperlyConfigured`` when no configured key opens it."""
    return KEYRING.decrypt(token)


def reencrypt(token: str) -> str:
    """``token`` encrypted again with the newest key (the text never leaves this function)."""
    return KEYRING.reencrypt(token)
