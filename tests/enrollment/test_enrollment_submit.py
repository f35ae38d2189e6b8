from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from remento.core.errors import FieldErrors, ServiceError
from remento.core.models import AuditEvent
from remento.enrollment.models import Answer, Enrollment, Question, QuestionFeeds, QuestionKind
from remento.people.models import Employee, Interest, Skill, SkillOffer, SkillWant
from remento.programs.models import EnrollmentMode, Program, Status
from tests.enrollment.conftest import make_program, submit
from tests.factories import DepartmentFactory, OrganizationFactory


def _question(program: Program, **fields: object) -> Question:
    return Question.objects.create(program=program, **fields)


def test_open_sign_up_enrols_and_emails_the_person(
    program: Program, mentee: Employee, commit
) -> None:
    with commit():
        enrollment = submit(mentee, program, hours_per_month=6, timezone="America/New_York")

    assert enrollment.status == "enrolled"
    assert enrollment.role == "mentee"
    assert (enrollment.hours_per_month, enrollment.timezone) == (6, "America/New_York")
    assert [m.subject for m in mail.outbox] == ["You are enrolled in Digital Fluency"]
    assert mail.outbox[0].to == [mentee.email]
    assert AuditEvent.objects.filter(verb="enrollment.submitted").count() == 1


def test_consent_is_recorded_with_its_time(program: Program, mentor: Employee) -> None:
    enrollment = submit(mentor, program, consent_sensitive=True)

    assert enrollment.consent_sensitive is True
    assert enrollment.consented_at is not None


def test_mentors_capacity_comes_from_the_program(organization, mentor: Employee) -> None:
    program = make_program(organization, mentor_capacity=3)

    assert submit(mentor, program).capacity == 3


def test_an_application_program_records_an_application(
    organization, mentee: Employee, commit
) -> None:
    program = make_program(organization, enrollment_mode=EnrollmentMode.APPLICATION)

    with commit():
        enrollment = submit(mentee, program)

    assert enrollment.status == "applied"
    assert mail.outbox[0].subject == "Your application to Digital Fluency is in"


def test_a_skills_question_adds_skills_wanted_to_the_profile(
    program: Program, mentee: Employee, ai_skill: Skill, sheets_skill: Skill
) -> None:
    question = _question(
        program,
        text="Which tools would you like to learn?",
        kind=QuestionKind.SKILLS,
        feeds=QuestionFeeds.SKILLS_WANTED,
    )
    SkillWant.objects.create(employee=mentee, skill=sheets_skill, priority=5)

    enrollment = submit(mentee, program, answers={question.pk: [str(ai_skill.pk)]})

    wants = {w.skill.slug: w.priority for w in SkillWant.objects.filter(employee=mentee)}
    assert wants == {"generative-ai": 3, "spreadsheets": 5}
    answer = Answer.objects.get(enrollment=enrollment)
    assert (answer.value, answer.display) == ([ai_skill.pk], "Generative AI")


def test_answers_feed_offers_interests_extraversion_and_hours(
    program: Program, mentor: Employee, ai_skill: Skill
) -> None:
    offers = _question(
        program,
        text="What can you teach?",
        kind=QuestionKind.SKILLS,
        feeds=QuestionFeeds.SKILLS_OFFERED,
        position=1,
    )
    interests = _question(
        program,
        text="Interests",
        kind=QuestionKind.MULTIPLE,
        choices=["Chess", "Running"],
        feeds=QuestionFeeds.INTERESTS,
        position=2,
    )
    scale = _question(
        program,
        text="How outgoing are you?",
        kind=QuestionKind.SCALE,
        feeds=QuestionFeeds.EXTRAVERSION,
        position=3,
    )
    hours = _question(
        program,
        text="Hours a month",
        kind=QuestionKind.SINGLE,
        choices=["2", "8"],
        feeds=QuestionFeeds.HOURS,
        position=4,
    )

    enrollment = submit(
        mentor,
        program,
        hours_per_month=None,
        answers={offers.pk: [ai_skill.pk], interests.pk: ["Running"], scale.pk: "2", hours.pk: "8"},
    )

    mentor.refresh_from_db()
    assert list(
        SkillOffer.objects.filter(employee=mentor).values_list("skill__slug", flat=True)
    ) == ["generative-ai"]
    assert [i.name for i in mentor.interests.all()] == ["Running"]
    assert Interest.objects.filter(name="Running").count() == 1
    assert (mentor.extraversion, mentor.hours_per_month) == (2, 8)
    assert enrollment.hours_per_month == 8


def test_hours_out_of_range_say_so_and_write_nothing(
    program: Program, mentee: Employee, ai_skill: Skill, commit
) -> None:
    question = _question(
        program, text="Which tools?", kind=QuestionKind.SKILLS, feeds=QuestionFeeds.SKILLS_WANTED
    )

    with commit(), pytest.raises(FieldErrors) as caught:
        submit(mentee, program, hours_per_month=0, answers={question.pk: [ai_skill.pk]})

    assert caught.value.errors == {"hours_per_month": "Give from 1 to 40 hours a month, not 0."}
    assert not Enrollment.objects.exists()
    assert not SkillWant.objects.exists()
    assert not AuditEvent.objects.exists()
    assert mail.outbox == []


def test_every_problem_is_reported_at_once(program: Program, mentee: Employee) -> None:
    required = _question(program, text="Why do you join?", kind=QuestionKind.TEXT)
    single = _question(
        program, text="Team", kind=QuestionKind.SINGLE, choices=["A", "B"], required=False
    )

    with pytest.raises(FieldErrors) as caught:
        submit(
            mentee, program, hours_per_month=41, timezone="Mars/Olympus", answers={single.pk: "C"}
        )

    errors = caught.value.errors
    assert errors[f"question_{required.pk}"] == "“Why do you join?” needs an answer."
    assert errors[f"question_{single.pk}"] == "“Team”: “C” is not one of the choices."
    assert "not 41" in errors["hours_per_month"]
    assert "Mars/Olympus" in errors["timezone"]
    assert not Enrollment.objects.exists()


def test_a_skill_outside_the_offered_list_is_refused(
    program: Program, mentee: Employee, ai_skill: Skill, sheets_skill: Skill
) -> None:
    question = _question(program, text="Which tools?", kind=QuestionKind.SKILLS)
    question.skills.set([ai_skill])

    with pytest.raises(FieldErrors) as caught:
        submit(mentee, program, answers={question.pk: [sheets_skill.pk]})

    assert "Choose skills from the list offered." in caught.value.errors[f"question_{question.pk}"]


def test_a_person_outside_the_role_levels_is_told_why(program: Program, mentee: Employee) -> None:
    with pytest.raises(FieldErrors) as caught:
        submit(mentee, program, role="mentor")

    assert caught.value.errors["role"].endswith("mentors of this program are at levels 1 to 4.")
    assert not Enrollment.objects.exists()


def test_a_program_for_other_departments_refuses_with_their_names(
    organization, mentee: Employee
) -> None:
    program = make_program(organization)
    program.departments.set([DepartmentFactory(organization=organization, name="Finance")])

    with pytest.raises(FieldErrors) as caught:
        submit(mentee, program)

    assert "This program is for Finance" in caught.value.errors["role"]


@pytest.mark.parametrize("status", [Status.DRAFT, Status.MATCHING, Status.ACTIVE, Status.CLOSED])
def test_sign_up_is_only_open_while_recruiting(organization, mentee: Employee, status) -> None:
    program = make_program(organization, status=status)

    with pytest.raises(ServiceError, match="is not taking sign-ups"):
        submit(mentee, program)
    assert not Enrollment.objects.exists()


def test_a_nomination_program_takes_no_sign_up(organization, mentee: Employee) -> None:
    program = make_program(organization, enrollment_mode=EnrollmentMode.NOMINATION)

    with pytest.raises(ServiceError, match="by nomination"):
        submit(mentee, program)


def test_nobody_enrols_twice(program: Program, mentee: Employee) -> None:
    submit(mentee, program)

    with pytest.raises(ServiceError, match="already have a place"):
        submit(mentee, program)
    assert Enrollment.objects.count() == 1


def test_a_withdrawn_person_may_enrol_again(program: Program, mentee: Employee) -> None:
    enrollment = submit(mentee, program)
    Enrollment.objects.filter(pk=enrollment.pk).update(status="withdrawn")

    again = submit(mentee, program, hours_per_month=9)

    assert (again.pk, again.status, again.hours_per_month) == (enrollment.pk, "enrolled", 9)


def test_nobody_signs_up_someone_else(program: Program, mentee: Employee, mentor) -> None:
    with pytest.raises(PermissionDenied):
        submit(mentee, program, actor=mentor.user)
    assert not Enrollment.objects.exists()


def test_a_program_of_another_organisation_is_refused(mentee: Employee) -> None:
    other = make_program(OrganizationFactory(slug="elsewhere"))

    with pytest.raises(ServiceError, match="another organisation"):
        submit(mentee, other)
