"""Assessments open when a pair starts (the learners' first self-assessment) and when it ends
(the learners' last one and their partner's), once, for nobody who leaves."""

from __future__ import annotations

import pytest
from django.core import mail
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks

from remento.outcomes.assessments.models import Assessment, AssessmentStatus, RaterRole
from remento.outcomes.assessments.opening import open_after
from remento.people.lifecycle import people_leaving
from remento.people.models import Employee, Skill
from remento.programs.models import Program, Status
from remento.programs.services import program_transition
from remento.relationships.models import Pair, PairStatus
from remento.relationships.services import pair_close
from tests.factories import make_pair
from tests.outcomes.assessments.conftest import AFTER, BEFORE, assessment, started, wants


def _kinds(pair: Pair) -> set[tuple[str, str, str, str, bool]]:
    return {
        (a.learner.first_name, a.rater.first_name, a.rater_role, a.phase, a.retrospective)
        for a in Assessment.objects.filter(pair=pair).select_related("learner", "rater")
    }


@pytest.mark.usefixtures("immediate_tasks")
def test_a_pair_starting_opens_the_mentees_self_assessment_on_the_skills_they_want(
    program: Program,
    mentor: Employee,
    mentee: Employee,
    skills: dict[str, Skill],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    wants(mentee, skills["Social media"], skills["Data analysis"])
    wants(mentor, skills["Prompting AI"])  # The mentor teaches: not assessed in reverse mentoring.
    with django_capture_on_commit_callbacks(execute=True):
        pair = started(program, mentor, mentee)

    assert _kinds(pair) == {("Martin", "Martin", RaterRole.SELF, BEFORE, False)}
    before = assessment(pair, mentee, BEFORE)
    assert before.status == AssessmentStatus.OPEN
    assert [r.skill.name for r in before.ratings.all()] == ["Data analysis", "Social media"]
    assert all(r.level is None for r in before.ratings.all())
    [email] = [m for m in mail.outbox if "Rate your skills" in m.subject]
    assert email.to == [mentee.email]
    assert f"/outcomes/assessments/{before.pk}/" in email.body


@pytest.mark.usefixtures("immediate_tasks")
def test_a_learner_with_no_skill_to_rate_gets_no_email(
    program: Program,
    mentor: Employee,
    mentee: Employee,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        pair = started(program, mentor, mentee)
    assert assessment(pair, mentee, BEFORE).ratings.count() == 0
    assert not [m for m in mail.outbox if "Rate your skills" in m.subject]


def test_a_mutual_pair_assesses_both_people_each_way(
    mutual_program: Program, mentor: Employee, mentee: Employee, skills: dict[str, Skill]
) -> None:
    wants(mentee, skills["Social media"])
    wants(mentor, skills["Data analysis"])
    pair = started(mutual_program, mentor, mentee)
    assert _kinds(pair) == {
        ("Martin", "Martin", RaterRole.SELF, BEFORE, False),
        ("Maya", "Maya", RaterRole.SELF, BEFORE, False),
    }
    pair_close(actor=mentor.user, pair=pair, reason="Done.")
    assert _kinds(pair) >= {
        ("Martin", "Martin", RaterRole.SELF, AFTER, False),
        ("Maya", "Maya", RaterRole.SELF, AFTER, False),
        ("Martin", "Maya", RaterRole.MENTOR, AFTER, False),
        ("Maya", "Martin", RaterRole.MENTOR, AFTER, False),
    }
    mentor_view = assessment(pair, mentee, AFTER, rater=mentor)
    assert [r.skill.name for r in mentor_view.ratings.all()] == ["Social media"]


@pytest.mark.usefixtures("immediate_tasks")
def test_closing_a_pair_opens_the_last_self_assessment_and_the_mentors(
    program: Program,
    mentor: Employee,
    mentee: Employee,
    skills: dict[str, Skill],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    wants(mentee, skills["Social media"])
    pair = started(program, mentor, mentee)
    before = assessment(pair, mentee, BEFORE)
    before.status = AssessmentStatus.ANSWERED
    before.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pair_close(actor=mentee.user, pair=pair, reason="We reached our goals.")

    assert _kinds(pair) == {
        ("Martin", "Martin", RaterRole.SELF, BEFORE, False),
        ("Martin", "Martin", RaterRole.SELF, AFTER, False),
        ("Martin", "Maya", RaterRole.MENTOR, AFTER, False),
    }
    told = {m.to[0]: m for m in mail.outbox if "rate the skills learnt" in m.subject}
    assert set(told) == {mentor.email, mentee.email}
    assert "Rate Martin Senior on the skills they came to learn" in told[mentor.email].body


def test_someone_who_never_answered_the_first_is_asked_then_and_now(
    program: Program, mentor: Employee, mentee: Employee, skills: dict[str, Skill]
) -> None:
    wants(mentee, skills["Social media"])
    pair = started(program, mentor, mentee)
    pair_close(actor=mentor.user, pair=pair, reason="Done.")
    before = assessment(pair, mentee, BEFORE)
    assert before.retrospective is True
    assert before.status == AssessmentStatus.OPEN


def test_a_pair_that_began_before_assessments_existed_gets_a_retrospective_at_the_end(
    program: Program, mentor: Employee, mentee: Employee, skills: dict[str, Skill]
) -> None:
    wants(mentee, skills["Social media"])
    pair = started(program, mentor, mentee)
    Assessment.objects.filter(pair=pair).delete()
    pair_close(actor=mentor.user, pair=pair, reason="Done.")
    before = assessment(pair, mentee, BEFORE)
    assert (before.retrospective, before.status) == (True, AssessmentStatus.OPEN)
    assert before.ratings.count() == 1


def test_closing_the_program_opens_them_once(
    program: Program,
    coordinator: Employee,
    mentor: Employee,
    mentee: Employee,
    skills: dict[str, Skill],
) -> None:
    wants(mentee, skills["Social media"])
    pair = started(program, mentor, mentee)
    program_transition(actor=coordinator.user, program=program, to=Status.CLOSED)
    assert Assessment.objects.filter(pair=pair, phase=AFTER).count() == 2
    # Told again (a receiver run twice, a retried closing): nothing new opens.
    pair.refresh_from_db()
    open_after(sender=Pair, pairs=[pair], actor=coordinator.user, leaving=frozenset())
    assert Assessment.objects.filter(pair=pair).count() == 3


def test_a_pair_that_never_started_opens_nothing(
    program: Program, mentor: Employee, mentee: Employee, skills: dict[str, Skill]
) -> None:
    wants(mentee, skills["Social media"])
    pair = make_pair(program, mentor, mentee)
    pair_close(actor=mentor.user, pair=pair, reason="Not a fit.")
    assert not Assessment.objects.filter(pair=pair).exists()


def test_a_leaver_is_asked_nothing_and_their_partner_only_their_own(
    mutual_program: Program,
    organization: object,
    mentor: Employee,
    mentee: Employee,
    skills: dict[str, Skill],
) -> None:
    wants(mentee, skills["Social media"])
    wants(mentor, skills["Data analysis"])
    pair = started(mutual_program, mentor, mentee)
    # The mentee leaves (a full HRIS sync): their open pair closes in bulk.
    Employee.objects.filter(pk=mentee.pk).update(is_active=False)
    people_leaving.send(
        sender=Employee, organization=organization, employee_pks=[mentee.pk], actor=None
    )
    pair.refresh_from_db()
    assert pair.status == PairStatus.CLOSED
    assert _kinds(pair) == {
        ("Martin", "Martin", RaterRole.SELF, BEFORE, False),
        ("Maya", "Maya", RaterRole.SELF, BEFORE, True),
        ("Maya", "Maya", RaterRole.SELF, AFTER, False),
    }
    # The leaver's own first assessment is no longer asked.
    assert assessment(pair, mentee, BEFORE).status == AssessmentStatus.CANCELLED


def test_a_leaver_with_an_assessment_waiting_is_no_longer_asked(
    program: Program, organization: object, mentor: Employee, mentee: Employee
) -> None:
    pair = started(program, mentor, mentee)
    pair_close(actor=mentor.user, pair=pair, reason="Done.")
    people_leaving.send(
        sender=Employee, organization=organization, employee_pks=[mentor.pk], actor=None
    )
    waiting = Assessment.objects.get(pair=pair, rater=mentor)
    assert waiting.status == AssessmentStatus.CANCELLED
    assert Assessment.objects.get(pair=pair, rater=mentee, phase=AFTER).status == "open"


def test_another_organisations_leaver_changes_nothing_here(
    program: Program, mentor: Employee, mentee: Employee, stranger: Employee
) -> None:
    pair = started(program, mentor, mentee)
    people_leaving.send(
        sender=Employee,
        organization=stranger.organization,
        employee_pks=[mentee.pk],
        actor=None,
    )
    assert assessment(pair, mentee, BEFORE).status == AssessmentStatus.OPEN
