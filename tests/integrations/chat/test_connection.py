"""Connecting Slack and Teams: checked before saving, stored encrypted, coordinators only."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from remento.core.errors import FieldErrors
from remento.core.models import AuditEvent
from remento.integrations.chat import secrets
from remento.integrations.chat.models import ChatConnection, Service
from remento.integrations.chat.sandbox import Answer, FakeSlack, FakeTeams
from remento.people.models import Employee
from tests.integrations.chat.conftest import connect_slack, connect_teams


def test_a_slack_token_is_checked_with_auth_test_and_stored_encrypted(
    coordinator: Employee, fake_slack: FakeSlack
) -> None:
    connection = connect_slack(coordinator, token="xoxb-secret-123")

    assert [r.method_name for r in fake_slack.requests] == ["auth.test"]
    assert fake_slack.requests[0].headers["Authorization"] == "Bearer xoxb-secret-123"
    assert connection.workspace == "Remento sandbox"
    assert connection.verified_at is not None
    assert "xoxb-secret-123" not in connection.secret_encrypted
    assert secrets.decrypt(connection.secret_encrypted) == "xoxb-secret-123"
    event = AuditEvent.objects.get(verb="chat.connected")
    assert "xoxb" not in str(event.data)


def test_a_token_slack_refuses_is_not_saved_and_says_why(
    coordinator: Employee, fake_slack: FakeSlack
) -> None:
    fake_slack.answer_next(Answer(200, {"ok": False, "error": "invalid_auth"}))

    with pytest.raises(FieldErrors) as refused:
        connect_slack(coordinator, token="xoxb-revoked")

    assert refused.value.errors == {"secret": "Slack refused this token (invalid_auth)."}
    assert not ChatConnection.objects.exists()


def test_a_token_that_is_not_a_bot_token_and_a_missing_channel_are_refused(
    coordinator: Employee, fake_slack: FakeSlack
) -> None:
    with pytest.raises(FieldErrors) as refused:
        connect_slack(coordinator, token="xoxp-user-token", channel=" ")

    assert set(refused.value.errors) == {"secret", "channel"}
    assert fake_slack.requests == []


def test_editing_without_a_secret_keeps_the_stored_one(
    coordinator: Employee, fake_slack: FakeSlack
) -> None:
    connect_slack(coordinator, token="xoxb-first")
    connection = connect_slack(coordinator, token="", channel="C0NEW", kinds=("matching",))

    assert secrets.decrypt(connection.secret_encrypted) == "xoxb-first"
    assert connection.channel == "C0NEW"
    assert connection.channel_kinds == ["matching"]
    assert ChatConnection.objects.count() == 1


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/webhook",
        "http://prod-12.westeurope.logic.azure.com/workflows/1",
        "not a url",
    ],
)
def test_a_teams_webhook_must_be_a_microsoft_https_url(
    coordinator: Employee, settings: Any, url: str
) -> None:
    with pytest.raises(FieldErrors) as refused:
        connect_teams(coordinator, url)
    assert "secret" in refused.value.errors


def test_a_teams_workflows_url_is_accepted_and_encrypted(
    coordinator: Employee,
) -> None:
    url = "https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=s3cret"
    connection = connect_teams(coordinator, url)

    assert "s3cret" not in connection.secret_encrypted
    assert secrets.decrypt(connection.secret_encrypted) == url


def test_participants_cannot_change_the_organisations_connection(
    mentor: Employee, fake_slack: FakeSlack, fake_teams: FakeTeams
) -> None:
    with pytest.raises(PermissionDenied):
        connect_slack(mentor)
    with pytest.raises(PermissionDenied):
        connect_teams(mentor, fake_teams.webhook_url)
    assert fake_slack.requests == []


def test_the_settings_page_is_for_coordinators_only(
    mentor_client: Client, coordinator_client: Client, slack: ChatConnection
) -> None:
    url = reverse("chat:settings")
    assert mentor_client.get(url).status_code == 403
    assert mentor_client.post(reverse("chat:connection_test", args=["slack"])).status_code == 403
    assert mentor_client.post(reverse("chat:connection_delete", args=["slack"])).status_code == 403
    page = coordinator_client.get(url)
    assert page.status_code == 200
    assert "Remento sandbox" in page.content.decode()
    assert "xoxb-test-token" not in page.content.decode()
    assert ChatConnection.objects.filter(pk=slack.pk).exists()


def test_another_organisations_coordinator_sees_and_reaches_none_of_it(
    stranger: Employee, slack: ChatConnection, teams: ChatConnection
) -> None:
    from tests.conftest import client_for

    client = client_for(stranger)
    page = client.get(reverse("chat:settings")).content.decode()
    assert "Remento sandbox" not in page
    assert "Not connected" in page
    for name in ("connection_test", "connection_delete"):
        for service in ("slack", "teams"):
            assert client.post(reverse(f"chat:{name}", args=[service])).status_code == 404
    assert ChatConnection.objects.count() == 2


def test_connecting_through_the_page_shows_field_errors(
    coordinator_client: Client, fake_slack: FakeSlack
) -> None:
    url = reverse("chat:connection_save", args=["slack"])
    page = coordinator_client.post(url, {"slack-secret": "nope", "slack-channel": ""})

    assert page.status_code == 400
    text = page.content.decode()
    assert "A Slack bot token starts with xoxb-" in text
    assert "Name the channel to post to" in text


def test_a_refused_teams_url_stays_in_its_field_with_the_host_named(
    coordinator_client: Client,
) -> None:
    url = reverse("chat:connection_save", args=["teams"])
    page = coordinator_client.post(url, {"teams-secret": "https://example.com/hook"})

    assert page.status_code == 400
    text = page.content.decode()
    assert "This URL is on example.com." in text
    # The field once came back empty, leaving the admin to guess what was wrong.
    assert 'value="https://example.com/hook"' in text


def test_a_stored_teams_url_is_never_shown(
    coordinator_client: Client, teams: ChatConnection
) -> None:
    page = coordinator_client.get(reverse("chat:settings")).content.decode()

    assert secrets.decrypt(teams.secret_encrypted) not in page


def test_connecting_through_the_page_then_disconnecting(
    coordinator_client: Client, fake_slack: FakeSlack
) -> None:
    saved = coordinator_client.post(
        reverse("chat:connection_save", args=["slack"]),
        {
            "slack-secret": "xoxb-from-the-page",
            "slack-channel": "#mentoring",
            "slack-channel_kinds": ["matching", "at_risk"],
            "slack-direct_messages": "on",
            "slack-enabled": "on",
        },
    )
    assert saved.status_code == 302
    connection = ChatConnection.objects.get(service=Service.SLACK)
    assert connection.channel_kinds == ["matching", "at_risk"]
    assert connection.direct_messages

    coordinator_client.post(reverse("chat:connection_delete", args=["slack"]))
    assert not ChatConnection.objects.exists()
