"""The stored matching preview follows the people it reads: a Draft or Recruiting program
that nobody has enrolled in previews the organisation's eligible people, so a change to
people (an HRIS import, a new person, an edit, a leaver, a skill) has it recomputed, once
per program however many rows changed; and the page's own words about a computation go
away when the computation is done."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from remento.core.models import Organization
from remento.matching.models import MatchPreview, PreviewState
from remento.matching.services.previews import preview_fingerprint
from remento.people.importing.services import people_import_apply
from remento.people.models import Employee, SkillOffer
from remento.people.provisioning import person_leave
from remento.programs.models import Program, Status
from tests.factories import OrganizationFactory, ProgramFactory
from tests.matching.helpers import compute_preview, person, preview_requests, teach, want
from tests.people.import_files import csv_bytes
from tests.people.import_files import person as row


@pytest.fixture
def draft(organization: Organization) -> Program:
    program = ProgramFactory.create(organization=organization, name="AI for leaders")
    assert program.status == Status.DRAFT
    return program


@pytest.fixture
def population(organization: Organization) -> dict[str, Employee]:
    """Two juniors who teach and two seniors who want, none of them enrolled anywhere."""
    people: dict[str, Employee] = {}
    for i in (1, 2):
        people[f"a{i}"] = mentor = person(organization, first_name=f"Junior{i}", level=2)
        people[f"x{i}"] = mentee = person(organization, first_name=f"Senior{i}", level=9)
        teach(mentor, genai=4)
        want(mentee, genai=4)
    return people


def _setup_committed() -> None:
    """As if the setup's transaction had committed: its waiting commit hooks run and leave
    (the test's transaction never commits, so the people the fixtures made would otherwise
    still wait for a commit, and their hook with them)."""
    waiting = list(connection.run_on_commit)
    connection.run_on_commit.clear()
    for entry in waiting:
        entry[1]()


def _opened(client: Client, program: Program, capture: Any) -> MatchPreview:
    compute_preview(client, program, capture)
    stored = MatchPreview.objects.get(program=program)
    assert stored.state == PreviewState.READY
    return stored


def test_a_draft_without_enrolments_previews_the_eligible_people(
    coordinator_client: Client,
    draft: Program,
    population: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
) -> None:
    stored = _opened(coordinator_client, draft, django_capture_on_commit_callbacks)

    assert stored.data["population"] == "eligible"
    assert stored.data["mentees"] >= 2


def test_a_new_person_has_the_preview_of_the_eligible_people_recomputed(
    coordinator_client: Client,
    organization: Organization,
    draft: Program,
    population: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
) -> None:
    before = _opened(coordinator_client, draft, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        newcomer = person(organization, first_name="Newcomer", level=9)
        want(newcomer, genai=5)

    after = MatchPreview.objects.get(program=draft)
    assert after.state == PreviewState.READY
    assert after.data["mentees"] == before.data["mentees"] + 1
    assert after.computed_at is not None
    assert before.computed_at is not None
    assert after.computed_at > before.computed_at


def test_an_hris_import_asks_once_per_opened_program_not_once_per_row(
    coordinator_client: Client,
    organization: Organization,
    draft: Program,
    population: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recruiting = ProgramFactory.create(organization=organization, signup=True)
    _opened(coordinator_client, draft, django_capture_on_commit_callbacks)
    _opened(coordinator_client, recruiting, django_capture_on_commit_callbacks)
    ProgramFactory.create(organization=organization, name="Nobody opened its preview")
    asked = preview_requests(monkeypatch)
    rows = [row(f"E{n}", level="9") for n in range(1, 41)]

    with django_capture_on_commit_callbacks(execute=True):
        people_import_apply(actor=None, organization=organization, data=csv_bytes(rows))

    assert sorted(asked) == sorted([draft.pk, recruiting.pk])
    assert set(MatchPreview.objects.values_list("state", flat=True)) == {PreviewState.COMPUTING}


def test_an_hris_import_shows_in_the_preview_once_the_worker_ran(
    coordinator_client: Client,
    organization: Organization,
    draft: Program,
    population: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
) -> None:
    before = _opened(coordinator_client, draft, django_capture_on_commit_callbacks)
    rows = [row(f"E{n}", level="9") for n in range(1, 26)]

    with django_capture_on_commit_callbacks(execute=True):
        people_import_apply(actor=None, organization=organization, data=csv_bytes(rows))

    after = MatchPreview.objects.get(program=draft)
    assert after.state == PreviewState.READY
    assert after.data["mentees"] == before.data["mentees"] + 25


def test_a_leaver_has_the_preview_recomputed(
    coordinator_client: Client,
    draft: Program,
    population: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
) -> None:
    before = _opened(coordinator_client, draft, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        person_leave(actor=None, employee=population["a1"], now=timezone.now())

    after = MatchPreview.objects.get(program=draft)
    assert after.data["mentors"] == before.data["mentors"] - 1


def test_a_skill_level_changed_in_place_changes_the_inputs_and_asks_the_worker(
    coordinator_client: Client,
    draft: Program,
    population: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = _opened(coordinator_client, draft, django_capture_on_commit_callbacks)
    asked = preview_requests(monkeypatch)
    offer = SkillOffer.objects.get(employee=population["a1"])

    with django_capture_on_commit_callbacks(execute=True):
        offer.proficiency = 1
        offer.save(update_fields=["proficiency"])

    assert asked == [draft.pk]
    # The worker recomputes only when the inputs changed: this change must show in them.
    assert preview_fingerprint(draft) != before.fingerprint


def test_an_interest_swapped_for_another_changes_the_inputs(
    draft: Program, population: dict[str, Employee]
) -> None:
    from remento.people.models import Interest

    cycling, chess = (
        Interest.objects.create(organization=draft.organization, name=name)
        for name in ("Cycling", "Chess")
    )
    senior = population["x1"]
    senior.interests.set([cycling])
    before = preview_fingerprint(draft)

    senior.interests.set([chess])

    assert preview_fingerprint(draft) != before


def test_many_people_changed_in_one_transaction_ask_the_worker_once(
    coordinator_client: Client,
    organization: Organization,
    draft: Program,
    population: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _opened(coordinator_client, draft, django_capture_on_commit_callbacks)
    asked = preview_requests(monkeypatch)

    with django_capture_on_commit_callbacks(execute=True):
        for i in range(8):
            want(person(organization, first_name=f"Late{i}", level=9), genai=3)

    assert asked == [draft.pk]


def test_another_organisations_people_leave_the_preview_alone(
    coordinator_client: Client,
    draft: Program,
    population: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _opened(coordinator_client, draft, django_capture_on_commit_callbacks)
    _setup_committed()
    asked = preview_requests(monkeypatch)
    other = OrganizationFactory.create(name="Other Corp", slug="other")

    with django_capture_on_commit_callbacks(execute=True):
        want(person(other, first_name="Elsewhere", level=9), genai=3)
        people_import_apply(
            actor=None, organization=other, data=csv_bytes([row("E1", email="e1@other.example")])
        )

    assert asked == []
    assert MatchPreview.objects.get(program=draft).state == PreviewState.READY


def test_after_a_change_the_page_says_the_figures_are_being_recomputed_and_reads_no_people(
    coordinator_client: Client,
    organization: Organization,
    draft: Program,
    population: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _opened(coordinator_client, draft, django_capture_on_commit_callbacks)
    url = reverse("matching:preview", args=[draft.pk])
    with CaptureQueriesContext(connection) as before:
        coordinator_client.get(url)
    preview_requests(monkeypatch)

    with django_capture_on_commit_callbacks(execute=True):
        people_import_apply(
            actor=None,
            organization=organization,
            data=csv_bytes([row(f"E{n}", level="9") for n in range(1, 31)]),
        )
    with CaptureQueriesContext(connection) as after:
        page = coordinator_client.get(url).text

    assert "Being computed…" in page
    assert "The figures below are from" in page
    assert 'hx-trigger="every 2s"' in page
    assert len(after) == len(before)
    assert not any('"people_employee"' in q["sql"] and "COUNT(" in q["sql"] for q in after)


def test_the_fingerprint_reads_a_few_aggregates_whatever_the_number_of_people(
    organization: Organization, draft: Program, population: dict[str, Employee]
) -> None:
    with CaptureQueriesContext(connection) as few:
        preview_fingerprint(draft)
    for i in range(15):
        want(person(organization, first_name=f"More{i}", level=9), genai=2)

    with CaptureQueriesContext(connection) as many:
        preview_fingerprint(draft)

    assert len(many) == len(few)


def _outside_the_polled_part(page: str) -> str:
    """The page without its ``#preview-body``: what htmx polling never replaces."""
    start = page.index('<div id="preview-body"')
    return page[:start] + page[page.index("</main>") :]


def test_the_words_about_a_computation_are_all_in_the_part_the_page_replaces(
    coordinator_client: Client,
    draft: Program,
    population: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
) -> None:
    _opened(coordinator_client, draft, django_capture_on_commit_callbacks)

    # Refresh without JavaScript: the button's POST, then the page it redirects to.
    page = coordinator_client.post(
        reverse("matching:preview_refresh", args=[draft.pk]), follow=True
    ).text

    assert "Being computed…" in page
    assert not re.search(r"being computed|updates itself", _outside_the_polled_part(page), re.I)
