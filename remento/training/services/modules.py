"""Coordinators write a program's training modules; participants complete them."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max

from remento.core.audit import audit_log
from remento.core.errors import FieldErrors
from remento.core.models import User
from remento.people.access import coordinator_of, member_of
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
from remento.training.services import COORDINATORS_ONLY, title_error, titles_in, trimmed_fields
from remento.training.standing import standing_record_completion

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
    if problem := title_error(
        data.title.strip(),
        noun="module",
        max_length=TITLE_MAX,
        taken="This program already has a module called “{title}”.",
        # pk 0 is no row: a new module excludes nothing
        others=TrainingModule.objects.filter(program=program).exclude(pk=module_pk or 0),
    ):
        errors["title"] = problem
    if not data.content.strip():
        errors["content"] = "Write what the participant reads."
    if data.timing not in ModuleTiming.values:
        errors["timing"] = f"“{data.timing}” is not a timing; choose before launch or during."
    if not MINUTES_MIN <= data.estimated_minutes <= MINUTES_MAX:
        errors["estimated_minutes"] = (
            f"Estimate from {MINUTES_MIN} to {MINUTES_MAX} minutes, not {data.estimated_minutes}."
        )
    return errors


def _checked(*, actor: User, program: Program, data: ModuleInput, module_pk: int | None) -> None:
    coordinator_of(actor, program.organization_id, refusal=COORDINATORS_ONLY)
    errors = _validate(program=program, data=data, module_pk=module_pk)
    if errors:
        raise FieldErrors(errors)


def _audit(actor: User | None, verb: str, target: Program | TrainingModule, **data: object) -> None:
    program = target if isinstance(target, Program) else target.program
    audit_log(actor=actor, organization=program.organization, verb=verb, target=target, data=data)


@transaction.atomic
def training_module_create(*, actor: User, program: Program, data: ModuleInput) -> TrainingModule:
    """Add a module at the end of the program's list (coordinators only).

    Bad input raises ``FieldErrors`` naming each field; nothing is written.
    """
    _checked(actor=actor, program=program, data=data, module_pk=None)
    last = TrainingModule.objects.filter(program=program).aggregate(last=Max("position"))["last"]
    module = TrainingModule.objects.create(
        program=program, position=(last or 0) + 1, **trimmed_fields(data)
    )
    summary = {"program": program.pk, "title": module.title, "required": module.required}
    _audit(actor, "training.module_create", module, **summary)
    return module


@transaction.atomic
def training_module_update(
    *, actor: User, module: TrainingModule, data: ModuleInput
) -> TrainingModule:
    """Change a module (coordinators only); completions already recorded stay."""
    _checked(actor=actor, program=module.program, data=data, module_pk=module.pk)
    for name, value in trimmed_fields(data).items():
        setattr(module, name, value)
    module.save()
    summary = {"title": module.title, "required": module.required, "timing": module.timing}
    _audit(actor, "training.module_update", module, **summary)
    return module


@transaction.atomic
def training_module_delete(*, actor: User, module: TrainingModule) -> None:
    """Remove a module and its completion records (coordinators only)."""
    coordinator_of(actor, module.program.organization_id, refusal=COORDINATORS_ONLY)
    completions = module.completions.count()
    _audit(
        actor, "training.module_delete", module, title=module.title, completions_removed=completions
    )
    module.delete()


@transaction.atomic
def training_modules_seed(*, actor: User | None, program: Program) -> list[TrainingModule]:
    """Add the standard modules (feedback, goal setting, time management, confidentiality)
    that the program does not have yet, by title; returns those added. ``actor`` None is a
    script acting for the organisation (the demo); a person must be a coordinator."""
    if actor is not None:
        coordinator_of(actor, program.organization_id, refusal=COORDINATORS_ONLY)
    existing = titles_in(TrainingModule.objects.filter(program=program))
    last = TrainingModule.objects.filter(program=program).aggregate(last=Max("position"))["last"]
    added: list[TrainingModule] = []
    for entry in STANDARD_MODULES:
        if entry.title.lower() in existing:
            continue
        last = (last or 0) + 1
        added.append(TrainingModule.objects.create(program=program, position=last, **asdict(entry)))
    if added:
        _audit(actor, "training.modules_seed", program, added=[m.title for m in added])
    return added


@transaction.atomic
def training_complete(*, actor: User, module: TrainingModule) -> TrainingCompletion:
    """Record that the acting person completed ``module``.

    Only people the program's training applies to (enrolled, or in an open pair) may; a
    second call returns the first completion unchanged.
    """
    refusal = "Only the program's participants complete its training."
    program = module.program
    employee = member_of(actor, program.organization_id, refusal=refusal)
    if not training_programs_of(employee=employee).filter(pk=program.pk).exists():
        raise PermissionDenied(refusal)
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
    standing_record_completion(module, employee.pk)
    _audit(actor, "training.complete", module, employee=employee.pk)
    return completion
