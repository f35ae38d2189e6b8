"""Encryption at rest for private notes (Fernet: AES-128-CBC with HMAC-SHA256).

Keys come from ``REMENTO_PRIVATE_NOTES_KEYS``: comma-separated Fernet keys, the first
encrypts and every one decrypts, so a key is rotated by putting a new one first and running
``remento reencrypt-private-notes``, then dropping the old one. When the setting is empty the
key is derived from ``SECRET_KEY`` with HKDF-SHA256 (a separate key, never the secret
itself); production should set its own keys, so that the notes survive a change of
``SECRET_KEY`` and a copy of the settings with the database is not enough to read them.
"""

from __future__ import annotations

import base64
import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SETTING = "REMENTO_PRIVATE_NOTES_KEYS"
_HKDF_INFO = b"remento private notes v1"


def derived_key(secret: str) -> bytes:
    """A Fernet key derived from ``secret`` (the fallback when no key is configured)."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(
        secret.encode()
    )
    return base64.urlsafe_b64encode(raw)


@functools.cache
def _fernet(keys: tuple[str, ...], secret: str) -> MultiFernet:
    if not keys:
        return MultiFernet([Fernet(derived_key(secret))])
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key.encode()))
        except ValueError:
            # The key itself is never repeated: the message may end up in a log.
            raise ImproperlyConfigured(
                f"{SETTING}: key {position} is not a Fernet key (32 url-safe base64-encoded "
                "bytes; make one with `python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'`)."
            ) from None
    return MultiFernet(fernets)


def fernet() -> MultiFernet:
    """The keys of the current settings (cached per set of keys)."""
    keys = tuple(getattr(settings, SETTING, ()) or ())
    return _fernet(keys, settings.SECRET_KEY)


def encrypt(text: str) -> str:
    """``text`` encrypted with the newest key, as ASCII."""
    return fernet().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """The text of ``token``; ``ImproperlyConfigured`` when no configured key opens it."""
    try:
        return fernet().decrypt(token.encode("ascii")).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            f"A private note cannot be decrypted with the keys of {SETTING}; keep the old key "
            "in the list until `remento reencrypt-private-notes` has run."
        ) from None


def reencrypt(token: str) -> str:
    """``token`` encrypted again with the newest key (the text never leaves this function)."""
    try:
        return fernet().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken:
        raise ImproperlyConfigured(
            f"A private note cannot be decrypted with the keys of {SETTING}."
        ) from None
