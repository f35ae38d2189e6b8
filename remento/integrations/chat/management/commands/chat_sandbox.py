"""``remento chat-sandbox``: a Slack-shaped and a Teams-shaped server on 127.0.0.1 that
print every message they receive (README, "Slack and Microsoft Teams", says how to point
the demo at them)."""

from __future__ import annotations

import json
import threading
from typing import Any

from django.core.management.base import BaseCommand

from remento.integrations.chat.sandbox import FakeSlack, FakeTeams, Request


class Command(BaseCommand):
    # It needs no database, URLs or models: a stand-in runs even beside a broken checkout.
    requires_system_checks: list[str] = []
    help = "Run local stand-ins for Slack's Web API and a Teams webhook, printing what they get."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--slack-port", type=int, default=8151)
        parser.add_argument("--teams-port", type=int, default=8152)

    def handle(self, *args: Any, **options: Any) -> None:
        lock = threading.Lock()

        def show(name: str, request: Request) -> None:
            with lock:
                body = json.dumps(request.body, ensure_ascii=False)
                self.stdout.write(f"[{name}] {request.method} {request.path} {body}")
                self.stdout.flush()

        slack = FakeSlack(options["slack_port"], on_request=show).start()
        teams = FakeTeams(options["teams_port"], on_request=show).start()
        self.stdout.write(
            "Chat sandbox running. Start the demo with\n"
            f"  REMENTO_SLACK_API_URL={slack.api_url} REMENTO_TEAMS_WEBHOOK_HOSTS=127.0.0.1 "
            ".venv/bin/remento demo\n"
            "then, on /integrations/chat/, connect Slack with any token starting xoxb- and "
            f"a channel such as #mentoring, and Teams with {teams.webhook_url}\n"
            "Press Ctrl+C to stop."
        )
        self.stdout.flush()
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        finally:
            slack.stop()
            teams.stop()
