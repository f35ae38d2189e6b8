"""A coordinator's participant pages: who is in (counts, lists, filters), the approval
queue, and nominating people from the directory."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from remento.core.errors import ServiceError
from remento.enrollment.forms import (
    InviteManyForm,
    NominateForm,
    NominateSearchForm,
    NoteForm,
    ParticipantFilterForm,
    put_errors,
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
    EnrollmentInvalid,
    enrollment_approve,
    enrollment_decline,
    enrollment_invite_many,
    enrollment_nominate,
    enrollment_promote_waitlist,
    enrollment_withdraw,
)
from remento.enrollment.services.rules import LIVE_STATUSES
from remento.people.access import coordinator_required, employee_for
from remento.programs.access import program_get_for


@coordinator_required
def participants(request: HttpRequest, program_pk: int) -> HttpResponse:
    """Counts by role and status, and everyone filtered by role, status, name or email,
    one page at a time."""
    program = program_get_for(viewer=employee_for(request), program_pk=program_pk, manage=True)
    form = ParticipantFilterForm(request.GET or None)
    filters = ParticipantFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = ParticipantFilters(
            role=data["role"], status=data["status"], text=data["q"].strip()
        )
    overview = program_participants(
        program=program, filters=filters, page_number=request.GET.get("page")
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
@coordinator_required
def promote_waitlist(request: HttpRequest, program_pk: int) -> HttpResponse:
    """Fill free places from the waitlists."""
    program = program_get_for(viewer=employee_for(request), program_pk=program_pk, manage=True)
    try:
        promoted = enrollment_promote_waitlist(actor=request.user, program=program)  # type: ignore[arg-type]
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
@coordinator_required
def participant_withdraw(request: HttpRequest, program_pk: int, enrollment_pk: int) -> HttpResponse:
    """Withdraw someone on their behalf (they asked the coordinator)."""
    program = program_get_for(viewer=employee_for(request), program_pk=program_pk, manage=True)
    enrollment = get_object_or_404(Enrollment, program=program, pk=enrollment_pk)
    try:
        enrollment_withdraw(actor=request.user, enrollment=enrollment)  # type: ignore[arg-type]
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{enrollment.employee.display_name} was withdrawn.")
    return redirect("enrollment:participants", program_pk=program.pk)


@coordinator_required
def applications(request: HttpRequest, program_pk: int) -> HttpResponse:
    """The approval queue: each application with its answers, approve or decline."""
    program = program_get_for(viewer=employee_for(request), program_pk=program_pk, manage=True)
    return render(
        request,
        "enrollment/applications_list.html",
        {"program": program, "queue": application_queue(program=program), "form": NoteForm()},
    )


@require_POST
@coordinator_required
def application_decide(request: HttpRequest, program_pk: int, enrollment_pk: int) -> HttpResponse:
    """Approve or decline one application (the note is required to decline)."""
    program = program_get_for(viewer=employee_for(request), program_pk=program_pk, manage=True)
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
            enrollment = enrollment_approve(actor=request.user, enrollment=enrollment, note=note)  # type: ignore[arg-type]
            placed = "enrolled" if enrollment.status == EnrollmentStatus.ENROLLED else "waitlisted"
            messages.success(request, f"{name} is approved and {placed}; they will be emailed.")
        elif decision == "decline":
            enrollment_decline(actor=request.user, enrollment=enrollment, note=note)  # type: ignore[arg-type]
            messages.success(request, f"{name}'s application is declined; they will be emailed.")
        else:
            messages.error(request, "Choose approve or decline.")
    except EnrollmentInvalid as error:
        messages.error(request, f"{name}: {error}")
    except ServiceError as error:
        messages.error(request, str(error))
    return redirect("enrollment:applications", program_pk=program.pk)


@coordinator_required
def nominate(request: HttpRequest, program_pk: int) -> HttpResponse:
    """Search the directory, tick people, invite them as mentors or mentees."""
    viewer = employee_for(request)
    program = program_get_for(viewer=viewer, program_pk=program_pk, manage=True)
    search = NominateSearchForm(request.GET or None)
    text = search.cleaned_data["q"] if search.is_bound and search.is_valid() else ""
    form = NominateForm(
        request.POST if request.method == "POST" else None,
        organization_id=program.organization_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            invited = enrollment_nominate(
                actor=request.user,  # type: ignore[arg-type]
                program=program,
                employees=list(form.cleaned_data["employees"]),
                role=form.cleaned_data["role"],
                note=form.cleaned_data["note"],
            )
        except EnrollmentInvalid as error:
            put_errors(form, error)
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            names = ", ".join(e.employee.display_name for e in invited)
            messages.success(request, f"Invited {names}; each will be emailed a link to accept.")
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


@coordinator_required
def invite_many(request: HttpRequest, program_pk: int) -> HttpResponse:
    """Invite by filter and by a list of addresses: "Preview" shows who would be invited
    and who is skipped and why, writing nothing; "Invite" sends the invitations."""
    viewer = employee_for(request)
    program = program_get_for(viewer=viewer, program_pk=program_pk, manage=True)
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
                    actor=request.user,  # type: ignore[arg-type]
                    program=program,
                    role=role,
                    chosen=chosen,
                    addresses=listed,
                    note=form.cleaned_data["note"],
                )
            except EnrollmentInvalid as error:
                put_errors(form, error)
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
