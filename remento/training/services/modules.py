"""Coordinators write a program's training modules; participants complete them."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max

from remento.core.audit import audit_log
from remento.core.models import User
from remento.people.models import Employee
from remento.programs.models import Program, Status
from remento.training.catalogue import STANDARD_MODULES
from remento.training.models import (
    MINUTES_MAX,
    MINUTES_MIN,
    ModuleTiming,
    TrainingCompletion,
    TrainingModule,
)
from remento.training.selectors import training_programs_of
from remento.training.services import TrainingInvalid, coordinator_of

TITLE_MAX = TrainingModule._meta.get_field("title").max_length or 200


@dataclass(frozen=True)
class ModuleInput:
    """What a coordinator writes about a module."""

    title: str
    content: str
    required: bool = True
    timing: str = ModuleTiming.BEFORE_LAUNCH
    estimated_minutes: int = 20


def _validate(*, program: Program, data: ModuleInput, module_pk: int | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    title = data.title.strip()
    if not title:
        errors["title"] = "Give the module a title."
    elif len(title) > TITLE_MAX:
        errors["title"] = f"Keep the title to {TITLE_MAX} characters (it has {len(title)})."
    elif (
        TrainingModule.objects.filter(program=program, title__iexact=title)
        .exclude(pk=module_pk or 0)  # pk 0 is no row: a new module excludes nothing
        .exists()
    ):
        errors["title"] = f"This program already has a module called “{title}”."
    if not data.content.strip():
        errors["content"] = "Write what the participant reads."
    if data.timing not in ModuleTiming.values:
        errors["timing"] = f"“{data.timing}” is not a timing; choose before launch or during."
    if not MINUTES_MIN <= data.estimated_minutes <= MINUTES_MAX:
        errors["estimated_minutes"] = (
            f"Estimate from {MINUTES_MIN} to {MINUTES_MAX} minutes, not {data.estimated_minutes}."
        )
    return errors


def _fields(data: ModuleInput) -> dict[str, object]:
    return {
        "title": data.title.strip(),
        "content": data.content.strip(),
        "required": data.required,
        "timing": data.timing,
        "estimated_minutes": data.estimated_minutes,
    }


@transaction.atomic
def training_module_create(*, actor: User, program: Program, data: ModuleInput) -> TrainingModule:
    """Add a module at the end of the program's list (coordinators only).

    Bad input raises ``TrainingInvalid`` naming each field; nothing is written.
    """
    coordinator_of(actor=actor, organization_id=program.organization_id)
    errors = _validate(program=program, data=data, module_pk=None)
    if errors:
        raise TrainingInvalid(errors)
    last = TrainingModule.objects.filter(program=program).aggregate(last=Max("position"))["last"]
    module = TrainingModule.objects.create(
        program=program, position=(last or 0) + 1, **_fields(data)
    )
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="training.module_create",
        target=module,
        data={"program": program.pk, "title": module.title, "required": module.required},
    )
    return module


@transaction.atomic
def training_module_update(
    *, actor: User, module: TrainingModule, data: ModuleInput
) -> TrainingModule:
    """Change a module (coordinators only); completions already recorded stay."""
    program = module.program
    coordinator_of(actor=actor, organization_id=program.organization_id)
    errors = _validate(program=program, data=data, module_pk=module.pk)
    if errors:
        raise TrainingInvalid(errors)
    for name, value in _fields(data).items():
        setattr(module, name, value)
    module.save()
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="training.module_update",
        target=module,
        data={"title": module.title, "required": module.required, "timing": module.timing},
    )
    return module


@transaction.atomic
def training_module_delete(*, actor: User, module: TrainingModule) -> None:
    """Remove a module and its completion records (coordinators only)."""
    program = module.program
    coordinator_of(actor=actor, organization_id=program.organization_id)
    completions = module.completions.count()
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="training.module_delete",
        target=module,
        data={"title": module.title, "completions_removed": completions},
    )
    module.delete()


@transaction.atomic
def training_modules_seed(*, actor: User | None, program: Program) -> list[TrainingModule]:
    """Add the standard modules (feedback, goal setting, time management, confidentiality)
    that the program does not have yet, by title; returns those added. ``actor`` None is a
    script acting for the organisation (the demo); a person must be a coordinator."""
    if actor is not None:
        coordinator_of(actor=actor, organization_id=program.organization_id)
    existing = {
        title.lower()
        for title in TrainingModule.objects.filter(program=program).values_list("title", flat=True)
    }
    last = TrainingModule.objects.filter(program=program).aggregate(last=Max("position"))["last"]
    added: list[TrainingModule] = []
    for entry in STANDARD_MODULES:
        if entry.title.lower() in existing:
            continue
        last = (last or 0) + 1
        added.append(
            TrainingModule.objects.create(
                program=program,
                title=entry.title,
                content=entry.content,
                required=entry.required,
                timing=entry.timing,
                estimated_minutes=entry.estimated_minutes,
                position=last,
            )
        )
    if added:
        audit_log(
            actor=actor,
            organization=program.organization,
            verb="training.modules_seed",
            target=program,
            data={"added": [module.title for module in added]},
        )
    return added


@transaction.atomic
def training_complete(*, actor: User, module: TrainingModule) -> TrainingCompletion:
    """Record that the acting person completed ``module``.

    Only people the program's training applies to (enrolled, or in an open pair) may; a
    second call returns the first completion unchanged.
    """
    employee: Employee | None = getattr(actor, "employee", None)
    program = module.program
    if (
        employee is None
        or not employee.is_active
        or employee.organization_id != program.organization_id
        or not training_programs_of(employee=employee).filter(pk=program.pk).exists()
    ):
        raise PermissionDenied("Only the program's participants complete its training.")
    if program.status == Status.CLOSED:
        raise PermissionDenied("The program is closed.")
    existing = TrainingCompletion.objects.filter(module=module, employee=employee).first()
    if existing is not None:
        return existing
    try:
        # A savepoint, so a double click that races past the check above finds the row the
        # other request wrote instead of failing the whole transaction.
        with transaction.atomic():
            completion = TrainingCompletion.objects.create(module=module, employee=employee)
    except IntegrityError:
        return TrainingCompletion.objects.get(module=module, employee=employee)
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="training.complete",
        target=module,
        data={"employee": employee.pk},
    )
    return completion
