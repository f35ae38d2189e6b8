"""Moving a program through its lifecycle: one POST per step, a confirmation page where the
step cannot be undone."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format

from remento.core.pages import acting_user
from remento.core.words import count_of
from remento.people.models import Employee
from remento.programs import services
from remento.programs.access import managed_program_view
from remento.programs.hooks import ClosingLine, closing_preview
from remento.programs.lifecycle import action_for, unmet_guards
from remento.programs.models import Program, Status


def closing_lines(program: Program) -> list[ClosingLine]:
    """What closing ``program`` now will do, to confirm with open eyes: whether it ends
    before its planned end, then each app's part (its pairs, requests)."""
    lines = []
    today = timezone.localdate()
    if program.end_date is not None and program.end_date > today:
        early = count_of((program.end_date - today).days, "day")
        planned = date_format(program.end_date, "j F Y")
        lines.append(ClosingLine(f"It ends early: its planned end is {planned}, {early} away."))
    return lines + closing_preview(program)


@managed_program_view
def program_transition(
    request: HttpRequest, viewer: Employee, program: Program, to: str
) -> HttpResponse:
    action = action_for(source=program.status, to=to)
    if request.method != "POST":
        if action is None:
            raise Http404("There is no such step from this status.")
        guards = [guard for guard in unmet_guards(program) if guard.to == to]
        closing = closing_lines(program) if to == Status.CLOSED and not guards else []
        return render(
            request,
            "programs/program_transition.html",
            {"program": program, "action": action, "guards": guards, "closing": closing},
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
