"""The demo's own configuration, end to end: build the demo, let the worker drain its
queue, and the Outbox lists the emails with no task failed.

Slow (a whole demo in a fresh Python, then the worker): one test, run once, in the SQLite
pass; it builds its own SQLite database in a temporary folder whatever the suite runs on.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

CHECK_OUTBOX = """
import os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "remento.settings"
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import setup_test_environment
from django_tasks_db.models import DBTaskResult
from remento.core.notifications import send_email
from remento.people.models import Employee

print("MODE", settings.EMAIL_MODE)
results = DBTaskResult.objects.all()
print("TASKS", results.count())
print("FAILED", results.failed().count())
print("WAITING", results.ready().count())
print("EMAIL_TASKS", results.filter(task_path=send_email.module_path).count())
setup_test_environment()  # lets the test client's host in; the settings are the demo's
client = Client()
coordinator = Employee.objects.get(email="coordinator@northwind.example")
client.force_login(coordinator.user)
response = client.get("/outbox/")
print("STATUS", response.status_code)
print("SHOWN", response.context["total"])
print("FAILED_SHOWN", response.context["failed"])
from remento.people.outbox import email_content
contents = [email_content(sent) for sent in response.context["emails"]]
print("BODIES", sum(content is not None for content in contents))
print("RESET_SHOWN", sum("/reset/" in content.text for content in contents if content))
opened = client.get(f"/outbox/{response.context['emails'][0].pk}/")
print("OPENED", opened.status_code, opened.context["content"] is not None)
"""


def _remento(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "remento.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout + result.stderr


def test_a_fresh_demo_sends_its_emails_into_the_outbox(tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("runs once, in the SQLite pass (it builds its own SQLite demo)")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("REMENTO_", "DJANGO_", "SECRET_KEY", "DATABASE_URL"))
    }
    env.update(
        REMENTO_VAR_DIR=str(tmp_path),
        REMENTO_DEBUG="1",
        REMENTO_TASKS_BACKEND="database",
    )

    _remento(env, "demo", "--no-serve")
    worker_log = _remento(env, "db_worker", "--batch", "--no-startup-delay")
    checked = subprocess.run(
        [sys.executable, "-c", CHECK_OUTBOX],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert checked.returncode == 0, checked.stderr[-3000:]
    facts = dict(line.split(" ", 1) for line in checked.stdout.splitlines() if " " in line)

    assert facts["MODE"] == "file"
    assert int(facts["EMAIL_TASKS"]) > 0
    assert facts["FAILED"] == "0", worker_log[-3000:]
    assert facts["WAITING"] == "0"
    assert "state=FAILED" not in worker_log
    assert facts["STATUS"] == "200"
    assert int(facts["SHOWN"]) > 0
    assert facts["FAILED_SHOWN"] == "0"
    assert facts["RESET_SHOWN"] == "0"
    # Every listed email is sent and its body found in its file by its Message-ID.
    assert facts["BODIES"] == str(min(int(facts["SHOWN"]), 50))
    assert facts["OPENED"] == "200 True"
    assert list((tmp_path / "mail").glob("*.log"))
