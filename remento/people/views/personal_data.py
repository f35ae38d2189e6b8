"""A person's data: their own export (page and JSON, from their profile) and, for
organisation admins, a copy of anyone's (without what a pair keeps from staff) and erasure."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from remento.core.errors import ServiceError
from remento.core.hygiene import CleanInputMixin
from remento.core.pages import acting_user
from remento.people.access import (
    employee_get_for_admin,
    employee_required,
    with_employee,
)
from remento.people.models import Employee
from remento.people.services.personal_data import person_erase
from remento.people.services.personal_export import PersonalData, personal_data_export

PAGE_EVENTS = 200
"""Audit events the printable page shows, the newest (a coordinator's trail at a large
company holds tens of thousands: 11.7 MB and 3 s as one page); the download holds all."""


def _page(request: HttpRequest, employee: Employee) -> HttpResponse:
    data = personal_data_export(
        actor=acting_user(request), employee=employee, latest_events=PAGE_EVENTS
    )
    return render(request, "people/person_data.html", {"data": data, "person": data.employee})


def _download(data: PersonalData) -> HttpResponse:
    body = json.dumps(data.as_json(), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    file_name = f"personal-data-{data.employee.pk}-{data.exported_at:%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response["Cache-Control"] = "no-store"
    return response


@employee_required
@with_employee
def person_data(request: HttpRequest, viewer: Employee, employee_pk: int) -> HttpResponse:
    """Everything held about one person, as a printable page (admins of their
    organisation only; a 404 for anyone else). What a pair keeps from staff is left out."""
    person = employee_get_for_admin(viewer=viewer, employee_pk=employee_pk)
    return _page(request, person)


@employee_required
@with_employee
def person_data_json(request: HttpRequest, viewer: Employee, employee_pk: int) -> HttpResponse:
    """The same export as a JSON download."""
    person = employee_get_for_admin(viewer=viewer, employee_pk=employee_pk)
    return _download(personal_data_export(actor=acting_user(request), employee=person))


@employee_required
@with_employee
def my_data(request: HttpRequest, viewer: Employee) -> HttpResponse:
    """The signed-in person's own export, as a printable page: everything held about them,
    their pairs' confidential content included."""
    return _page(request, viewer)


@employee_required
@with_employee
def my_data_json(request: HttpRequest, viewer: Employee) -> HttpResponse:
    """The person's own export as a JSON download."""
    return _download(personal_data_export(actor=acting_user(request), employee=viewer))


class EraseConfirmForm(CleanInputMixin, forms.Form):
    confirm = forms.BooleanField(
        label="I understand that this cannot be undone.",
        error_messages={"required": "Tick the box to confirm that this cannot be undone."},
    )


@employee_required
@with_employee
def person_erase_confirm(request: HttpRequest, viewer: Employee, employee_pk: int) -> HttpResponse:
    """Say what erasing does, then erase (admins of the person's organisation only)."""
    person = employee_get_for_admin(viewer=viewer, employee_pk=employee_pk)
    form = EraseConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            person_erase(actor=acting_user(request), employee=person)
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                "The person's data is erased. Their partners keep their pairs, shown with "
                "“Former participant”.",
            )
            return redirect("people:employee_detail", employee_pk=person.pk)
    return render(
        request,
        "people/person_erase.html",
        {"person": person, "form": form, "is_self": person.pk == viewer.pk},
        status=400 if request.method == "POST" else 200,
    )
