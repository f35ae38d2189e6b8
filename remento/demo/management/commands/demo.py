"""``remento demo [--no-serve] [--size N]``: migrate, build the demo organisation, serve it.

``make demo`` runs this. The site is served on 127.0.0.1:$PORT (default 8000) by Django's
development server, with a background worker beside it so that emails and other tasks are
processed as they would be in production; stopping the server stops the worker.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from remento.core.errors import ServiceError
from remento.core.migrating import database_migrate
from remento.demo.people.seed import DEFAULT_SIZE, demo_organization_seed, demo_sign_in_lines
from remento.integrations.sso.demo import demo_identity_provider

DEFAULT_PORT = 8000
DATABASE_WORKER_BACKEND = "django_tasks_db.DatabaseBackend"


def demo_port() -> int:
    """The port from ``PORT``, else 8000; a bad value is an error that names it."""
    raw = os.environ.get("PORT", "").strip() or str(DEFAULT_PORT)
    if not raw.isdigit() or not 1 <= int(raw) <= 65535:
        raise CommandError(f"PORT={raw!r} is not a port number (1–65535).")
    return int(raw)


def port_taken_reason(port: int) -> str:
    """Why the demo cannot serve on 127.0.0.1:``port`` ("" when it can): Django's server,
    finding it taken, would exit at once and leave the worker running without a site."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the server binds: a port left in TIME_WAIT by a stopped demo is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            return (
                f"Port {port} is in use ({error.strerror}): another demo or program serves "
                f"there. Stop it, or choose a free port: PORT={port + 10} make demo."
            )
    return ""


def demo_site_url(port: int) -> str:
    """The address links in emails and chat messages point at: ``REMENTO_SITE_URL`` when
    set, else the demo's own (``http://127.0.0.1:<port>``), for this process and the worker
    it starts (which reads the environment)."""
    if not os.environ.get("REMENTO_SITE_URL", "").strip():
        os.environ["REMENTO_SITE_URL"] = f"http://127.0.0.1:{port}"
        settings.SITE_URL = os.environ["REMENTO_SITE_URL"]
    return str(settings.SITE_URL)


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


class Command(BaseCommand):
    # The checks open the database: they run after database_migrate() made its folder.
    requires_system_checks: list[str] = []
    help = "Migrate, build the demo organisation (reused if present), print the sign-ins, serve."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--skip-checks", action="store_true", help="skip the system checks")
        parser.add_argument(
            "--no-serve", action="store_true", help="do everything but start the server"
        )
        parser.add_argument(
            "--size",
            type=int,
            default=DEFAULT_SIZE,
            help=f"people in a newly built demo organisation (default {DEFAULT_SIZE})",
        )

    def handle(self, *args: Any, no_serve: bool, size: int, **options: Any) -> None:
        port = demo_port()
        if not no_serve and (refusal := port_taken_reason(port)):
            raise CommandError(refusal)
        demo_site_url(port)
        database = settings.DATABASES["default"]
        self.stdout.write(f"Database: {connection.vendor} ({database['NAME']})")
        database_migrate()
        if not options.get("skip_checks"):
            self.check()
        try:
            result = demo_organization_seed(size=size, log=self.stdout.write)
        except ServiceError as error:
            raise CommandError(str(error)) from error
        verb = "Built" if result.created else "Reused"
        self.stdout.write(
            f"{verb} the demo organisation {result.organization.name}: {result.people:,} people."
        )
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Remento demo: http://127.0.0.1:{port}/"))
        for line in demo_sign_in_lines(result):
            self.stdout.write(line)
        self.stdout.write(f"Django admin: http://127.0.0.1:{port}/admin/ (the admin sign-in)")
        if no_serve:
            return
        # The demo's own OpenID provider, for trying single sign-on (integrations/sso/demo.py).
        self.stdout.write(demo_identity_provider(result.organization, port=port + 1))
        self.stdout.write("")
        worker = self._start_worker()
        # Stopped by SIGTERM (a process manager, `kill`) rather than Ctrl+C, still stop the
        # worker: turn the signal into an exit that runs the clean-up below.
        previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
        try:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
        finally:
            signal.signal(signal.SIGTERM, previous)
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
                    worker.wait()

    def _start_worker(self) -> subprocess.Popen[bytes] | None:
        """The background-task worker as a child process, when tasks go to the database."""
        backend = settings.TASKS["default"]["BACKEND"]
        if backend != DATABASE_WORKER_BACKEND:
            self.stdout.write(f"Background tasks run in-process ({backend}); no worker needed.")
            return None
        self.stdout.write("Starting the background worker (emails and other tasks)…")
        command = [sys.executable, "-m", "remento.cli", "db_worker", "--queue-name", "*"]
        return subprocess.Popen([*command, "--no-reload"], env=os.environ.copy())
