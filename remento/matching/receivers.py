"""What matching tells the apps below it (connected in ``MatchingConfig.ready``): a program
that closes, and a person who leaves a program, take their waiting mentor requests along."""

from __future__ import annotations

from typing import Any

from remento.core.models import User
from remento.matching.services.expiry import (
    mentor_requests_close_for_leaver,
    mentor_requests_close_for_program,
)
from remento.people.models import Employee
from remento.programs.models import Program


def close_requests_of_program(
    sender: Any, *, actor: User | None, program: Program, **kwargs: Any
) -> dict[str, int]:
    """A closing program's waiting requests expire; nobody is asked next."""
    return {"requests_expired": mentor_requests_close_for_program(actor=actor, program=program)}


def close_requests_of_leaver(
    sender: Any, *, actor: User | None, program: Program, employee: Employee, **kwargs: Any
) -> None:
    """The requests of someone who withdrew close; mentees who asked them move on."""
    mentor_requests_close_for_leaver(actor=actor, program=program, employee=employee)
