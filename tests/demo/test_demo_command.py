"""``remento demo``: migrate, build the demo organisation, print how to sign in, serve."""

from __future__ import annotations

import os
import socket
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from remento.demo.management.commands import demo as demo_command
from remento.demo.steps import DEMO_PASSWORD
from remento.people.models import Employee

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_no_serve_builds_the_demo_and_prints_the_url_and_the_sign_ins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PORT", raising=False)

    output = run_demo("--no-serve", "--size", "60")

    assert "Remento demo: http://127.0.0.1:8000/" in output
    assert f"password: {DEMO_PASSWORD}" in output
    for persona in ("admin", "coordinator", "mentor", "mentee"):
        assert f"{persona}@northwind.example" in output
    assert Employee.objects.filter(organization__slug="northwind").count() == 60


def test_a_second_run_reuses_the_demo_organisation() -> None:
    run_demo("--no-serve", "--size", "60")

    output = run_demo("--no-serve", "--size", "60")

    assert "Reused the demo organisation Northwind Group: 60 people." in output
    assert Employee.objects.filter(organization__slug="northwind").count() == 60


def test_the_port_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "8123")

    assert "http://127.0.0.1:8123/" in run_demo("--no-serve", "--size", "40")


@pytest.mark.parametrize("port", ["http", "0", "70000"])
def test_a_bad_port_is_refused_before_anything_is_built(
    monkeypatch: pytest.MonkeyPatch, port: str
) -> None:
    monkeypatch.setenv("PORT", port)

    with pytest.raises(CommandError, match=f"PORT='{port}' is not a port number"):
        run_demo("--no-serve")

    assert not Employee.objects.exists()


def test_a_port_in_use_is_refused_before_anything_is_built_or_started(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        monkeypatch.setenv("PORT", str(port))
        monkeypatch.setattr(demo_command.subprocess, "Popen", FakeWorker)
        STARTED.clear()

        with pytest.raises(CommandError, match=f"Port {port} is in use"):
            run_demo("--size", "40")

    assert STARTED == []
    assert not Employee.objects.exists()


class FakeWorker:
    def __init__(self, command: list[str], **kwargs: Any) -> None:
        self.command = command
        self.terminated = False
        STARTED.append(self)

    def terminate(self) -> None:
        self.terminated = True

    def wait(self, timeout: float | None = None) -> int:
        return 0


STARTED: list[FakeWorker] = []  # the workers the command under test started


def test_serving_runs_the_server_with_a_task_worker_that_stops_with_it(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    port = free_port()
    monkeypatch.setenv("PORT", str(port))
    STARTED.clear()
    served: list[tuple[Any, ...]] = []

    def fake_call_command(name: str, *args: Any, **kwargs: Any) -> None:
        if name == "runserver":
            served.append((args, kwargs))
            assert not STARTED[0].terminated  # the worker runs while the site is served
            raise KeyboardInterrupt  # the person stops the server with Ctrl+C
        call_command(name, *args, **kwargs)

    monkeypatch.setattr(demo_command, "call_command", fake_call_command)
    monkeypatch.setattr(demo_command.subprocess, "Popen", FakeWorker)

    with pytest.raises(KeyboardInterrupt):
        run_demo("--size", "40")

    assert served == [((f"127.0.0.1:{port}",), {"use_reloader": False})]
    (worker,) = STARTED
    assert worker.command[1:4] == ["-m", "remento.cli", "db_worker"]
    assert worker.terminated


def test_links_point_at_the_demos_own_port_unless_a_site_url_is_set(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    """A demo on PORT=8200 sends emails and chat messages whose links open it, not :8000."""
    monkeypatch.delenv("REMENTO_SITE_URL", raising=False)
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert demo_command.demo_site_url(8200) == "http://127.0.0.1:8200"
    assert settings.SITE_URL == "http://127.0.0.1:8200"
    assert os.environ["REMENTO_SITE_URL"] == "http://127.0.0.1:8200"  # for the worker

    monkeypatch.setenv("REMENTO_SITE_URL", "https://mentoring.example.com")
    settings.SITE_URL = "https://mentoring.example.com"
    assert demo_command.demo_site_url(8200) == "https://mentoring.example.com"
