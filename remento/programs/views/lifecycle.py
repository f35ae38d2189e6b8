"""Moving a program through its lifecycle: one POST per step, a confirmation page where the
step cannot be undone."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from remento.core.pages import acting_user
from remento.people.models import Employee
from remento.programs import services
from remento.programs.access import managed_program_view
from remento.programs.lifecycle import action_for, unmet_guards
from remento.programs.models import Program


@managed_program_view
def program_transition(
    request: HttpRequest, viewer: Employee, program: Program, to: str
) -> HttpResponse:
    action = action_for(source=program.status, to=to)
    if request.method != "POST":
        if action is None:
            raise Http404("There is no such step from this status.")
        guards = [guard for guard in unmet_guards(program) if guard.to == to]
        return render(
            request,
            "programs/program_transition.html",
            {"program": program, "action": action, "guards": guards},
        )
    try:
        services.program_transition(
            actor=acting_user(request),
            program=program,
            to=to,
        )
    except services.TransitionBlocked as blocked:
        messages.error(request, "Not yet: " + " ".join(blocked.reasons))
    else:
        program.refresh_from_db(fields=["status"])
        messages.success(request, f"“{program.name}” is now {program.get_status_display()}.")
    return redirect("programs:detail", program_pk=program.pk)
