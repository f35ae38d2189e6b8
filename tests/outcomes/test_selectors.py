"""The participation funnel of a program and of an organisation (the hand-made program of
tests/outcomes/kpis/builders.py)."""

from __future__ import annotations

from typing import Any

import pytest

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentStatus
from remento.outcomes.selectors import Funnel, organization_funnel, participation_funnel
from remento.people.models import Employee
from remento.relationships.models import Pair, PairStatus
from remento.relationships.services import pairs_close_for_program
from tests.factories import OrganizationFactory, enroll, make_pair, make_program, user_of
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


def test_a_pair_that_never_started_does_not_complete_when_its_program_closes(
    organization: Organization, coordinator: Employee
) -> None:
    made = hand_made_program(organization)
    unstarted = Pair.objects.get(program=made.program, started_at__isnull=True)

    pairs_close_for_program(actor=user_of(coordinator), program=made.program)

    unstarted.refresh_from_db()
    assert unstarted.status == PairStatus.CLOSED
    assert unstarted.completed is False
    funnel = participation_funnel(made.program)
    started, completed = funnel.stage("started"), funnel.stage("completed")
    assert completed.people <= started.people  # each step a subset of the one before
    assert (completed.mentors, completed.mentees) <= (started.mentors, started.mentees)
