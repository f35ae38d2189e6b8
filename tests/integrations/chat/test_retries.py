"""Rate limits and outages, through the background worker: a 429 waits for its Retry-After
(a task scheduled for then), a 5xx is retried a bounded number of times, a refusal is
final, and every attempt is recorded on the message."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from remento.integrations.chat.models import ChatConnection, ChatMessage, Delivery, MessageStatus
from remento.integrations.chat.sandbox import Answer, FakeSlack, FakeTeams
from remento.integrations.chat.services import connection_test
from remento.integrations.chat.tasks import MAX_ATTEMPTS, chat_deliver
from remento.people.models import Employee
from tests.factories import make_pair, make_program, user_of
from tests.integrations.chat.conftest import choose, posts

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay")


@pytest.mark.django_db(transaction=True)  # the worker commits, and closes its connection
@pytest.mark.parametrize("service", ["slack", "teams"])
def test_a_429_is_retried_by_the_worker_after_its_retry_after(
    settings: Any,
    coordinator: Employee,
    fake_slack: FakeSlack,
    fake_teams: FakeTeams,
    request: Any,
    service: str,
) -> None:
    connection: ChatConnection = request.getfixturevalue(service)
    server = fake_slack if service == "slack" else fake_teams
    settings.TASKS = DATABASE_TASKS
    server.answer_next(Answer(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "7"}))
    before = len(server.requests)
    message = connection_test(actor=user_of(coordinator), connection=connection)

    run_worker()

    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED
    assert message.attempts == 1
    assert message.error == "HTTP 429: rate limited for 7 s"
    waiting = DBTaskResult.objects.get(status="READY")
    assert waiting.run_after == message.next_attempt_at
    assert message.next_attempt_at - message.created_at >= timedelta(seconds=7)

    run_worker()  # too early: the retry waits for its time
    assert len(server.requests) == before + 1

    waiting.run_after = timezone.now() - timedelta(seconds=1)  # as if 7 s had passed
    waiting.save(update_fields=["run_after"])
    run_worker()

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.attempts == 2
    assert message.error == ""
    assert message.sent_at is not None
    assert len(server.requests) == before + 2


def test_a_5xx_is_retried_a_bounded_number_of_times_then_failed(
    coordinator: Employee,
    slack: ChatConnection,
    fake_slack: FakeSlack,
    django_capture_on_commit_callbacks: Any,
) -> None:
    fake_slack.answer_next(*[Answer(503, {"ok": False, "error": "service_unavailable"})] * 20)
    with django_capture_on_commit_callbacks(execute=True):
        message = connection_test(actor=user_of(coordinator), connection=slack)

    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.attempts == MAX_ATTEMPTS
    assert message.error == "HTTP 503 from Slack"
    assert len(posts(fake_slack)) == MAX_ATTEMPTS


def test_a_refusal_is_final_and_not_retried(
    coordinator: Employee,
    slack: ChatConnection,
    fake_slack: FakeSlack,
    django_capture_on_commit_callbacks: Any,
) -> None:
    fake_slack.missing_channels.add("#mentoring")
    with django_capture_on_commit_callbacks(execute=True):
        message = connection_test(actor=user_of(coordinator), connection=slack)
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.attempts == 1
    assert message.error == "Slack refused it: channel_not_found"


def test_a_chat_only_message_that_keeps_failing_is_emailed(
    slack: ChatConnection,
    fake_slack: FakeSlack,
    mentor: Employee,
    mentee: Employee,
    organization: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from remento.core.notifications import notify

    choose(mentor, Delivery.CHAT)
    slack.channel_kinds = []
    slack.save()
    pair = make_pair(make_program(organization), mentor, mentee)
    fake_slack.answer_next(*[Answer(500, {"ok": False, "error": "fatal_error"})] * 20)
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            to=mentor,
            template="relationships/email/pair_started",
            context={"pair": pair, "partner": mentee, "program": pair.program},
        )
    message = ChatMessage.objects.get()
    assert message.status == MessageStatus.EMAILED
    assert message.attempts == MAX_ATTEMPTS
    assert [m.to for m in mail.outbox] == [[mentor.email]]


def test_a_message_is_sent_once_however_many_times_its_task_runs(
    coordinator: Employee,
    slack: ChatConnection,
    fake_slack: FakeSlack,
) -> None:
    message = connection_test(actor=user_of(coordinator), connection=slack)  # not committed

    first = chat_deliver.enqueue(message_id=message.pk)
    second = chat_deliver.enqueue(message_id=message.pk)

    assert (first.return_value, second.return_value) == ("sent", "already claimed")
    assert len(posts(fake_slack)) == 1
