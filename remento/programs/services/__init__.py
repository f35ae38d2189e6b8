"""Writing programs: create, edit the plan, choose KPIs, move through the lifecycle."""

from remento.programs.services.lifecycle import TransitionBlocked, program_transition
from remento.programs.services.program import (
    program_create,
    program_kpis_set,
    program_update,
    program_update_resigners,
)

__all__ = [
    "TransitionBlocked",
    "program_create",
    "program_kpis_set",
    "program_transition",
    "program_update",
    "program_update_resigners",
]
