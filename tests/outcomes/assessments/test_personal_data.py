"""A person's assessments are in their personal data export and go when they are erased."""

from __future__ import annotations

from remento.outcomes.assessments.models import Assessment
from remento.outcomes.assessments.personal_data import (
    RATER_ONLY,
    erase_assessments,
    export_assessments,
)
from remento.people.models import Employee, Skill
from remento.people.services.personal_data import person_erase
from remento.people.services.personal_export import personal_data_export
from remento.programs.models import Program
from remento.relationships.services import pair_close
from tests.factories import employee_with_login, make_program
from tests.outcomes.assessments.conftest import AFTER, BEFORE, rated, started, wants


def test_the_export_holds_what_they_gave_and_what_was_given_of_them(
    program: Program, mentor: Employee, mentee: Employee, skills: dict[str, Skill]
) -> None:
    social = skills["Social media"]
    wants(mentee, social)
    pair = started(program, mentor, mentee)
    Assessment.objects.filter(pair=pair).delete()
    rated(pair, mentee, BEFORE, {social: 2}, days_ago=30)
    rated(pair, mentee, AFTER, {social: 4}, rater=mentor)

    [section] = export_assessments(sender=Employee, employee=mentee, own=True)

    assert section.key == "skill_assessments"
    assert [(row["phase"], row["rated_by"], row["ratings"]) for row in section.rows] == [
        ("Before (at the start)", "Martin Senior", {"Social media": "2 · Elementary"}),
        ("After (at the end)", "Maya Junior", RATER_ONLY),
    ]
    [given] = export_assessments(sender=Employee, employee=mentor)[0].rows
    assert (given["learner"], given["kind"]) == ("Martin Senior", "The mentor's assessment")


def test_erasure_removes_their_assessments_and_keeps_others(
    program: Program,
    organization: object,
    mentor: Employee,
    mentee: Employee,
    skills: dict[str, Skill],
) -> None:
    wants(mentee, skills["Social media"])
    pair = started(program, mentor, mentee)
    pair_close(actor=mentor.user, pair=pair, reason="Done.")
    colleague = employee_with_login(organization=organization, level=9)
    wants(colleague, skills["Social media"])
    other = started(make_program(organization, name="Another"), mentor, colleague)  # type: ignore[arg-type]
    assert Assessment.objects.filter(pair=other).exists()

    erase_assessments(sender=Employee, employee=mentee, actor=None)

    assert not Assessment.objects.filter(pair=pair).exists()
    assert Assessment.objects.filter(pair=other).exists()


def test_the_services_export_and_erase_them(
    program: Program,
    admin: Employee,
    mentor: Employee,
    mentee: Employee,
    skills: dict[str, Skill],
) -> None:
    wants(mentee, skills["Social media"])
    pair = started(program, mentor, mentee)

    exported = personal_data_export(actor=admin.user, employee=mentee)
    assert [len(s.rows) for s in exported.sections if s.key == "skill_assessments"] == [1]

    person_erase(actor=admin.user, employee=mentee)
    # Erasing closes the pair first: the mentor is asked nothing about an erased person.
    assert not Assessment.objects.filter(pair=pair).exists()
