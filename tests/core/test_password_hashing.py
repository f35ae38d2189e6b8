"""Argon2id on one lane, taking turns through the machine's password-check slots, so that
sign-ins never take every core (remento/core/hashers.py)."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher

from remento.core.hashers import (
    Argon2OneLanePasswordHasher,
    on_password_lane,
    password_check_slot,
)


def _nice_here() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


@pytest.mark.skipif(sys.platform != "linux", reason="a nice value per thread is Linux's")
def test_passwords_are_hashed_at_a_lower_priority_than_the_pages(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sign-in's Argon2 check competes with the pages for the cores: it runs on threads
    with a higher nice value, and the request's own thread keeps its priority."""
    settings.REMENTO_PASSWORD_CHECK_NICE = 10
    seen: list[int] = []
    djangos_encode = Argon2PasswordHasher.encode

    def encode_noting_priority(self: Argon2PasswordHasher, password: str, salt: str) -> str:
        seen.append(_nice_here())
        return djangos_encode(self, password, salt)

    monkeypatch.setattr(Argon2PasswordHasher, "encode", encode_noting_priority)
    before = _nice_here()

    encoded = Argon2OneLanePasswordHasher().encode("correct horse", "saltsaltsaltsalt")

    assert seen
    assert seen[0] >= 10
    assert _nice_here() == before
    assert Argon2OneLanePasswordHasher().verify("correct horse", encoded)


def test_an_error_in_a_check_reaches_the_caller() -> None:
    def broken() -> None:
        raise ValueError("bad hash")

    with pytest.raises(ValueError, match="bad hash"):
        on_password_lane(broken)


def test_a_password_is_hashed_on_one_lane_with_djangos_memory_and_passes() -> None:
    encoded = Argon2OneLanePasswordHasher().encode("correct horse", "saltsaltsaltsalt")

    assert "$m=102400,t=2,p=1$" in encoded
    assert Argon2OneLanePasswordHasher().verify("correct horse", encoded)
    assert not Argon2OneLanePasswordHasher().verify("wrong horse", encoded)


def test_a_hash_of_djangos_own_hasher_still_signs_in_and_is_kept() -> None:
    """Re-hashing only for the lanes would change the stored password, and Django would
    sign the person out of their other sessions."""
    django_hasher = Argon2PasswordHasher()
    encoded = django_hasher.encode("correct horse", django_hasher.salt())
    hasher = Argon2OneLanePasswordHasher()

    assert "p=8" in encoded
    assert hasher.verify("correct horse", encoded)
    assert not hasher.must_update(encoded)


def test_a_weaker_hash_is_still_rehashed() -> None:
    class Weaker(Argon2PasswordHasher):
        memory_cost = 1024

    weak = Weaker().encode("correct horse", Weaker().salt())

    assert Argon2OneLanePasswordHasher().must_update(weak)


def _hold_slot(entered: threading.Event, release: threading.Event) -> None:
    with password_check_slot():
        entered.set()
        release.wait(10)


def test_one_slot_lets_one_check_run_at_a_time(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    settings.REMENTO_PASSWORD_CHECKS_AT_ONCE = 1
    first_in, first_release = threading.Event(), threading.Event()
    second_in, second_release = threading.Event(), threading.Event()
    first = threading.Thread(target=_hold_slot, args=(first_in, first_release))
    second = threading.Thread(target=_hold_slot, args=(second_in, second_release))
    first.start()
    assert first_in.wait(10)
    second.start()

    waited = not second_in.wait(0.5)  # the second check waits for the slot
    first_release.set()
    got_in = second_in.wait(10)  # and runs once the first is done
    second_release.set()
    first.join(10)
    second.join(10)

    assert waited
    assert got_in


def test_two_slots_let_two_checks_run_together(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    settings.REMENTO_PASSWORD_CHECKS_AT_ONCE = 2
    events = [(threading.Event(), threading.Event()) for _ in range(2)]
    threads = [threading.Thread(target=_hold_slot, args=pair) for pair in events]
    for thread in threads:
        thread.start()

    both_in = all(entered.wait(10) for entered, _release in events)
    for _entered, release in events:
        release.set()
    for thread in threads:
        thread.join(10)

    assert both_in
