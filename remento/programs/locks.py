"""Row locks on a program: the one way services queue writes of one program.

Lock order, everywhere: the organisation row (only imports and role changes take it), then
the program (``program_lock``), then enrolments, then pairs, then match runs and requests.
Taking them in this order is what keeps two concurrent services from deadlocking.
"""

from __future__ import annotations

from django.db import connection, transaction

from remento.programs.models import Program


def program_lock(program: Program | int) -> Program:
    """The program row re-read under ``SELECT … FOR UPDATE`` (fresh values, not the caller's
    copy); held until the surrounding transaction ends.

    Refuses to run outside a transaction, where the lock would be released at once.
    """
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError(
            "program_lock() needs a transaction: call it inside transaction.atomic()."
        )
    program_pk = program if isinstance(program, int) else program.pk
    return Program.objects.select_for_update(of=("self",)).get(pk=program_pk)
