"""A coordinator's participant pages: who is in (counts, lists, filters), the approval
queue, and nominating people from the directory."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from remento.core.errors import FieldErrors, ServiceError
from remento.core.forms import show_field_errors
from remento.core.pages import acting_user, action_done, form_saved
from remento.enrollment.forms import (
    InviteManyForm,
    NominateForm,
    NominateSearchForm,
    NoteForm,
    ParticipantFilterForm,
)
from remento.enrollment.invitations import invitation_plan
from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.enrollment.selectors import (
    ParticipantFilters,
    application_queue,
    nomination_candidates,
    program_participants,
)
from remento.enrollment.services import (
    enrollment_approve,
    enrollment_decline,
    enrollment_invite_many,
    enrollment_nominate,
    enrollment_promote_waitlist,
    enrollment_withdraw,
)
from remento.enrollment.services.rules import LIVE_STATUSES
from remento.people.models import Employee
from remento.programs.access import managed_program_view
from remento.programs.models import Program


@managed_program_view
def participants(request: HttpRequest, viewer: Employee, program: Program) -> HttpResponse:
    """Counts by role and status, and everyone filtered by role, status, name or email,
    one page at a time."""
    form = ParticipantFilterForm(request.GET or None)
    filters = ParticipantFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = ParticipantFilters(
            role=data["role"], status=data["status"], text=data["q"].strip()
        )
    overview = program_participants(
        program=program, filters=filters, cursor=request.GET.get("cursor")
    )
    return render(
        request,
        "enrollment/participants_list.html",
        {
            "program": program,
            "form": form,
            "overview": overview,
            "page": overview.page,
            "roles": EnrollmentRole,
            "live_statuses": LIVE_STATUSES,
            "count_rows": [
                (
                    EnrollmentStatus(status).label,
                    [overview.counts[r][status] for r in overview.counts],
                )
                for status in EnrollmentStatus.values
            ],
        },
    )


@require_POST
@managed_program_view
def promote_waitlist(request: HttpRequest, viewer: Employee, program: Program) -> HttpResponse:
    """Fill free places from the waitlists."""
    try:
        promoted = enrollment_promote_waitlist(actor=acting_user(request), program=program)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        if promoted:
            names = ", ".join(e.employee.display_name for e in promoted)
            messages.success(request, f"Enrolled from the waitlist: {names}.")
        else:
            messages.info(request, "No free place, or nobody waiting: nothing changed.")
    return redirect("enrollment:participants", program_pk=program.pk)


@require_POST
@managed_program_view
def participant_withdraw(
    request: HttpRequest, viewer: Employee, program: Program, enrollment_pk: int
) -> HttpResponse:
    """Withdraw someone on their behalf (they asked the coordinator)."""
    enrollment = get_object_or_404(Enrollment, program=program, pk=enrollment_pk)
    action_done(
        request,
        lambda: enrollment_withdraw(actor=acting_user(request), enrollment=enrollment),
        f"{enrollment.employee.display_name} was withdrawn.",
    )
    return redirect("enrollment:participants", program_pk=program.pk)


@managed_program_view
def applications(request: HttpRequest, viewer: Employee, program: Program) -> HttpResponse:
    """The approval queue: each application with its answers, approve or decline."""
    return render(
        request,
        "enrollment/applications_list.html",
        {"program": program, "queue": application_queue(program=program), "form": NoteForm()},
    )


@require_POST
@managed_program_view
def application_decide(
    request: HttpRequest, viewer: Employee, program: Program, enrollment_pk: int
) -> HttpResponse:
    """Approve or decline one application (the note is required to decline)."""
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("employee"), program=program, pk=enrollment_pk
    )
    form = NoteForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note") or ""
    decision = request.POST.get("decision")
    name = enrollment.employee.display_name
    try:
        if decision == "approve":
            enrollment = enrollment_approve(
                actor=acting_user(request), enrollment=enrollment, note=note
            )
            placed = "enrolled" if enrollment.status == EnrollmentStatus.ENROLLED else "waitlisted"
            messages.success(request, f"{name} is approved and {placed}; they will be emailed.")
        elif decision == "decline":
            enrollment_decline(actor=acting_user(request), enrollment=enrollment, note=note)
            messages.success(request, f"{name}'s application is declined; they will be emailed.")
        else:
            messages.error(request, "Choose approve or decline.")
    except FieldErrors as error:
        messages.error(request, f"{name}: {error}")
    except ServiceError as error:
        messages.error(request, str(error))
    return redirect("enrollment:applications", program_pk=program.pk)


def invited_message(names: list[str]) -> str:
    """The confirmation of invitations, worded for one person ("Invited Ava Green, who will
    be emailed a link to accept.") or for several ("Invited Ava Green and Ben Hill; each will
    be emailed a link to accept.")."""
    if len(names) == 1:
        return f"Invited {names[0]}, who will be emailed a link to accept."
    listed = f"{', '.join(names[:-1])} and {names[-1]}" if names else ""
    return f"Invited {listed}; each will be emailed a link to accept."


@managed_program_view
def nominate(request: HttpRequest, viewer: Employee, program: Program) -> HttpResponse:
    """Search the directory, tick people, invite them as mentors or mentees."""
    search = NominateSearchForm(request.GET or None)
    text = search.cleaned_data["q"] if search.is_bound and search.is_valid() else ""
    form = NominateForm(
        request.POST if request.method == "POST" else None,
        organization_id=program.organization_id,
    )
    if (
        request.method == "POST"
        and (
            invited := form_saved(
                form,
                lambda: enrollment_nominate(
                    actor=acting_user(request),
                    program=program,
                    employees=list(form.cleaned_data["employees"]),
                    role=form.cleaned_data["role"],
                    note=form.cleaned_data["note"],
                ),
            )
        )
        is not None
    ):
        messages.success(request, invited_message([e.employee.display_name for e in invited]))
        return redirect("enrollment:participants", program_pk=program.pk)
    candidates = nomination_candidates(viewer=viewer, program=program, text=text)
    return render(
        request,
        "enrollment/nominate.html",
        {
            "program": program,
            "search": search,
            "form": form,
            "candidates": candidates,
            "text": text,
            "chosen": set(form["employees"].value() or []) if form.is_bound else set(),
        },
    )


# How many names a preview lists on each side; the counts are always whole.
PREVIEW_ROWS = 200


@managed_program_view
def invite_many(request: HttpRequest, viewer: Employee, program: Program) -> HttpResponse:
    """Invite by filter and by a list of addresses: "Preview" shows who would be invited
    and who is skipped and why, writing nothing; "Invite" sends the invitations."""
    form = InviteManyForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        organization=program.organization,
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        chosen, listed = form.invite_filter(), form.listed()
        role = form.cleaned_data["role"]
        if "confirm" in request.POST:
            try:
                done = enrollment_invite_many(
                    actor=acting_user(request),
                    program=program,
                    role=role,
                    chosen=chosen,
                    addresses=listed,
                    note=form.cleaned_data["note"],
                )
            except FieldErrors as error:
                show_field_errors(form, error)
            except ServiceError as error:
                form.add_error(None, str(error))
            else:
                invited = len(done.invite)
                message = f"Invited {invited} {'person' if invited == 1 else 'people'}"
                if done.skipped:
                    message += f"; {len(done.skipped)} skipped"
                messages.success(request, f"{message}. Each invitee will be emailed a link.")
                return redirect("enrollment:participants", program_pk=program.pk)
        else:
            preview = invitation_plan(program=program, role=role, chosen=chosen, addresses=listed)
            # The preview's form carries the uploaded list in the text box to the confirmation.
            data = request.POST.copy()
            data["addresses"] = form.cleaned_data["addresses"]
            form = InviteManyForm(data, organization=program.organization)
            form.is_valid()
    return render(
        request,
        "enrollment/invite_many.html",
        {
            "program": program,
            "form": form,
            "preview": preview,
            "rows": PREVIEW_ROWS,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
