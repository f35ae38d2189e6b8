"""Create a program, change its plan, choose its KPIs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from remento.core.audit import audit_log
from remento.core.errors import FieldErrors
from remento.core.models import Organization, User
from remento.people.access import coordinator_of
from remento.programs.hooks import Signer, signers_asked_again, signers_notify
from remento.programs.locks import program_lock
from remento.programs.models import Program, ProgramKpi, Status
from remento.programs.plan import (
    EDITABLE_WHEN_RUNNING,
    KpiTarget,
    ProgramPlan,
    agreement_follows_rhythm,
    kpi_errors,
    plan_errors,
)

RUNNING = (Status.ACTIVE, Status.CLOSED)
# Why a service refuses someone who does not coordinate the program's organisation.
CHANGE_REFUSAL = "Only coordinators of this organisation may change its programs."


def _audit_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return sorted(item.name for item in value)
    if isinstance(value, dict):
        return {key: float(item) for key, item in value.items()}
    return value


def _write_kpis(program: Program, kpis: Sequence[KpiTarget]) -> dict[str, str]:
    """Make the program's KPIs exactly ``kpis``; returns kind -> target for the audit."""
    wanted = {item.kind: item.target for item in kpis}
    ProgramKpi.objects.filter(program=program).exclude(kind__in=wanted).delete()
    for kind, target in wanted.items():
        ProgramKpi.objects.update_or_create(program=program, kind=kind, defaults={"target": target})
    return {kind: str(target) for kind, target in sorted(wanted.items())}


def _kpis_of(program: Program) -> dict[str, Decimal]:
    return {kpi.kind: kpi.target for kpi in program.kpis.all()}


def _fixed_kpis_message(program: Program) -> str:
    return f"The program is {program.get_status_display().lower()}: its KPI targets are fixed."


@transaction.atomic
def program_create(
    *,
    actor: User,
    organization: Organization,
    plan: ProgramPlan,
    kpis: Sequence[KpiTarget] = (),
) -> Program:
    """Create a program in Draft from ``plan``, with ``kpis`` as its chosen KPIs.

    An agreement left as the suggested default text is written for the plan's own meeting
    cadence and length (``agreement_follows_rhythm``); an edited one is kept as written.

    Only a coordinator of ``organization`` may (``PermissionDenied``). Every bad value, in
    the plan or a KPI, raises ``FieldErrors`` naming the field, and nothing is written.
    """
    coordinator_of(actor, organization.pk, refusal=CHANGE_REFUSAL)
    plan = agreement_follows_rhythm(plan)
    errors = plan_errors(plan=plan, organization=organization) | kpi_errors(kpis)
    if errors:
        raise FieldErrors(errors)
    program = Program.objects.create(
        organization=organization, created_by=actor, status=Status.DRAFT, **plan.model_values()
    )
    program.departments.set(plan.departments)
    audit_log(
        actor=actor,
        organization=organization,
        verb="program.create",
        target=program,
        data={
            "name": program.name,
            "type": program.program_type,
            "kpis": _write_kpis(program, kpis),
        },
    )
    return program


def _plan_as_saved(program: Program, plan: ProgramPlan) -> ProgramPlan:
    if program.status not in RUNNING:  # once pairs run, the agreement they sign stays put
        return agreement_follows_rhythm(plan)
    return plan


def program_update_resigners(*, program: Program, plan: ProgramPlan) -> list[Signer]:
    """Who would be asked to sign their pair's agreement again if ``plan`` were saved:
    people whose signature covers the agreement now and would not cover the new general
    text or meeting length (a new name or other cosmetic change asks nobody)."""
    plan = _plan_as_saved(program, plan)
    if (plan.agreement_text, plan.meeting_length_minutes) == (
        program.agreement_text,
        program.meeting_length_minutes,
    ):
        return []
    return signers_asked_again(
        program=program,
        agreement_text=plan.agreement_text,
        meeting_length_minutes=plan.meeting_length_minutes,
    )


def _update_errors(
    program: Program, *, plan: ProgramPlan, changed: list[str], kpis: Sequence[KpiTarget] | None
) -> tuple[dict[str, str], bool]:
    """What is wrong with changing ``program`` to ``plan`` (and ``kpis`` when given), by
    field, and whether the KPIs change at all."""
    errors = plan_errors(plan=plan, organization=program.organization)
    if program.status in RUNNING:
        for name in changed:
            if name not in EDITABLE_WHEN_RUNNING:
                errors[name] = (
                    f"The program is {program.get_status_display().lower()}: only its name, "
                    "dates and incentives, its sponsor and what to change next time can "
                    "change now."
                )
    kpis_changed = False
    if kpis is not None:
        errors |= kpi_errors(kpis)
        kpis_changed = _kpis_of(program) != {item.kind: item.target for item in kpis}
        if kpis_changed and program.status in RUNNING:
            errors["kpis"] = _fixed_kpis_message(program)
    return errors, kpis_changed


@transaction.atomic
def program_update(
    *,
    actor: User,
    program: Program,
    plan: ProgramPlan,
    kpis: Sequence[KpiTarget] | None = None,
) -> Program:
    """Replace the program's plan with ``plan`` and, when given, its KPIs with ``kpis``
    (in the same transaction, so a bad KPI leaves the plan untouched too).

    Once the program is Active (or Closed) only the name, the dates, the incentives, the
    sponsor and the lessons (“what to change next time”) may change: the pairs agreed to the
    rest, and KPI targets stay as promised. Bad values raise
    ``FieldErrors`` naming the field, and nothing is written. The audit event lists the
    fields that changed. Before then, an agreement still the untouched default text follows
    a change of cadence or meeting length.

    A new general text or meeting length asks the people who had signed the agreement to
    sign again (``program_update_resigners``): each is emailed after the commit, and the
    audit event lists them.
    """
    coordinator_of(actor, program.organization_id, refusal=CHANGE_REFUSAL)
    program = program_lock(program)
    before = ProgramPlan.from_program(program)
    plan = _plan_as_saved(program, plan)
    changed = [
        name
        for name in plan.__dataclass_fields__
        if _audit_value(getattr(plan, name)) != _audit_value(getattr(before, name))
    ]
    errors, kpis_changed = _update_errors(program, plan=plan, changed=changed, kpis=kpis)
    if errors:
        raise FieldErrors(errors)
    if kpis is not None and kpis_changed:
        audit_log(
            actor=actor,
            organization=program.organization,
            verb="program.kpis_set",
            target=program,
            data={"kpis": _write_kpis(program, kpis)},
        )
    if not changed:
        return program
    resigners = program_update_resigners(program=program, plan=plan)
    for name, value in plan.model_values().items():
        setattr(program, name, value)
    program.save()
    program.departments.set(plan.departments)
    data = {name: _audit_value(getattr(plan, name)) for name in changed}
    if resigners:
        data["asked_to_sign_again"] = [signer.employee.pk for signer in resigners]
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="program.update",
        target=program,
        data=data,
    )
    signers_notify(program=program, signers=resigners)
    return program


@transaction.atomic
def program_kpis_set(
    *, actor: User, program: Program, kpis: Sequence[KpiTarget]
) -> list[ProgramKpi]:
    """Make the program's KPIs exactly ``kpis`` (kinds from the catalogue, one target each).

    Targets are fixed once the program is Active, so results are measured against what was
    promised. Bad targets raise ``FieldErrors`` naming the KPI; nothing is written.
    """
    coordinator_of(actor, program.organization_id, refusal=CHANGE_REFUSAL)
    program = program_lock(program)
    errors = kpi_errors(kpis)
    current = _kpis_of(program)
    wanted = {item.kind: item.target for item in kpis}
    if program.status in RUNNING and current != wanted:
        errors["kpis"] = _fixed_kpis_message(program)
    if errors:
        raise FieldErrors(errors)
    if current != wanted:
        audit_log(
            actor=actor,
            organization=program.organization,
            verb="program.kpis_set",
            target=program,
            data={"kpis": _write_kpis(program, kpis)},
        )
    return list(program.kpis.all())
