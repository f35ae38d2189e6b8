"""`make test` as a contributor meets it: each stage says how long it took, and what the
tools generate (coverage data, test databases, caches) stays out of git."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import uses_the_database

ROOT = Path(__file__).resolve().parents[2]
TIMED = ROOT / "scripts" / "timed"


def test_a_stage_says_how_long_it_took() -> None:
    result = subprocess.run(
        [str(TIMED), "lint", "true"], capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0
    assert result.stdout == "== lint: 0 min 0 s\n"


def test_a_failed_stage_says_so_and_keeps_its_exit_status() -> None:
    result = subprocess.run(
        [str(TIMED), "typecheck", "bash", "-c", "exit 3"],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 3
    assert result.stdout.startswith("== typecheck: failed (exit status 3) after 0 min ")


def test_every_stage_of_make_test_is_timed() -> None:
    makefile = (ROOT / "Makefile").read_text()
    recipes = {
        stage: makefile.split(f"\n{stage}:", 1)[1].split("\n\n", 1)[0]
        for stage in ("lint", "typecheck", "contracts", "pytest")
    }

    for stage, recipe in recipes.items():
        assert "$(TIMED)" in recipe, stage


@pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(), reason="not a git checkout"
)
@pytest.mark.parametrize(
    "generated", [".coverage", ".coverage.host.123", "htmlcov/index.html", "var/test/db.sqlite3"]
)
def test_generated_files_are_ignored_by_git(generated: str) -> None:
    result = subprocess.run(
        ["git", "check-ignore", "--quiet", "--no-index", generated],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )

    assert result.returncode == 0, f"{generated} is not ignored by git"


def test_the_postgresql_pass_runs_only_the_tests_that_use_the_database() -> None:
    """Every test runs in the SQLite pass; the second pass leaves out only what behaves the
    same on any database."""
    recipe = (ROOT / "Makefile").read_text().split("\npytest:", 1)[1].split("\n\n", 1)[0]
    sqlite_pass, postgresql_pass = recipe.split("PostgreSQL ($$DATABASE_URL)", 1)

    assert "REMENTO_TESTS_DATABASE_ONLY" not in sqlite_pass
    assert "REMENTO_TESTS_DATABASE_ONLY=1" in postgresql_pass


def test_a_test_with_the_database_is_kept_in_the_postgresql_pass(
    request: pytest.FixtureRequest, db: None
) -> None:
    assert uses_the_database(request.node)


def test_a_test_without_the_database_is_left_to_the_sqlite_pass(
    request: pytest.FixtureRequest,
) -> None:
    assert not uses_the_database(request.node)
