from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from remento.core.errors import FieldErrors
from remento.people.models import Employee
from remento.programs.models import Program
from remento.training.catalogue import STANDARD_MODULES
from remento.training.models import ModuleTiming, TrainingModule
from remento.training.services.modules import (
    ModuleInput,
    training_module_create,
    training_module_delete,
    training_module_update,
    training_modules_seed,
)
from tests.relationships.builders import complete, make_module


def test_a_coordinator_adds_modules_at_the_end(program: Program, coordinator: Employee) -> None:
    first = training_module_create(
        actor=coordinator.user, program=program, data=ModuleInput(title="One", content="Read")
    )
    second = training_module_create(
        actor=coordinator.user,
        program=program,
        data=ModuleInput(
            title=" Two ",
            content="Read",
            required=False,
            timing=ModuleTiming.DURING,
            estimated_minutes=5,
        ),
    )
    assert second.position > first.position
    assert (second.title, second.required, second.timing) == ("Two", False, "during")


def test_bad_input_names_every_field_and_writes_nothing(
    program: Program, coordinator: Employee
) -> None:
    make_module(program, "Feedback")
    with pytest.raises(FieldErrors) as raised:
        training_module_create(
            actor=coordinator.user,
            program=program,
            data=ModuleInput(title="feedback", content=" ", timing="later", estimated_minutes=0),
        )
    assert set(raised.value.errors) == {"title", "content", "timing", "estimated_minutes"}
    assert "already has a module called" in raised.value.errors["title"]
    assert TrainingModule.objects.count() == 1


def test_a_participant_cannot_write_modules(program: Program, mentor: Employee) -> None:
    with pytest.raises(PermissionDenied):
        training_module_create(
            actor=mentor.user, program=program, data=ModuleInput(title="X", content="Y")
        )


def test_a_coordinator_of_another_organisation_cannot_change_ours(
    program: Program, stranger: Employee
) -> None:
    module = make_module(program)
    with pytest.raises(PermissionDenied):
        training_module_update(
            actor=stranger.user, module=module, data=ModuleInput(title="Mine", content="Y")
        )
    with pytest.raises(PermissionDenied):
        training_module_delete(actor=stranger.user, module=module)
    assert TrainingModule.objects.get(pk=module.pk).title == "Giving and receiving feedback"


def test_updating_keeps_its_own_title_and_deleting_removes_completions(
    program: Program, coordinator: Employee, mentee: Employee
) -> None:
    module = make_module(program)
    complete(module, mentee)
    training_module_update(
        actor=coordinator.user,
        module=module,
        data=ModuleInput(title=module.title, content="New text", estimated_minutes=30),
    )
    assert TrainingModule.objects.get(pk=module.pk).estimated_minutes == 30
    training_module_delete(actor=coordinator.user, module=module)
    assert not mentee.training_completions.exists()


def test_seeding_adds_the_standard_modules_once(program: Program, coordinator: Employee) -> None:
    added = training_modules_seed(actor=coordinator.user, program=program)
    assert [m.title for m in added] == [entry.title for entry in STANDARD_MODULES]
    assert training_modules_seed(actor=None, program=program) == []
    assert TrainingModule.objects.filter(program=program).count() == len(STANDARD_MODULES)


def test_the_standard_modules_wrap_to_the_screen_not_to_the_source_file(
    program: Program, coordinator: Employee
) -> None:
    """The page turns every newline into a line break: a paragraph of the catalogue is one
    line, and only list items keep lines of their own."""
    training_modules_seed(actor=coordinator.user, program=program)
    feedback = TrainingModule.objects.get(program=program, title="Giving and receiving feedback")

    assert "the junior colleague tells a senior leader" in feedback.content
    for module in TrainingModule.objects.filter(program=program):
        for paragraph in module.content.split("\n\n"):
            lines = paragraph.split("\n")
            assert all(line[:1].isdigit() or line.startswith("- ") for line in lines[1:]), (
                module.title,
                paragraph,
            )
