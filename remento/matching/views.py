"""Matching pages: the preview, bulk matching under review, and participant choice.

Thin: fetch-and-check through ``managed_program_view`` or ``program_get_for``, call one
service or selector, render.
A service's ``ServiceError`` becomes an error message on the page it came from.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from remento.core.errors import ServiceError
from remento.core.pages import acting_user, action_done
from remento.core.words import count_of
from remento.enrollment.models import EnrollmentRole, EnrollmentStatus
from remento.matching import overview, progress_views, review_views, selectors
from remento.matching.forms import (
    AnswerForm,
    NudgeForm,
    PublishForm,
    RequestForm,
    SwapForm,
    WeightsForm,
)
from remento.matching.services import background, bulk, nudges, publish, requests
from remento.matching.services.common import BULK_MODES
from remento.people.access import employee_for, employee_required
from remento.people.models import Employee
from remento.programs.access import managed_program_view, program_get_for
from remento.programs.models import PAIRING_STATUSES, Program, Status


@managed_program_view
def preview(request: HttpRequest, viewer: Employee, program: Program) -> HttpResponse:
    """The stored preview: what the pool would give under the program's settings, as the
    task worker last computed it; reads only (the page asks the worker by an htmx POST)."""
    before_active = program.status in (Status.DRAFT, Status.RECRUITING, Status.MATCHING)
    stored = selectors.stored_matching_preview(program=program) if before_active else None
    return render(
        request,
        "matching/preview_detail.html",
        {
            "program": program,
            "stored": stored,
            "preview": stored.preview if stored else None,
            "before_active": before_active,
        },
    )


def _bulk_page(
    request: HttpRequest, program: Program, *, weights_form: WeightsForm | None = None
) -> HttpResponse:
    run = selectors.match_run_current(program=program)
    review = selectors.match_run_review(run=run) if run is not None else None
    activity = selectors.match_run_activity(program=program)
    return render(
        request,
        "matching/run_review.html",
        {
            "program": program,
            "review": review,
            **(review_views.listing_context(request, run) if run is not None else {}),
            "weights_form": weights_form or WeightsForm(weights=program.weights),
            "can_run": program.status in PAIRING_STATUSES and program.matching_mode in BULK_MODES,
            "is_hybrid": program.matching_mode == "hybrid",
            "activity": activity,
            # A run queued or going: the page offers no second one until it ends.
            "run_going": activity is not None and activity.running,
        },
        status=400 if weights_form is not None else 200,
    )


@managed_program_view
def run_review(request: HttpRequest, viewer: Employee, program: Program) -> HttpResponse:
    """The run under review (or the last published one), the weights and the actions; its
    rows a page at a time (with htmx, the list alone: ``review_views.listing``)."""
    if review_views.wants_listing(request):
        return review_views.listing(request, program)
    return _bulk_page(request, program)


@managed_program_view
@require_POST
def run_start(request: HttpRequest, viewer: Employee, program: Program) -> HttpResponse:
    """Queue a run for the task worker and come back at once; the page follows its progress."""
    action_done(
        request,
        lambda: background.match_run_queue(actor=acting_user(request), program=program),
        progress_views.queued_words,
    )
    return redirect("matching:run_review", program_pk=program.pk)


@managed_program_view
@require_POST
def weights_update(request: HttpRequest, viewer: Employee, program: Program) -> HttpResponse:
    """Save the weights; in a matching step, run again under them (unless a run is going)."""
    form = WeightsForm(request.POST, weights=program.weights)
    if not form.is_valid():
        return _bulk_page(request, program, weights_form=form)
    try:
        program = bulk.match_weights_update(
            actor=acting_user(request), program=program, weights=form.weights()
        )
    except ServiceError as error:
        form.add_error(None, str(error))
        return _bulk_page(request, program, weights_form=form)
    if selectors.match_run_going(program=program):
        messages.success(
            request,
            "Weights saved. A matching run is already going under the "
            "earlier weights; when it finishes, run matching again to use these.",
        )
    elif program.status in PAIRING_STATUSES and program.matching_mode in BULK_MODES:
        try:
            background.match_run_queue(actor=acting_user(request), program=program)
        except ServiceError as error:
            messages.warning(request, f"Weights saved, but matching did not run again: {error}")
        else:
            messages.success(
                request, "Weights saved; matching is running again under them in the background."
            )
    else:
        messages.success(request, "Weights saved.")
    return redirect("matching:run_review", program_pk=program.pk)


def _swapped(result: bulk.SwapResult) -> str:
    change = result.change
    return (
        f"Swapped. {result.first.mentor} → {result.first.mentee}: "
        f"{result.before[0]:.2f} → {result.first.score:.2f}; "
        f"{result.second.mentor} → {result.second.mentee}: "
        f"{result.before[1]:.2f} → {result.second.score:.2f} "
        f"(total {'+' if change >= 0 else '−'}{abs(change):.2f})."
    )


@managed_program_view
@require_POST
def proposal_swap(
    request: HttpRequest, viewer: Employee, program: Program, run_pk: int
) -> HttpResponse:
    run = selectors.match_run_get(program=program, run_pk=run_pk)
    form = SwapForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the pair to swap mentors with.")
        return redirect(review_views.review_url(program, request.POST.get("back", "")))
    action_done(
        request,
        lambda: bulk.proposal_swap(
            actor=acting_user(request),
            run=run,
            first_pk=form.cleaned_data["first"],
            second_pk=form.cleaned_data["second"],
        ),
        _swapped,
    )
    return redirect(review_views.review_url(program, request.POST.get("back", "")))


@managed_program_view
@require_POST
def proposal_lock(
    request: HttpRequest, viewer: Employee, program: Program, proposal_pk: int
) -> HttpResponse:
    proposal = selectors.proposal_get(program=program, proposal_pk=proposal_pk)
    locked = request.POST.get("locked") == "1"
    verb = "locked: the next run keeps it" if locked else "unlocked"
    action_done(
        request,
        lambda: bulk.proposal_lock(actor=acting_user(request), proposal=proposal, locked=locked),
        f"{proposal.mentor} → {proposal.mentee} {verb}.",
    )
    return redirect(review_views.review_url(program, request.POST.get("back", "")))


@managed_program_view
@require_POST
def proposal_remove(
    request: HttpRequest, viewer: Employee, program: Program, proposal_pk: int
) -> HttpResponse:
    proposal = selectors.proposal_get(program=program, proposal_pk=proposal_pk)
    action_done(
        request,
        lambda: bulk.proposal_remove(actor=acting_user(request), proposal=proposal),
        f"{proposal.mentor} → {proposal.mentee} removed; they are unmatched, and no "
        "re-run will pair them together.",
    )
    return redirect(review_views.review_url(program, request.POST.get("back", "")))


@managed_program_view
@require_POST
def run_publish(
    request: HttpRequest, viewer: Employee, program: Program, run_pk: int
) -> HttpResponse:
    run = selectors.match_run_get(program=program, run_pk=run_pk)
    form = PublishForm(
        request.POST,
        proposal_ids=list(run.proposals.filter(removed=False).values_list("pk", flat=True)),
    )
    if not form.is_valid():
        for error in form.errors.get("__all__", []) or ["Choose which pairs to publish."]:
            messages.error(request, str(error))
        return redirect("matching:run_review", program_pk=program.pk)
    try:
        report = publish.match_run_publish(
            actor=acting_user(request), run=run, proposal_ids=form.proposal_ids()
        )
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"Published {count_of(len(report.created), 'pair')}; both people in each pair will "
            "be emailed.",
        )
        for skipped in report.skipped:
            messages.warning(request, f"Skipped {skipped}")
    return redirect("matching:run_review", program_pk=program.pk)


@employee_required
def choose(request: HttpRequest, program_pk: int) -> HttpResponse:
    """A mentee's ranked suggestions and their requests; writes nothing (requests past
    their deadline are closed by the expiry task and ``remento expire-requests``)."""
    viewer = employee_for(request)
    program = selectors.choice_program_get_for(viewer=viewer, program_pk=program_pk)
    return render(
        request,
        "matching/choice_list.html",
        {
            "program": program,
            "choice": selectors.mentee_choice(program=program, mentee=viewer),
            "open": program.status in PAIRING_STATUSES and program.matching_mode != "bulk",
        },
    )


@employee_required
def request_create(request: HttpRequest, program_pk: int, mentor_pk: int) -> HttpResponse:
    """Ask one mentor: GET shows who they are and a message box; POST sends the request.

    Only an enrolled mentee of the program gets past the first line (404 for anyone else).
    """
    viewer = employee_for(request)
    program = selectors.choice_program_get_for(viewer=viewer, program_pk=program_pk, enrolled=True)
    mentor = get_object_or_404(
        Employee.objects.select_related("department"),
        pk=mentor_pk,
        organization=viewer.organization,
        enrollments__program=program,
        enrollments__role=EnrollmentRole.MENTOR,
        enrollments__status=EnrollmentStatus.ENROLLED,
    )
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            requests.mentor_request_create(
                actor=acting_user(request),
                program=program,
                mentor=mentor,
                message=form.cleaned_data["message"],
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"Your request is on its way to {mentor}; you will get an email."
            )
            return redirect("matching:choose", program_pk=program.pk)
    return render(
        request,
        "matching/request_create.html",
        {"program": program, "mentor": mentor, "form": form},
        status=400 if form.errors else 200,
    )


@employee_required
def inbox(request: HttpRequest, program_pk: int) -> HttpResponse:
    """A mentor's incoming requests in one program; writes nothing."""
    viewer = employee_for(request)
    program = program_get_for(viewer=viewer, program_pk=program_pk)
    return render(
        request,
        "matching/request_list.html",
        {
            "program": program,
            "inbox": selectors.mentor_inbox(program=program, mentor=viewer),
            "form": AnswerForm(),
        },
    )


@employee_required
@require_POST
def request_answer(request: HttpRequest, request_pk: int) -> HttpResponse:
    viewer = employee_for(request)
    mentor_request = selectors.mentor_request_get_for(viewer=viewer, request_pk=request_pk)
    form = AnswerForm(request.POST)
    back = redirect("matching:inbox", program_pk=mentor_request.program_id)
    if not form.is_valid():
        for field_errors in form.errors.values():
            for error in field_errors:
                messages.error(request, str(error))
        return back
    message = form.cleaned_data["message"]
    try:
        if form.cleaned_data["decision"] == "accept":
            requests.mentor_request_accept(
                actor=acting_user(request), request=mentor_request, message=message
            )
            messages.success(request, f"You and {mentor_request.mentee} are now a pair.")
        else:
            requests.mentor_request_decline(
                actor=acting_user(request), request=mentor_request, message=message
            )
            messages.success(request, f"You declined {mentor_request.mentee}'s request.")
    except ServiceError as error:
        messages.error(request, str(error))
    return back


@employee_required
@require_POST
def request_withdraw(request: HttpRequest, request_pk: int) -> HttpResponse:
    viewer = employee_for(request)
    mentor_request = selectors.mentor_request_get_for(viewer=viewer, request_pk=request_pk)
    action_done(
        request,
        lambda: requests.mentor_request_withdraw(
            actor=acting_user(request), request=mentor_request
        ),
        f"Your request to {mentor_request.mentor} is withdrawn.",
    )
    return redirect("matching:choose", program_pk=mentor_request.program_id)


OVERVIEW_PARAMS = ("view", "requests_page", "mentees_page", "mentors_page")


def _overview_url(program: Program, query: str) -> str:
    """The overview's address with only its own parameters kept from ``query``."""
    given = QueryDict(query)
    kept = {key: given[key] for key in OVERVIEW_PARAMS if given.get(key)}
    url = reverse("matching:requests_overview", args=[program.pk])
    return f"{url}?{urlencode(kept)}" if kept else url


@managed_program_view
def requests_overview(request: HttpRequest, viewer: Employee, program: Program) -> HttpResponse:
    """Participant choice for the coordinator: requests waiting or expired, mentees who have
    not chosen, mentors' places, reminders in the pairing steps only; writes nothing."""
    view = request.GET.get("view", "waiting")
    pages = {name: request.GET.get(f"{name}_page") for name in ("requests", "mentees", "mentors")}
    return render(
        request,
        "matching/requests_overview.html",
        {
            "program": program,
            "overview": overview.requests_overview(program=program, view=view, pages=pages),
            "back": request.GET.urlencode(),
            "can_remind": program.status in PAIRING_STATUSES,
        },
    )


@managed_program_view
@require_POST
def nudge(request: HttpRequest, viewer: Employee, program: Program) -> HttpResponse:
    """Send one reminder by email, then back to the same page of the overview."""
    back = _overview_url(program, request.POST.get("back", ""))
    form = NudgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whom to remind from the lists below.")
        return redirect(back)
    person = get_object_or_404(
        Employee, pk=form.cleaned_data["employee"], organization=program.organization
    )
    action_done(
        request,
        lambda: nudges.nudge_send(
            actor=acting_user(request),
            program=program,
            employee=person,
            kind=form.cleaned_data["kind"],
        ),
        f"A reminder to {person} is queued; it leaves by email within a minute.",
    )
    return redirect(back)
