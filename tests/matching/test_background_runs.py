"""Matching runs in the task worker: queued by the page, progress from the engine's own
phases, cancel, failure with its reason, one at a time, a stopped worker shown as failed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from remento.core.errors import ServiceError
from remento.core.models import AuditEvent
from remento.matching.models import (
    MatchRun,
    MatchRunPhase,
    MatchRunStatus,
    ProposedPair,
)
from remento.matching.services import background, bulk
from remento.people.models import Employee
from remento.programs.models import Program
from tests.conftest import client_for
from tests.factories import user_of

HTMX = {"HX-Request": "true"}


def _start(client: Client, program: Program) -> Any:
    return client.post(reverse("matching:run_start", args=[program.pk]), follow=True)


def _review(client: Client, program: Program) -> str:
    return client.get(reverse("matching:run_review", args=[program.pk])).text


def test_run_matching_queues_the_run_and_the_worker_takes_it_to_review(
    coordinator_client: Client,
    program: Program,
    pool: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        page = _start(coordinator_client, program).text
        queued = MatchRun.objects.get()
        # The request came back before the worker ran: the run waits, nothing proposed yet.
        assert (queued.status, queued.phase) == (MatchRunStatus.RUNNING, MatchRunPhase.QUEUED)
        assert not ProposedPair.objects.exists()
        assert "Matching is running in the background" in page

    run = MatchRun.objects.get()
    assert (run.status, run.phase) == (MatchRunStatus.REVIEW, MatchRunPhase.DONE)
    assert run.started_at is not None
    assert run.finished_at is not None
    assert run.started_at <= run.finished_at
    assert run.proposals.count() == 3
    assert AuditEvent.objects.filter(verb="match_run.queue").count() == 1
    assert AuditEvent.objects.filter(verb="match_run.start").count() == 1


def test_the_run_records_the_engines_phases_in_order(
    coordinator: Employee,
    program: Program,
    pool: dict[str, Employee],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[tuple[str, str]] = []
    report = background.Progress.report

    def recording(self: background.Progress, phase: str, *, note: str = "") -> None:
        seen.append((phase, note))
        report(self, phase, note=note)

    monkeypatch.setattr(background.Progress, "report", recording)

    bulk.match_run_start(actor=user_of(coordinator), program=program)

    phases = [phase for phase, _ in seen]
    assert phases[0] == MatchRunPhase.READING
    assert phases.index(MatchRunPhase.SCORING) < phases.index(MatchRunPhase.SOLVING)
    assert phases[-1] == MatchRunPhase.EXPLAINING
    # The engine's own words travel with the phase.
    assert ("scoring", "scoring all pairs") in seen
    assert ("solving", "solving") in seen


def test_the_review_page_shows_a_queued_run_with_its_phase_elapsed_time_and_cancel(
    coordinator_client: Client, program: Program, pool: dict[str, Employee]
) -> None:
    _start(coordinator_client, program)  # no worker here: the run stays queued
    run = MatchRun.objects.get()

    page = _review(coordinator_client, program)
    panel = coordinator_client.get(
        reverse("matching:run_progress", args=[program.pk, run.pk]), headers=HTMX
    ).text

    assert "Matching is running" in page
    assert "Waiting for the task worker" in page
    assert "so far" in page
    assert 'hx-trigger="every 1s"' in page
    assert reverse("matching:run_cancel", args=[program.pk, run.pk]) in page
    assert panel.lstrip().startswith('<section id="run-progress"')
    assert 'hx-trigger="every 1s"' in panel


def test_the_poll_of_a_finished_run_says_what_it_found_and_reloads_the_page(
    coordinator_client: Client,
    program: Program,
    pool: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _start(coordinator_client, program)
    run = MatchRun.objects.get()

    poll = coordinator_client.get(
        reverse("matching:run_progress", args=[program.pk, run.pk]), headers=HTMX
    )

    assert poll.status_code == 204
    assert poll.headers["HX-Refresh"] == "true"
    page = _review(coordinator_client, program)
    assert "Matching ran: 3 pairs proposed, 0 people unmatched." in page
    assert "Matching is running" not in page


def test_a_cancelled_run_stops_and_writes_nothing(
    coordinator_client: Client, program: Program, pool: dict[str, Employee]
) -> None:
    _start(coordinator_client, program)
    run = MatchRun.objects.get()

    page = coordinator_client.post(
        reverse("matching:run_cancel", args=[program.pk, run.pk]), follow=True
    ).text
    background.match_run_perform(run_id=run.pk)  # the worker gets to it afterwards

    run.refresh_from_db()
    assert (run.status, run.phase) == (MatchRunStatus.CANCELLED, MatchRunPhase.CANCELLED)
    assert not ProposedPair.objects.exists()
    assert "Matching cancelled; nothing was changed." in page
    assert "Matching cancelled" in _review(coordinator_client, program)


def test_a_run_cancelled_while_it_solves_leaves_the_previous_review_untouched(
    coordinator: Employee,
    program: Program,
    pool: dict[str, Employee],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    earlier = bulk.match_run_start(actor=user_of(coordinator), program=program)
    earlier_pairs = set(earlier.proposals.values_list("pk", flat=True))
    run = background.match_run_queue(actor=user_of(coordinator), program=program)
    call = background.Progress.__call__

    def cancel_at_solving(self: background.Progress, engine_phase: str) -> None:
        call(self, engine_phase)
        if engine_phase == "solving":  # the coordinator presses Cancel meanwhile
            background.match_run_cancel(actor=user_of(coordinator), run=run)

    monkeypatch.setattr(background.Progress, "__call__", cancel_at_solving)

    background.match_run_perform(run_id=run.pk)

    run.refresh_from_db()
    earlier.refresh_from_db()
    assert run.status == MatchRunStatus.CANCELLED
    assert not run.proposals.exists()
    assert not run.unmatched.exists()
    assert earlier.status == MatchRunStatus.REVIEW
    assert set(earlier.proposals.values_list("pk", flat=True)) == earlier_pairs


def test_a_failed_run_shows_its_reason_in_plain_words(
    coordinator_client: Client,
    program: Program,
    pool: dict[str, Employee],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the solver ran out of memory")

    monkeypatch.setattr("remento.matching.adapters.runs.engine.match", broken)

    with django_capture_on_commit_callbacks(execute=True):
        _start(coordinator_client, program)

    run = MatchRun.objects.get()
    assert (run.status, run.phase) == (MatchRunStatus.FAILED, MatchRunPhase.FAILED)
    assert "RuntimeError: the solver ran out of memory" in run.failure
    assert not ProposedPair.objects.exists()
    page = _review(coordinator_client, program)
    assert "Matching failed" in page
    assert "the solver ran out of memory" in page
    assert "Nothing was changed" in page
    assert 'hx-trigger="every 1s"' not in page  # nothing left to poll


def test_an_engine_refusal_fails_the_run_with_the_engines_words(
    coordinator: Employee,
    program: Program,
    pool: dict[str, Employee],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuses(*args: Any, **kwargs: Any) -> None:
        raise ValueError("duplicate person id 12")

    monkeypatch.setattr("remento.matching.adapters.runs.engine.match", refuses)
    run = background.match_run_queue(actor=user_of(coordinator), program=program)

    background.match_run_perform(run_id=run.pk)

    run.refresh_from_db()
    assert run.failure == "Matching could not run: duplicate person id 12."


def test_a_second_run_is_refused_while_one_is_going(
    coordinator_client: Client, program: Program, pool: dict[str, Employee]
) -> None:
    _start(coordinator_client, program)

    second = _start(coordinator_client, program).text

    assert "is already going" in second
    assert MatchRun.objects.count() == 1


def test_the_database_allows_one_running_run_per_program(
    coordinator: Employee, program: Program
) -> None:
    MatchRun.objects.create(program=program, settings_snapshot={}, status=MatchRunStatus.RUNNING)

    with pytest.raises(IntegrityError), transaction.atomic():
        MatchRun.objects.create(
            program=program, settings_snapshot={}, status=MatchRunStatus.RUNNING
        )


def test_the_proposals_under_review_cannot_change_while_a_new_run_goes(
    coordinator: Employee, program: Program, pool: dict[str, Employee]
) -> None:
    earlier = bulk.match_run_start(actor=user_of(coordinator), program=program)
    background.match_run_queue(actor=user_of(coordinator), program=program)

    with pytest.raises(ServiceError, match="A new matching run is going"):
        bulk.proposal_lock(
            actor=user_of(coordinator), proposal=earlier.proposals.all()[0], locked=True
        )


def _age(run: MatchRun, minutes: int) -> None:
    MatchRun.objects.filter(pk=run.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes)
    )


def test_a_run_no_worker_answers_for_is_shown_failed_and_does_not_block_the_next(
    settings: Any,
    coordinator_client: Client,
    program: Program,
    pool: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.REMENTO_MATCH_RUN_TIMEOUT_MINUTES = 30
    _start(coordinator_client, program)
    stuck = MatchRun.objects.get()
    _age(stuck, 31)

    page = _review(coordinator_client, program)
    assert "Matching failed" in page
    assert "No task worker picked this run up within 30 minutes" in page
    assert 'hx-trigger="every 1s"' not in page

    with django_capture_on_commit_callbacks(execute=True):
        _start(coordinator_client, program)
    stuck.refresh_from_db()
    assert stuck.status == MatchRunStatus.FAILED
    assert "No task worker picked this run up" in stuck.failure
    assert MatchRun.objects.filter(status=MatchRunStatus.REVIEW).count() == 1


def test_a_worker_that_stopped_mid_run_is_shown_failed_with_the_phase(
    coordinator: Employee, coordinator_client: Client, program: Program
) -> None:
    run = background.match_run_queue(actor=user_of(coordinator), program=program)
    long_ago = timezone.now() - timedelta(hours=2)
    MatchRun.objects.filter(pk=run.pk).update(
        phase=MatchRunPhase.SOLVING, started_at=long_ago, progress_at=long_ago
    )

    page = _review(coordinator_client, program)

    assert "stopped reporting progress for over 30 minutes while finding the best set" in page


def test_a_run_late_for_the_timeout_stops_when_the_worker_resumes(
    coordinator: Employee, program: Program, pool: dict[str, Employee]
) -> None:
    run = background.match_run_queue(actor=user_of(coordinator), program=program)
    _age(run, 31)
    background.match_run_queue(actor=user_of(coordinator), program=program)  # gives the first up

    background.match_run_perform(run_id=run.pk)

    run.refresh_from_db()
    assert run.status == MatchRunStatus.FAILED
    assert not run.proposals.exists()


@pytest.mark.parametrize("name", ["matching:run_progress", "matching:run_cancel"])
def test_another_organisation_gets_404_and_a_participant_403_on_a_run(
    coordinator: Employee,
    stranger: Employee,
    mentee_client: Client,
    program: Program,
    name: str,
) -> None:
    run = background.match_run_queue(actor=user_of(coordinator), program=program)
    url = reverse(name, args=[program.pk, run.pk])

    assert client_for(stranger).post(url).status_code == 404
    assert client_for(stranger).get(url, headers=HTMX).status_code == 404
    assert mentee_client.post(url).status_code == 403
    run.refresh_from_db()
    assert run.status == MatchRunStatus.RUNNING


def test_a_run_of_another_program_is_not_found_through_this_one(
    coordinator: Employee, coordinator_client: Client, program: Program, organization: Any
) -> None:
    from tests.matching.helpers import make_program

    other = make_program(organization, name="Other program")
    run = background.match_run_queue(actor=user_of(coordinator), program=other)

    url = reverse("matching:run_cancel", args=[program.pk, run.pk])
    assert coordinator_client.post(url).status_code == 404


@pytest.mark.django_db(transaction=True)  # the worker commits, and closes its connection
def test_the_demo_worker_runs_a_queued_run(
    settings: Any, coordinator_client: Client, program: Program, pool: dict[str, Employee]
) -> None:
    """The demo's own task backend (the database queue) and its worker command."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _start(coordinator_client, program)
    assert MatchRun.objects.get().status == MatchRunStatus.RUNNING  # waits in the queue

    call_command("db_worker", "--batch", "--no-startup-delay")

    run = MatchRun.objects.get()
    assert run.status == MatchRunStatus.REVIEW
    assert run.proposals.count() == 3
