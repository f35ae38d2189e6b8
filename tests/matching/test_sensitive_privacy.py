"""Sensitive attributes used in matching are never disclosed through what people read.

Consent to use an attribute in matching is not consent to disclose it: a participant who
changes their own declared attribute and reads again must see the same scores, reasons and
order; coordinators see only aggregates of at least ``REMENTO_MIN_GROUP_SIZE``.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.test import Client
from django.urls import reverse

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole, EnrollmentStatus
from remento.matching import adapters, selectors
from remento.matching.models import MatchRun, ProposedPair
from remento.matching.services.bulk import match_run_start
from remento.matching.services.publish import match_run_publish
from remento.matching.services.requests import mentor_request_create
from remento.people.models import Employee
from remento.programs.models import MatchingMode, Program
from remento.relationships.models import Pair
from tests.conftest import client_for
from tests.factories import user_of as _user
from tests.matching.helpers import (
    compute_preview,
    consent_everywhere,
    declare,
    enroll,
    make_program,
    person,
    small_pool,
)

VALUES = ("woman", "man", "non-binary")
MENTOR_VALUES = {"a1": "woman", "a2": "man", "a3": "non-binary"}


def _suggestions_block(html: str) -> str:
    found = re.search(r'<ol class="cards suggestions">.*?</ol>', html, re.S)
    assert found is not None, "the page shows no suggestions"
    return found.group(0)


@pytest.fixture
def choice_program(organization: Organization) -> Program:
    return make_program(organization, matching_mode=MatchingMode.CHOICE)


def test_a_mentee_cannot_infer_a_mentors_attribute_by_changing_their_own(
    mentee: Employee, mentee_client: Client, choice_program: Program
) -> None:
    people = small_pool(choice_program)
    enroll(choice_program, mentee, EnrollmentRole.MENTEE)
    consent_everywhere(choice_program)
    for key, value in MENTOR_VALUES.items():
        declare(people[key], value)
    page = reverse("matching:choose", args=[choice_program.pk])

    seen: dict[str | None, tuple[str, list[Any]]] = {}
    for value in (*VALUES, None):
        declare(mentee, value)
        html = mentee_client.get(page).text
        found = selectors.mentee_choice(program=choice_program, mentee=mentee).suggestions
        seen[value] = (
            _suggestions_block(html),
            [(m.pk, s.rank, s.score, s.reasons, s.contributions) for m, s in found],
        )

    first = seen[None]
    assert all(shown == first for shown in seen.values())
    assert "background" not in first[0].lower()
    assert all("diversity" not in contributions for *_, contributions in first[1])


def test_a_run_shows_no_per_pair_background_and_scores_ignore_the_attributes(
    coordinator: Employee,
    coordinator_client: Client,
    organization: Organization,
    django_capture_on_commit_callbacks: Any,
) -> None:
    program = make_program(organization)
    people = small_pool(program, user=True)
    consent_everywhere(program)
    for key, value in MENTOR_VALUES.items():
        declare(people[key], value)

    shown = []
    for value in VALUES:
        for i in (1, 2, 3):
            declare(people[f"x{i}"], value)
        run = match_run_start(actor=_user(coordinator), program=program)
        proposals = run.proposals.order_by("mentee_id")
        shown.append([(p.mentor_id, p.mentee_id, p.score, p.reasons) for p in proposals])
        assert all("diversity" not in p.contributions for p in proposals)
    assert shown[0] == shown[1] == shown[2]

    page = coordinator_client.get(reverse("matching:run_review", args=[program.pk])).text
    assert "Different backgrounds on" not in page
    assert not any("background" in " ".join(reasons).lower() for *_, reasons in shown[0])

    run = MatchRun.objects.filter(program=program).first()
    assert run is not None
    with django_capture_on_commit_callbacks(execute=True):
        match_run_publish(actor=_user(coordinator), run=run, proposal_ids=None)
    assert mail.outbox
    assert all("background" not in message.body.lower() for message in mail.outbox)


def test_a_mentors_request_and_its_email_carry_no_background_reason(
    organization: Organization, choice_program: Program, django_capture_on_commit_callbacks: Any
) -> None:
    choice_program.weights = {**choice_program.weights, "diversity": 10.0}
    choice_program.save(update_fields=["weights"])
    mentor = person(organization, user=True, level=2, email="mo@acme.example")
    mentee = person(organization, user=True, level=9, email="me@acme.example")
    enroll(choice_program, mentor, EnrollmentRole.MENTOR)
    enroll(choice_program, mentee, EnrollmentRole.MENTEE)
    consent_everywhere(choice_program)
    declare(mentor, "woman")
    declare(mentee, "man")

    with django_capture_on_commit_callbacks(execute=True):
        request = mentor_request_create(
            actor=_user(mentee), program=choice_program, mentor=mentor, message="Hello"
        )

    assert not any("background" in reason.lower() for reason in request.reasons)
    assert mail.outbox
    assert all("background" not in message.body.lower() for message in mail.outbox)
    inbox = client_for_user(mentor).get(reverse("matching:inbox", args=[choice_program.pk]))
    assert "background" not in inbox.text.lower()


def client_for_user(employee: Employee) -> Client:
    client = Client()
    client.force_login(_user(employee))
    return client


def test_the_matching_still_uses_the_attributes_when_consented(
    organization: Organization,
) -> None:
    """Only disclosure changes: the engine still prefers pairs from different backgrounds."""
    program = make_program(organization)
    program.weights = {**program.weights, "diversity": 10.0}
    program.save(update_fields=["weights"])
    mentors = [person(organization, level=2) for _ in range(2)]
    mentees = [person(organization, level=9) for _ in range(2)]
    for employee in mentors:
        enroll(program, employee, EnrollmentRole.MENTOR)
    for employee in mentees:
        enroll(program, employee, EnrollmentRole.MENTEE)
    consent_everywhere(program)
    declare(mentors[0], "a")
    declare(mentors[1], "b")
    declare(mentees[0], "a")
    declare(mentees[1], "b")

    outcome = adapters.pool_match(adapters.pool_for_program(program))

    assert {(p.mentor_id, p.mentee_id) for p in outcome.pairs} == {
        (mentors[0].pk, mentees[1].pk),
        (mentors[1].pk, mentees[0].pk),
    }
    assert all("diversity" not in p.contributions for p in outcome.pairs)


# --- coordinators are told the criterion counts, never how many pairs it bridges ----------


def _bridging_program(organization: Organization, bridging: int, total: int) -> Program:
    """``total`` pairs that a run makes one to one, ``bridging`` of them across backgrounds."""
    program = make_program(organization, min_level_gap=0)
    for i in range(total):
        mentor = person(organization, level=2, email=f"m{i}@acme.example")
        mentee = person(organization, level=2, email=f"e{i}@acme.example")
        enroll(program, mentor, EnrollmentRole.MENTOR)
        enroll(program, mentee, EnrollmentRole.MENTEE)
        declare(mentor, "same")
        declare(mentee, "other" if i < bridging else "same")
    consent_everywhere(program)
    return program


NUMBERS = re.compile(r"\d")


def _panel(page: str) -> str:
    found = re.search(
        r'<section class="panel" aria-labelledby="backgrounds-heading">.*?</section>', page, re.S
    )
    assert found is not None, "no panel on the diversity criterion"
    return found.group(0)


def test_the_review_says_the_criterion_counts_and_never_how_many_pairs_it_bridges(
    settings: Any, coordinator: Employee, coordinator_client: Client, organization: Organization
) -> None:
    """Groups far above the small-group minimum, and still no count: the pairs a run counts
    can be chosen (locks and the round's size, removals, who is enrolled), and counts over
    chosen pairs compared (four of them, each far from the others, add up to one pair's
    answer) tell what named people shared."""
    settings.REMENTO_MIN_GROUP_SIZE = 2
    program = _bridging_program(organization, bridging=4, total=8)
    run = match_run_start(actor=_user(coordinator), program=program)
    assert selectors.match_run_review(run=run).diversity_counts
    assert "backgrounds" not in run.summary

    panel = _panel(coordinator_client.get(reverse("matching:run_review", args=[program.pk])).text)
    assert "This criterion counts in the matching" in panel
    assert not NUMBERS.search(re.sub(r"<[^>]+>", " ", panel))


def test_the_preview_says_the_same_without_a_count(
    settings: Any,
    coordinator_client: Client,
    organization: Organization,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.REMENTO_MIN_GROUP_SIZE = 2
    program = _bridging_program(organization, bridging=4, total=8)
    compute_preview(coordinator_client, program, django_capture_on_commit_callbacks)

    page = coordinator_client.get(reverse("matching:preview", args=[program.pk])).text
    panel = _panel(page)
    assert "This criterion counts in the matching" in panel
    assert not NUMBERS.search(re.sub(r"<[^>]+>", " ", panel))
    assert not re.search(r"\d+ of \d+ pairs? bring together", page)
    assert "Different backgrounds on" not in page


def test_the_weights_help_and_the_panel_agree_that_no_page_counts_the_pairs_it_bridges(
    settings: Any, coordinator: Employee, coordinator_client: Client, organization: Organization
) -> None:
    settings.REMENTO_MIN_GROUP_SIZE = 2
    program = _bridging_program(organization, bridging=4, total=8)
    match_run_start(actor=_user(coordinator), program=program)

    page = coordinator_client.get(reverse("matching:run_review", args=[program.pk])).text
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())

    assert "shows only how many pairs" not in text
    assert "how many pairs it brings together is not shown on any page" in text
    assert "How many pairs it brings together is not shown, here or anywhere else" in _panel(page)


def test_no_word_on_the_criterion_where_it_does_not_count(
    coordinator: Employee, coordinator_client: Client, organization: Organization
) -> None:
    program = _bridging_program(organization, bridging=4, total=8)
    Program.objects.filter(pk=program.pk).update(weights={**program.weights, "diversity": 0.0})
    match_run_start(actor=_user(coordinator), program=Program.objects.get(pk=program.pk))
    page = coordinator_client.get(reverse("matching:run_review", args=[program.pk])).text
    assert "backgrounds-heading" not in page


# --- only enrolled mentees may list a program's mentors ------------------------------------


def test_a_participant_not_enrolled_cannot_list_mentors_by_id(
    mentor: Employee, choice_program: Program
) -> None:
    people = small_pool(choice_program)
    client = client_for(mentor)  # same organisation, not enrolled in this program

    assert client.get(reverse("matching:choose", args=[choice_program.pk])).status_code == 404
    for key in ("a1", "a2", "x1"):
        url = reverse("matching:request_create", args=[choice_program.pk, people[key].pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"message": "Hi"}).status_code == 404


def test_a_mentee_not_yet_enrolled_sees_their_page_but_no_mentor(
    mentee: Employee, mentee_client: Client, choice_program: Program
) -> None:
    people = small_pool(choice_program)
    enroll(choice_program, mentee, EnrollmentRole.MENTEE, status=EnrollmentStatus.APPLIED)

    page = mentee_client.get(reverse("matching:choose", args=[choice_program.pk]))
    assert page.status_code == 200
    assert "Ada1 Mentor" not in page.text
    url = reverse("matching:request_create", args=[choice_program.pk, people["a1"].pk])
    assert mentee_client.get(url).status_code == 404


def test_a_stranger_cannot_list_mentors_by_id(stranger: Employee, choice_program: Program) -> None:
    people = small_pool(choice_program)
    client = client_for(stranger)

    url = reverse("matching:request_create", args=[choice_program.pk, people["a1"].pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("matching:choose", args=[choice_program.pk])).status_code == 404


def test_stored_scores_and_reasons_lose_the_diversity_criterion(
    coordinator: Employee, organization: Organization
) -> None:
    """The data migration cleans what runs, requests and pairs stored before the fix."""
    scrub = importlib.import_module(
        "remento.matching.migrations.0003_scrub_diversity_from_shown_results"
    ).scrub
    program = make_program(organization)
    people = small_pool(program)
    run = MatchRun.objects.create(program=program, settings_snapshot={})
    old_reason = "Different backgrounds on 1 of 2 attributes both shared"
    proposal = ProposedPair.objects.create(
        run=run,
        mentor=people["a1"],
        mentee=people["x1"],
        score=6.5,
        contributions={"skills": 5.0, "gap": 1.0, "diversity": 0.5},
        reasons=["Can teach Tiktok", old_reason],
    )
    pair = Pair.objects.create(
        program=program,
        mentor=people["a1"],
        mentee=people["x1"],
        source="bulk",
        reasons=[old_reason, "2 levels apart"],
    )

    scrub(django_apps, None)

    proposal.refresh_from_db()
    pair.refresh_from_db()
    assert proposal.score == 6.0
    assert proposal.contributions == {"skills": 5.0, "gap": 1.0}
    assert proposal.reasons == ["Can teach Tiktok"]
    assert pair.reasons == ["2 levels apart"]
