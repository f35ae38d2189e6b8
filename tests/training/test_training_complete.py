from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.models import Pair
from remento.training.models import TrainingCompletion
from remento.training.services.modules import training_complete
from tests.relationships.builders import make_module


@pytest.mark.usefixtures("pair")
def test_a_participant_completes_a_module_once(program: Program, mentee: Employee) -> None:
    module = make_module(program)
    first = training_complete(actor=mentee.user, module=module)
    second = training_complete(actor=mentee.user, module=module)
    assert first.pk == second.pk
    assert TrainingCompletion.objects.filter(module=module, employee=mentee).count() == 1


def test_someone_outside_the_program_cannot_complete_its_training(
    program: Program, mentee: Employee, coordinator: Employee, stranger: Employee
) -> None:
    module = make_module(program)
    for outsider in (mentee, coordinator, stranger):  # mentee is not enrolled in this test
        with pytest.raises(PermissionDenied):
            training_complete(actor=outsider.user, module=module)
    assert not TrainingCompletion.objects.exists()


def test_people_of_an_open_pair_take_the_training_even_without_an_enrolment(
    program: Program, pair: Pair, mentor: Employee
) -> None:
    pair.program.enrollments.all().delete()
    module = make_module(program)
    assert training_complete(actor=mentor.user, module=module).employee == mentor
