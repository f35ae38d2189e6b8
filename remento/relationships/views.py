"""Pair pages: a participant's pairs, the pair page (people, agreement, checklist, start),
and a program's pairs for its coordinators."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from remento.core.errors import ServiceError
from remento.people.access import employee_for, employee_required
from remento.programs.access import program_get_for
from remento.relationships.access import is_member, pair_get_for
from remento.relationships.confidential import (
    confidential_grant,
    confidential_open,
    confidential_views,
    may_break_glass,
    pair_confidential_view,
)
from remento.relationships.forms import AgreementTermsForm, ConfidentialReasonForm, PairCloseForm
from remento.relationships.models import ChecklistStep, PairStatus
from remento.relationships.selectors import (
    pair_launch_state,
    pair_people,
    pairs_of,
    program_pair_overview,
    status_counts,
    terms_of,
)
from remento.relationships.services import (
    AgreementInvalid,
    agreement_sign,
    checklist_tick,
    pair_agreement_update,
    pair_close,
    pair_start,
)


@employee_required
def my_pairs(request: HttpRequest) -> HttpResponse:
    """The pairs the signed-in person is in."""
    employee = employee_for(request)
    return render(
        request, "relationships/pair_list.html", {"pairs": list(pairs_of(employee=employee))}
    )


@employee_required
def pair_detail(request: HttpRequest, pair_pk: int) -> HttpResponse:
    """The pair page: both people, the agreement and who signed it, the kick-off checklist,
    and what still stops the pair from starting."""
    viewer = employee_for(request)
    pair = pair_get_for(viewer=viewer, pair_pk=pair_pk)
    member = is_member(pair=pair, employee=viewer)
    state = pair_launch_state(pair=pair)
    return render(
        request,
        "relationships/pair_detail.html",
        {
            "pair": pair,
            "confidential_open": confidential_open(
                viewer=viewer, pair=pair, session=request.session
            ),
            "may_break_glass": may_break_glass(viewer=viewer, pair=pair),
            "confidential_views": confidential_views(pair=pair),
            "state": state,
            "people": pair_people(pair=pair),
            "is_member": member,
            "own_signature": state.signature_of(viewer) if member else None,
            "launching": pair.status == PairStatus.LAUNCHING,
            "closed": pair.status == PairStatus.CLOSED,
        },
    )


@employee_required
def pair_confidential_unlock(request: HttpRequest, pair_pk: int) -> HttpResponse:
    """An admin who is not one of the pair states why they need its confidential content
    (break-glass); anyone else gets a 404."""
    viewer = employee_for(request)
    pair = pair_get_for(viewer=viewer, pair_pk=pair_pk)
    if not may_break_glass(viewer=viewer, pair=pair):
        raise Http404("No such page.")
    form = ConfidentialReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            pair_confidential_view(
                actor=request.user,  # type: ignore[arg-type]
                pair=pair,
                reason=form.cleaned_data["reason"],
            )
        except AgreementInvalid as invalid:
            for name, reason in invalid.errors.items():
                form.add_error(name if name in form.fields else None, reason)
        else:
            confidential_grant(session=request.session, pair=pair)
            messages.success(
                request, "Your reason is recorded; the pair's confidential content is open."
            )
            return redirect("relationships:pair_detail", pair_pk=pair.pk)
    return render(
        request,
        "relationships/pair_confidential.html",
        {"pair": pair, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@employee_required
def agreement_edit(request: HttpRequest, pair_pk: int) -> HttpResponse:
    """The pair's own terms: goals, cadence and confidentiality (the two people only)."""
    viewer = employee_for(request)
    pair = pair_get_for(viewer=viewer, pair_pk=pair_pk)
    if not is_member(pair=pair, employee=viewer):
        messages.error(request, "Only the two people of the pair fill in their agreement.")
        return redirect("relationships:pair_detail", pair_pk=pair.pk)
    if request.method == "POST":
        form = AgreementTermsForm(request.POST)
        if form.is_valid():
            try:
                pair_agreement_update(
                    actor=request.user,  # type: ignore[arg-type]
                    pair=pair,
                    goals=form.cleaned_data["goals"],
                    cadence_days=form.cleaned_data["cadence_days"],
                    confidentiality=form.cleaned_data["confidentiality"],
                )
            except AgreementInvalid as invalid:
                for name, reason in invalid.errors.items():
                    form.add_error(name if name in form.fields else None, reason)
            except ServiceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Your agreement's terms are saved.")
                return redirect("relationships:pair_detail", pair_pk=pair.pk)
    else:
        form = AgreementTermsForm.for_terms(
            terms_of(pair), default_cadence=pair.program.meeting_cadence_days
        )
    return render(
        request,
        "relationships/agreement_edit.html",
        {"pair": pair, "form": form, "has_signatures": pair.signatures.exists()},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@employee_required
def agreement_sign_view(request: HttpRequest, pair_pk: int) -> HttpResponse:
    viewer = employee_for(request)
    pair = pair_get_for(viewer=viewer, pair_pk=pair_pk)
    if not is_member(pair=pair, employee=viewer):
        messages.error(request, "Only the two people of the pair sign its agreement.")
        return redirect("relationships:pair_detail", pair_pk=pair.pk)
    try:
        agreement_sign(actor=request.user, pair=pair)  # type: ignore[arg-type]
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "You have signed the agreement.")
    return redirect("relationships:pair_detail", pair_pk=pair.pk)


@require_POST
@employee_required
def checklist_tick_view(request: HttpRequest, pair_pk: int, step: str) -> HttpResponse:
    viewer = employee_for(request)
    pair = pair_get_for(viewer=viewer, pair_pk=pair_pk)
    if not is_member(pair=pair, employee=viewer):
        messages.error(request, "Only the two people of the pair tick their checklist.")
        return redirect("relationships:pair_detail", pair_pk=pair.pk)
    done = request.POST.get("done") == "1"
    try:
        checklist_tick(actor=request.user, pair=pair, step=step, done=done)  # type: ignore[arg-type]
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        label = ChecklistStep(step).label
        messages.success(request, f"“{label}” is {'done' if done else 'no longer ticked'}.")
    return redirect(
        reverse("relationships:pair_detail", kwargs={"pair_pk": pair.pk}) + "#checklist"
    )


@require_POST
@employee_required
def pair_start_view(request: HttpRequest, pair_pk: int) -> HttpResponse:
    pair = pair_get_for(viewer=employee_for(request), pair_pk=pair_pk)
    try:
        pair_start(actor=request.user, pair=pair)  # type: ignore[arg-type]
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The pair has started. Both of you will be told by email.")
    return redirect("relationships:pair_detail", pair_pk=pair.pk)


@employee_required
def pair_close_view(request: HttpRequest, pair_pk: int) -> HttpResponse:
    """Ask why, then end the pair (the two people or a coordinator)."""
    pair = pair_get_for(viewer=employee_for(request), pair_pk=pair_pk)
    form = PairCloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            pair_close(actor=request.user, pair=pair, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        except AgreementInvalid as invalid:
            for name, reason in invalid.errors.items():
                form.add_error(name if name in form.fields else None, reason)
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The pair is closed. Both people will be told by email.")
            return redirect("relationships:pair_detail", pair_pk=pair.pk)
    return render(
        request,
        "relationships/pair_close.html",
        {"pair": pair, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@employee_required
def program_pairs(request: HttpRequest, program_pk: int) -> HttpResponse:
    """A program's pairs for its coordinators: status, signatures, training, blockers."""
    program = program_get_for(viewer=employee_for(request), program_pk=program_pk, manage=True)
    rows = program_pair_overview(program=program)
    return render(
        request,
        "relationships/program_pairs.html",
        {
            "program": program,
            "rows": rows,
            "counts": status_counts(rows),
        },
    )
