"""Pair pages: a participant's pairs, the pair page (people, agreement, checklist, start),
and a program's pairs for its coordinators."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from remento.core.errors import ServiceError
from remento.core.pages import acting_user, action_done, form_page, form_saved
from remento.people.access import employee_for, employee_required
from remento.people.models import Employee
from remento.programs.access import program_get_for
from remento.programs.models import Status
from remento.relationships.access import is_member, pair_get_for
from remento.relationships.confidential import (
    confidential_grant,
    confidential_open,
    confidential_views,
    may_break_glass,
    pair_confidential_view,
)
from remento.relationships.forms import (
    AgreementTermsForm,
    ConfidentialReasonForm,
    PairCloseForm,
    PairFilterForm,
)
from remento.relationships.models import ChecklistStep, Pair, PairStatus
from remento.relationships.overview import pair_next_up
from remento.relationships.program_pairs import PairFilters, program_pairs_page
from remento.relationships.safety.selectors import safety_requests_on_pair
from remento.relationships.selectors import (
    not_launched_message,
    pair_launch_state,
    pair_people,
    pairs_of,
    terms_of,
)
from remento.relationships.services import (
    agreement_sign,
    checklist_tick,
    pair_agreement_update,
    pair_close,
    pair_start,
)


def _members_only(
    request: HttpRequest, pair: Pair, viewer: Employee, what: str
) -> HttpResponse | None:
    """Back to the pair page with an error when ``viewer`` is not one of the two people
    (a coordinator looking on, an admin); None for a member."""
    if is_member(pair=pair, employee=viewer):
        return None
    messages.error(request, f"Only the two people of the pair {what}.")
    return redirect("relationships:pair_detail", pair_pk=pair.pk)


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
            "safety_requests": safety_requests_on_pair(viewer=viewer, pair=pair),
            "next_up": pair_next_up(pair=pair, viewer=viewer, member=member),
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
    if (
        request.method == "POST"
        and form_saved(
            form,
            lambda: pair_confidential_view(
                actor=acting_user(request),
                pair=pair,
                reason=form.cleaned_data["reason"],
            ),
        )
        is not None
    ):
        confidential_grant(session=request.session, pair=pair)
        messages.success(
            request, "Your reason is recorded; the pair's confidential content is open."
        )
        return redirect("relationships:pair_detail", pair_pk=pair.pk)
    return form_page(request, "relationships/pair_confidential.html", {"pair": pair, "form": form})


@employee_required
def agreement_edit(request: HttpRequest, pair_pk: int) -> HttpResponse:
    """The pair's own terms: goals, cadence and confidentiality (the two people only)."""
    viewer = employee_for(request)
    pair = pair_get_for(viewer=viewer, pair_pk=pair_pk)
    if refused := _members_only(request, pair, viewer, "fill in their agreement"):
        return refused
    if request.method == "POST":
        form = AgreementTermsForm(request.POST)
    else:
        form = AgreementTermsForm.for_terms(
            terms_of(pair), default_cadence=pair.program.meeting_cadence_days
        )
    if (
        request.method == "POST"
        and form_saved(
            form,
            lambda: pair_agreement_update(
                actor=acting_user(request),
                pair=pair,
                goals=form.cleaned_data["goals"],
                cadence_days=form.cleaned_data["cadence_days"],
                confidentiality=form.cleaned_data["confidentiality"],
            ),
        )
        is not None
    ):
        messages.success(request, "Your agreement's terms are saved.")
        return redirect("relationships:pair_detail", pair_pk=pair.pk)
    states = pair_launch_state(pair=pair).signatures
    signed = [state.employee for state in states if state.current]
    context = {"pair": pair, "form": form, "signed": signed, "viewer": viewer}
    return form_page(request, "relationships/agreement_edit.html", context)


@require_POST
@employee_required
def agreement_sign_view(request: HttpRequest, pair_pk: int) -> HttpResponse:
    viewer = employee_for(request)
    pair = pair_get_for(viewer=viewer, pair_pk=pair_pk)
    if refused := _members_only(request, pair, viewer, "sign its agreement"):
        return refused
    action_done(
        request,
        lambda: agreement_sign(actor=acting_user(request), pair=pair),
        "You have signed the agreement.",
    )
    return redirect("relationships:pair_detail", pair_pk=pair.pk)


@require_POST
@employee_required
def checklist_tick_view(request: HttpRequest, pair_pk: int, step: str) -> HttpResponse:
    viewer = employee_for(request)
    pair = pair_get_for(viewer=viewer, pair_pk=pair_pk)
    if refused := _members_only(request, pair, viewer, "tick their checklist"):
        return refused
    done = request.POST.get("done") == "1"
    try:
        checklist_tick(actor=acting_user(request), pair=pair, step=step, done=done)
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
    action_done(
        request,
        lambda: pair_start(actor=acting_user(request), pair=pair),
        "The pair has started. Both of you will be told by email.",
    )
    return redirect("relationships:pair_detail", pair_pk=pair.pk)


@employee_required
def pair_close_view(request: HttpRequest, pair_pk: int) -> HttpResponse:
    """Ask why, then end the pair (the two people or a coordinator)."""
    pair = pair_get_for(viewer=employee_for(request), pair_pk=pair_pk)
    form = PairCloseForm(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and form_saved(
            form,
            lambda: pair_close(
                actor=acting_user(request), pair=pair, reason=form.cleaned_data["reason"]
            ),
        )
        is not None
    ):
        messages.success(request, "The pair is closed. Both people will be told by email.")
        return redirect("relationships:pair_detail", pair_pk=pair.pk)
    return form_page(request, "relationships/pair_close.html", {"pair": pair, "form": form})


@employee_required
def program_pairs(request: HttpRequest, program_pk: int) -> HttpResponse:
    """A program's pairs for its coordinators, 50 a page, filtered by status and name:
    status, signatures, training, blockers."""
    program = program_get_for(viewer=employee_for(request), program_pk=program_pk, manage=True)
    form = PairFilterForm(request.GET or None)
    filters = PairFilters()
    if form.is_bound and form.is_valid():
        filters = PairFilters(status=form.cleaned_data["status"], text=form.cleaned_data["q"])
    view = program_pairs_page(program=program, filters=filters, cursor=request.GET.get("cursor"))
    return render(
        request,
        "relationships/program_pairs.html",
        {
            "program": program,
            "form": form,
            "filters": filters,
            "view": view,
            "page": view.page,
            "launching": view.count_of(PairStatus.LAUNCHING),
            "active": view.count_of(PairStatus.ACTIVE),
            "not_launched": None
            if program.status == Status.ACTIVE
            else not_launched_message(program),
        },
    )
