"""Typed helpers that read settings from the environment and fail loudly on bad values."""

from __future__ import annotations

import os
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    """The variable's value, or ``default`` when it is unset."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no variable: 1/true/yes/on or 0/false/no/off, any case."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value (use 1/0, true/false).")


def env_int(name: str, default: int) -> int:
    """A whole-number variable."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list; blanks are dropped."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of a fixed set of words."""
    raw = os.environ.get(name, default)
    value = raw.strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={raw!r} must be one of: {', '.join(choices)}.")
    return value


LOG_LEVELS = ("debug", "info", "warning", "error", "critical")


def env_log_level(name: str, default: str = "info") -> str:
    """A logging level name, any case, returned in capitals (``INFO``)."""
    return env_choice(name, default, LOG_LEVELS).upper()


def env_database(name: str, default: str, **options: Any) -> dict[str, Any]:
    """Django's database settings from a database URL (``postgres://…``, ``sqlite:///…``).

    An empty value means the default; a URL that is not one is a configuration error that
    names the variable and the accepted forms, without repeating the value (it may hold a
    password).
    """
    url = os.environ.get(name, "").strip() or default
    try:
        return dict(dj_database_url.parse(url, **options))
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} is not a database URL "
            "(use postgres://USER:PASSWORD@HOST:5432/NAME or sqlite:////ABSOLUTE/PATH.sqlite3)."
        ) from None


# The debug secret key file: read and written by its owner only.
DEV_KEY_FILE_MODE = 0o600


def secret_key(*, debug: bool, dev_key_path: str) -> str:
    """SECRET_KEY, else the contents of SECRET_KEY_FILE.

    Production (DEBUG off) refuses to start without one. With DEBUG on, a random key is
    generated once and kept in ``dev_key_path`` so sign-ins survive a restart of the demo.
    """
    key = os.environ.get("SECRET_KEY", "").strip()
    key_file = os.environ.get("SECRET_KEY_FILE", "").strip()
    if not key and key_file:
        try:
            with open(key_file, encoding="utf-8") as handle:
                key = handle.read().strip()
        except OSError as error:
            raise ImproperlyConfigured(f"SECRET_KEY_FILE={key_file!r}: {error.strerror}.") from None
        if not key:
            raise ImproperlyConfigured(f"SECRET_KEY_FILE={key_file!r} is empty.")
    if key:
        return key
    if not debug:
        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off. "
            "For a local demo run `make demo`, or set REMENTO_DEBUG=1."
        )
    from django.core.management.utils import get_random_secret_key

    if os.path.exists(dev_key_path):
        # Written by an older version with the umask's mode: readable by no one else now.
        if os.stat(dev_key_path).st_mode & 0o077:
            os.chmod(dev_key_path, DEV_KEY_FILE_MODE)
        with open(dev_key_path, encoding="utf-8") as handle:
            return handle.read().strip()
    os.makedirs(os.path.dirname(dev_key_path), exist_ok=True)
    key = get_random_secret_key()
    # Created with owner-only permissions from the start (never world-readable, not even
    # for a moment), and never over an existing file.
    descriptor = os.open(dev_key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, DEV_KEY_FILE_MODE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key
