"""Each notification is sent once: the send task claims its record first, so two workers (or
one email queued twice) never send it twice, and a failed email is sent again only on an
explicit retry."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from django.core import mail
from django.db import connection
from django.tasks import TaskContext
from django.test import Client, TestCase
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from remento.core import outgoing
from remento.core.models import AuditEvent, EmailStatus, OutgoingEmail
from remento.core.notifications import email_after_commit, send_email
from remento.people.models import Employee

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = "relationships/email/pair_started"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
BROKEN_MAILER = {"default": {"BACKEND": "django.core.mail.backends.file.EmailBackend"}}


def _record(to: Employee, subject: str = "Hello") -> OutgoingEmail:
    email_id = outgoing.email_record(
        organization_id=to.organization_id, address=to.email, subject=subject, template=TEMPLATE
    )
    return OutgoingEmail.objects.get(pk=email_id)


def _task_kwargs(sent: OutgoingEmail) -> dict[str, Any]:
    return {
        "to": [sent.recipient],
        "subject": sent.subject,
        "body": "Body",
        "organization_id": sent.organization_id,
        "template": sent.template,
        "email_id": sent.pk,
    }


def _run_as(worker: str, sent: OutgoingEmail) -> Any:
    """The send task as one worker runs it (its own task id)."""
    context: TaskContext[Any, Any] = TaskContext(task_result=cast(Any, SimpleNamespace(id=worker)))
    # The stubs type a task's call without the context its function takes first.
    return cast(Any, send_email).call(context, **_task_kwargs(sent))


def _work() -> None:
    """What the database worker does with each queued task (claim, run, record the end)."""
    for result in DBTaskResult.objects.ready():
        result.claim("test-worker")
        try:
            context: TaskContext[Any, Any] = TaskContext(task_result=result.task_result)
            task = cast(Any, result.task)
            result.set_successful(task.call(context, **result.task_result.kwargs))
        except Exception as error:
            result.set_failed(error)


def test_only_one_claim_of_an_email_succeeds(mentor: Employee) -> None:
    sent = _record(mentor)

    assert outgoing.email_claim(email_id=sent.pk, task_id="first") is True
    assert outgoing.email_claim(email_id=sent.pk, task_id="second") is False

    sent.refresh_from_db()
    assert (sent.status, sent.task_id) == (EmailStatus.SENDING, "first")


def test_running_the_send_task_twice_sends_the_email_once(mentor: Employee) -> None:
    sent = _record(mentor)

    assert _run_as("worker-a", sent) == "sent"
    assert _run_as("worker-b", sent) == "already claimed"

    assert len(mail.outbox) == 1
    sent.refresh_from_db()
    assert (sent.status, sent.task_id) == (EmailStatus.SENT, "worker-a")
    assert sent.message_id == mail.outbox[0].extra_headers["Message-ID"]


def test_one_email_queued_twice_goes_out_once(mentor: Employee) -> None:
    sent = _record(mentor)

    first = send_email.enqueue(**_task_kwargs(sent))
    second = send_email.enqueue(**_task_kwargs(sent))

    assert (first.return_value, second.return_value) == ("sent", "already claimed")
    assert len(mail.outbox) == 1


def test_a_failed_email_is_sent_again_only_after_an_explicit_retry(
    mentor: Employee, settings: Any
) -> None:
    sent = _record(mentor)
    working, settings.MAILERS = settings.MAILERS, BROKEN_MAILER
    with pytest.raises(Exception, match=r"file\.EmailBackend"):
        _run_as("worker-a", sent)
    settings.MAILERS = working

    assert _run_as("worker-b", sent) == "already claimed"  # failed: not sent by itself
    assert not mail.outbox
    assert outgoing.email_requeue(email_id=sent.pk) is True
    assert outgoing.email_requeue(email_id=sent.pk) is False  # one retry, however many clicks
    assert _run_as("worker-c", sent) == "sent"
    assert len(mail.outbox) == 1
    sent.refresh_from_db()
    assert (sent.status, sent.error) == (EmailStatus.SENT, "")


def test_a_sent_email_cannot_be_requeued(mentor: Employee) -> None:
    sent = _record(mentor)
    _run_as("worker-a", sent)

    assert outgoing.email_requeue(email_id=sent.pk) is False
    assert _run_as("worker-b", sent) == "already claimed"
    assert len(mail.outbox) == 1


def test_a_coordinator_sends_a_failed_email_again_from_the_outbox(
    coordinator: Employee, coordinator_client: Client, mentor: Employee, settings: Any
) -> None:
    settings.TASKS = DATABASE_TASKS
    settings.EMAIL_MODE = "file"
    with TestCase.captureOnCommitCallbacks(execute=True):
        email_after_commit(
            address=mentor.email,
            subject="Your pair has started",
            body="The body the retry must send.",
            organization_id=mentor.organization_id,
            template=TEMPLATE,
        )
    sent = OutgoingEmail.objects.get()
    assert sent.status == EmailStatus.QUEUED  # the worker has not run yet
    working, settings.MAILERS = settings.MAILERS, BROKEN_MAILER
    _work()
    sent.refresh_from_db()
    assert sent.status == EmailStatus.FAILED
    settings.MAILERS = working
    url = reverse("outbox_email_send_again", args=[sent.pk])

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = coordinator_client.post(url, follow=True)
    _work()

    assert "queued again" in response.content.decode()
    assert [m.body for m in mail.outbox] == ["The body the retry must send."]
    sent.refresh_from_db()
    assert sent.status == EmailStatus.SENT
    assert AuditEvent.objects.filter(verb="email.retry", target_id=str(sent.pk)).count() == 1
    again = coordinator_client.post(url, follow=True).content.decode()
    assert "Only an email that failed can be sent again." in again
    _work()
    assert len(mail.outbox) == 1


def test_a_retry_says_so_when_the_task_queue_kept_no_content(
    coordinator_client: Client, mentor: Employee, settings: Any
) -> None:
    settings.EMAIL_MODE = "file"
    sent = _record(mentor)
    OutgoingEmail.objects.filter(pk=sent.pk).update(status=EmailStatus.FAILED, task_id="gone")

    page = coordinator_client.post(
        reverse("outbox_email_send_again", args=[sent.pk]), follow=True
    ).content.decode()

    assert "no longer kept by the task queue" in page
    assert OutgoingEmail.objects.get(pk=sent.pk).status == EmailStatus.FAILED


# -- PostgreSQL: real concurrency ------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_four_threads_sending_the_same_emails_send_each_once(mentor: Employee) -> None:
    emails = [_record(mentor, subject=f"Message {n}") for n in range(20)]
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def worker(name: str, order: list[OutgoingEmail]) -> None:
        try:
            barrier.wait()
            for sent in order:
                _run_as(name, sent)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    orders = [emails, emails[::-1], emails[::2] + emails[1::2], emails[1::2] + emails[::2]]
    threads = [
        threading.Thread(target=worker, args=(f"w{i}", order)) for i, order in enumerate(orders)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors
    assert sorted(m.subject for m in mail.outbox) == sorted(e.subject for e in emails)
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {EmailStatus.SENT}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_never_send_one_email_twice(
    mentor: Employee, settings: Any, tmp_path: Path
) -> None:
    """Each email queued twice (a queue that delivers twice), two ``db_worker`` processes
    draining the queue at once on PostgreSQL: every email is in the mail files once."""
    settings.TASKS = DATABASE_TASKS
    for n in range(15):
        email_after_commit(  # autocommit: recorded and queued at once
            address=mentor.email,
            subject=f"Message {n}",
            body="x",
            organization_id=mentor.organization_id,
            template=TEMPLATE,
        )
    for sent in OutgoingEmail.objects.all():
        send_email.enqueue(**_task_kwargs(sent))  # the duplicate delivery
    database = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REMENTO_", "DJANGO_"))}
    env.update(
        SECRET_KEY="x" * 60,
        REMENTO_VAR_DIR=str(tmp_path),
        REMENTO_EMAIL_BACKEND="file",
        REMENTO_TASKS_BACKEND="database",
        DATABASE_URL=(
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
    )
    command = [sys.executable, "-m", "remento.cli", "db_worker", "--batch", "--no-startup-delay"]
    workers = [
        subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    logs = [worker.communicate(timeout=300)[1] for worker in workers]

    assert [worker.returncode for worker in workers] == [0, 0], logs
    written = b"".join(file.read_bytes() for file in (tmp_path / "mail").glob("*.log"))
    subjects = [line for line in written.splitlines() if line.startswith(b"Subject: ")]
    assert sorted(subjects) == sorted(f"Subject: Message {n}".encode() for n in range(15))
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {EmailStatus.SENT}
    assert DBTaskResult.objects.successful().count() == 30
