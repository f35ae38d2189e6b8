"""The skill gain of a small hand-made program, its right answers worked out here by hand:
only people with both a start and an end self-rating count; retrospective ones are counted."""

from __future__ import annotations

import math
from typing import Any

import pytest

from remento.core.models import Organization
from remento.outcomes.assessments.gains import mentor_ratings, skill_gain_summary
from remento.outcomes.assessments.models import AssessmentStatus
from remento.outcomes.assessments.selectors import assessment_progress
from remento.people.models import Employee, Skill
from remento.programs.models import Program
from remento.relationships.models import Pair
from tests.factories import EmployeeFactory, make_pair, make_program
from tests.outcomes.assessments.conftest import AFTER, BEFORE, rated

# Student's t quantiles for a two-sided 95% interval (any textbook table).
T_1DF, T_2DF = 12.706204736174698, 4.302652729749464


def _pair(program: Program, learner: Employee) -> Pair:
    mentor = EmployeeFactory(organization=program.organization, level=2)
    return make_pair(program, mentor, learner)


@pytest.fixture
def world(organization: Organization, program: Program, skills: dict[str, Skill]) -> dict[str, Any]:
    """Ann: X 1→3, Y 2→3 (gains 2 and 1, mean 1.5). Ben: X 2→4, his start given late
    (gain 2). Cy: Y 3→3 (gain 0). Di: a start only (left out). Eve: an end only, and an
    unanswered start (left out)."""
    x, y = skills["Data analysis"], skills["Social media"]
    people = {
        name: EmployeeFactory(organization=organization, first_name=name, level=9)
        for name in ("Ann", "Ben", "Cy", "Di", "Eve")
    }
    pairs = {name: _pair(program, person) for name, person in people.items()}
    ann, ben, cy, di, eve = (people[n] for n in ("Ann", "Ben", "Cy", "Di", "Eve"))
    rated(pairs["Ann"], ann, BEFORE, {x: 1, y: 2}, days_ago=90)
    rated(pairs["Ann"], ann, AFTER, {x: 3, y: 3})
    rated(pairs["Ben"], ben, BEFORE, {x: 2}, retrospective=True)
    rated(pairs["Ben"], ben, AFTER, {x: 4})
    rated(pairs["Cy"], cy, BEFORE, {y: 3}, days_ago=90)
    rated(pairs["Cy"], cy, AFTER, {y: 3})
    rated(pairs["Di"], di, BEFORE, {x: 1}, days_ago=90)
    rated(pairs["Eve"], eve, BEFORE, {x: None}, status=AssessmentStatus.OPEN, retrospective=True)
    rated(pairs["Eve"], eve, AFTER, {x: 5})
    # The mentors' view at the end: of Ann X 3, Y 4 (mean 3.5); of Ben X 4.
    rated(pairs["Ann"], ann, AFTER, {x: 3, y: 4}, rater=pairs["Ann"].mentor)
    rated(pairs["Ben"], ben, AFTER, {x: 4}, rater=pairs["Ben"].mentor)
    # Another program's ratings count nowhere here.
    other = make_program(organization, name="Another program")
    elsewhere = _pair(other, ann)
    rated(elsewhere, ann, BEFORE, {x: 5}, days_ago=90)
    rated(elsewhere, ann, AFTER, {x: 1})
    return {"x": x, "y": y}


def test_the_program_gain_is_the_mean_over_people_with_a_t_interval(
    program: Program, world: dict[str, Any]
) -> None:
    summary = skill_gain_summary(program)

    per_person = [1.5, 2.0, 0.0]  # Ann, Ben, Cy
    mean = sum(per_person) / 3  # 1.1666…
    sd = math.sqrt(sum((g - mean) ** 2 for g in per_person) / 2)  # 1.0408…
    half = T_2DF * sd / math.sqrt(3)  # 2.5856…
    assert summary.people == 3
    assert summary.retrospective == 1
    assert summary.mean == pytest.approx(7 / 6)
    assert summary.interval is not None
    assert summary.interval.low == pytest.approx(mean - half)
    assert summary.interval.high == pytest.approx(mean + half)
    assert type(summary.interval.low) is float  # a plain number, for exports and JSON
    assert summary.interval.low == pytest.approx(-1.4190, abs=1e-4)
    assert summary.interval.high == pytest.approx(3.7522, abs=1e-4)
    assert summary.note == ""
    assert "self-rating at the end minus their self-rating at the start" in summary.method


def test_each_skill_and_each_person_has_its_own_gain(
    program: Program, world: dict[str, Any]
) -> None:
    summary = skill_gain_summary(program)

    by_skill = {gain.key: gain for gain in summary.per_skill}
    assert set(by_skill) == {"Data analysis", "Social media"}
    x = by_skill["Data analysis"]  # Ann 2, Ben 2: no spread
    assert (x.mean, x.people, x.retrospective) == (2.0, 2, 1)
    assert x.interval is not None
    assert (x.interval.low, x.interval.high) == (2.0, 2.0)
    y = by_skill["Social media"]  # Ann 1, Cy 0: mean 0.5, sd 0.7071, se 0.5
    assert (y.mean, y.people, y.retrospective) == (0.5, 2, 0)
    assert y.interval is not None
    assert y.interval.low == pytest.approx(0.5 - T_1DF * 0.5)
    assert y.interval.high == pytest.approx(0.5 + T_1DF * 0.5)
    # Per person, never named: coordinators read aggregates only.
    assert [(g.key, g.mean, g.retrospective) for g in summary.per_person] == [
        ("Learner 1", 1.5, 0),
        ("Learner 2", 2.0, 1),
        ("Learner 3", 0.0, 0),
    ]


def test_fewer_than_two_people_give_no_mean_but_a_note(
    organization: Organization, skills: dict[str, Skill]
) -> None:
    program = make_program(organization, name="Tiny")
    learner = EmployeeFactory(organization=organization, level=9)
    pair = _pair(program, learner)
    rated(pair, learner, BEFORE, {skills["Data analysis"]: 1}, days_ago=30)
    rated(pair, learner, AFTER, {skills["Data analysis"]: 4})

    summary = skill_gain_summary(program)

    assert (summary.mean, summary.interval, summary.people) == (None, None, 1)
    assert "fewer than 2 people" in summary.note
    [skill] = summary.per_skill
    assert (skill.mean, skill.people) == (None, 1)


def test_the_mentors_ratings_are_summarised_apart(program: Program, world: dict[str, Any]) -> None:
    ratings = mentor_ratings(program)

    assert ratings.people == 2
    assert ratings.mean == pytest.approx(3.75)  # Ann 3.5, Ben 4
    assert ratings.interval is not None
    assert ratings.interval.low == pytest.approx(3.75 - T_1DF * 0.25)  # sd 0.3536, se 0.25
    by_skill = {level.key: level for level in ratings.per_skill}
    assert (by_skill["Data analysis"].mean, by_skill["Data analysis"].people) == (3.5, 2)
    assert (by_skill["Social media"].mean, by_skill["Social media"].people) == (None, 1)


def test_progress_counts_each_kind_of_assessment(program: Program, world: dict[str, Any]) -> None:
    start, end, mentors = assessment_progress(program)

    assert (start.open, start.answered, start.retrospective) == (1, 4, 1)
    assert (end.open, end.answered) == (0, 4)
    assert (mentors.answered, mentors.asked) == (2, 2)
    assert start.answered_share == pytest.approx(4 / 5)


def test_the_figures_cost_one_query_each_whatever_the_data(
    program: Program,
    world: dict[str, Any],
    organization: Organization,
    django_assert_num_queries: Any,
) -> None:
    for _ in range(5):
        learner = EmployeeFactory(organization=organization, level=9)
        pair = _pair(program, learner)
        rated(pair, learner, BEFORE, {world["x"]: 1, world["y"]: 1}, days_ago=10)
        rated(pair, learner, AFTER, {world["x"]: 2, world["y"]: 3})
    with django_assert_num_queries(1):
        assert skill_gain_summary(program).people == 8
    with django_assert_num_queries(1):
        mentor_ratings(program)
    with django_assert_num_queries(1):
        assessment_progress(program)
