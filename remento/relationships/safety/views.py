"""Pages of the confidential requests: asking (one of the pair), reading one's own, and the
coordinators' list, reply, resolve and neutral close. Whoever may not read a request gets a
404."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from remento.core.pages import acting_user, action_done, form_page, form_saved
from remento.people.access import coordinator_required, employee_for, employee_required
from remento.programs.access import program_get_for
from remento.relationships.access import is_member, pair_get_for
from remento.relationships.models import PairStatus
from remento.relationships.safety.forms import (
    SafetyAddForm,
    SafetyCloseForm,
    SafetyReplyForm,
    SafetyRequestForm,
)
from remento.relationships.safety.models import SafetyRequest
from remento.relationships.safety.selectors import (
    may_handle,
    own_safety_requests,
    program_safety_requests,
    safety_request_get_for,
)
from remento.relationships.safety.services import (
    safety_pair_close,
    safety_request_add,
    safety_request_create,
    safety_request_reply,
    safety_request_resolve,
)


@employee_required
def safety_request_new(request: HttpRequest, pair_pk: int) -> HttpResponse:
    """One of the pair asks, confidentially, to end or change it."""
    viewer = employee_for(request)
    pair = pair_get_for(viewer=viewer, pair_pk=pair_pk)
    if not is_member(pair=pair, employee=viewer):
        raise Http404("No such page.")
    form = SafetyRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        asked = form_saved(
            form,
            lambda: safety_request_create(
                actor=acting_user(request),
                pair=pair,
                wish=form.cleaned_data["wish"],
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
            ),
        )
        if asked is not None:
            messages.success(
                request,
                "Your request is sent to the program's coordinators only. Your partner is not "
                "told.",
            )
            return redirect("relationships:safety_request", request_pk=asked.pk)
    partner = pair.partner_of(viewer.pk)
    return form_page(
        request,
        "relationships/safety/request_new.html",
        {
            "pair": pair,
            "partner": partner,
            "form": form,
            "closed": pair.status == PairStatus.CLOSED,
        },
    )


@employee_required
def my_safety_requests(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own requests and where each stands."""
    viewer = employee_for(request)
    return render(
        request,
        "relationships/safety/my_requests.html",
        {"requests": own_safety_requests(employee=viewer)},
    )


def _detail(
    request: HttpRequest,
    asked: SafetyRequest,
    *,
    reply_form: SafetyReplyForm | SafetyAddForm | None = None,
    close_form: SafetyCloseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    viewer = employee_for(request)
    handles = may_handle(viewer=viewer, request=asked)
    is_asker = asked.asked_by_id == viewer.pk
    pair_open = asked.pair.status != PairStatus.CLOSED
    return render(
        request,
        "relationships/safety/request_detail.html",
        {
            "asked": asked,
            "pair": asked.pair,
            "handles": handles,
            "is_asker": is_asker,
            "pair_open": pair_open,
            "reply_form": reply_form or (SafetyAddForm() if is_asker else SafetyReplyForm()),
            "close_form": close_form or SafetyCloseForm(),
        },
        status=status,
    )


@employee_required
def safety_request_detail(request: HttpRequest, request_pk: int) -> HttpResponse:
    """A request: the asker reads it and the replies; a coordinator also acts on it."""
    asked = safety_request_get_for(viewer=employee_for(request), request_pk=request_pk)
    return _detail(request, asked)


def _handled(request: HttpRequest, request_pk: int) -> SafetyRequest:
    viewer = employee_for(request)
    asked = safety_request_get_for(viewer=viewer, request_pk=request_pk)
    if not may_handle(viewer=viewer, request=asked):
        raise Http404("No such page.")
    return asked


def _form_posted(
    request: HttpRequest,
    asked: SafetyRequest,
    form: SafetyReplyForm | SafetyAddForm | SafetyCloseForm,
    save: Callable[[], object],
    success: str,
) -> HttpResponse:
    """Run ``save`` for a form posted on the request's page: back to the page with
    ``success``, or the page again with the form's errors (a 400)."""
    if form_saved(form, save) is None:
        if isinstance(form, SafetyCloseForm):
            return _detail(request, asked, close_form=form, status=400)
        return _detail(request, asked, reply_form=form, status=400)
    messages.success(request, success)
    return redirect("relationships:safety_request", request_pk=asked.pk)


@require_POST
@coordinator_required
def safety_request_reply_view(request: HttpRequest, request_pk: int) -> HttpResponse:
    asked = _handled(request, request_pk)
    form = SafetyReplyForm(request.POST)
    return _form_posted(
        request,
        asked,
        form,
        lambda: safety_request_reply(
            actor=acting_user(request), request=asked, text=form.cleaned_data["text"]
        ),
        f"Your reply is sent to {asked.asked_by.display_name} only.",
    )


@require_POST
@employee_required
def safety_request_add_view(request: HttpRequest, request_pk: int) -> HttpResponse:
    """The asker adds to their waiting request."""
    viewer = employee_for(request)
    asked = safety_request_get_for(viewer=viewer, request_pk=request_pk)
    if asked.asked_by_id != viewer.pk:
        raise Http404("No such page.")
    form = SafetyAddForm(request.POST)
    return _form_posted(
        request,
        asked,
        form,
        lambda: safety_request_add(
            actor=acting_user(request), request=asked, text=form.cleaned_data["text"]
        ),
        "Sent to the program's coordinators only.",
    )


@require_POST
@coordinator_required
def safety_request_resolve_view(request: HttpRequest, request_pk: int) -> HttpResponse:
    asked = _handled(request, request_pk)
    action_done(
        request,
        lambda: safety_request_resolve(actor=acting_user(request), request=asked),
        "The request is marked resolved; the pair goes on.",
    )
    return redirect("relationships:safety_request", request_pk=asked.pk)


@require_POST
@coordinator_required
def safety_pair_close_view(request: HttpRequest, request_pk: int) -> HttpResponse:
    asked = _handled(request, request_pk)
    form = SafetyCloseForm(request.POST)
    return _form_posted(
        request,
        asked,
        form,
        lambda: safety_pair_close(
            actor=acting_user(request), request=asked, message=form.cleaned_data["message"]
        ),
        "The pair is closed. Both people received your neutral message; their future "
        "meetings are cancelled. Rematch them below.",
    )


@coordinator_required
def program_safety_requests_view(request: HttpRequest, program_pk: int) -> HttpResponse:
    """A program's confidential requests for its coordinators: waiting ones, or all."""
    viewer = employee_for(request)
    program = program_get_for(viewer=viewer, program_pk=program_pk, manage=True)
    show_all = request.GET.get("all") == "1"
    return render(
        request,
        "relationships/safety/program_requests.html",
        {
            "program": program,
            "requests": program_safety_requests(
                viewer=viewer, program=program, waiting_only=not show_all
            ),
            "show_all": show_all,
        },
    )
