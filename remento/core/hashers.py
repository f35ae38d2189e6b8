"""Passwords: Argon2id on one lane, and at most a few checks at once on a machine, so that
sign-ins never stall the pages.

Django's Argon2 hasher asks for 8 lanes (``parallelism = 8``): libargon2 then hashes on up to
8 threads, so every sign-in takes every core of the web server for its tenth of a second,
and the pages being served meanwhile wait (docs/performance.md measured it under load). One
lane keeps the same memory and time cost (Django's 100 MiB, two passes: more than OWASP's
minimum for Argon2id of 19 MiB, two passes, one lane) and the same work per check, on one
core. And since every web process may check passwords at the same moment, the checks take
turns through ``REMENTO_PASSWORD_CHECKS_AT_ONCE`` slots shared by the machine's processes
(lock files under the var folder): by default half the cores, so that the other half always
serves pages, however many people sign in at once. A burst of sign-ins then waits a little;
the pages do not.

A password hashed by Django's own hasher (8 lanes) is still checked with the parameters stored
in its hash, and is *not* re-hashed at sign-in for the lanes alone: the stored hash would
change, and Django signs a person out of their other sessions when it does. It takes one lane
at its next password change; any other difference (memory, passes, salt) is re-hashed as
Django does.
"""

from __future__ import annotations

import dataclasses
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher, must_update_salt


@contextmanager
def password_check_slot() -> Iterator[None]:
    """Hold one of the machine's password-check slots (waiting for one when all are held)."""
    slots = max(1, int(settings.REMENTO_PASSWORD_CHECKS_AT_ONCE))
    folder = Path(settings.VAR_DIR) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    files = [
        os.open(folder / f"password-check-{n}.lock", os.O_CREAT | os.O_RDWR, 0o600)
        for n in range(slots)
    ]
    try:
        held = next((fd for fd in files if _try_lock(fd)), None)
        if held is None:
            held = files[os.getpid() % slots]
            fcntl.flock(held, fcntl.LOCK_EX)
        yield
    finally:
        for fd in files:
            os.close(fd)  # closing releases the lock


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class Argon2OneLanePasswordHasher(Argon2PasswordHasher):
    parallelism = 1

    def encode(self, password: str, salt: str) -> str:
        with password_check_slot():
            return super().encode(password, salt)

    def verify(self, password: str, encoded: str) -> bool:
        with password_check_slot():
            return super().verify(password, encoded)

    def must_update(self, encoded: str) -> bool:
        decoded = self.decode(encoded)
        current = dataclasses.replace(decoded["params"], parallelism=self.parallelism)
        wanted = dataclasses.replace(self.params(), salt_len=current.salt_len)
        return current != wanted or must_update_salt(decoded["salt"], self.salt_entropy)
