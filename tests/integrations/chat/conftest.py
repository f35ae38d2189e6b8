"""The chat tests' counterparts: a Slack-shaped Web API and a Teams-shaped webhook, each a
real HTTP server on 127.0.0.1 (a free port) in a thread, recording what it receives."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from remento.core.models import Organization
from remento.integrations.chat.kinds import KIND_KEYS
from remento.integrations.chat.models import ChatConnection, Delivery, Service
from remento.integrations.chat.sandbox import FakeSlack, FakeTeams
from remento.integrations.chat.services import ConnectionInput, connection_save, preference_set
from remento.people.models import Employee
from tests.factories import user_of


@pytest.fixture
def fake_slack(settings: Any) -> Iterator[FakeSlack]:
    server = FakeSlack().start()
    settings.REMENTO_SLACK_API_URL = server.api_url
    yield server
    server.stop()


@pytest.fixture
def fake_teams(settings: Any) -> Iterator[FakeTeams]:
    server = FakeTeams().start()
    settings.REMENTO_TEAMS_WEBHOOK_HOSTS = ["127.0.0.1"]
    yield server
    server.stop()


def connect_slack(
    actor: Employee,
    *,
    kinds: tuple[str, ...] = KIND_KEYS,
    direct_messages: bool = True,
    token: str = "xoxb-test-token",
    channel: str = "#mentoring",
) -> ChatConnection:
    return connection_save(
        actor=user_of(actor),
        organization=actor.organization,
        data=ConnectionInput(Service.SLACK, token, channel, kinds, direct_messages, True),
    )


def connect_teams(
    actor: Employee, url: str, *, kinds: tuple[str, ...] = KIND_KEYS
) -> ChatConnection:
    return connection_save(
        actor=user_of(actor),
        organization=actor.organization,
        data=ConnectionInput(Service.TEAMS, url, "", kinds, False, True),
    )


def choose(person: Employee, delivery: Delivery) -> None:
    preference_set(actor=user_of(person), employee=person, delivery=delivery)


@pytest.fixture
def slack(coordinator: Employee, fake_slack: FakeSlack) -> ChatConnection:
    return connect_slack(coordinator)


@pytest.fixture
def teams(coordinator: Employee, fake_teams: FakeTeams) -> ChatConnection:
    return connect_teams(coordinator, fake_teams.webhook_url)


def posts(server: FakeSlack) -> list[dict[str, Any]]:
    """The bodies of the chat.postMessage calls the Slack stand-in received."""
    return [r.body for r in server.requests if r.method_name == "chat.postMessage"]


def other_organization() -> Organization:
    from tests.factories import OrganizationFactory

    return OrganizationFactory(name="Globex", slug="globex")
