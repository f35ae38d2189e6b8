"""The coordinator's training compliance page of a program, and its "count again" button."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from remento.core.paging import KeysetPage
from remento.people.models import Employee
from remento.programs.access import managed_program_view
from remento.programs.models import Program
from remento.training.compliance import (
    ComplianceFilters,
    compliance_page,
    compliance_summary,
    required_modules,
)
from remento.training.compliance_kept import kept_compliance_page, kept_summary
from remento.training.forms import ComplianceFilterForm
from remento.training.standing import standing_refresh_soon


def _filters(form: ComplianceFilterForm) -> ComplianceFilters:
    if not (form.is_bound and form.is_valid()):
        return ComplianceFilters()
    data = form.cleaned_data
    return ComplianceFilters(
        everyone=data["show"] == "everyone", module=data["module"], text=data["q"]
    )


@managed_program_view
def compliance(request: HttpRequest, viewer: Employee, program: Program) -> HttpResponse:
    """How many people miss each required module, then the people 50 a page: those not yet
    done (or everyone), those missing one module, or found by name. From the standing the
    worker keeps (asked again when a few minutes old); worked out live when none is kept."""
    modules = required_modules(program=program)
    form = ComplianceFilterForm(request.GET or None, modules=modules)
    filters = _filters(form)
    cursor = request.GET.get("cursor")
    kept = kept_summary(program=program, modules=modules)
    if kept.stale:
        standing_refresh_soon(program.pk)
    page: KeysetPage[Any]  # of the kept rows, or of the people worked out live
    if kept.summary is not None:
        report = kept.summary
        page, rows = kept_compliance_page(
            program=program, modules=modules, filters=filters, summary=report, cursor=cursor
        )
    else:
        report = compliance_summary(program=program, modules=modules)
        page, rows = compliance_page(
            program=program, modules=modules, filters=filters, cursor=cursor, summary=report
        )
    context = {"report": report, "form": form, "filters": filters, "page": page, "rows": rows}
    return render(request, "training/compliance.html", context)


@require_POST
@managed_program_view
def compliance_count_again(
    request: HttpRequest, viewer: Employee, program: Program
) -> HttpResponse:
    """Queue the program's training standing to be counted again by the task worker."""
    standing_refresh_soon(program.pk)
    messages.success(
        request, "The training figures are being counted again: reload this page in a minute."
    )
    return redirect("training:compliance", program_pk=program.pk)
