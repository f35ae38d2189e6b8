"""The development/demo configuration (DEBUG on): the static files of `runserver` and the
debug secret key file."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from remento.core.env import secret_key

ROOT = Path(__file__).resolve().parents[2]

# The WSGI handler that `remento runserver` (and so `remento demo`) serves, asked for paths.
SERVE = """
import io, sys
import django
django.setup()
from django.core.management import get_commands, load_command_class
command = load_command_class(get_commands()["runserver"], "runserver")
options = vars(command.create_parser("remento", "runserver").parse_args([]))
handler = command.get_handler(**options)
for path in sys.argv[1:]:
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1:8000", "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
    }
    statuses = []
    body = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
    print(path, statuses[0].split()[0])
"""


def _serve(tmp_path: Path, *paths: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REMENTO_", "SECRET_KEY"))}
    env.update(
        REMENTO_DEBUG="1",
        REMENTO_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="remento.settings",
    )
    result = subprocess.run(
        [sys.executable, "-c", SERVE, *paths],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return dict(line.split(" ", 1) for line in result.stdout.splitlines())


def test_a_static_path_climbing_out_of_the_static_folders_is_not_found(tmp_path: Path) -> None:
    # PATH_INFO is what the server hands over once %2f is decoded.
    statuses = _serve(
        tmp_path,
        "/static/../../settings.py",
        "/static/remento/../../settings.py",
        "/static/remento/remento.css",
    )

    assert statuses == {
        "/static/../../settings.py": "404",
        "/static/remento/../../settings.py": "404",
        "/static/remento/remento.css": "200",
    }


@pytest.fixture
def no_secret_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY_FILE", raising=False)


@pytest.mark.usefixtures("no_secret_in_the_environment")
def test_the_debug_secret_key_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "var" / "dev-secret-key"
    previous = os.umask(0o022)  # the usual umask, which would leave it world-readable
    try:
        key = secret_key(debug=True, dev_key_path=str(path))
    finally:
        os.umask(previous)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text(encoding="utf-8") == key
    assert secret_key(debug=True, dev_key_path=str(path)) == key


@pytest.mark.usefixtures("no_secret_in_the_environment")
def test_an_older_world_readable_secret_key_file_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "dev-secret-key"
    path.write_text("an-older-key")
    path.chmod(0o644)

    assert secret_key(debug=True, dev_key_path=str(path)) == "an-older-key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
