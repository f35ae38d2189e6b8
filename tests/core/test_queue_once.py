"""Asking the worker for a job at most once per key (``core.jobs.queue_once``): one job per
key and transaction, none for a transaction that rolls back, none while a request waits,
and a request that the work served since or that was lost is asked again."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from remento.core.jobs.queue_once import Claim, queue_once
from remento.core.models import Organization
from remento.programs.models import Program
from remento.training.models import TrainingStandingRun
from tests.factories import make_program

RAN: list[dict[str, Any]] = []
LOST_AFTER = timedelta(minutes=30)


@task()
def remember(key: int, queued_at: str | None = None) -> None:
    """The job: note what it was asked (the tests' backend runs it when it is enqueued)."""
    RAN.append({"key": key, "queued_at": queued_at})


@pytest.fixture(autouse=True)
def _nothing_ran() -> None:
    RAN.clear()


@pytest.fixture
def program(organization: Organization) -> Program:
    return make_program(organization)


def _claim(program: Program) -> Claim:
    return Claim(
        model=TrainingStandingRun,
        key={"program_id": program.pk},
        asked="queued_at",
        done="computed_at",
        lost_after=LOST_AFTER,
    )


def _asked(program: Program) -> bool:
    return queue_once(remember, claim=_claim(program), key=program.pk)


def test_two_requests_for_a_key_in_one_transaction_queue_one_job(
    program: Program, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert queue_once(remember, key=-1) is True
        assert queue_once(remember, key=-1) is False
        assert queue_once(remember, key=-2) is True
        assert _asked(program) is True
        assert _asked(program) is False

    assert len(callbacks) == 3
    assert [ran["key"] for ran in RAN] == [-1, -2, program.pk]
    assert [callback.key for callback in callbacks] == [-1, -2, program.pk]


def test_a_rolled_back_transaction_queues_nothing_and_claims_nothing(
    program: Program, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with contextlib.suppress(RuntimeError), transaction.atomic():
            assert _asked(program) is True
            assert queue_once(remember, key=-1) is True
            raise RuntimeError("rolled back")
        assert callbacks == []
        assert not TrainingStandingRun.objects.filter(pk=program.pk).exists()
        assert _asked(program) is True  # asked again: the first request never was

    assert [ran["key"] for ran in RAN] == [program.pk]


def test_the_job_gets_the_moment_of_the_commit_not_of_the_request(
    program: Program, django_capture_on_commit_callbacks: Any
) -> None:
    committed = timezone.now() + timedelta(minutes=3)
    with django_capture_on_commit_callbacks() as callbacks:
        assert queue_once(remember, stamp=True, key=-1) is True
        assert queue_once(remember, key=-2) is True
    with time_machine.travel(committed, tick=False):
        for callback in callbacks:
            callback()

    assert datetime.fromisoformat(RAN[0]["queued_at"]) == committed
    assert RAN[1]["queued_at"] is None


@pytest.mark.django_db(transaction=True)  # each request commits on its own
def test_a_waiting_request_is_not_asked_again_until_served_or_lost(program: Program) -> None:
    rows = TrainingStandingRun.objects.filter(pk=program.pk)
    assert _asked(program) is True
    assert _asked(program) is False  # waiting: the work has not been done since
    rows.update(queued_at=timezone.now() - LOST_AFTER + timedelta(minutes=1))
    assert _asked(program) is False  # still waiting, not lost yet

    rows.update(computed_at=timezone.now())
    assert _asked(program) is True  # served: a new request is a new one
    rows.update(queued_at=timezone.now() - LOST_AFTER - timedelta(minutes=1))
    assert _asked(program) is True  # lost (a worker down): asked again
    assert _asked(program) is False

    assert [ran["key"] for ran in RAN] == [program.pk] * 3


@pytest.mark.django_db(transaction=True)
def test_without_a_field_for_the_work_done_only_a_lost_request_is_asked_again(
    program: Program,
) -> None:
    claim = Claim(
        model=TrainingStandingRun,
        key={"program_id": program.pk},
        asked="queued_at",
        lost_after=LOST_AFTER,
    )
    rows = TrainingStandingRun.objects.filter(pk=program.pk)
    assert queue_once(remember, claim=claim, key=program.pk) is True
    rows.update(computed_at=timezone.now() + timedelta(minutes=1))
    assert queue_once(remember, claim=claim, key=program.pk) is False
    rows.update(queued_at=timezone.now() - LOST_AFTER - timedelta(minutes=1))
    assert queue_once(remember, claim=claim, key=program.pk) is True
