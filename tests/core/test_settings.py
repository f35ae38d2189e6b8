"""Production settings: safe defaults, a refusal without a secret, a clean --deploy check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("REMENTO_", "SECRET_KEY"))}
    base.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=base, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = _run(
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='remento.settings'; django.setup()"
    )
    assert result.returncode != 0
    assert "SECRET_KEY (or SECRET_KEY_FILE) must be set" in result.stderr


def test_secret_key_file_is_read(tmp_path: Path) -> None:
    key_file = tmp_path / "secret"
    key_file.write_text("k" * 60 + "\n")
    result = _run(
        "from remento import settings; print(settings.SECRET_KEY, settings.DEBUG)",
        SECRET_KEY_FILE=str(key_file),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["k" * 60, "False"]


def test_debug_is_off_by_default_and_passwords_use_argon2() -> None:
    result = _run(
        "from remento import settings; print(settings.DEBUG, settings.PASSWORD_HASHERS[0])",
        SECRET_KEY="x" * 60,
    )
    assert result.stdout.split() == ["False", "remento.core.hashers.Argon2OneLanePasswordHasher"]


def test_the_cache_is_per_process_by_default_and_redis_when_chosen() -> None:
    """Several web processes share one count of the API's rate limits only through Redis."""
    code = "from remento import settings; print(getattr(settings, 'CACHES', {}))"
    default = _run(code, SECRET_KEY="x" * 60)
    assert default.returncode == 0, default.stderr
    assert "RedisCache" not in default.stdout
    shared = _run(
        code,
        SECRET_KEY="x" * 60,
        REMENTO_CACHE="redis",
        REMENTO_REDIS_URL="redis://10.0.0.9:6379/2",
    )
    assert shared.returncode == 0, shared.stderr
    assert "django.core.cache.backends.redis.RedisCache" in shared.stdout
    assert "redis://10.0.0.9:6379/2" in shared.stdout


def test_check_deploy_prints_no_warning_under_production_settings(tmp_path: Path) -> None:
    secret = "p8Zq-3v!kLr0" * 6
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("REMENTO_", "SECRET_KEY", "DJANGO_"))
    }
    base.update(
        SECRET_KEY=secret,
        REMENTO_ALLOWED_HOSTS="remento.example.com",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "-m", "remento.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr
    assert "no issues" in result.stdout


def test_commands_print_no_faiss_loading_noise(tmp_path: Path) -> None:
    """The matching engine imports faiss, which reports at INFO which CPU build it loads:
    the logging settings keep that off every command's output."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("REMENTO_", "DJANGO_"))}
    base.update(SECRET_KEY="x" * 60, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")

    def remento(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "remento.cli", *args],
            cwd=ROOT,
            env=base,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout + result.stderr

    check = remento("check")
    assert "faiss" not in check.lower()
    assert check.strip() == "System check identified no issues (0 silenced)."
    assert remento("import-people", "--help").startswith("usage: ")
