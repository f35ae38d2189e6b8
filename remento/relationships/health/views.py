"""The health board of a program (coordinators), nudging pairs from it, the program's nudge
text, and a pair's own health (its two people and coordinators)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from remento.core.errors import FieldErrors, ServiceError
from remento.core.forms import show_field_errors
from remento.core.pages import acting_user
from remento.core.words import count_of
from remento.people.access import coordinator_required, employee_required, with_employee
from remento.people.models import Employee
from remento.programs.access import program_get_for
from remento.programs.models import Program
from remento.relationships.access import is_member, pair_get_for
from remento.relationships.health import text
from remento.relationships.health.forms import (
    BoardFilterForm,
    NudgeStateForm,
    NudgeTemplateForm,
)
from remento.relationships.health.rules import HealthState
from remento.relationships.health.selectors import (
    BoardFilters,
    health_of_pairs,
    pair_health,
    program_health_board,
)
from remento.relationships.health.services import (
    NudgeResult,
    nudge_send,
    nudge_template_update,
    nudge_text_of,
)
from remento.relationships.models import OPEN_PAIR_STATUSES, Pair


def _board_context(request: HttpRequest, program: Program, viewer: Employee) -> dict[str, Any]:
    form = BoardFilterForm(request.GET or None)
    filters = BoardFilters()
    if form.is_bound and form.is_valid():
        filters = BoardFilters(
            state=form.cleaned_data["state"], sort=form.cleaned_data["sort"] or "state"
        )
    board = program_health_board(
        program=program, viewer=viewer, filters=filters, page_number=request.GET.get("page")
    )
    return {
        "program": program,
        "form": form,
        "filters": filters,
        "board": board,
        "page": board.page,
        "nudge_states": [(state, count) for state, count in board.counts if count],
    }


@coordinator_required
@with_employee
def health_board(request: HttpRequest, viewer: Employee, program_pk: int) -> HttpResponse:
    """Every open pair of the program with its health and why, filtered and sorted."""
    program = program_get_for(viewer=viewer, program_pk=program_pk, manage=True)
    return render(
        request, "relationships/health/health_board.html", _board_context(request, program, viewer)
    )


def _result_text(result: NudgeResult) -> str:
    parts = []
    if result.sent:
        parts.append(f"Nudge sent to {count_of(len(result.sent), 'pair')} (both people).")
    if result.already:
        parts.append(
            f"{count_of(len(result.already), 'pair')} already nudged today: not sent again."
        )
    return " ".join(parts)


@require_POST
@coordinator_required
@with_employee
def nudge_pair(
    request: HttpRequest, viewer: Employee, program_pk: int, pair_pk: int
) -> HttpResponse:
    """Nudge one pair; htmx swaps the pair's nudge cell in place."""
    program = program_get_for(viewer=viewer, program_pk=program_pk, manage=True)
    pair = get_object_or_404(
        Pair.objects.filter(program=program, status__in=OPEN_PAIR_STATUSES),
        pk=pair_pk,
    )
    try:
        result = nudge_send(actor=acting_user(request), program=program, pair_ids=[pair.pk])
    except ServiceError as error:
        notice = str(error)
    else:
        notice = _result_text(result)
    if getattr(request, "htmx", False):
        row = health_of_pairs(pairs=Pair.objects.filter(pk=pair.pk), viewer=viewer)[0]
        return render(
            request,
            "relationships/health/_nudge_cell.html",
            {"row": row, "program": program, "cell_notice": notice},
        )
    messages.success(request, notice)
    return redirect(reverse("relationships:health_board", args=[program.pk]))


@require_POST
@coordinator_required
@with_employee
def nudge_state(request: HttpRequest, viewer: Employee, program_pk: int) -> HttpResponse:
    """Nudge every open pair in one state; htmx redraws the board with what was sent."""
    program = program_get_for(viewer=viewer, program_pk=program_pk, manage=True)
    form = NudgeStateForm(request.POST)
    level, notice = "error", "Choose which pairs to nudge."
    if form.is_valid():
        try:
            result = nudge_send(
                actor=acting_user(request),
                program=program,
                state=form.cleaned_data["state"],
            )
        except ServiceError as error:
            notice = str(error)
        else:
            level = "success" if result.sent else "info"
            notice = _result_text(result)
    if getattr(request, "htmx", False):
        context = _board_context(request, program, viewer)
        context.update(notice=notice, notice_level=level)
        return render(request, "relationships/health/_board.html", context)
    messages.add_message(
        request, messages.SUCCESS if level == "success" else messages.ERROR, notice
    )
    return redirect(reverse("relationships:health_board", args=[program.pk]))


@coordinator_required
@with_employee
def nudge_template_edit(request: HttpRequest, viewer: Employee, program_pk: int) -> HttpResponse:
    """The program's nudge: subject and message with placeholders, and a preview."""
    program = program_get_for(viewer=viewer, program_pk=program_pk, manage=True)
    subject, body = nudge_text_of(program)
    form = NudgeTemplateForm(
        request.POST if request.method == "POST" else None,
        initial={"subject": subject, "body": body},
    )
    if request.method == "POST" and form.is_valid():
        try:
            nudge_template_update(
                actor=acting_user(request),
                program=program,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except FieldErrors as invalid:
            show_field_errors(form, invalid)
        else:
            messages.success(request, "The nudge is saved; the next one you send uses it.")
            return redirect(reverse("relationships:health_board", args=[program.pk]))
    sample = {
        "first_name": "Martin",
        "partner": "Maya Junior",
        "program": program.name,
        "days_since_meeting": "30",
        "cadence": "every 2 weeks",
        "coordinator": viewer.display_name,
        "pair_url": request.build_absolute_uri(reverse("relationships:my_pairs")),
    }
    return render(
        request,
        "relationships/health/nudge_template.html",
        {
            "program": program,
            "form": form,
            "placeholders": text.PLACEHOLDERS,
            "preview_subject": text.fill(subject, sample),
            "preview_body": text.fill(body, sample),
        },
        status=400 if request.method == "POST" else 200,
    )


@employee_required
@with_employee
def pair_health_view(request: HttpRequest, viewer: Employee, pair_pk: int) -> HttpResponse:
    """A pair's health, rule by rule: for its two people (from what both see) and for
    coordinators (every rule). htmx loads it into the pair page; alone it is a page."""
    pair = pair_get_for(viewer=viewer, pair_pk=pair_pk)
    context = {
        "pair": pair,
        "row": pair_health(pair=pair, viewer=viewer),
        "member": is_member(pair=pair, employee=viewer),
        "states": HealthState,
    }
    if getattr(request, "htmx", False):
        return render(request, "relationships/health/_pair_health.html", context)
    return render(request, "relationships/health/pair_health.html", context)
