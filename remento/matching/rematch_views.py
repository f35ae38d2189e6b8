"""The rematch page: after a pair closed, a coordinator sees the best partners for each of
its people (the previous partner left out) and pairs one in a click."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from remento.core.errors import ServiceError
from remento.core.hygiene import CleanInputMixin
from remento.core.models import User
from remento.matching.selectors.rematch import rematch_options
from remento.matching.services.rematch import pair_rematch
from remento.people.access import coordinator_required, employee_for
from remento.people.models import Employee
from remento.programs.access import program_get_for
from remento.programs.models import PAIRING_STATUSES
from remento.relationships.models import Pair, PairStatus


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


class RematchForm(CleanInputMixin, forms.Form):
    mentor = forms.IntegerField(min_value=1)
    mentee = forms.IntegerField(min_value=1)


def _closed_pair(request: HttpRequest, program_pk: int, pair_pk: int) -> Pair:
    """A closed pair of a program the coordinator manages; a 404 for anything else."""
    program = program_get_for(viewer=employee_for(request), program_pk=program_pk, manage=True)
    return get_object_or_404(
        Pair.objects.select_related("program", "mentor", "mentee"),
        program=program,
        pk=pair_pk,
        status=PairStatus.CLOSED,
    )


@coordinator_required
def rematch(request: HttpRequest, program_pk: int, pair_pk: int) -> HttpResponse:
    """Each person of the closed pair with their best new partners and why."""
    pair = _closed_pair(request, program_pk, pair_pk)
    viewer = employee_for(request)
    program_open = pair.program.status in PAIRING_STATUSES
    in_pair = viewer.pk in (pair.mentor_id, pair.mentee_id)
    sides = rematch_options(program=pair.program, pair=pair) if program_open and not in_pair else []
    return render(
        request,
        "matching/rematch.html",
        {
            "pair": pair,
            "program": pair.program,
            "sides": sides,
            "program_open": program_open,
            "in_pair": in_pair,
        },
    )


@require_POST
@coordinator_required
def rematch_create(request: HttpRequest, program_pk: int, pair_pk: int) -> HttpResponse:
    """Pair one person of the closed pair with the candidate chosen."""
    pair = _closed_pair(request, program_pk, pair_pk)
    form = RematchForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a suggested partner.")
        return redirect("matching:rematch", program_pk=pair.program_id, pair_pk=pair.pk)
    people = Employee.objects.filter(organization_id=pair.program.organization_id)
    mentor = get_object_or_404(people, pk=form.cleaned_data["mentor"])
    mentee = get_object_or_404(people, pk=form.cleaned_data["mentee"])
    try:
        created = pair_rematch(actor=_user(request), closed_pair=pair, mentor=mentor, mentee=mentee)
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect("matching:rematch", program_pk=pair.program_id, pair_pk=pair.pk)
    messages.success(
        request,
        f"{mentor.display_name} and {mentee.display_name} are paired; both are told by email. "
        "They sign their agreement next.",
    )
    return redirect("relationships:pair_detail", pair_pk=created.pk)
