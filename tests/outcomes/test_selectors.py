"""The participation funnel of a program and of an organisation (the hand-made program of
tests/outcomes/kpis/builders.py)."""

from __future__ import annotations

from typing import Any

import pytest

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentStatus
from remento.outcomes.selectors import Funnel, organization_funnel, participation_funnel
from tests.factories import OrganizationFactory, enroll, make_pair, make_program
from tests.outcomes.kpis.builders import grow, hand_made_program, person


def stages(funnel: Funnel) -> list[tuple[str, int, int, int]]:
    return [(s.key, s.people, s.mentors, s.mentees) for s in funnel.stages]


def test_the_program_funnel_follows_people_from_invitation_to_completion(
    organization: Organization,
) -> None:
    program = hand_made_program(organization).program

    funnel = participation_funnel(program)

    assert stages(funnel) == [
        # 8 in pairs, E enrolled, F invited, G waitlisted, H declined.
        ("reached", 12, 7, 5),
        # B's mentee withdrew after the pair ended: matched, so enrolled.
        ("enrolled", 9, 5, 4),
        ("matched", 8, 4, 4),  # pairs A–D
        ("started", 6, 3, 3),  # A, B, C
        ("completed", 2, 1, 1),  # A
    ]
    assert (funnel.waitlisted, funnel.declined, funnel.withdrawn) == (1, 1, 0)
    assert funnel.stage("matched").share_of(funnel.stages[0]) == pytest.approx(8 / 12 * 100)


def test_the_organisation_funnel_counts_a_person_once_per_program(
    organization: Organization,
) -> None:
    made = hand_made_program(organization)
    second = make_program(organization, name="Second round")
    make_pair(second, made.people["a1"], made.people["e"])  # A's mentor takes part again
    enroll(second, person(organization, "Late", 3), "mentor", status=EnrollmentStatus.WITHDRAWN)
    other = OrganizationFactory.create(name="Globex", slug="globex")
    hand_made_program(other)

    funnel = organization_funnel(organization)

    assert [(s.key, s.people) for s in funnel.stages] == [
        ("reached", 15),
        ("enrolled", 11),
        ("matched", 10),
        ("started", 6),
        ("completed", 2),
    ]
    assert funnel.withdrawn == 1
    assert "once per program" in funnel.method


def test_the_funnels_take_two_queries_whatever_the_size(
    organization: Organization, django_assert_num_queries: Any
) -> None:
    program = hand_made_program(organization).program
    with django_assert_num_queries(2):
        participation_funnel(program)
    grow(program, organization, 6)
    make_program(organization, name="Another")

    with django_assert_num_queries(2):
        participation_funnel(program)
    with django_assert_num_queries(2):
        organization_funnel(organization)
