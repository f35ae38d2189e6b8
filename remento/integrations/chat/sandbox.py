"""Two local stand-ins for the chat services, for the demo (``remento chat-sandbox``) and
the tests: a Slack-shaped Web API and a Teams-shaped Workflows webhook, each on 127.0.0.1.

They answer as the real services document: Slack's methods answer HTTP 200 with
``{"ok": true, …}`` or ``{"ok": false, "error": "…"}`` (``invalid_auth`` for a token that
is not a bot token, ``users_not_found``, ``channel_not_found``), a Teams webhook answers
202 Accepted. Both record every request (method, path, headers, JSON or form body), and
take scripted answers for the next requests (a 429 with Retry-After, a 503) so that the
tests can play rate limits and outages.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: Any  # the JSON document, the form fields as a dict, or the raw text

    @property
    def method_name(self) -> str:
        """Slack's method (``chat.postMessage``), the last part of the path."""
        return self.path.split("?")[0].rstrip("/").rsplit("/", 1)[-1]

    def text(self) -> str:
        """Everything the request carried, as one string (for "never appears" checks)."""
        return self.path + json.dumps(self.body, ensure_ascii=False)


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class FakeService:
    """One HTTP server on 127.0.0.1 and a random (or given) port, in a daemon thread."""

    def __init__(self, port: int = 0, on_request: Callable[[str, Request], None] | None = None):
        self.requests: list[Request] = []
        self.scripted: deque[Answer] = deque()
        self.on_request = on_request
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    name = "service"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> Self:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer_next(self, *answers: Answer) -> None:
        """Answer the next requests with these, in order, before the usual answers."""
        self.scripted.extend(answers)

    def answer(self, request: Request) -> Answer:
        raise NotImplementedError

    def _handle(self, request: Request) -> Answer:
        with self._lock:
            self.requests.append(request)
            scripted = self.scripted.popleft() if self.scripted else None
        if self.on_request is not None:
            self.on_request(self.name, request)
        return scripted or self.answer(request)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        service = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                kind = self.headers.get("Content-Type", "")
                body: Any = raw
                if "json" in kind and raw:
                    body = json.loads(raw)
                elif "form" in kind:
                    body = dict(parse_qsl(raw))
                query = dict(parse_qsl(urlsplit(self.path).query))
                if query and not raw:
                    body = query
                request = Request(self.command, self.path, dict(self.headers.items()), body)
                answer = service._handle(request)
                payload = b"" if answer.body is None else json.dumps(answer.body).encode()
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                if payload:
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = _serve

            def log_message(self, format: str, *args: Any) -> None:
                return  # the recorded requests are the log

        return Handler


class FakeSlack(FakeService):
    """Slack's Web API: ``auth.test``, ``users.lookupByEmail``, ``chat.postMessage``."""

    name = "slack"
    team = "Remento sandbox"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.unknown_emails: set[str] = set()
        self.missing_channels: set[str] = set()

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    @staticmethod
    def user_id(email: str) -> str:
        return "U" + hashlib.sha256(email.lower().encode()).hexdigest()[:8].upper()

    def answer(self, request: Request) -> Answer:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if not token.startswith("xoxb-"):
            return Answer(200, {"ok": False, "error": "invalid_auth"})
        body = request.body if isinstance(request.body, dict) else {}
        method = request.method_name
        if method == "auth.test":
            return Answer(
                200,
                {
                    "ok": True,
                    "url": "https://remento-sandbox.slack.com/",
                    "team": self.team,
                    "user": "remento",
                    "team_id": "T0SANDBOX",
                    "user_id": "U0REMENTO",
                    "bot_id": "B0REMENTO",
                },
            )
        if method == "users.lookupByEmail":
            email = str(body.get("email", ""))
            if not email or email in self.unknown_emails:
                return Answer(200, {"ok": False, "error": "users_not_found"})
            user = {"id": self.user_id(email), "profile": {"email": email}}
            return Answer(200, {"ok": True, "user": user})
        if method == "chat.postMessage":
            channel = str(body.get("channel", ""))
            if not channel or channel in self.missing_channels:
                return Answer(200, {"ok": False, "error": "channel_not_found"})
            message = {"type": "message", "text": body.get("text", ""), "bot_id": "B0REMENTO"}
            return Answer(
                200, {"ok": True, "channel": channel, "ts": "1700000000.000100", "message": message}
            )
        return Answer(404, {"ok": False, "error": "unknown_method"})


class FakeTeams(FakeService):
    """A Teams Workflows webhook: any POST under /webhook/ with a JSON body is accepted."""

    name = "teams"

    @property
    def webhook_url(self) -> str:
        return f"{self.url}/webhook/remento-sandbox"

    def answer(self, request: Request) -> Answer:
        if request.method != "POST" or not request.path.startswith("/webhook/"):
            return Answer(404)
        if not isinstance(request.body, dict) or request.body.get("type") != "message":
            return Answer(400, {"error": "The request body is not a message."})
        return Answer(202)
