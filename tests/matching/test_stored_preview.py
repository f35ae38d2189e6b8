"""The matching preview is computed by the task worker and stored; the page only reads it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole
from remento.matching.models import MatchPreview, PreviewState
from remento.matching.services.bulk import match_weights_update
from remento.people.models import Employee
from remento.programs.models import Program
from tests.conftest import client_for
from tests.factories import user_of
from tests.matching.helpers import (
    compute_preview,
    enroll,
    person,
    preview_requests,
    small_pool,
    teach,
    want,
)

WRITES = ("INSERT", "UPDATE", "DELETE")


def _url(program: Program) -> str:
    return reverse("matching:preview", args=[program.pk])


def _refresh_url(program: Program) -> str:
    return reverse("matching:preview_refresh", args=[program.pk])


def _no_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any engine call, or any read of the pool, fails the test."""

    def forbidden(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the preview page ran the matching engine")

    monkeypatch.setattr("remento.matching.adapters.runs.engine.match", forbidden)
    monkeypatch.setattr("remento.matching.adapters.pool_for_program", forbidden)
    monkeypatch.setattr("remento.matching.adapters.pool_match", forbidden)


def test_a_first_visit_asks_the_worker_and_writes_nothing_itself(
    coordinator_client: Client, program: Program, pool: dict[str, Employee]
) -> None:
    with CaptureQueriesContext(connection) as captured:
        page = coordinator_client.get(_url(program)).text

    assert [q for q in captured if q["sql"].lstrip().upper().startswith(WRITES)] == []
    assert "No preview has been computed yet" in page
    # The page's htmx asks the worker by a POST as it loads.
    assert f'hx-post="{_refresh_url(program)}"' in page
    assert 'hx-trigger="load"' in page


def test_the_worker_computes_and_stores_the_preview_the_page_shows(
    coordinator_client: Client,
    program: Program,
    pool: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
) -> None:
    compute_preview(coordinator_client, program, django_capture_on_commit_callbacks)

    stored = MatchPreview.objects.get(program=program)
    page = coordinator_client.get(_url(program)).text

    assert stored.state == PreviewState.READY
    assert stored.computed_at is not None
    assert stored.data["mentors"] == 3
    assert stored.data["mentees"] == 3
    assert "Computed at" in page
    assert "Refresh the preview" in page
    assert "Ada1 Mentor" in page
    assert "Top pairs" in page
    assert 'hx-trigger="every 2s"' not in page


def test_the_preview_page_runs_no_engine_and_its_queries_do_not_grow_with_the_pool(
    coordinator_client: Client,
    organization: Organization,
    program: Program,
    pool: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compute_preview(coordinator_client, program, django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as small:
        coordinator_client.get(_url(program))
    for i in range(12):
        mentor = person(organization, first_name=f"Extra{i}", level=2)
        mentee = person(organization, first_name=f"Senior{i}", level=9)
        teach(mentor, genai=4)
        want(mentee, genai=4)
        enroll(program, mentor, EnrollmentRole.MENTOR)
        enroll(program, mentee, EnrollmentRole.MENTEE)
    compute_preview(coordinator_client, program, django_capture_on_commit_callbacks)
    _no_engine(monkeypatch)

    with CaptureQueriesContext(connection) as large:
        page = coordinator_client.get(_url(program))

    assert page.status_code == 200
    assert '15</span><span class="label">mentees to match' in page.text
    assert len(large) == len(small)


def test_an_input_change_has_the_worker_recompute_the_preview(
    coordinator: Employee,
    coordinator_client: Client,
    organization: Organization,
    program: Program,
    pool: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
) -> None:
    compute_preview(coordinator_client, program, django_capture_on_commit_callbacks)
    first = MatchPreview.objects.get(program=program)

    newcomer = person(organization, first_name="Newcomer", level=9)
    want(newcomer, genai=3)
    with django_capture_on_commit_callbacks(execute=True):
        enroll(program, newcomer, EnrollmentRole.MENTEE)  # the pool changes
    after_pool = MatchPreview.objects.get(program=program)
    with django_capture_on_commit_callbacks(execute=True):
        match_weights_update(
            actor=user_of(coordinator), program=program, weights={**program.weights, "skills": 1.0}
        )
    after_weights = MatchPreview.objects.get(program=program)

    assert after_pool.data["mentees"] == first.data["mentees"] + 1
    assert after_pool.fingerprint != first.fingerprint
    assert after_weights.fingerprint != after_pool.fingerprint
    assert after_weights.state == PreviewState.READY


def test_a_check_with_unchanged_inputs_runs_no_engine(
    coordinator_client: Client,
    program: Program,
    pool: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compute_preview(coordinator_client, program, django_capture_on_commit_callbacks)
    before = MatchPreview.objects.get(program=program)
    _no_engine(monkeypatch)
    monkeypatch.setattr(
        "remento.matching.selectors.runs.matching_preview",
        lambda **kwargs: pytest.fail("recomputed though nothing changed"),
    )

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            _refresh_url(program), {"check": "1"}, headers={"HX-Request": "true"}
        )

    after = MatchPreview.objects.get(program=program)
    assert after.state == PreviewState.READY
    assert after.computed_at == before.computed_at
    assert after.checked_at is not None
    assert after.checked_at > before.checked_at  # type: ignore[operator]


def test_an_old_preview_has_the_page_ask_for_a_check(
    coordinator_client: Client,
    program: Program,
    pool: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
) -> None:
    compute_preview(coordinator_client, program, django_capture_on_commit_callbacks)
    fresh = coordinator_client.get(_url(program)).text
    MatchPreview.objects.update(checked_at=timezone.now() - timedelta(hours=1))

    old = coordinator_client.get(_url(program)).text

    assert 'hx-trigger="load"' not in fresh
    assert 'hx-trigger="load"' in old


def test_a_preview_being_computed_says_so_and_polls(
    coordinator_client: Client, program: Program, pool: dict[str, Employee]
) -> None:
    coordinator_client.post(_refresh_url(program))  # no worker ran: it waits

    page = coordinator_client.get(_url(program)).text

    assert MatchPreview.objects.get().state == PreviewState.COMPUTING
    assert "Being computed…" in page
    assert 'hx-trigger="every 2s"' in page


def test_a_preview_the_worker_never_finished_is_shown_failed(
    coordinator_client: Client, program: Program, pool: dict[str, Employee]
) -> None:
    coordinator_client.post(_refresh_url(program))
    MatchPreview.objects.update(requested_at=timezone.now() - timedelta(hours=2))

    page = coordinator_client.get(_url(program)).text

    assert "The task worker did not finish computing the preview" in page
    assert 'hx-trigger="every 2s"' not in page


def test_a_failed_computation_shows_its_reason(
    coordinator_client: Client,
    program: Program,
    pool: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("faiss could not load")

    monkeypatch.setattr("remento.matching.adapters.runs.engine.match", broken)

    compute_preview(coordinator_client, program, django_capture_on_commit_callbacks)
    page = coordinator_client.get(_url(program)).text

    assert MatchPreview.objects.get().state == PreviewState.FAILED
    assert "The preview could not be computed" in page
    assert "RuntimeError: faiss could not load" in page


def test_another_organisation_and_a_participant_cannot_ask_for_a_preview(
    stranger: Employee, mentee_client: Client, program: Program, organization: Organization
) -> None:
    small_pool(program)

    assert client_for(stranger).post(_refresh_url(program)).status_code == 404
    assert client_for(stranger).get(_url(program)).status_code == 404
    assert mentee_client.post(_refresh_url(program)).status_code == 403
    assert mentee_client.get(_url(program)).status_code == 403
    assert not MatchPreview.objects.exists()


def test_many_changes_in_one_transaction_ask_the_worker_once(
    coordinator_client: Client,
    organization: Organization,
    program: Program,
    pool: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compute_preview(coordinator_client, program, django_capture_on_commit_callbacks)
    asked = preview_requests(monkeypatch)

    with django_capture_on_commit_callbacks(execute=True):
        for i in range(5):
            enroll(program, person(organization, first_name=f"Late{i}", level=9), "mentee")

    assert asked == [program.pk]
    assert MatchPreview.objects.get().state == PreviewState.COMPUTING
