"""The Redis task backend (``REMENTO_TASKS_BACKEND=rq``): real tasks through a real Redis.

Each test enqueues one of Remento's own tasks on a queue of its own in the Redis at
``REMENTO_TEST_REDIS_URL`` (default: the local one), runs an RQ worker in burst mode in this
process (``SimpleWorker``: no fork, so it shares the test's database transaction), and reads
the outcome back through ``django.tasks``. Without a Redis the tests skip and say why.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import django_rq
import pytest
import redis
from django.core import mail
from django_tasks_rq import Job
from rq import SimpleWorker

from remento.core import outgoing
from remento.core.models import EmailStatus, Organization, OutgoingEmail
from remento.core.notifications import send_email

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REMENTO_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def rq_queue(settings: pytest.FixtureRequest) -> Iterator[str]:
    """The RQ backend as the default task backend, on a queue no one else uses."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        pytest.skip(
            f"no Redis answers at {REDIS_URL} ({error}): the RQ task backend is not tested; "
            "start Redis or set REMENTO_TEST_REDIS_URL"
        )
    name = f"remento-test-{uuid4().hex[:12]}"
    # "default" too: the backend reads results back through django-rq's default connection.
    settings.RQ_QUEUES = {  # type: ignore[attr-defined]
        name: {"URL": REDIS_URL},
        "default": {"URL": REDIS_URL},
    }
    settings.TASKS = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [name]}
    }
    yield name
    django_rq.get_queue(name, job_class=Job).delete(delete_jobs=True)


class _BurstWorker(SimpleWorker):
    """RQ's worker without its command channel: a burst run gets no command (stop, kill),
    and the channel's listening thread waits on Redis a minute at a time (in a full run of
    the suite each worker run here took 60 s, the two-worker test 120 s)."""

    def subscribe(self) -> None:
        pass

    def unsubscribe(self) -> None:
        pass


def _work(queue_name: str, *, max_jobs: int | None = None) -> None:
    """One RQ worker, as `remento rqworker --burst --job-class django_tasks_rq.Job` runs."""
    queue = django_rq.get_queue(queue_name, job_class=Job)
    worker = _BurstWorker([queue], connection=queue.connection, job_class=Job)
    worker.work(burst=True, max_jobs=max_jobs)


def test_an_email_task_queued_in_redis_is_sent_by_an_rq_worker(rq_queue: str) -> None:
    task = send_email.using(queue_name=rq_queue)
    queued = task.enqueue(to=["ana@acme.example"], subject="Welcome", body="Hello Ana")
    assert queued.status == "READY"
    assert mail.outbox == []

    _work(rq_queue)

    assert [m.subject for m in mail.outbox] == ["Welcome"]
    done = task.get_result(queued.id)
    assert done.status == "SUCCESSFUL"
    assert done.return_value == "sent"
    assert done.kwargs["to"] == ["ana@acme.example"]


def test_two_rq_workers_never_send_one_email_twice(
    rq_queue: str, organization: Organization
) -> None:
    email_id = outgoing.email_record(
        organization_id=organization.pk,
        address="ana@acme.example",
        subject="Your mentor",
        template="matching/email/paired",
    )
    task = send_email.using(queue_name=rq_queue)
    # The same email queued twice (a retrying queue, a double click): two workers take one each.
    first, second = (
        task.enqueue(
            to=["ana@acme.example"],
            subject="Your mentor",
            body="Hi",
            organization_id=organization.pk,
            email_id=email_id,
        )
        for _ in range(2)
    )

    _work(rq_queue, max_jobs=1)
    _work(rq_queue, max_jobs=1)

    assert len(mail.outbox) == 1
    outcomes = {task.get_result(first.id).return_value, task.get_result(second.id).return_value}
    assert outcomes == {"sent", "already claimed"}
    assert OutgoingEmail.objects.get(pk=email_id).status == EmailStatus.SENT


def test_a_failed_task_is_reported_failed_with_its_reason(rq_queue: str) -> None:
    task = send_email.using(queue_name=rq_queue)
    # An address with a line break: the mail library refuses it while the worker sends.
    queued = task.enqueue(to=["not an address\n"], subject="Bad", body="x")

    _work(rq_queue)

    failed = task.get_result(queued.id)
    assert failed.status == "FAILED"
    assert failed.errors
    assert mail.outbox == []


def test_the_rq_setting_picks_the_redis_backend_and_its_worker_command() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REMENTO_", "SECRET_KEY"))}
    env.update(
        SECRET_KEY="x" * 60,
        REMENTO_TASKS_BACKEND="rq",
        REMENTO_REDIS_URL="redis://redis.internal:6380/2",
    )
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'remento.settings';"
        "django.setup(); from django.conf import settings as s;"
        "from django.core.management import get_commands;"
        "print(s.TASKS['default']['BACKEND'], s.RQ_QUEUES['default']['URL'],"
        " 'django_rq' in s.INSTALLED_APPS, 'rqworker' in get_commands())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django_tasks_rq.RQBackend",
        "redis://redis.internal:6380/2",
        "True",
        "True",
    ]
