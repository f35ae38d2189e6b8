"""What the matching pages say: reasons in plain words (never a stored code), runs numbered
per program and signed with a person's name, people of the same name told apart."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from remento.enrollment.models import EnrollmentRole
from remento.matching import adapters, selectors
from remento.matching.services import bulk
from remento.people.models import Employee
from remento.programs.models import Program
from tests.matching.helpers import enroll, make_program, person, small_pool, teach, want


def test_a_generation_reason_names_the_generations_not_their_codes(program: Program) -> None:
    org = program.organization
    mentor = person(org, level=2, birth_year=2000)
    mentee = person(org, level=9, birth_year=1960)
    teach(mentor, genai=5)
    want(mentee, genai=5)

    result = adapters.pair_explain(program=program, mentor=mentor, mentee=mentee)

    text = " ".join(result.reasons)
    assert "Gen Z and Boomers" in text
    assert "gen_z" not in text
    assert "boomers" not in text


def test_runs_are_numbered_per_program_and_signed_with_a_name(
    coordinator: Employee, coordinator_client: Client, program: Program
) -> None:
    people = small_pool(program)
    other = make_program(coordinator.organization, name="Another program")
    enroll(other, people["a1"], EnrollmentRole.MENTOR)
    enroll(other, people["x1"], EnrollmentRole.MENTEE)
    bulk.match_run_start(actor=coordinator.user, program=other)
    bulk.match_run_start(actor=coordinator.user, program=program)
    run = bulk.match_run_start(actor=coordinator.user, program=program)

    review = selectors.match_run_review(run=run)
    page = coordinator_client.get(reverse("matching:run_review", args=[program.pk])).text

    assert review.number == 2
    assert f"Run 2 of {run.created_at:%-d}" in page
    assert f"started by {coordinator.display_name}" in page
    assert coordinator.user.email not in page
    assert run.pk > review.number  # the database id differs from the number shown


def test_people_with_the_same_name_are_told_apart_on_the_run_review(
    coordinator: Employee, coordinator_client: Client, program: Program
) -> None:
    org = program.organization
    for title, skill in (("Data analyst", "sql"), ("Brand designer", "figma")):
        mentor = person(org, first_name="Farid", last_name="Lee", title=title, level=2)
        mentee = person(org, level=9)
        teach(mentor, **{skill: 5})
        want(mentee, **{skill: 5})
        enroll(program, mentor, EnrollmentRole.MENTOR)
        enroll(program, mentee, EnrollmentRole.MENTEE)
    bulk.match_run_start(actor=coordinator.user, program=program)

    page = coordinator_client.get(reverse("matching:run_review", args=[program.pk])).text

    assert page.count("Farid Lee</td>") == 0  # never a bare name alone in its cell
    assert "Data analyst · " in page
    assert "Brand designer · " in page
