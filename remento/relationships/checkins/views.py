"""Check-in pages: a pair's check-ins (each person their own, coordinators both), answering
one, and for coordinators a program's check-ins and its plan and questions."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from remento.core.errors import FieldErrors, ServiceError
from remento.core.forms import show_field_errors
from remento.core.pages import acting_user, action_done, form_saved
from remento.people.access import coordinator_required, employee_for, employee_required
from remento.programs.access import program_get_for
from remento.programs.models import Program, Status
from remento.relationships.access import is_member, pair_get_for
from remento.relationships.checkins.forms import (
    CheckInAnswerForm,
    CheckInPlanForm,
    CheckInQuestionForm,
)
from remento.relationships.checkins.models import CheckInQuestion, CheckInStatus
from remento.relationships.checkins.plans import (
    checkin_plan_for,
    checkin_plan_update,
    checkin_question_create,
    checkin_question_delete,
    checkin_question_update,
)
from remento.relationships.checkins.selectors import (
    checkin_get_for,
    checkins_of_pair,
    program_checkins,
    sees_answers_of_pair,
)
from remento.relationships.checkins.services import checkin_answer, questions_for


@employee_required
def checkin_list(request: HttpRequest, pair_pk: int) -> HttpResponse:
    """The pair's check-ins: a person of the pair sees their own (and answers the open
    ones); a coordinator sees both people's answers."""
    viewer = employee_for(request)
    pair = pair_get_for(viewer=viewer, pair_pk=pair_pk)
    member = is_member(pair=pair, employee=viewer)
    checkins = checkins_of_pair(viewer=viewer, pair=pair)
    return render(
        request,
        "relationships/checkins/checkin_list.html",
        {
            "pair": pair,
            "is_member": member,
            "sees_answers": sees_answers_of_pair(viewer=viewer, pair=pair),
            "open": [c for c in checkins if c.status == CheckInStatus.OPEN],
            "past": [c for c in checkins if c.status != CheckInStatus.OPEN],
        },
    )


@employee_required
def checkin_answer_view(request: HttpRequest, pair_pk: int, checkin_pk: int) -> HttpResponse:
    """Answer one's own check-in; anyone else's is a 404."""
    viewer = employee_for(request)
    pair = pair_get_for(viewer=viewer, pair_pk=pair_pk)
    checkin = checkin_get_for(viewer=viewer, pair=pair, checkin_pk=checkin_pk)
    list_url = reverse("relationships:checkins:list", kwargs={"pair_pk": pair.pk})
    if checkin.status != CheckInStatus.OPEN:
        return redirect(f"{list_url}#checkin-{checkin.pk}")
    questions = questions_for(program_id=pair.program_id, role=checkin.role, kind=checkin.kind)
    form = CheckInAnswerForm(
        request.POST if request.method == "POST" else None, checkin=checkin, questions=questions
    )
    if (
        request.method == "POST"
        and form_saved(
            form,
            lambda: checkin_answer(
                actor=acting_user(request), checkin=checkin, **form.service_arguments()
            ),
        )
        is not None
    ):
        messages.success(request, "Thank you: your coordinator has your answers.")
        return redirect(list_url)
    partner = pair.partner_of(viewer.pk)
    return render(
        request,
        "relationships/checkins/checkin_answer.html",
        {"pair": pair, "checkin": checkin, "form": form, "partner": partner, "is_member": True},
    )


def _program_for_coordinator(request: HttpRequest, program_pk: int) -> Program:
    return program_get_for(viewer=employee_for(request), program_pk=program_pk, manage=True)


@coordinator_required
def program_checkins_view(request: HttpRequest, program_pk: int) -> HttpResponse:
    """A program's check-ins with every answer, for its coordinators, 25 a page."""
    program = _program_for_coordinator(request, program_pk)
    found = program_checkins(
        viewer=employee_for(request),
        program=program,
        status=request.GET.get("status", ""),
        page_number=request.GET.get("page", 1),
    )
    return render(
        request,
        "relationships/checkins/program_checkins.html",
        {"program": program, "page": found.page, "counts": found.counts, "status": found.status},
    )


def _settings_url(program: Program) -> str:
    return reverse("relationships:checkins:settings", kwargs={"program_pk": program.pk})


@coordinator_required
def checkin_settings_view(request: HttpRequest, program_pk: int) -> HttpResponse:
    """When the program's pairs check in, and the questions they answer."""
    program = _program_for_coordinator(request, program_pk)
    plan = checkin_plan_for(program)
    posted = request.method == "POST"
    plan_form = CheckInPlanForm(
        request.POST if posted and "save_plan" in request.POST else None,
        initial={
            "after_first_meeting": plan.after_first_meeting,
            "every_days": plan.every_days,
            "closing": plan.closing,
            "remind_after_days": plan.remind_after_days,
        },
    )
    question_form = CheckInQuestionForm(
        request.POST if posted and "add_question" in request.POST else None,
        initial={"kind": "text"},
    )
    for form, save in ((plan_form, "plan"), (question_form, "question")):
        if not (form.is_bound and form.is_valid()):
            continue
        try:
            if save == "plan":
                checkin_plan_update(
                    actor=acting_user(request), program=program, data=plan_form.plan_data()
                )
                messages.success(request, "The check-in plan is saved.")
            else:
                checkin_question_create(
                    actor=acting_user(request),
                    program=program,
                    data=question_form.question_data(),
                )
                messages.success(request, "The question is added.")
        except FieldErrors as invalid:
            show_field_errors(form, invalid)
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            return redirect(_settings_url(program))
    return render(
        request,
        "relationships/checkins/checkin_settings.html",
        {
            "program": program,
            "plan": plan,
            "plan_form": plan_form,
            "question_form": question_form,
            "questions": list(CheckInQuestion.objects.filter(program=program)),
            "editable": program.status != Status.CLOSED,
        },
    )


def _question_of(request: HttpRequest, program: Program, question_pk: int) -> CheckInQuestion:
    question = get_object_or_404(
        CheckInQuestion.objects.select_related("program__organization"),
        program=program,
        pk=question_pk,
    )
    if question.program.organization_id != employee_for(request).organization_id:
        raise Http404("No such question.")
    return question


@coordinator_required
def checkin_question_edit_view(
    request: HttpRequest, program_pk: int, question_pk: int
) -> HttpResponse:
    program = _program_for_coordinator(request, program_pk)
    question = _question_of(request, program, question_pk)
    form = CheckInQuestionForm(
        request.POST if request.method == "POST" else None,
        initial=CheckInQuestionForm.initial_for(question),
    )
    if (
        request.method == "POST"
        and form_saved(
            form,
            lambda: checkin_question_update(
                actor=acting_user(request), question=question, data=form.question_data()
            ),
        )
        is not None
    ):
        messages.success(request, "The question is saved.")
        return redirect(_settings_url(program))
    return render(
        request,
        "relationships/checkins/checkin_question_edit.html",
        {"program": program, "question": question, "form": form},
    )


@coordinator_required
@require_POST
def checkin_question_delete_view(
    request: HttpRequest, program_pk: int, question_pk: int
) -> HttpResponse:
    program = _program_for_coordinator(request, program_pk)
    question = _question_of(request, program, question_pk)
    action_done(
        request,
        lambda: checkin_question_delete(actor=acting_user(request), question=question),
        f"“{question.text}” is no longer asked.",
    )
    return redirect(_settings_url(program))
