"""Assessment pages: answering one's own assessment (or re-reading it once answered), the
list of one's assessments in a pair, and a program's progress for its coordinators. Only
the rater ever reads their levels: anyone else's assessment is a 404, a coordinator's view
included; the program's page says who has one waiting, never what anyone answered."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from remento.core.pages import acting_user, form_page, form_saved
from remento.outcomes.assessments.forms import AssessmentForm
from remento.outcomes.assessments.levels import LEVELS, level_label
from remento.outcomes.assessments.models import Assessment, AssessmentStatus, Phase, RaterRole
from remento.outcomes.assessments.selectors import (
    assessment_get_for,
    assessments_in_pair,
    program_assessments,
)
from remento.outcomes.assessments.services import assessment_answer, retrospective_before_of
from remento.outcomes.assessments.skills import skills_of
from remento.people.access import coordinator_required, employee_for, employee_required
from remento.programs.access import program_get_for
from remento.relationships.access import is_member, pair_get_for


def _now_label(assessment: Assessment) -> str:
    if assessment.rater_role == RaterRole.MENTOR:
        return f"Where {assessment.learner.display_name} is now, at the end of the pair"
    if assessment.phase == Phase.BEFORE:
        return "Where you are today, at the start of the pair"
    return "Where you are now, at the end of the pair"


def _answered(request: HttpRequest, assessment: Assessment) -> HttpResponse:
    """An answered (or withdrawn) assessment, to read only."""
    then = {}
    if assessment.phase == Phase.AFTER and assessment.rater_role == RaterRole.SELF:
        before = Assessment.objects.filter(
            pair_id=assessment.pair_id,
            learner_id=assessment.learner_id,
            rater_id=assessment.rater_id,
            phase=Phase.BEFORE,
            retrospective=True,
            status=AssessmentStatus.ANSWERED,
        ).first()
        if before is not None:
            then = {r.skill_id: level_label(r.level) for r in before.ratings.all()}
    rows = [
        {"skill": r.skill.name, "level": level_label(r.level), "then": then.get(r.skill_id, "")}
        for r in assessment.ratings.select_related("skill")
        if r.level is not None
    ]
    return render(
        request,
        "outcomes/assessments/assessment_read.html",
        {"assessment": assessment, "pair": assessment.pair, "rows": rows, "then": bool(then)},
    )


@employee_required
def assessment_answer_view(request: HttpRequest, assessment_pk: int) -> HttpResponse:
    """Answer one's own open assessment; an answered one reads back, never changes."""
    viewer = employee_for(request)
    assessment = assessment_get_for(viewer=viewer, assessment_pk=assessment_pk)
    pair = assessment.pair
    if (
        assessment.phase == Phase.BEFORE
        and assessment.retrospective
        and (assessment.status == AssessmentStatus.OPEN)
    ):
        # A late “then” is answered with the end-of-pair self-assessment.
        after = Assessment.objects.filter(
            pair=pair, rater=viewer, learner=viewer, phase=Phase.AFTER
        ).first()
        if after is None:
            raise Http404("No such assessment.")
        return redirect("outcomes:assessment_answer", assessment_pk=after.pk)
    if assessment.status != AssessmentStatus.OPEN:
        return _answered(request, assessment)
    skills = skills_of([assessment])[assessment.pk]
    retrospective = retrospective_before_of(assessment) is not None
    form = AssessmentForm(
        request.POST if request.method == "POST" else None,
        skills=skills,
        now_label=_now_label(assessment),
        then=retrospective,
    )
    if (
        request.method == "POST"
        and form_saved(
            form,
            lambda: assessment_answer(
                actor=acting_user(request), assessment=assessment, **form.service_arguments()
            ),
        )
        is not None
    ):
        messages.success(request, "Thank you: your assessment is saved.")
        return redirect("outcomes:pair_assessments", pair_pk=pair.pk)
    return form_page(
        request,
        "outcomes/assessments/assessment_answer.html",
        {
            "assessment": assessment,
            "pair": pair,
            "form": form,
            "skills": skills,
            "retrospective": retrospective,
            "levels": LEVELS,
            "profile_url": reverse("people:profile_edit"),
        },
    )


@employee_required
def pair_assessments_view(request: HttpRequest, pair_pk: int) -> HttpResponse:
    """The viewer's own assessments in one of their pairs (those they rate). Only the two
    people of the pair: a coordinator reads the program's aggregates instead (a 404 here)."""
    viewer = employee_for(request)
    pair = pair_get_for(viewer=viewer, pair_pk=pair_pk)
    if not is_member(pair=pair, employee=viewer):
        raise Http404("No such page.")
    assessments = assessments_in_pair(viewer=viewer, pair=pair)
    shown = [
        a
        for a in assessments
        if not (a.phase == Phase.BEFORE and a.retrospective and a.status == AssessmentStatus.OPEN)
    ]
    skills = skills_of(shown)
    return render(
        request,
        "outcomes/assessments/pair_assessments.html",
        {
            "pair": pair,
            "rows": [(a, skills[a.pk]) for a in shown],
            "waiting": any(a.status == AssessmentStatus.OPEN for a in shown),
            "profile_url": reverse("people:profile_edit"),
        },
    )


@coordinator_required
def program_assessments_view(request: HttpRequest, program_pk: int) -> HttpResponse:
    """How far a program's assessments have got, and who still has one to answer, for its
    coordinators to follow up (the skill gain needs a before and an after)."""
    viewer = employee_for(request)
    program = program_get_for(viewer=viewer, program_pk=program_pk, manage=True)
    found = program_assessments(
        viewer=viewer, program=program, page_number=request.GET.get("page", 1)
    )
    return render(
        request,
        "outcomes/assessments/program_assessments.html",
        {"program": program, "progress": found.progress, "page": found.waiting},
    )
