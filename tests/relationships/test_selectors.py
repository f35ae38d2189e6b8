from __future__ import annotations

from typing import Any

from remento.core.models import Organization
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.models import Pair
from remento.relationships.selectors import pairs_of, program_pair_overview
from remento.relationships.services import agreement_sign, pair_close
from tests.factories import EmployeeFactory
from tests.relationships.builders import complete, fill_terms, make_module, make_pair


def _more_pairs(program: Program, organization: Organization, count: int) -> None:
    for _ in range(count):
        make_pair(
            program,
            EmployeeFactory(organization=organization, level=2),
            EmployeeFactory(organization=organization, level=9),
        )


def test_the_program_overview_shows_signatures_and_training_per_pair(
    program: Program, pair: Pair, mentor: Employee, mentee: Employee
) -> None:
    module = make_module(program)
    complete(module, mentor)
    fill_terms(pair)
    agreement_sign(actor=mentor.user, pair=pair)
    [row] = program_pair_overview(program=program)
    assert [s.current for s in row.state.signatures] == [True, False]
    assert not row.state.training_complete
    assert row.state.blockers == [
        "Martin Senior has not signed the agreement.",
        "Martin Senior has not completed: Giving and receiving feedback.",
    ]


def test_the_program_overview_takes_the_same_number_of_queries_for_many_pairs(
    program: Program,
    organization: Organization,
    pair: Pair,
    django_assert_num_queries: Any,
) -> None:
    make_module(program)
    with django_assert_num_queries(5):
        program_pair_overview(program=program)
    _more_pairs(program, organization, 6)
    with django_assert_num_queries(5):
        rows = program_pair_overview(program=program)
    assert len(rows) == 7


def test_my_pairs_lists_only_the_persons_pairs_open_first(
    program: Program,
    organization: Organization,
    pair: Pair,
    mentor: Employee,
    mentee: Employee,
) -> None:
    _more_pairs(program, organization, 2)
    pair_close(actor=mentor.user, pair=pair, reason="Moved on.")
    other_program = Program.objects.create(
        organization=organization, name="Second", goal="g", status="active"
    )
    second = Pair.objects.create(program=other_program, mentor=mentor, mentee=mentee, source="bulk")
    assert list(pairs_of(employee=mentor)) == [second, pair]
