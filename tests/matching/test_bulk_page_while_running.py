"""The bulk matching page while a run is queued or going: it says only that the run is
going, offers no second run, and comes back whole once the run ends."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from remento.matching.models import MatchRun, MatchRunStatus
from remento.matching.services import background
from remento.people.models import Employee
from remento.programs.models import Program
from tests.factories import user_of

HTMX = {"HX-Request": "true"}
NOT_RUN_YET = "No matching has run yet"


def _review(client: Client, program: Program) -> str:
    return client.get(reverse("matching:run_review", args=[program.pk])).text


def _buttons(page: str, url: str) -> list[str]:
    """The buttons of the page's forms that post to ``url``."""
    found = []
    for form in page.split("<form")[1:]:
        head, _, body = form.partition(">")
        if f'action="{url}"' in head:
            found += ["<button" + part.split("</button>")[0] for part in body.split("<button")[1:]]
    return found


def _run_buttons(page: str, program: Program) -> list[str]:
    """The “Run matching” button(s)."""
    return _buttons(page, reverse("matching:run_start", args=[program.pk]))


def _weights_buttons(page: str, program: Program) -> list[str]:
    return _buttons(page, reverse("matching:weights_update", args=[program.pk]))


def test_a_queued_run_is_the_only_thing_the_page_says_and_no_second_run_is_offered(
    coordinator_client: Client, program: Program, pool: dict[str, Employee]
) -> None:
    coordinator_client.post(reverse("matching:run_start", args=[program.pk]))  # no worker
    assert MatchRun.objects.get().status == MatchRunStatus.RUNNING

    page = _review(coordinator_client, program)

    assert "Matching is running" in page
    assert NOT_RUN_YET not in page
    assert "Press “Run matching”" not in page
    buttons = _run_buttons(page, program)
    assert buttons
    assert all(" disabled" in button for button in buttons)
    # The weights can still be saved, for the next run: the button no longer runs one.
    assert [b.rsplit(">", 1)[-1] for b in _weights_buttons(page, program)] == ["Save weights"]


def test_before_any_run_the_page_invites_one_with_live_buttons(
    coordinator_client: Client, program: Program, pool: dict[str, Employee]
) -> None:
    page = _review(coordinator_client, program)

    assert NOT_RUN_YET in page
    buttons = _run_buttons(page, program)
    assert len(buttons) == 1
    assert " disabled" not in buttons[0]
    assert [b.rsplit(">", 1)[-1] for b in _weights_buttons(page, program)] == [
        "Save weights and run again"
    ]


def test_a_run_going_over_earlier_proposals_offers_no_second_run(
    coordinator: Employee,
    coordinator_client: Client,
    program: Program,
    pool: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        background.match_run_queue(actor=user_of(coordinator), program=program)
    background.match_run_queue(actor=user_of(coordinator), program=program)  # stays queued

    page = _review(coordinator_client, program)

    assert "Matching is running" in page
    assert all(" disabled" in button for button in _run_buttons(page, program))
    # The earlier run's proposals are not offered for publishing meanwhile.
    earlier = MatchRun.objects.filter(program=program, status=MatchRunStatus.REVIEW).first()
    assert earlier is not None
    assert reverse("matching:run_publish", args=[program.pk, earlier.pk]) not in page
    assert "these proposals can be published once it ends" in page


def test_a_run_going_over_earlier_proposals_offers_no_swap_lock_or_remove_on_them(
    coordinator: Employee,
    coordinator_client: Client,
    program: Program,
    pool: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        background.match_run_queue(actor=user_of(coordinator), program=program)
    settled = _review(coordinator_client, program)
    assert "/lock/" in settled  # offered while nothing runs
    assert "Swap mentor" in settled
    background.match_run_queue(actor=user_of(coordinator), program=program)  # stays queued

    page = _review(coordinator_client, program)
    rows = coordinator_client.get(
        reverse("matching:run_review", args=[program.pk]),
        headers={**HTMX, "HX-Target": "review-list"},
    ).text

    for shown in (page, rows):
        assert 'id="proposal-' in shown  # the earlier proposals are still listed
        assert "/lock/" not in shown
        assert "/remove/" not in shown
        assert "Swap mentor" not in shown


def test_the_poll_of_a_run_that_failed_reloads_the_page_so_run_matching_is_offered_again(
    coordinator: Employee, coordinator_client: Client, program: Program
) -> None:
    run = background.match_run_queue(actor=user_of(coordinator), program=program)
    MatchRun.objects.filter(pk=run.pk).update(status=MatchRunStatus.FAILED, failure="Broken.")

    poll = coordinator_client.get(
        reverse("matching:run_progress", args=[program.pk, run.pk]), headers=HTMX
    )
    page = _review(coordinator_client, program)

    assert poll.status_code == 204
    assert poll.headers["HX-Refresh"] == "true"
    assert "Matching failed" in page
    assert not any(" disabled" in button for button in _run_buttons(page, program))


def test_saving_weights_while_a_run_goes_saves_them_and_says_they_count_from_the_next_run(
    coordinator_client: Client, program: Program, pool: dict[str, Employee]
) -> None:
    coordinator_client.post(reverse("matching:run_start", args=[program.pk]))  # stays queued
    data = {**{k: str(v) for k, v in program.weights.items()}, "skills": "9"}

    page = coordinator_client.post(
        reverse("matching:weights_update", args=[program.pk]), data, follow=True
    ).text

    program.refresh_from_db()
    assert program.weights["skills"] == 9.0
    assert MatchRun.objects.count() == 1
    assert "Weights saved. A matching run is already going under the earlier weights" in page
    assert "did not run again" not in page
