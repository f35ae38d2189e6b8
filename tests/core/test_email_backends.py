"""Every documented ``REMENTO_EMAIL_BACKEND`` value builds settings that really send mail.

Each case starts a fresh Python with only that environment, so the settings module is built
exactly as ``remento`` builds it, and sends one email through Django's mail API.
"""

from __future__ import annotations

import os
import socketserver
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SEND = """
import os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "remento.settings"
django.setup()
from django.conf import settings
from django.core import mail
sent = mail.send_mail("Backend check", "One email body.", "remento@localhost", ["ann@acme.example"])
print("BACKEND", settings.MAILERS["default"]["BACKEND"])
print("SENT", sent)
print("OUTBOX", len(getattr(mail, "outbox", [])))
"""


def _send_with(mode: str, tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REMENTO_", "DJANGO_"))}
    env.update(
        SECRET_KEY="x" * 60,
        REMENTO_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REMENTO_EMAIL_BACKEND=mode,
        **extra,
    )
    result = subprocess.run(
        [sys.executable, "-c", SEND], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "SENT 1" in result.stdout
    return result


class _SmtpSink(socketserver.StreamRequestHandler):
    """Just enough of an SMTP server to accept one message (the test's own fixture)."""

    received: list[bytes] = []

    def _reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self._reply("220 sink ready")
        while line := self.rfile.readline():
            command = line.strip().upper()
            if command.startswith((b"EHLO", b"HELO")):
                self._reply("250 sink")
            elif command == b"DATA":
                self._reply("354 end with a dot")
                body = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    body += chunk
                self.received.append(body)
                self._reply("250 queued")
            elif command == b"QUIT":
                self._reply("221 bye")
                return
            else:
                self._reply("250 ok")


@pytest.fixture
def smtp_sink() -> Iterator[tuple[int, list[bytes]]]:
    _SmtpSink.received = []
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpSink)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], _SmtpSink.received
    finally:
        server.shutdown()
        server.server_close()


def test_smtp_sends_to_the_configured_server(
    tmp_path: Path, smtp_sink: tuple[int, list[bytes]]
) -> None:
    port, received = smtp_sink

    result = _send_with(
        "smtp", tmp_path, REMENTO_EMAIL_HOST="127.0.0.1", REMENTO_EMAIL_PORT=str(port)
    )

    assert "django.core.mail.backends.smtp.EmailBackend" in result.stdout
    assert len(received) == 1
    assert b"Subject: Backend check" in received[0]


def test_console_prints_the_email(tmp_path: Path) -> None:
    result = _send_with("console", tmp_path)

    assert "Subject: Backend check" in result.stdout


def test_file_writes_the_email_where_the_outbox_reads_it(tmp_path: Path) -> None:
    result = _send_with("file", tmp_path)

    assert "django.core.mail.backends.filebased.EmailBackend" in result.stdout
    files = list((tmp_path / "mail").glob("*.log"))
    assert len(files) == 1
    assert "Subject: Backend check" in files[0].read_text()


def test_locmem_keeps_the_email_in_memory(tmp_path: Path) -> None:
    result = _send_with("locmem", tmp_path)

    assert "OUTBOX 1" in result.stdout


def test_an_unknown_value_names_the_variable_and_the_choices(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REMENTO_", "DJANGO_"))}
    env.update(SECRET_KEY="x" * 60, REMENTO_EMAIL_BACKEND="filebased")
    result = subprocess.run(
        [sys.executable, "-c", SEND], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert result.returncode != 0
    assert "REMENTO_EMAIL_BACKEND='filebased' must be one of: smtp, console, file, locmem" in (
        result.stderr
    )
