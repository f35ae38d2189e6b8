"""The production gunicorn settings (deploy/gunicorn.conf.py): threads, sizing from the env."""

from __future__ import annotations

import os
import runpy
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


def _load(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, object]:
    for name in ("REMENTO_WEB_WORKERS", "REMENTO_WEB_THREADS", "REMENTO_BIND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_workers_are_threaded_so_a_sign_in_never_takes_a_whole_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = _load(monkeypatch)
    assert config["worker_class"] == "gthread"
    # Sign-ins waiting for a password-check slot hold a thread each (core/hashers.py).
    assert config["threads"] == 16
    assert config["workers"] == len(os.sched_getaffinity(0))
    assert config["bind"] == "127.0.0.1:8000"


def test_processes_threads_and_address_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = _load(
        monkeypatch, REMENTO_WEB_WORKERS="8", REMENTO_WEB_THREADS="6", REMENTO_BIND="0.0.0.0:9000"
    )
    assert (config["workers"], config["threads"], config["bind"]) == (8, 6, "0.0.0.0:9000")


@pytest.mark.parametrize(
    ("value", "message"),
    [("four", "must be a whole number, not 'four'"), ("0", "must be at least 1, not 0")],
)
def test_a_wrong_size_stops_gunicorn_with_the_variable_named(
    monkeypatch: pytest.MonkeyPatch, value: str, message: str
) -> None:
    with pytest.raises(SystemExit, match=f"REMENTO_WEB_THREADS {message}"):
        _load(monkeypatch, REMENTO_WEB_THREADS=value)
