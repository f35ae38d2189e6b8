"""The questionnaire builder: list, add, edit and remove a program's sign-up questions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from remento.core.pages import acting_user, action_done, form_saved
from remento.enrollment.forms import QuestionForm
from remento.enrollment.models import Question
from remento.enrollment.services import (
    question_create,
    question_delete,
    question_update,
)
from remento.people.models import Employee
from remento.programs.access import managed_program_view
from remento.programs.models import Program


@managed_program_view
def questions(request: HttpRequest, viewer: Employee, program: Program) -> HttpResponse:
    """The program's questions in order, and a form to add one."""
    form = QuestionForm(
        request.POST if request.method == "POST" else None,
        organization_id=program.organization_id,
    )
    if request.method == "POST" and (
        question := form_saved(
            form,
            lambda: question_create(
                actor=acting_user(request),
                program=program,
                data=form.question_data(),
            ),
        )
    ):
        messages.success(request, f"Added “{question.text}”.")
        return redirect("enrollment:questions", program_pk=program.pk)
    listed = (
        Question.objects.filter(program=program)
        .prefetch_related("skills")
        .order_by("position", "pk")
    )
    context = {"program": program, "questions": listed, "form": form}
    return render(request, "enrollment/questions_list.html", context)


@managed_program_view
def question_edit(
    request: HttpRequest, viewer: Employee, program: Program, question_pk: int
) -> HttpResponse:
    """Change one question."""
    question = get_object_or_404(Question, program=program, pk=question_pk)
    form = QuestionForm(
        request.POST if request.method == "POST" else None,
        organization_id=program.organization_id,
        initial=QuestionForm.initial_for(question),
    )
    if (
        request.method == "POST"
        and form_saved(
            form,
            lambda: question_update(
                actor=acting_user(request),
                question=question,
                data=form.question_data(),
            ),
        )
        is not None
    ):
        messages.success(request, "The question was saved.")
        return redirect("enrollment:questions", program_pk=program.pk)
    context = {"program": program, "question": question, "form": form}
    return render(request, "enrollment/question_edit.html", context)


@require_POST
@managed_program_view
def question_remove(
    request: HttpRequest, viewer: Employee, program: Program, question_pk: int
) -> HttpResponse:
    """Remove a question nobody has answered."""
    question = get_object_or_404(Question, program=program, pk=question_pk)
    action_done(
        request,
        lambda: question_delete(actor=acting_user(request), question=question),
        f"Removed “{question.text}”.",
    )
    return redirect("enrollment:questions", program_pk=program.pk)
