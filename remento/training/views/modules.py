"""A participant's training, a module to read and complete, and the coordinator's module
list per program (the compliance list: ``views.compliance``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from remento.core.pages import acting_user, action_done, form_page, form_saved
from remento.core.words import count_of
from remento.people.access import (
    coordinator_required,
    employee_required,
    with_employee,
)
from remento.people.models import Employee
from remento.programs.access import managed_program_view
from remento.programs.models import Program
from remento.training.access import module_get_for
from remento.training.compliance_kept import module_completions
from remento.training.forms import ModuleForm
from remento.training.selectors import (
    completion_of,
    training_for_participant,
    training_modules_of,
    training_programs_of,
)
from remento.training.services.modules import (
    training_complete,
    training_module_create,
    training_module_delete,
    training_module_update,
    training_modules_seed,
)
from remento.training.standing import standing_refresh_soon


@employee_required
@with_employee
def my_training(request: HttpRequest, viewer: Employee) -> HttpResponse:
    """The signed-in person's modules, program by program."""
    return render(
        request,
        "training/training_list.html",
        {"programs": training_for_participant(employee=viewer)},
    )


@employee_required
@with_employee
def module_detail(request: HttpRequest, viewer: Employee, module_pk: int) -> HttpResponse:
    """Read a module; a participant marks it complete from here."""
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
@with_employee
def module_complete(request: HttpRequest, viewer: Employee, module_pk: int) -> HttpResponse:
    module = module_get_for(viewer=viewer, module_pk=module_pk)
    training_complete(actor=acting_user(request), module=module)
    messages.success(request, f"You have completed “{module.title}”.")
    return redirect("training:module_detail", module_pk=module.pk)


@managed_program_view
def program_modules(request: HttpRequest, viewer: Employee, program: Program) -> HttpResponse:
    """A program's modules, for its coordinators to add, change and remove, each with how
    many of its participants completed it (as the compliance page last counted; the worker
    is asked again when a few minutes old; worked out live when not counted)."""
    modules = list(training_modules_of(program=program))
    completions = module_completions(program=program, modules=modules)
    if completions.stale:
        standing_refresh_soon(program.pk)
    rows = [(module, completions.done[module.pk]) for module in modules]
    context = {"program": program, "rows": rows, "as_of": completions.as_of}
    return render(request, "training/module_list.html", context)


@require_POST
@managed_program_view
def modules_seed(request: HttpRequest, viewer: Employee, program: Program) -> HttpResponse:
    added = training_modules_seed(actor=acting_user(request), program=program)
    if added:
        messages.success(request, f"Added {count_of(len(added), 'standard module')}.")
    else:
        messages.info(request, "The program already has every standard module.")
    return redirect("training:program_modules", program_pk=program.pk)


@managed_program_view
def module_create(request: HttpRequest, viewer: Employee, program: Program) -> HttpResponse:
    form = ModuleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and (
        module := form_saved(
            form,
            lambda: training_module_create(
                actor=acting_user(request),
                program=program,
                data=form.to_input(),
            ),
        )
    ):
        messages.success(request, f"Added the module “{module.title}”.")
        return redirect("training:program_modules", program_pk=program.pk)
    return form_page(
        request, "training/module_form.html", {"program": program, "form": form, "module": None}
    )


@coordinator_required
@with_employee
def module_edit(request: HttpRequest, viewer: Employee, module_pk: int) -> HttpResponse:
    module = module_get_for(viewer=viewer, module_pk=module_pk)
    form = ModuleForm(request.POST) if request.method == "POST" else ModuleForm.for_module(module)
    if (
        request.method == "POST"
        and form_saved(
            form,
            lambda: training_module_update(
                actor=acting_user(request), module=module, data=form.to_input()
            ),
        )
        is not None
    ):
        messages.success(request, f"Saved the module “{module.title}”.")
        return redirect("training:program_modules", program_pk=module.program_id)
    context = {"program": module.program, "form": form, "module": module}
    return form_page(request, "training/module_form.html", context)


@coordinator_required
@with_employee
def module_delete(request: HttpRequest, viewer: Employee, module_pk: int) -> HttpResponse:
    module = module_get_for(viewer=viewer, module_pk=module_pk)
    if request.method == "POST":
        action_done(
            request,
            lambda: training_module_delete(actor=acting_user(request), module=module),
            f"Removed the module “{module.title}”.",
        )
        return redirect("training:program_modules", program_pk=module.program_id)
    return render(
        request,
        "training/module_delete.html",
        {"module": module, "completions": module.completions.count()},
    )
