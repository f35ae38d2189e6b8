"""The assessment pages: the rater answers their own, radio buttons per skill with every
level described; anyone else gets a 404; the pair page and the home page say one waits."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from remento.outcomes.assessments.levels import LEVELS
from remento.outcomes.assessments.models import AssessmentStatus
from remento.outcomes.assessments.next_steps import assessment_lines, assessments_home
from remento.people.models import Employee, Skill
from remento.programs.models import Program
from remento.relationships.services import pair_close
from tests.conftest import client_for
from tests.factories import employee_with_login, make_program
from tests.outcomes.assessments.conftest import AFTER, BEFORE, assessment, started, wants


def _url(pk: int) -> str:
    return reverse("outcomes:assessment_answer", kwargs={"assessment_pk": pk})


def test_the_page_offers_every_level_described_for_each_skill(
    program: Program,
    mentor: Employee,
    mentee: Employee,
    mentee_client: Client,
    skills: dict[str, Skill],
) -> None:
    wants(mentee, skills["Social media"], skills["Data analysis"])
    pair = started(program, mentor, mentee)
    before = assessment(pair, mentee, BEFORE)

    body = mentee_client.get(_url(before.pk)).content.decode()

    assert "<legend>Social media</legend>" in body
    assert "<legend>Data analysis</legend>" in body
    for level in LEVELS:
        assert body.count(level.description) == 2
    assert body.count('type="radio"') == 10


def test_answering_saves_and_then_reads_back_only(
    program: Program,
    mentor: Employee,
    mentee: Employee,
    mentee_client: Client,
    skills: dict[str, Skill],
) -> None:
    social = skills["Social media"]
    wants(mentee, social)
    pair = started(program, mentor, mentee)
    before = assessment(pair, mentee, BEFORE)

    missing = mentee_client.post(_url(before.pk), {})
    assert missing.status_code == 400
    assert "Choose a level for yourself in Social media." in missing.content.decode()

    response = mentee_client.post(_url(before.pk), {f"level_{social.pk}": "2"})
    assert response.status_code == 302
    before.refresh_from_db()
    assert before.status == AssessmentStatus.ANSWERED
    again = mentee_client.get(_url(before.pk)).content.decode()
    assert "2 · Elementary" in again
    assert 'type="radio"' not in again
    # Posting again changes nothing: the page reads back.
    mentee_client.post(_url(before.pk), {f"level_{social.pk}": "5"})
    assert before.ratings.get().level == 2


def test_then_and_now_asks_both_for_each_skill(
    program: Program,
    mentor: Employee,
    mentee: Employee,
    mentee_client: Client,
    skills: dict[str, Skill],
) -> None:
    social = skills["Social media"]
    wants(mentee, social)
    pair = started(program, mentor, mentee)
    pair_close(actor=mentor.user, pair=pair, reason="Done.")
    last = assessment(pair, mentee, AFTER, rater=mentee)
    first = assessment(pair, mentee, BEFORE)
    # The late “then” has no page of its own: it leads to the end-of-pair one.
    assert mentee_client.get(_url(first.pk))["Location"] == _url(last.pk)

    body = mentee_client.get(_url(last.pk)).content.decode()
    assert "At the start of the pair (then)" in body
    response = mentee_client.post(
        _url(last.pk), {f"then_{social.pk}": "1", f"level_{social.pk}": "3"}
    )
    assert response.status_code == 302
    assert first.ratings.get().level == 1
    assert last.ratings.get().level == 3


def test_nobody_but_the_rater_reads_an_assessment(
    program: Program,
    organization: object,
    mentor: Employee,
    mentee: Employee,
    mentor_client: Client,
    coordinator_client: Client,
    stranger: Employee,
    skills: dict[str, Skill],
) -> None:
    social = skills["Social media"]
    wants(mentee, social)
    pair = started(program, mentor, mentee)
    before = assessment(pair, mentee, BEFORE)
    colleague = employee_with_login(organization=organization, email="colleague@acme.example")
    for client in (mentor_client, coordinator_client, client_for(stranger), client_for(colleague)):
        assert client.get(_url(before.pk)).status_code == 404
        assert client.post(_url(before.pk), {f"level_{social.pk}": "4"}).status_code == 404
    before.refresh_from_db()
    assert before.status == AssessmentStatus.OPEN
    assert Client().get(_url(before.pk)).status_code == 302  # to sign in


def test_the_pair_list_is_the_pairs_own(
    program: Program,
    mentor: Employee,
    mentee: Employee,
    mentee_client: Client,
    coordinator_client: Client,
    stranger: Employee,
) -> None:
    pair = started(program, mentor, mentee)
    url = reverse("outcomes:pair_assessments", kwargs={"pair_pk": pair.pk})
    assert mentee_client.get(url).status_code == 200
    assert coordinator_client.get(url).status_code == 404
    assert client_for(stranger).get(url).status_code == 404


def test_the_pair_page_and_the_home_page_say_an_assessment_waits(
    program: Program,
    mentor: Employee,
    mentee: Employee,
    mentee_client: Client,
    mentor_client: Client,
    skills: dict[str, Skill],
) -> None:
    wants(mentee, skills["Social media"])
    pair = started(program, mentor, mentee)
    before = assessment(pair, mentee, BEFORE)

    page = mentee_client.get(reverse("relationships:pair_detail", args=[pair.pk]))
    assert "Rate yourself on the skills you want to learn" in page.content.decode()
    assert _url(before.pk) in page.content.decode()
    home = mentee_client.get(reverse("home")).content.decode()
    assert "Rate your skills at the start of your pair with Maya Junior" in home
    # The mentor is asked nothing at the start (reverse mentoring: the mentee learns).
    mentor_page = mentor_client.get(reverse("relationships:pair_detail", args=[pair.pk]))
    assert "Rate the skills" not in mentor_page.content.decode()


def test_a_learner_with_no_skills_is_told_plainly(
    program: Program, mentor: Employee, mentee: Employee, mentee_client: Client
) -> None:
    pair = started(program, mentor, mentee)
    before = assessment(pair, mentee, BEFORE)

    page = mentee_client.get(reverse("relationships:pair_detail", args=[pair.pk]))
    assert "you have not said which skills you want to learn" in page.content.decode()
    assert reverse("people:profile_edit") in page.content.decode()
    answer = mentee_client.get(_url(before.pk)).content.decode()
    assert "Nothing to rate yet" in answer
    assert '<form method="post" novalidate class="panel assessment-form">' not in answer
    assert "Rate your skills" not in mentee_client.get(reverse("home")).content.decode()


def test_the_mentors_page_after_the_end_asks_them_to_rate_the_learner(
    program: Program,
    mentor: Employee,
    mentee: Employee,
    mentor_client: Client,
    skills: dict[str, Skill],
) -> None:
    wants(mentee, skills["Social media"])
    pair = started(program, mentor, mentee)
    pair_close(actor=mentor.user, pair=pair, reason="Done.")
    page = mentor_client.get(reverse("relationships:pair_detail", args=[pair.pk]))
    assert "Rate Martin Senior on the skills they came to learn" in page.content.decode()
    theirs = assessment(pair, mentee, AFTER, rater=mentor)
    body = mentor_client.get(_url(theirs.pk)).content.decode()
    assert "Where Martin Senior is now, at the end of the pair" in body
    home = mentor_client.get(reverse("home")).content.decode()
    assert "Rate Martin Senior&#x27;s skills at the end of your pair<" in home  # named once


def test_the_home_steps_cost_the_same_queries_whatever_the_number_waiting(
    organization: object,
    program: Program,
    mentee: Employee,
    skills: dict[str, Skill],
    django_assert_num_queries: Any,
) -> None:
    """One query for the waiting assessments, four for their skills: five, for 1 or 4."""
    wants(mentee, skills["Social media"])
    started(program, employee_with_login(organization=organization, level=2), mentee)
    with django_assert_num_queries(5):
        assert len(assessments_home(mentee).steps) == 1
    for number in range(3):
        other = make_program(organization, name=f"Program {number}")  # type: ignore[arg-type]
        mentor = employee_with_login(organization=organization, level=2)
        started(other, mentor, mentee)
    with django_assert_num_queries(5):
        assert len(assessments_home(mentee).steps) == 4


def test_the_pair_page_lines_cost_one_query_when_nothing_waits(
    program: Program,
    mentor: Employee,
    mentee: Employee,
    skills: dict[str, Skill],
    django_assert_num_queries: Any,
) -> None:
    wants(mentee, skills["Social media"], skills["Data analysis"])
    pair = started(program, mentor, mentee)
    with django_assert_num_queries(1):
        assert assessment_lines(pair, mentor) == []
    # One waits: its skills (four queries) and whether it asks “then” too (none at the start).
    with django_assert_num_queries(5):
        [line] = assessment_lines(pair, mentee)
    assert line.text.endswith("2 skills, a few minutes.")
