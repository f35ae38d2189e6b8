"""The run's count of pairs that bring together different backgrounds, counted from the
pool the engine matched (``adapters.pool_backgrounds_bridged``, stored with the run): a pair
counts when both people consented in the program and, for an attribute both shared for
matching, their answers differ."""

from __future__ import annotations

from django.utils import timezone

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole
from remento.matching import adapters
from remento.people.models import Employee, SensitiveAttribute, SensitiveKind
from tests.factories import EmployeeFactory, enroll, make_program

GENDER, GENERATION = SensitiveKind.GENDER, SensitiveKind.values[1]


def _person(organization: Organization, **answers: str) -> Employee:
    employee = EmployeeFactory.create(organization=organization)
    for kind, value in answers.items():
        SensitiveAttribute.objects.create(
            employee=employee,
            kind=kind,
            value=value,
            consent_matching=not value.startswith("unshared"),
            consented_at=timezone.now(),
        )
    return employee


def test_only_pairs_of_two_consenting_people_who_differ_on_a_shared_attribute_count(
    organization: Organization,
) -> None:
    program = make_program(organization, min_level_gap=0)
    cases = [
        ({GENDER: "woman"}, {GENDER: "man"}, True),
        ({GENDER: "woman"}, {GENDER: "woman"}, False),
        ({GENDER: "woman", GENERATION: "x"}, {GENDER: "woman", GENERATION: "y"}, True),
        ({GENDER: "woman"}, {GENERATION: "y"}, False),  # nothing shared by both
        ({GENDER: "woman"}, {GENDER: "unshared man"}, False),  # not consented for matching
        ({GENDER: "woman"}, {GENDER: "man"}, False),  # the mentee withdrew consent below
    ]
    pairs = []
    for number, (mentor_answers, mentee_answers, _bridges) in enumerate(cases):
        mentor = _person(organization, **mentor_answers)
        mentee = _person(organization, **mentee_answers)
        enroll(program, mentor, EnrollmentRole.MENTOR, consent_sensitive=True)
        enroll(program, mentee, EnrollmentRole.MENTEE, consent_sensitive=number < 5)
        pairs.append((mentor.pk, mentee.pk))

    bridged = adapters.pool_backgrounds_bridged(adapters.pool_for_program(program), pairs)

    assert bridged == sum(1 for *_answers, bridges in cases if bridges) == 2
