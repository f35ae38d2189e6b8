from __future__ import annotations

from typing import Any

from remento.core.models import Organization
from remento.people.models import Employee
from remento.programs.models import Program
from remento.training.models import ModuleTiming
from remento.training.selectors import training_missing
from tests.factories import EmployeeFactory
from tests.relationships.builders import complete, make_module


def test_each_person_gets_the_required_modules_they_have_not_completed(
    program: Program, mentor: Employee, mentee: Employee
) -> None:
    feedback = make_module(program, "Giving and receiving feedback", position=1)
    goals = make_module(program, "Setting goals together", position=2)
    make_module(program, "Optional reading", required=False, position=3)
    complete(feedback, mentor)
    complete(goals, mentor, mentee)
    missing = training_missing(program=program, employees=[mentor, mentee])
    assert missing == {mentor.pk: [], mentee.pk: [feedback]}


def test_timing_narrows_to_before_launch_modules(program: Program, mentee: Employee) -> None:
    before = make_module(program, "Before", position=1)
    make_module(program, "During", timing=ModuleTiming.DURING, position=2)
    missing = training_missing(
        program=program, employees=[mentee.pk], timing=ModuleTiming.BEFORE_LAUNCH
    )
    assert missing == {mentee.pk: [before]}


def test_completions_in_another_program_do_not_count(
    program: Program, organization: Organization, mentee: Employee
) -> None:
    other = Program.objects.create(organization=organization, name="Other", goal="g")
    complete(make_module(other, "Giving and receiving feedback"), mentee)
    module = make_module(program, "Giving and receiving feedback")
    assert training_missing(program=program, employees=[mentee]) == {mentee.pk: [module]}


def test_two_queries_whatever_the_number_of_people(
    program: Program, organization: Organization, django_assert_num_queries: Any
) -> None:
    modules = [make_module(program, f"Module {n}", position=n) for n in range(3)]
    people = [EmployeeFactory(organization=organization) for _ in range(40)]
    for person in people[::2]:
        complete(modules[0], person)
    with django_assert_num_queries(2):
        missing = training_missing(program=program, employees=people)
    assert len(missing) == 40
    assert missing[people[0].pk] == modules[1:]
    assert missing[people[1].pk] == modules


def test_no_required_modules_means_nothing_missing_in_one_query(
    program: Program, mentee: Employee, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        assert training_missing(program=program, employees=[mentee]) == {mentee.pk: []}
