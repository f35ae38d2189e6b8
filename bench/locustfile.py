"""Load test: the four personas sign in and browse their usual pages, with locust.

Each simulated user is one of the demo's four sign-ins (organisation admin, coordinator,
mentor, mentee), signs in on start (a real Argon2 check), then opens the pages that persona
opens every day, with a pause of 1–3 s between pages. Tagged ``signin``, each user also signs
out and in again now and then: run with ``--exclude-tags signin`` for the figures without
sign-ins. At the end it prints the 50th and 95th percentiles of the *ordinary pages* (every
request but the sign-in itself) and of the sign-ins, separately.

How to run it against a 20,000-person demo on PostgreSQL behind gunicorn (docs/deploy.md
says why the gunicorn settings are what they are)::

    createdb -h 127.0.0.1 -U postgres remento_load
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/remento_load SECRET_KEY=load-test
    export REMENTO_VAR_DIR=/tmp/remento-load REMENTO_HTTPS=0 REMENTO_ALLOWED_HOSTS=127.0.0.1
    .venv/bin/remento seed-demo --size 20000          # a few minutes
    .venv/bin/remento collectstatic --noinput
    REMENTO_BIND=127.0.0.1:8000 .venv/bin/gunicorn -c deploy/gunicorn.conf.py remento.wsgi &
    .venv/bin/locust -f bench/locustfile.py --host http://127.0.0.1:8000 --headless \\
        --users 50 --spawn-rate 10 --run-time 60s --reset-stats --only-summary
    .venv/bin/locust -f bench/locustfile.py --host http://127.0.0.1:8000 --headless \\
        --users 50 --spawn-rate 10 --run-time 60s --reset-stats --only-summary \\
        --exclude-tags signin

``--reset-stats`` drops the ramp-up (when every user signs in at once) from the figures.
``REMENTO_LOCUST_PASSWORD`` and ``REMENTO_LOCUST_DOMAIN`` change the demo's password and
email domain (``remento-demo``, ``northwind.example``). Never point it at a production
server: it signs in as real accounts.
"""

from __future__ import annotations

import os
import re
from typing import Any

from locust import HttpUser, between, events, tag, task
from locust.stats import StatsEntry

PASSWORD = os.environ.get("REMENTO_LOCUST_PASSWORD", "remento-demo")
DOMAIN = os.environ.get("REMENTO_LOCUST_DOMAIN", "northwind.example")
SIGN_IN = "sign-in"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PROGRAM_LINK = re.compile(r'href="/programs/(\d+)/"')
PAIR_LINK = re.compile(r'href="/pairs/(\d+)/"')


class Persona(HttpUser):
    """One demo sign-in: signs in on start, then browses ``pages`` (and its discovered ones)."""

    abstract = True
    wait_time = between(1, 3)
    email = ""

    def on_start(self) -> None:
        self.program_ids: list[str] = []
        self.pair_ids: list[str] = []
        self.sign_in()
        self.discover()

    def sign_in(self) -> None:
        page = self.client.get("/accounts/login/", name="/accounts/login/ (form)")
        token = CSRF.search(page.text)
        with self.client.post(
            "/accounts/login/",
            data={
                "username": self.email,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name=SIGN_IN,
            catch_response=True,
        ) as response:
            # Signed in: redirected away from the sign-in page.
            if response.url is None or "/accounts/login/" in response.url:
                response.failure(f"{self.email} was not signed in")

    def discover(self) -> None:
        """The ids this persona's links lead to (programs, pairs), read from its own pages."""

    def visit(self, path: str, name: str | None = None) -> None:
        with self.client.get(path, name=name or path, catch_response=True) as response:
            if response.url and "/accounts/login/" in response.url:
                response.failure("signed out")

    @tag("signin")
    @task(1)
    def sign_in_again(self) -> None:
        self.client.post(
            "/accounts/logout/",
            data={"csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")},
            headers={"Referer": f"{self.host}/"},
            name="/accounts/logout/",
        )
        self.sign_in()

    @task(3)
    def home(self) -> None:
        self.visit("/")


class Admin(Persona):
    """Organisation admin: the directory and its search, roles, audit, programs."""

    email = f"admin@{DOMAIN}"

    @task(3)
    def directory(self) -> None:
        self.visit("/people/")

    @task(2)
    def directory_search(self) -> None:
        self.visit("/people/?q=ann", name="/people/?q=")

    @task(1)
    def roles(self) -> None:
        self.visit("/people/roles/")

    @task(1)
    def audit(self) -> None:
        self.visit("/people/audit/")

    @task(2)
    def programs(self) -> None:
        self.visit("/programs/")


class Coordinator(Persona):
    """Program coordinator: a program's page, participants, applications, pairs, health."""

    email = f"coordinator@{DOMAIN}"

    def discover(self) -> None:
        page = self.client.get("/programs/", name="/programs/")
        self.program_ids = sorted(set(PROGRAM_LINK.findall(page.text)))

    def program_page(self, pattern: str) -> None:
        if not self.program_ids:
            self.visit("/programs/")
            return
        program = self.program_ids[hash(pattern + str(id(self))) % len(self.program_ids)]
        self.visit(pattern.format(program), name=pattern.format("[id]"))

    @task(2)
    def programs(self) -> None:
        self.visit("/programs/")

    @task(3)
    def program(self) -> None:
        self.program_page("/programs/{}/")

    @task(2)
    def participants(self) -> None:
        self.program_page("/enrollment/{}/participants/")

    @task(1)
    def applications(self) -> None:
        self.program_page("/enrollment/{}/applications/")

    @task(2)
    def pairs(self) -> None:
        self.program_page("/pairs/programs/{}/")

    @task(1)
    def health(self) -> None:
        self.program_page("/pairs/programs/{}/health/")


class Participant(Persona):
    """A mentor or mentee: their pairs, a pair's meetings, goals and notes, their programs."""

    abstract = True

    def discover(self) -> None:
        page = self.client.get("/pairs/", name="/pairs/")
        self.pair_ids = sorted(set(PAIR_LINK.findall(page.text)))

    def pair_page(self, pattern: str) -> None:
        if not self.pair_ids:
            self.visit("/pairs/")
            return
        self.visit(pattern.format(self.pair_ids[0]), name=pattern.format("[id]"))

    @task(2)
    def my_pairs(self) -> None:
        self.visit("/pairs/")

    @task(3)
    def pair(self) -> None:
        self.pair_page("/pairs/{}/")

    @task(1)
    def meetings(self) -> None:
        self.pair_page("/pairs/{}/meetings/")

    @task(1)
    def goals(self) -> None:
        self.pair_page("/pairs/{}/goals/")

    @task(1)
    def notes(self) -> None:
        self.pair_page("/pairs/{}/notes/")

    @task(1)
    def my_programs(self) -> None:
        self.visit("/enrollment/")


class Mentor(Participant):
    email = f"mentor@{DOMAIN}"


class Mentee(Participant):
    email = f"mentee@{DOMAIN}"

    @task(1)
    def checkins(self) -> None:
        self.pair_page("/pairs/{}/check-ins/")


def _combined(entries: list[StatsEntry], name: str, environment: Any) -> StatsEntry:
    total = StatsEntry(environment.stats, name, "")
    for entry in entries:
        total.extend(entry)
    return total


def _line(label: str, entry: StatsEntry) -> str:
    if not entry.num_requests:
        return f"{label}: none"
    return (
        f"{label}: {entry.num_requests} requests, {entry.num_failures} failed, "
        f"p50 {entry.get_response_time_percentile(0.5):.0f} ms, "
        f"p95 {entry.get_response_time_percentile(0.95):.0f} ms, "
        f"max {entry.max_response_time:.0f} ms"
    )


@events.quitting.add_listener
def _print_summary(environment: Any, **_: Any) -> None:
    """The two figures the performance doc asks for: ordinary pages, and sign-ins."""
    entries = list(environment.stats.entries.values())
    pages = [e for e in entries if e.name not in (SIGN_IN, "/accounts/logout/")]
    signins = [e for e in entries if e.name == SIGN_IN]
    print(_line("ordinary pages", _combined(pages, "pages", environment)))
    print(_line("sign-ins", _combined(signins, "sign-ins", environment)))
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"load average (1, 5, 15 min) at the end: {load}")
    except OSError:
        pass
