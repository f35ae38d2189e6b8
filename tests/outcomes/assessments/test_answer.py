"""Answering an assessment: only its rater, every skill a level from 1 to 5, once; a late
“then and now” saves the first assessment too, marked retrospective."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from remento.core.errors import FieldErrors, ServiceError
from remento.core.models import AuditEvent
from remento.outcomes.assessments.models import AssessmentStatus
from remento.outcomes.assessments.services import assessment_answer
from remento.people.models import Employee, Skill
from remento.programs.models import Program
from remento.relationships.services import pair_close
from tests.factories import employee_with_login
from tests.outcomes.assessments.conftest import AFTER, BEFORE, assessment, started, wants


@pytest.fixture
def learning(
    program: Program, mentor: Employee, mentee: Employee, skills: dict[str, Skill]
) -> tuple[Skill, Skill]:
    social, data = skills["Social media"], skills["Data analysis"]
    wants(mentee, social, data)
    return social, data


def test_the_learner_answers_their_first_assessment(
    program: Program, mentor: Employee, mentee: Employee, learning: tuple[Skill, Skill]
) -> None:
    social, data = learning
    pair = started(program, mentor, mentee)
    before = assessment(pair, mentee, BEFORE)

    answered = assessment_answer(
        actor=mentee.user, assessment=before, levels={social.pk: 2, data.pk: 1}
    )

    assert answered.status == AssessmentStatus.ANSWERED
    assert answered.answered_at is not None
    assert {r.skill_id: r.level for r in answered.ratings.all()} == {social.pk: 2, data.pk: 1}
    event = AuditEvent.objects.get(verb="assessment.answered")
    assert event.data == {
        "pair": pair.pk,
        "phase": "before",
        "rater_role": "self",
        "skills": 2,
        "retrospective": False,
    }  # That it was answered, never the levels.


def test_a_missing_or_wrong_level_names_the_skill(
    program: Program, mentor: Employee, mentee: Employee, learning: tuple[Skill, Skill]
) -> None:
    social, data = learning
    pair = started(program, mentor, mentee)
    before = assessment(pair, mentee, BEFORE)
    with pytest.raises(FieldErrors) as raised:
        assessment_answer(actor=mentee.user, assessment=before, levels={social.pk: 7})
    assert raised.value.errors == {
        f"level_{social.pk}": "Choose a level from 1 (Foundation) to 5 (Expert) for Social media.",
        f"level_{data.pk}": "Choose a level for yourself in Data analysis.",
    }
    before.refresh_from_db()
    assert before.status == AssessmentStatus.OPEN


def test_an_answered_assessment_stays_as_given(
    program: Program, mentor: Employee, mentee: Employee, learning: tuple[Skill, Skill]
) -> None:
    social, data = learning
    pair = started(program, mentor, mentee)
    before = assessment(pair, mentee, BEFORE)
    assessment_answer(actor=mentee.user, assessment=before, levels={social.pk: 2, data.pk: 1})
    with pytest.raises(ServiceError, match="stays as you gave it"):
        assessment_answer(actor=mentee.user, assessment=before, levels={social.pk: 5, data.pk: 5})
    assert {r.level for r in before.ratings.all()} == {1, 2}


def test_nobody_else_may_answer_it(
    program: Program,
    organization: object,
    coordinator: Employee,
    mentor: Employee,
    mentee: Employee,
    stranger: Employee,
    learning: tuple[Skill, Skill],
) -> None:
    social, _data = learning
    pair = started(program, mentor, mentee)
    before = assessment(pair, mentee, BEFORE)
    colleague = employee_with_login(organization=organization, email="colleague@acme.example")
    for person in (mentor, coordinator, stranger, colleague):
        with pytest.raises(PermissionDenied):
            assessment_answer(actor=person.user, assessment=before, levels={social.pk: 3})
    before.refresh_from_db()
    assert before.status == AssessmentStatus.OPEN


def test_the_mentor_rates_the_learner_at_the_end(
    program: Program, mentor: Employee, mentee: Employee, learning: tuple[Skill, Skill]
) -> None:
    social, data = learning
    pair = started(program, mentor, mentee)
    pair_close(actor=mentor.user, pair=pair, reason="Done.")
    theirs = assessment(pair, mentee, AFTER, rater=mentor)
    with pytest.raises(FieldErrors) as raised:
        assessment_answer(actor=mentor.user, assessment=theirs, levels={social.pk: 3})
    assert raised.value.errors == {
        f"level_{data.pk}": "Choose a level for Martin Senior in Data analysis."
    }
    assessment_answer(actor=mentor.user, assessment=theirs, levels={social.pk: 3, data.pk: 4})
    assert theirs.ratings.filter(level__isnull=False).count() == 2


def test_then_and_now_saves_a_retrospective_first_assessment(
    program: Program, mentor: Employee, mentee: Employee, learning: tuple[Skill, Skill]
) -> None:
    social, data = learning
    pair = started(program, mentor, mentee)
    pair_close(actor=mentor.user, pair=pair, reason="Done.")
    last = assessment(pair, mentee, AFTER, rater=mentee)
    with pytest.raises(FieldErrors) as raised:
        assessment_answer(
            actor=mentee.user, assessment=last, levels={social.pk: 4, data.pk: 3}, then_levels={}
        )
    assert raised.value.errors[f"then_{social.pk}"] == (
        "Choose where you were at the start in Social media."
    )

    assessment_answer(
        actor=mentee.user,
        assessment=last,
        levels={social.pk: 4, data.pk: 3},
        then_levels={social.pk: 1, data.pk: 2},
    )

    first = assessment(pair, mentee, BEFORE)
    assert (first.status, first.retrospective) == (AssessmentStatus.ANSWERED, True)
    assert {r.skill_id: r.level for r in first.ratings.all()} == {social.pk: 1, data.pk: 2}
    assert AuditEvent.objects.get(verb="assessment.answered").data["retrospective"] is True


def test_the_first_assessment_alone_is_closed_once_the_pair_has_ended(
    program: Program, mentor: Employee, mentee: Employee, learning: tuple[Skill, Skill]
) -> None:
    social, data = learning
    pair = started(program, mentor, mentee)
    pair_close(actor=mentor.user, pair=pair, reason="Done.")
    with pytest.raises(ServiceError, match="end-of-pair assessment"):
        assessment_answer(
            actor=mentee.user,
            assessment=assessment(pair, mentee, BEFORE),
            levels={social.pk: 1, data.pk: 1},
        )


def test_then_levels_are_refused_where_the_start_was_rated_at_the_time(
    program: Program, mentor: Employee, mentee: Employee, learning: tuple[Skill, Skill]
) -> None:
    social, data = learning
    pair = started(program, mentor, mentee)
    levels = {social.pk: 2, data.pk: 2}
    assessment_answer(actor=mentee.user, assessment=assessment(pair, mentee, BEFORE), levels=levels)
    pair_close(actor=mentor.user, pair=pair, reason="Done.")
    with pytest.raises(ServiceError, match="now only"):
        assessment_answer(
            actor=mentee.user,
            assessment=assessment(pair, mentee, AFTER, rater=mentee),
            levels=levels,
            then_levels=levels,
        )


def test_a_withdrawn_assessment_cannot_be_answered(
    program: Program, mentor: Employee, mentee: Employee, learning: tuple[Skill, Skill]
) -> None:
    social, _data = learning
    pair = started(program, mentor, mentee)
    before = assessment(pair, mentee, BEFORE)
    before.status = AssessmentStatus.CANCELLED
    before.save()
    with pytest.raises(ServiceError, match="no longer asked"):
        assessment_answer(actor=mentee.user, assessment=before, levels={social.pk: 1})


def test_with_nothing_to_rate_the_answer_says_so(
    program: Program, mentor: Employee, mentee: Employee
) -> None:
    pair = started(program, mentor, mentee)
    with pytest.raises(ServiceError, match="no skill to rate"):
        assessment_answer(actor=mentee.user, assessment=assessment(pair, mentee, BEFORE), levels={})


def test_a_skill_added_before_answering_is_asked_too(
    program: Program, mentor: Employee, mentee: Employee, skills: dict[str, Skill]
) -> None:
    pair = started(program, mentor, mentee)
    wants(mentee, skills["Prompting AI"])
    before = assessment(pair, mentee, BEFORE)
    assessment_answer(actor=mentee.user, assessment=before, levels={skills["Prompting AI"].pk: 2})
    assert [(r.skill.name, r.level) for r in before.ratings.all()] == [("Prompting AI", 2)]
