"""No two backgrounds figures a coordinator sees can be compared to learn about a few people
(``services.disclosure``): a figure over people who differ from those of a figure shown
before by 1 to ``REMENTO_MIN_GROUP_SIZE`` - 1 is withheld, on the run review and on the
preview alike."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
from django.test import Client
from django.urls import reverse

from remento.core.models import Organization
from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.matching import adapters, selectors
from remento.matching.adapters import PoolPeople
from remento.matching.models import DisclosedPool
from remento.matching.services.bulk import match_run_start
from remento.matching.services.disclosure import backgrounds_withheld
from remento.people.models import Employee, SensitiveAttribute
from remento.programs.models import Program
from tests.factories import OrganizationFactory, user_of
from tests.matching.helpers import compute_preview, consent_everywhere, declare, enroll, person
from tests.matching.helpers import make_program as make_matching_program


def _people(shared: dict[int, str]) -> PoolPeople:
    ids = np.array(sorted(shared), dtype=np.int64)
    states = np.array([len(shared[i]) + 7 * (shared[i] != "") for i in ids], dtype=np.uint32)
    return PoolPeople(ids, states)


def test_two_pools_differ_by_the_people_in_one_only_and_those_who_changed_what_they_share() -> None:
    before = _people({1: "a", 2: "", 3: "bb", 4: "c"})
    after = _people({1: "a", 2: "xyz", 3: "bb", 5: "c"})  # 2 changed, 4 left, 5 joined

    assert before.differing(before) == 0
    assert before.differing(after) == after.differing(before) == 3
    again = PoolPeople.from_bytes(after.to_bytes())
    assert again.ids.tolist() == after.ids.tolist()
    assert again.states.tolist() == after.states.tolist()


def test_a_figure_is_withheld_only_while_few_people_differ_from_one_shown(
    settings: Any, organization: Organization
) -> None:
    settings.REMENTO_MIN_GROUP_SIZE = 3
    program = make_matching_program(organization)
    first = _people(dict.fromkeys(range(1, 11), "x"))

    assert not backgrounds_withheld(program=program, people=first)  # shown, recorded
    assert not backgrounds_withheld(program=program, people=first)  # the same people
    assert DisclosedPool.objects.filter(program=program).count() == 1
    for gone in ([10], [9, 10]):
        fewer = _people({i: "x" for i in range(1, 11) if i not in gone})
        assert backgrounds_withheld(program=program, people=fewer)
    three_gone = _people(dict.fromkeys(range(1, 8), "x"))
    assert not backgrounds_withheld(program=program, people=three_gone)
    # Now two figures were shown; one more person gone differs from the second by one.
    assert backgrounds_withheld(program=program, people=_people(dict.fromkeys(range(1, 7), "x")))
    assert DisclosedPool.objects.filter(program=program).count() == 2
    # Another program over nearly the same people compares as well: one record per organisation.
    sibling = make_matching_program(organization)
    assert backgrounds_withheld(program=sibling, people=_people(dict.fromkeys(range(1, 10), "x")))
    elsewhere = make_matching_program(OrganizationFactory(name="Other Corp", slug="other"))
    assert not backgrounds_withheld(program=elsewhere, people=first)
    # A figure once seen stays seen: deleting its program does not forget it.
    program.delete()
    assert backgrounds_withheld(program=sibling, people=_people(dict.fromkeys(range(2, 11), "x")))


def _figure(page: str) -> str:
    found = re.search(
        r'<section class="panel" aria-labelledby="backgrounds-heading">.*?</section>', page, re.S
    )
    assert found is not None, "no backgrounds panel"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(0)).split())


@pytest.fixture
def bridging_program(settings: Any, organization: Organization) -> tuple[Program, list[Employee]]:
    """Six one-to-one pairs, three across backgrounds; minimum group 2. Returns the program
    and its mentees."""
    settings.REMENTO_MIN_GROUP_SIZE = 2
    program = make_matching_program(organization)
    mentees = []
    for i in range(6):
        mentor = person(organization, first_name=f"Ada{i}", level=2)
        mentee = person(organization, first_name=f"Xavier{i}", level=9)
        enroll(program, mentor, EnrollmentRole.MENTOR)
        enroll(program, mentee, EnrollmentRole.MENTEE)
        declare(mentor, "woman")
        declare(mentee, "man" if i < 3 else "woman")
        mentees.append(mentee)
    consent_everywhere(program)
    return program, mentees


def _withdraw(mentee: Employee) -> None:
    Enrollment.objects.filter(employee=mentee).update(status=EnrollmentStatus.WITHDRAWN)


def test_the_run_review_withholds_a_figure_one_withdrawal_from_a_shown_one_and_says_why(
    bridging_program: tuple[Program, list[Employee]],
    coordinator: Employee,
    coordinator_client: Client,
) -> None:
    program, mentees = bridging_program
    actor = user_of(coordinator)
    url = reverse("matching:run_review", args=[program.pk])

    match_run_start(actor=actor, program=program)
    assert "3 of 6 pairs bring together different backgrounds" in _figure(
        coordinator_client.get(url).text
    )

    _withdraw(mentees[0])
    run = match_run_start(actor=actor, program=program)
    shown = _figure(coordinator_client.get(url).text)
    assert "is not shown this time" in shown
    assert "fewer than 2" in shown
    assert not re.search(r"\d+ of \d+ pairs? bring together", shown)
    review = selectors.match_run_review(run=run)
    assert review.backgrounds is None
    assert review.backgrounds_withheld == 2
    assert "bridged" not in run.summary["backgrounds"]  # what is not shown is not kept

    _withdraw(mentees[3])  # two people gone from the first figure's: shown again
    match_run_start(actor=actor, program=program)
    assert "2 of 4 pairs bring together different backgrounds" in _figure(
        coordinator_client.get(url).text
    )


def test_the_preview_withholds_a_figure_one_change_from_a_shown_one(
    bridging_program: tuple[Program, list[Employee]],
    coordinator_client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    program, mentees = bridging_program
    url = reverse("matching:preview", args=[program.pk])

    compute_preview(coordinator_client, program, django_capture_on_commit_callbacks)
    assert "3 of 6 pairs bring together different backgrounds" in _figure(
        coordinator_client.get(url).text
    )

    declare(mentees[0], "woman")  # changed what they share: one person differs
    compute_preview(coordinator_client, program, django_capture_on_commit_callbacks)
    shown = _figure(coordinator_client.get(url).text)
    assert "is not shown this time" in shown
    assert not re.search(r"\d+ of \d+ pairs? bring together", shown)


def test_the_pool_people_are_the_mentors_and_mentees_with_what_they_share(
    bridging_program: tuple[Program, list[Employee]],
) -> None:
    program, mentees = bridging_program
    people = PoolPeople.of(adapters.pool_for_program(program))
    assert len(people.ids) == 12
    declare(mentees[0], "woman")
    assert PoolPeople.of(adapters.pool_for_program(program)).differing(people) == 1


def test_a_fingerprint_holds_nothing_of_the_answers_themselves(
    bridging_program: tuple[Program, list[Employee]],
) -> None:
    """What is kept of a shown figure's people could otherwise be tried against the few
    possible answers, and would outlive an answer withdrawn or erased."""
    program, mentees = bridging_program
    people = PoolPeople.of(adapters.pool_for_program(program))
    # The same rows at the same times of change, other answers: the same fingerprints.
    SensitiveAttribute.objects.filter(employee__in=mentees).update(value="another answer")
    assert PoolPeople.of(adapters.pool_for_program(program)).differing(people) == 0
