"""The pair's goals page: the two people read and edit their goals; an admin after
break-glass reads them; a coordinator sees only how many there are and how far they are."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from remento.core.errors import FieldErrors, ServiceError
from remento.core.forms import show_field_errors
from remento.core.pages import acting_user, action_done
from remento.core.words import count_of
from remento.people.access import employee_for, employee_required
from remento.people.models import Employee
from remento.relationships.access import is_member, pair_get_for
from remento.relationships.confidential import confidential_open, may_break_glass
from remento.relationships.goals.forms import GoalForm
from remento.relationships.goals.models import Goal
from remento.relationships.goals.selectors import (
    goal_of,
    goal_summary,
    milestone_of,
    pair_goals,
    summary_of,
)
from remento.relationships.goals.services import (
    goal_create,
    goal_delete,
    goal_update,
    goals_seed,
    milestone_toggle,
)
from remento.relationships.goals.workspace import learners
from remento.relationships.models import Pair, PairStatus


def _page(
    request: HttpRequest,
    viewer: Employee,
    pair: Pair,
    *,
    new_form: GoalForm | None = None,
    bound: tuple[int, GoalForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    member = is_member(pair=pair, employee=viewer)
    readable = member or confidential_open(viewer=viewer, pair=pair, session=request.session)
    people = learners(pair)
    writable = member and pair.status != PairStatus.CLOSED
    goals = pair_goals(pair=pair) if readable else []
    rows = []
    for goal in goals:
        form = None
        if writable:
            form = (
                bound[1]
                if bound and bound[0] == goal.pk
                else GoalForm.for_goal(goal, learners=people)
            )
        rows.append((goal, form))
    return render(
        request,
        "relationships/goals/goal_list.html",
        {
            "pair": pair,
            "is_member": member,
            "readable": readable,
            "writable": writable,
            "closed": pair.status == PairStatus.CLOSED,
            "may_break_glass": may_break_glass(viewer=viewer, pair=pair),
            "rows": rows,
            "summary": summary_of(goals) if readable else goal_summary(pair=pair),
            "learners": people,
            "new_form": new_form or (GoalForm(learners=people) if writable else None),
            "has_agreement_goals": bool(getattr(getattr(pair, "agreement", None), "goals", "")),
        },
        status=status,
    )


def _member_pair(request: HttpRequest, pair_pk: int) -> tuple[Employee, Pair]:
    """The pair for one of its two people; a 404 for anyone else (writes are theirs)."""
    viewer = employee_for(request)
    pair = pair_get_for(viewer=viewer, pair_pk=pair_pk)
    if not is_member(pair=pair, employee=viewer):
        raise Http404("No such page.")
    return viewer, pair


def _back(pair: Pair, anchor: str = "") -> HttpResponse:
    url = reverse("relationships:goals", kwargs={"pair_pk": pair.pk})
    return redirect(url + (f"#{anchor}" if anchor else ""))


def _goal_saved(
    request: HttpRequest,
    viewer: Employee,
    pair: Pair,
    form: GoalForm,
    save: Callable[[], Goal],
    success: str,
    *,
    goal_pk: int | None = None,
) -> HttpResponse:
    """Run ``save`` for the form of a new goal (or of goal ``goal_pk``) and go back to the
    goal; a refusal of the whole request goes back with a message; the page again (a 400)
    with the form's errors."""
    if form.is_valid():
        try:
            goal = save()
        except FieldErrors as error:
            show_field_errors(form, error)
        except ServiceError as error:
            messages.error(request, str(error))
            return _back(pair)
        else:
            messages.success(request, success)
            return _back(pair, f"goal-{goal.pk}")
    if goal_pk is None:
        return _page(request, viewer, pair, new_form=form, status=400)
    return _page(request, viewer, pair, bound=(goal_pk, form), status=400)


@employee_required
def goals_page(request: HttpRequest, pair_pk: int) -> HttpResponse:
    """GET: the goals; POST: add one (the two people only)."""
    if request.method != "POST":
        viewer = employee_for(request)
        return _page(request, viewer, pair_get_for(viewer=viewer, pair_pk=pair_pk))
    viewer, pair = _member_pair(request, pair_pk)
    form = GoalForm(request.POST, learners=learners(pair))
    return _goal_saved(
        request,
        viewer,
        pair,
        form,
        lambda: goal_create(actor=acting_user(request), pair=pair, **form.values()),
        "Goal added.",
    )


@require_POST
@employee_required
def goals_seed_view(request: HttpRequest, pair_pk: int) -> HttpResponse:
    _viewer, pair = _member_pair(request, pair_pk)
    try:
        added = goals_seed(actor=acting_user(request), pair=pair)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        if added:
            messages.success(
                request,
                f"{count_of(len(added), 'goal')} added: check them and add milestones.",
            )
        else:
            messages.warning(
                request, "Nothing new to add: your goals already cover the agreement and skills."
            )
    return _back(pair)


@require_POST
@employee_required
def goal_update_view(request: HttpRequest, pair_pk: int, goal_pk: int) -> HttpResponse:
    viewer, pair = _member_pair(request, pair_pk)
    goal: Goal = goal_of(pair=pair, goal_pk=goal_pk)
    form = GoalForm(request.POST, learners=learners(pair), prefix=f"goal-{goal.pk}")
    return _goal_saved(
        request,
        viewer,
        pair,
        form,
        lambda: goal_update(actor=acting_user(request), goal=goal, **form.values()),
        "Goal saved.",
        goal_pk=goal.pk,
    )


@require_POST
@employee_required
def goal_delete_view(request: HttpRequest, pair_pk: int, goal_pk: int) -> HttpResponse:
    _viewer, pair = _member_pair(request, pair_pk)
    goal = goal_of(pair=pair, goal_pk=goal_pk)
    action_done(
        request, lambda: goal_delete(actor=acting_user(request), goal=goal), "Goal removed."
    )
    return _back(pair)


@require_POST
@employee_required
def milestone_toggle_view(request: HttpRequest, pair_pk: int, milestone_pk: int) -> HttpResponse:
    """Tick or untick a milestone; with htmx, answer the goal's card alone."""
    _viewer, pair = _member_pair(request, pair_pk)
    milestone = milestone_of(pair=pair, milestone_pk=milestone_pk)
    try:
        milestone_toggle(
            actor=acting_user(request),
            milestone=milestone,
            done=request.POST.get("done") == "1",
        )
    except ServiceError as error:
        messages.error(request, str(error))
        return _back(pair)
    if getattr(request, "htmx", False):
        goals = pair_goals(pair=pair)
        goal = next(g for g in goals if g.pk == milestone.goal_id)
        return render(
            request,
            "relationships/goals/_goal.html",
            {
                "pair": pair,
                "goal": goal,
                "oob_summary": summary_of(goals),
                "form": GoalForm.for_goal(goal, learners=learners(pair)),
                "writable": True,
                "learners": learners(pair),
            },
        )
    return _back(pair, f"goal-{milestone.goal_id}")
