"""The ``remento`` console script as a newcomer meets it: help without a secret or a
database, both spellings of every command, one-line configuration errors, and
``seed-demo`` on a new database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from remento.cli import asks_for_help, normalised_arguments

ROOT = Path(__file__).resolve().parents[2]
REMENTO = str(Path(sys.executable).parent / "remento")
# Every command Remento adds to Django's, as `remento --help` must list them.
REMENTO_COMMANDS = [
    "demo",
    "seed_demo",
    "import_people",
    "match_csv",
    "expire_requests",
    "backup",
    "restore",
    "purge_leavers",
    "purge_uploads",
    "purge_job_files",
    "reencrypt_private_notes",
    "send_nudges",
    "chat_sandbox",
]


def remento(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The installed console script, with a clean environment: no secret, no debug."""
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/")}
    clean.update(env)
    return subprocess.run(
        [REMENTO, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=600
    )


@pytest.fixture
def unreachable_database(tmp_path: Path) -> dict[str, str]:
    """A database that cannot be opened: help must not need one."""
    missing = tmp_path / "no-such-folder" / "db.sqlite3"
    return {"DATABASE_URL": f"sqlite:///{missing}", "REMENTO_VAR_DIR": str(tmp_path / "var")}


def test_help_lists_every_remento_command_without_a_secret(
    unreachable_database: dict[str, str],
) -> None:
    result = remento("--help", **unreachable_database)

    assert result.returncode == 0, result.stderr
    for command in REMENTO_COMMANDS:
        assert f"    {command}\n" in result.stdout
    assert "settings are not properly configured" not in result.stdout + result.stderr
    assert not (Path(unreachable_database["REMENTO_VAR_DIR"]) / "dev-secret-key").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("help", "demo"),
        ("help", "match-csv"),
        ("help", "match_csv"),
        ("help", "import-people"),
        ("help", "seed-demo"),
        ("import-people", "--help"),
        ("import_people", "--help"),
        ("seed-demo", "-h"),
        ("demo", "--help"),
        ("match-csv", "--help"),
        ("expire-requests", "--help"),
        ("help", "purge-leavers"),
        ("purge-uploads", "--help"),
        ("backup", "--help"),
        ("help", "restore"),
    ],
)
def test_help_on_a_command_works_in_both_spellings_without_a_secret_or_a_database(
    unreachable_database: dict[str, str], args: tuple[str, ...]
) -> None:
    result = remento(*args, **unreachable_database)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: remento ")
    assert "Traceback" not in result.stderr
    assert not Path(unreachable_database["DATABASE_URL"].removeprefix("sqlite:///")).exists()


def test_command_names_are_normalised_after_help_too() -> None:
    assert normalised_arguments(["remento", "help", "match-csv"]) == [
        "remento",
        "help",
        "match_csv",
    ]
    assert normalised_arguments(["remento", "import-people", "a-file.csv"]) == [
        "remento",
        "import_people",
        "a-file.csv",
    ]
    assert asks_for_help(["remento"])
    assert asks_for_help(["remento", "migrate", "-h"])
    assert not asks_for_help(["remento", "migrate"])


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"REMENTO_DEBUG": "1", "REMENTO_LOG_LEVEL": "LOUD"}, ["REMENTO_LOG_LEVEL", "warning"]),
        ({"REMENTO_DEBUG": "maybe"}, ["REMENTO_DEBUG", "true/false"]),
        (
            {"REMENTO_DEBUG": "1", "DATABASE_URL": "postgress://remento:s3cret@db/remento"},
            ["DATABASE_URL", "postgres://"],
        ),
        ({"REMENTO_DEBUG": "1", "REMENTO_EMAIL_BACKEND": "pigeon"}, ["smtp, console"]),
        ({"REMENTO_DEBUG": "1", "REMENTO_MIN_GROUP_SIZE": "five"}, ["REMENTO_MIN_GROUP_SIZE"]),
        ({}, ["SECRET_KEY"]),
    ],
)
def test_a_configuration_error_is_one_line_that_names_the_variable(
    tmp_path: Path, env: dict[str, str], names: list[str]
) -> None:
    result = remento("check", REMENTO_VAR_DIR=str(tmp_path), **env)

    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("remento: configuration error: ")
    for name in names:
        assert name in lines[0]
    assert "s3cret" not in result.stderr  # a database URL's password is never repeated


@pytest.mark.parametrize(
    ("command", "built"),
    [
        (["seed-demo"], "Created Northwind Group (northwind): 30 people"),
        (["demo", "--no-serve"], "Built the demo organisation Northwind Group: 30 people."),
    ],
)
def test_the_demo_commands_migrate_a_new_database_first(
    tmp_path: Path, command: list[str], built: str
) -> None:
    """As the README shows them: no secret, no database yet, not even its folder."""
    database = tmp_path / "new-folder" / "remento.sqlite3"

    result = remento(
        *command,
        "--size",
        "30",
        DATABASE_URL=f"sqlite:///{database}",
        REMENTO_VAR_DIR=str(tmp_path / "var"),
        REMENTO_TASKS_BACKEND="immediate",
        REMENTO_EMAIL_BACKEND="locmem",
        NUMBA_CACHE_DIR=str(tmp_path / "numba"),
    )

    assert result.returncode == 0, result.stderr
    assert "no such table" not in result.stderr
    assert built in result.stdout


def test_the_chat_sandbox_starts_without_a_secret_as_the_readme_runs_it(tmp_path: Path) -> None:
    """README: `.venv/bin/remento chat-sandbox &` beside the demo, with no settings."""
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/")}
    clean["REMENTO_VAR_DIR"] = str(tmp_path)
    process = subprocess.Popen(
        [REMENTO, "chat-sandbox", "--slack-port", "0", "--teams-port", "0"],
        cwd=ROOT,
        env=clean,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
    finally:
        process.kill()
        _out, errors = process.communicate(timeout=30)
    assert first.startswith("Chat sandbox running."), errors
