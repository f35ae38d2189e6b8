"""Moving a program from one lifecycle status to the next."""

from __future__ import annotations

from django.db import transaction

from remento.core.audit import audit_log
from remento.core.errors import ServiceError
from remento.core.models import User
from remento.people.access import coordinator_of
from remento.programs.hooks import program_closing
from remento.programs.lifecycle import action_for, unmet_guards
from remento.programs.locks import program_lock
from remento.programs.models import Program, Status
from remento.programs.services.program import CHANGE_REFUSAL


class TransitionBlocked(ServiceError):
    """The step is not allowed now; ``reasons`` says why in plain words."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__(" ".join(reasons))


@transaction.atomic
def program_transition(*, actor: User, program: Program, to: str) -> Program:
    """Move ``program`` to status ``to`` when the lifecycle allows it.

    Steps: Draft → Recruiting (goal, a KPI, dates and an agreement written), Recruiting →
    Matching (a mentor and a mentee enrolled), Matching → Active (a pair published),
    Matching → Recruiting (while no pair exists), Active → Closed (always: its open pairs
    close with the reason “Program closed.”, both people told, and its waiting mentor
    requests expire). The guards are checked again under a row lock, so two coordinators
    cannot race past them. Raises ``TransitionBlocked`` with every reason; writes an audit
    event on success.
    """
    coordinator_of(actor, program.organization_id, refusal=CHANGE_REFUSAL)
    program = program_lock(program)
    source = program.status
    valid = to in Status.values
    action = action_for(source=source, to=to) if valid else None
    if action is None:
        target = Status(to).label if valid else f"“{to}”"
        raise TransitionBlocked(
            [f"A {program.get_status_display().lower()} program cannot move to {target}."]
        )
    reasons = [guard.reason for guard in unmet_guards(program) if guard.to == to]
    if reasons:
        raise TransitionBlocked(reasons)
    program.status = to
    program.save(update_fields=["status", "updated_at"])
    data: dict[str, object] = {"from": source, "to": to}
    if to == Status.CLOSED:
        # A closed program makes no more pairs and runs none: its open pairs close (with
        # the reason "Program closed.") and its waiting mentor requests expire, in this
        # transaction, under the program lock every pair-making service takes. The apps
        # that hold them receive the signal (programs sits below them).
        for _receiver, counts in program_closing.send(sender=Program, actor=actor, program=program):
            if isinstance(counts, dict):  # each receiver's counts, for the audit
                data |= counts
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="program.transition",
        target=program,
        data=data,
    )
    return program
