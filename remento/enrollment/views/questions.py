"""The questionnaire builder: list, add, edit and remove a program's sign-up questions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from remento.core.errors import ServiceError
from remento.enrollment.forms import QuestionForm, put_errors
from remento.enrollment.models import Question
from remento.enrollment.services import (
    EnrollmentInvalid,
    question_create,
    question_delete,
    question_update,
)
from remento.people.access import coordinator_required, employee_for
from remento.programs.access import program_get_for


@coordinator_required
def questions(request: HttpRequest, program_pk: int) -> HttpResponse:
    """The program's questions in order, and a form to add one."""
    program = program_get_for(viewer=employee_for(request), program_pk=program_pk, manage=True)
    form = QuestionForm(
        request.POST if request.method == "POST" else None,
        organization_id=program.organization_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            question = question_create(
                actor=request.user,  # type: ignore[arg-type]
                program=program,
                data=form.question_data(),
            )
        except EnrollmentInvalid as error:
            put_errors(form, error)
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Added “{question.text}”.")
            return redirect("enrollment:questions", program_pk=program.pk)
    listed = (
        Question.objects.filter(program=program)
        .prefetch_related("skills")
        .order_by("position", "pk")
    )
    return render(
        request,
        "enrollment/questions_list.html",
        {"program": program, "questions": listed, "form": form},
    )


@coordinator_required
def question_edit(request: HttpRequest, program_pk: int, question_pk: int) -> HttpResponse:
    """Change one question."""
    program = program_get_for(viewer=employee_for(request), program_pk=program_pk, manage=True)
    question = get_object_or_404(Question, program=program, pk=question_pk)
    form = QuestionForm(
        request.POST if request.method == "POST" else None,
        organization_id=program.organization_id,
        initial=QuestionForm.initial_for(question),
    )
    if request.method == "POST" and form.is_valid():
        try:
            question_update(
                actor=request.user,  # type: ignore[arg-type]
                question=question,
                data=form.question_data(),
            )
        except EnrollmentInvalid as error:
            put_errors(form, error)
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The question was saved.")
            return redirect("enrollment:questions", program_pk=program.pk)
    return render(
        request,
        "enrollment/question_edit.html",
        {"program": program, "question": question, "form": form},
    )


@require_POST
@coordinator_required
def question_remove(request: HttpRequest, program_pk: int, question_pk: int) -> HttpResponse:
    """Remove a question nobody has answered."""
    program = program_get_for(viewer=employee_for(request), program_pk=program_pk, manage=True)
    question = get_object_or_404(Question, program=program, pk=question_pk)
    try:
        question_delete(actor=request.user, question=question)  # type: ignore[arg-type]
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Removed “{question.text}”.")
    return redirect("enrollment:questions", program_pk=program.pk)
