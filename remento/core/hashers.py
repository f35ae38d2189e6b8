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

The hashing itself runs on the process's password lane: threads started at a lower CPU
priority (``REMENTO_PASSWORD_CHECK_NICE``, nice 10 by default; Linux keeps a nice value per
thread). A page and a sign-in that want the same core at the same moment: the scheduler
gives the page its share first (a nice-10 thread gets about a tenth of a contested core),
so a sign-in slows the pages around it less; on a core that is free, the check runs at full
speed. The lane's threads keep their priority for the life of the process (raising it back
would need a privilege the web server should not have), and the request's own thread never
changes.

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
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
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


_lane: ThreadPoolExecutor | None = None
_lane_pid = 0
_lane_lock = threading.Lock()


def _lower_priority() -> None:
    """Start a lane thread at the configured nice value (Linux: per thread)."""
    nice = min(19, max(0, int(settings.REMENTO_PASSWORD_CHECK_NICE)))
    if nice and sys.platform == "linux":
        thread = threading.get_native_id()
        current = os.getpriority(os.PRIO_PROCESS, thread)
        os.setpriority(os.PRIO_PROCESS, thread, max(current, nice))


def _password_lane() -> ThreadPoolExecutor:
    """This process's lane (a new one after a fork: threads do not survive it)."""
    global _lane, _lane_pid
    with _lane_lock:
        if _lane is None or _lane_pid != os.getpid():
            _lane = ThreadPoolExecutor(
                max_workers=max(1, int(settings.REMENTO_PASSWORD_CHECKS_AT_ONCE)),
                thread_name_prefix="password-lane",
                initializer=_lower_priority,
            )
            _lane_pid = os.getpid()
        return _lane


def on_password_lane[T](check: Callable[[], T]) -> T:
    """Run ``check`` on the low-priority lane, holding a machine slot, and wait for it."""

    def in_slot() -> T:
        with password_check_slot():
            return check()

    return _password_lane().submit(in_slot).result()


class Argon2OneLanePasswordHasher(Argon2PasswordHasher):
    parallelism = 1

    def encode(self, password: str, salt: str) -> str:
        return on_password_lane(
            lambda: super(Argon2OneLanePasswordHasher, self).encode(password, salt)
        )

    def verify(self, password: str, encoded: str) -> bool:
        return on_password_lane(
            lambda: super(Argon2OneLanePasswordHasher, self).verify(password, encoded)
        )

    def must_update(self, encoded: str) -> bool:
        decoded = self.decode(encoded)
        current = dataclasses.replace(decoded["params"], parallelism=self.parallelism)
        wanted = dataclasses.replace(self.params(), salt_len=current.salt_len)
        return current != wanted or must_update_salt(decoded["salt"], self.salt_entropy)
