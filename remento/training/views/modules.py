"""A participant's training, a module to read and complete, and the coordinator's module
list and compliance list per program."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from remento.core.errors import ServiceError
from remento.core.words import count_of
from remento.people.access import coordinator_required, employee_for, employee_required
from remento.programs.access import program_get_for
from remento.training.access import module_get_for
from remento.training.forms import ModuleForm
from remento.training.selectors import (
    completion_of,
    training_compliance,
    training_for_participant,
    training_modules_of,
    training_programs_of,
)
from remento.training.services import TrainingInvalid
from remento.training.services.modules import (
    training_complete,
    training_module_create,
    training_module_delete,
    training_module_update,
    training_modules_seed,
)


def _add_errors(form: ModuleForm, invalid: TrainingInvalid) -> None:
    for name, reason in invalid.errors.items():
        form.add_error(name if name in form.fields else None, reason)


@employee_required
def my_training(request: HttpRequest) -> HttpResponse:
    """The signed-in person's modules, program by program."""
    return render(
        request,
        "training/training_list.html",
        {"programs": training_for_participant(employee=employee_for(request))},
    )


@employee_required
def module_detail(request: HttpRequest, module_pk: int) -> HttpResponse:
    """Read a module; a participant marks it complete from here."""
    viewer = employee_for(request)
    module = module_get_for(viewer=viewer, module_pk=module_pk)
    takes_part = training_programs_of(employee=viewer).filter(pk=module.program_id).exists()
    return render(
        request,
        "training/module_detail.html",
        {
            "module": module,
            "takes_part": takes_part,
            "completion": completion_of(module=module, employee=viewer) if takes_part else None,
        },
    )


@require_POST
@employee_required
def module_complete(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = module_get_for(viewer=employee_for(request), module_pk=module_pk)
    training_complete(actor=request.user, module=module)  # type: ignore[arg-type]
    messages.success(request, f"You have completed “{module.title}”.")
    return redirect("training:module_detail", module_pk=module.pk)


@coordinator_required
def program_modules(request: HttpRequest, program_pk: int) -> HttpResponse:
    """A program's modules, for its coordinators to add, change and remove."""
    program = program_get_for(viewer=employee_for(request), program_pk=program_pk, manage=True)
    return render(
        request,
        "training/module_list.html",
        {"program": program, "modules": list(training_modules_of(program=program))},
    )


@require_POST
@coordinator_required
def modules_seed(request: HttpRequest, program_pk: int) -> HttpResponse:
    program = program_get_for(viewer=employee_for(request), program_pk=program_pk, manage=True)
    added = training_modules_seed(actor=request.user, program=program)  # type: ignore[arg-type]
    if added:
        messages.success(request, f"Added {count_of(len(added), 'standard module')}.")
    else:
        messages.info(request, "The program already has every standard module.")
    return redirect("training:program_modules", program_pk=program.pk)


@coordinator_required
def module_create(request: HttpRequest, program_pk: int) -> HttpResponse:
    program = program_get_for(viewer=employee_for(request), program_pk=program_pk, manage=True)
    form = ModuleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            module = training_module_create(
                actor=request.user,  # type: ignore[arg-type]
                program=program,
                data=form.to_input(),
            )
        except TrainingInvalid as invalid:
            _add_errors(form, invalid)
        else:
            messages.success(request, f"Added the module “{module.title}”.")
            return redirect("training:program_modules", program_pk=program.pk)
    return render(
        request,
        "training/module_form.html",
        {"program": program, "form": form, "module": None},
        status=400 if request.method == "POST" else 200,
    )


@coordinator_required
def module_edit(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = module_get_for(viewer=employee_for(request), module_pk=module_pk)
    if request.method == "POST":
        form = ModuleForm(request.POST)
        if form.is_valid():
            try:
                training_module_update(actor=request.user, module=module, data=form.to_input())  # type: ignore[arg-type]
            except TrainingInvalid as invalid:
                _add_errors(form, invalid)
            else:
                messages.success(request, f"Saved the module “{module.title}”.")
                return redirect("training:program_modules", program_pk=module.program_id)
    else:
        form = ModuleForm.for_module(module)
    return render(
        request,
        "training/module_form.html",
        {"program": module.program, "form": form, "module": module},
        status=400 if request.method == "POST" else 200,
    )


@coordinator_required
def module_delete(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = module_get_for(viewer=employee_for(request), module_pk=module_pk)
    if request.method == "POST":
        program_pk = module.program_id
        try:
            training_module_delete(actor=request.user, module=module)  # type: ignore[arg-type]
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Removed the module “{module.title}”.")
        return redirect("training:program_modules", program_pk=program_pk)
    return render(
        request,
        "training/module_delete.html",
        {"module": module, "completions": module.completions.count()},
    )


@coordinator_required
def compliance(request: HttpRequest, program_pk: int) -> HttpResponse:
    """Who in the program has not completed which required module, with counts."""
    program = program_get_for(viewer=employee_for(request), program_pk=program_pk, manage=True)
    return render(
        request, "training/compliance.html", {"report": training_compliance(program=program)}
    )
