"""The audit page: an organisation admin reads, filters and exports their organisation's
trail, and unlocks a sign-in that failed too often."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from remento.core.audit import audit_log
from remento.core.errors import ServiceError
from remento.core.models import AuditEvent, User
from remento.core.spreadsheets import safe_text
from remento.people.access import (
    admin_required,
    employee_get_for_admin,
    with_employee,
)
from remento.people.audit import (
    AuditFilterForm,
    audit_events,
    audit_page,
    audit_rows,
    audit_verbs,
    locked_sign_ins,
)
from remento.people.models import Employee
from remento.people.services.signin import employee_signin_unlock

EXPORT_BATCH = 500


def _filter_form(request: HttpRequest, viewer: Employee) -> AuditFilterForm:
    return AuditFilterForm(request.GET or None, viewer=viewer, verbs=audit_verbs(viewer=viewer))


@admin_required
@with_employee
def audit_list(request: HttpRequest, viewer: Employee) -> HttpResponse:
    """The organisation's trail, newest first, with filters and the paused sign-ins."""
    form = _filter_form(request, viewer)
    filters = form.filters()
    page, rows = audit_page(viewer=viewer, filters=filters, cursor=request.GET.get("cursor"))
    # The export is of every event the filters keep, not of the page shown.
    export_query = request.GET.copy()
    export_query.pop("cursor", None)
    return render(
        request,
        "people/audit_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "locked": locked_sign_ins(viewer=viewer),
            "organization": viewer.organization,
            "export_query": export_query.urlencode(),
        },
    )


class _Echo:
    """A file-like object whose write() hands back the line, for streaming csv."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(viewer: Employee, form: AuditFilterForm) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(["time (UTC)", "action", "verb", "by", "about", "details"])
    events = audit_events(viewer=viewer, filters=form.filters())
    batch: list[AuditEvent] = []
    for event in events.iterator(chunk_size=EXPORT_BATCH):
        batch.append(event)
        if len(batch) == EXPORT_BATCH:
            yield from _csv_rows(writer, viewer, batch)
            batch = []
    yield from _csv_rows(writer, viewer, batch)


def _csv_rows(writer: Any, viewer: Employee, events: list[AuditEvent]) -> Iterator[str]:
    for row in audit_rows(viewer=viewer, events=events):
        details = "; ".join(f"{detail.label}: {detail.text}" for detail in row.details)
        yield writer.writerow(
            [
                row.event.created_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
                row.label,
                row.event.verb,
                safe_text(row.actor_name),
                safe_text(row.subject_name),
                safe_text(details),
            ]
        )


@admin_required
@with_employee
def audit_export(request: HttpRequest, viewer: Employee) -> HttpResponse:
    """The filtered trail as CSV (the export is itself audited)."""
    form = _filter_form(request, viewer)
    if form.is_bound and not form.is_valid():
        messages.error(request, "Fix the filters before exporting.")
        return audit_list(request)
    audit_log(
        actor=cast(User, request.user),
        organization=viewer.organization,
        verb="audit.exported",
        data=form.filters().as_data(),
    )
    response = StreamingHttpResponse(_csv_lines(viewer, form), content_type="text/csv")
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    # Streamed, so that a long trail is never held in memory; the access decorators are
    # typed for plain responses.
    return cast(HttpResponse, response)


@admin_required
@require_POST
@with_employee
def signin_unlock(request: HttpRequest, viewer: Employee, employee_pk: int) -> HttpResponse:
    """Lift the pause on one person's sign-in, then back to the audit page."""
    person = employee_get_for_admin(viewer=viewer, employee_pk=employee_pk)
    try:
        employee_signin_unlock(actor=cast(User, request.user), employee=person)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{person.display_name} can sign in again.")
    return redirect("people:audit_list")
