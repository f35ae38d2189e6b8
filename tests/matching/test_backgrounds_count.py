"""The review's count of pairs that bring together different backgrounds, counted by the
database (``adapters.backgrounds_bridged``): a pair counts when both people consented in
the program and, for an attribute both shared for matching, their answers differ."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole
from remento.matching import adapters
from remento.matching.models import ProposedPair
from remento.people.models import Employee, SensitiveAttribute, SensitiveKind
from tests.factories import EmployeeFactory, MatchRunFactory, enroll

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
    organization: Organization, django_assert_num_queries: Any
) -> None:
    run = MatchRunFactory.create(program__organization=organization)
    program = run.program
    cases = [
        ({GENDER: "woman"}, {GENDER: "man"}, True),
        ({GENDER: "woman"}, {GENDER: "woman"}, False),
        ({GENDER: "woman", GENERATION: "x"}, {GENDER: "woman", GENERATION: "y"}, True),
        ({GENDER: "woman"}, {GENERATION: "y"}, False),  # nothing shared by both
        ({GENDER: "woman"}, {GENDER: "unshared man"}, False),  # not consented for matching
        ({GENDER: "woman"}, {GENDER: "man"}, False),  # the mentee withdrew consent below
    ]
    for number, (mentor_answers, mentee_answers, _bridges) in enumerate(cases):
        mentor = _person(organization, **mentor_answers)
        mentee = _person(organization, **mentee_answers)
        enroll(program, mentor, EnrollmentRole.MENTOR, consent_sensitive=True)
        enroll(program, mentee, EnrollmentRole.MENTEE, consent_sensitive=number < 5)
        ProposedPair.objects.create(run=run, mentor=mentor, mentee=mentee, score=1.0)
    with django_assert_num_queries(1):
        bridged = adapters.backgrounds_bridged(
            program_id=program.pk, pairs=run.proposals.filter(removed=False)
        )

    assert bridged == sum(1 for *_answers, bridges in cases if bridges) == 2
