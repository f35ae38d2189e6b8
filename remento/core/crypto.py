"""Encryption at rest (Fernet: AES-128-CBC with HMAC-SHA256), one keyring per purpose.

Each purpose (private notes, single sign-on secrets, …) reads its keys from its own setting:
comma-separated Fernet keys, the first encrypts and every one decrypts, so a key is rotated by
putting a new one first, re-encrypting, then dropping the old one. When the setting is empty
the key is derived from ``SECRET_KEY`` with HKDF-SHA256, its ``info`` naming the purpose, so
each purpose gets a key of its own and never the secret itself. Production should set its own
keys, so that what is encrypted survives a change of ``SECRET_KEY`` and a copy of the
settings with the database is not enough to read it.
"""

from __future__ import annotations

import base64
import functools
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def derived_key(secret: str, *, purpose: bytes) -> bytes:
    """A Fernet key derived from ``secret`` for ``purpose`` (the HKDF info)."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
        secret.encode()
    )
    return base64.urlsafe_b64encode(raw)


@functools.cache
def _fernet(setting: str, purpose: bytes, keys: tuple[str, ...], secret: str) -> MultiFernet:
    if not keys:
        return MultiFernet([Fernet(derived_key(secret, purpose=purpose))])
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key.encode()))
        except ValueError:
            # The key itself is never repeated: the message may end up in a log.
            raise ImproperlyConfigured(
                f"{setting}: key {position} is not a Fernet key (32 url-safe base64-encoded "
                "bytes; make one with `python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'`)."
            ) from None
    return MultiFernet(fernets)


@dataclass(frozen=True)
class Keyring:
    """The keys of one purpose: ``setting`` names the keys' setting, ``purpose`` is the HKDF
    info of the derived key, ``what`` and ``rotation`` word the errors (“A private note”,
    “keep the old key in the list until … has run”)."""

    setting: str
    purpose: bytes
    what: str
    rotation: str

    def fernet(self) -> MultiFernet:
        """The keys of the current settings (cached per set of keys)."""
        keys = tuple(getattr(settings, self.setting, ()) or ())
        return _fernet(self.setting, self.purpose, keys, settings.SECRET_KEY)

    def encrypt(self, text: str) -> str:
        """``text`` encrypted with the newest key, as ASCII."""
        return self.fernet().encrypt(text.encode()).decode("ascii")

    def decrypt(self, token: str) -> str:
        """The text of ``token``; ``ImproperlyConfigured`` when no configured key opens it."""
        try:
            return self.fernet().decrypt(token.encode("ascii")).decode()
        except InvalidToken:
            raise ImproperlyConfigured(
                f"{self.what} cannot be decrypted with the keys of {self.setting}; {self.rotation}."
            ) from None

    def reencrypt(self, token: str) -> str:
        """``token`` encrypted again with the newest key (the text never leaves here)."""
        try:
            return self.fernet().rotate(token.encode("ascii")).decode("ascii")
        except InvalidToken:
            raise ImproperlyConfigured(
                f"{self.what} cannot be decrypted with the keys of {self.setting}."
            ) from None
