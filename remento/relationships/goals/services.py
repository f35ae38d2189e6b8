"""Writing a pair's goals and milestones (the pair's two people, while the pair is open).

Every service locks the pair row, checks the actor is one of the two, and records an audit
event that names what changed but never its words: goals are confidential to the pair.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.errors import FieldErrors, ServiceError
from remento.core.models import User
from remento.people.models import Employee, SkillWant
from remento.relationships.goals.models import Goal, GoalSource, Milestone
from remento.relationships.goals.workspace import learners, locked_in_pair, pair_writer
from remento.relationships.models import Pair

TITLE_MAX = 200
DETAIL_MAX = 2000
MILESTONES_MAX = 20
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s*")


def _audit(actor: User, pair: Pair, verb: str, target: Goal, **data: object) -> None:
    audit_log(
        actor=actor,
        organization=pair.program.organization,
        verb=verb,
        target=target,
        data={"pair": pair.pk, **data},
    )


def _clean(
    *,
    pair: Pair,
    owner: Employee | None,
    title: str,
    detail: str,
    target_date: dt.date | None,
    progress: int,
    milestones: Sequence[str],
    new: bool = False,
) -> tuple[Employee, str, str, list[str]]:
    errors: dict[str, str] = {}
    people = learners(pair)
    owner = owner or people[0]
    if owner.pk not in {person.pk for person in people}:
        errors["owner"] = (
            "Goals here belong to " + " or ".join(p.display_name for p in people) + "."
        )
    title = " ".join(title.split())
    if not title:
        errors["title"] = "Name the goal in a few words."
    elif len(title) > TITLE_MAX:
        errors["title"] = f"Keep the goal to {TITLE_MAX} characters."
    detail = detail.strip()
    if len(detail) > DETAIL_MAX:
        errors["detail"] = f"Keep the details to {DETAIL_MAX} characters."
    if not 0 <= progress <= 100:
        errors["progress"] = "Progress is a percentage from 0 to 100."
    today = timezone.localdate()
    if target_date is not None and not (
        today - dt.timedelta(days=3650) <= target_date <= today + dt.timedelta(days=3650)
    ):
        errors["target_date"] = "Choose a target date within ten years of today."
    elif new and target_date is not None and target_date < today:
        errors["target_date"] = "A new goal's target date is today or later."
    steps = [" ".join(step.split()) for step in milestones]
    steps = [step for step in steps if step]
    if len(steps) > MILESTONES_MAX:
        errors["milestones"] = f"Keep to {MILESTONES_MAX} milestones per goal."
    elif any(len(step) > TITLE_MAX for step in steps):
        errors["milestones"] = f"Keep each milestone to {TITLE_MAX} characters."
    if errors:
        raise FieldErrors(errors)
    return owner, title, detail, steps


@transaction.atomic
def goal_create(
    *,
    actor: User,
    pair: Pair,
    title: str,
    owner: Employee | None = None,
    detail: str = "",
    target_date: dt.date | None = None,
    progress: int = 0,
    milestones: Sequence[str] = (),
) -> Goal:
    """Add a goal for ``owner`` (the mentee unless the program is mutual), with milestones in
    the given order. Bad input raises ``FieldErrors``; nothing is written."""
    pair, employee = pair_writer(actor, pair)
    owner, title, detail, steps = _clean(
        pair=pair,
        owner=owner,
        title=title,
        detail=detail,
        target_date=target_date,
        progress=progress,
        milestones=milestones,
        new=True,
    )
    goal = Goal.objects.create(
        pair=pair,
        owner=owner,
        title=title,
        detail=detail,
        target_date=target_date,
        progress=progress,
        created_by=employee,
    )
    Milestone.objects.bulk_create(
        [Milestone(goal=goal, title=step, position=i) for i, step in enumerate(steps)]
    )
    _audit(actor, pair, "goal.create", goal, milestones=len(steps))
    return goal


@transaction.atomic
def goal_update(
    *,
    actor: User,
    goal: Goal,
    title: str,
    detail: str,
    target_date: dt.date | None,
    progress: int,
    milestones: Sequence[str],
    owner: Employee | None = None,
) -> Goal:
    """Change a goal. ``milestones`` is the whole list in order: a milestone kept by name
    keeps whether it is done, a new one starts not done, one left out is removed."""
    pair, _employee = pair_writer(actor, goal.pair)
    goal = locked_in_pair(goal, pair, "goal")
    owner, title, detail, steps = _clean(
        pair=pair,
        owner=owner or goal.owner,
        title=title,
        detail=detail,
        target_date=target_date,
        progress=progress,
        milestones=milestones,
    )
    existing = {milestone.title.casefold(): milestone for milestone in goal.milestones.all()}
    keep, create = [], []
    for position, step in enumerate(steps):
        found = existing.pop(step.casefold(), None)
        if found is None:
            create.append(Milestone(goal=goal, title=step, position=position))
        else:
            found.title, found.position = step, position
            keep.append(found)
    Milestone.objects.filter(pk__in=[m.pk for m in existing.values()]).delete()
    Milestone.objects.bulk_update(keep, ["title", "position"])
    Milestone.objects.bulk_create(create)
    goal.owner, goal.title, goal.detail = owner, title, detail
    goal.target_date, goal.progress = target_date, progress
    goal.save()
    _audit(actor, pair, "goal.update", goal, milestones=len(steps))
    return goal


@transaction.atomic
def goal_delete(*, actor: User, goal: Goal) -> None:
    """Remove a goal and its milestones (either of the two people)."""
    pair, _employee = pair_writer(actor, goal.pair)
    goal = locked_in_pair(goal, pair, "goal")
    _audit(actor, pair, "goal.delete", goal)
    goal.delete()


@transaction.atomic
def milestone_toggle(*, actor: User, milestone: Milestone, done: bool) -> Milestone:
    """Mark a milestone done (by the actor, now) or not done."""
    pair, employee = pair_writer(actor, milestone.goal.pair)
    milestone = Milestone.objects.select_for_update().select_related("goal").get(pk=milestone.pk)
    if milestone.goal.pair_id != pair.pk:
        raise ServiceError("This milestone belongs to another pair.")
    if done and milestone.done_at is None:
        milestone.done_at, milestone.done_by = timezone.now(), employee
    elif not done:
        milestone.done_at, milestone.done_by = None, None
    milestone.save(update_fields=["done_at", "done_by"])
    _audit(actor, pair, "goal.milestone_toggle", milestone.goal, milestone=milestone.pk, done=done)
    return milestone


def agreement_goal_lines(text: str) -> list[str]:
    """The goals written in the agreement, one per line, without bullets or numbers."""
    lines = (_BULLET.sub("", line).strip() for line in text.splitlines())
    return [" ".join(line.split())[:TITLE_MAX] for line in lines if line]


@transaction.atomic
def goals_seed(*, actor: User, pair: Pair) -> list[Goal]:
    """Start the pair's goals from its agreement (one goal per line of its goals, for the
    mentee) and from the skills each learner said they want to learn, most wanted first.
    Goals already there (same title, or the same skill) are not added twice."""
    pair, employee = pair_writer(actor, pair)
    people = learners(pair)
    existing = list(Goal.objects.filter(pair=pair).values_list("title", "skill_id", "owner_id"))
    titles = {title.casefold() for title, _skill, _owner in existing}
    skills = {(owner, skill) for _title, skill, owner in existing if skill is not None}
    new: list[Goal] = []
    terms = getattr(pair, "agreement", None)
    for line in agreement_goal_lines(terms.goals if terms else ""):
        if line.casefold() not in titles:
            titles.add(line.casefold())
            new.append(Goal(pair=pair, owner=people[0], title=line, source=GoalSource.AGREEMENT))
    wants = SkillWant.objects.filter(employee__in=people).select_related("skill")
    by_person = {person.pk: person for person in people}
    for want in wants.order_by("-priority", "skill__name"):
        title = f"Learn {want.skill.name}"[:TITLE_MAX]
        if len(people) > 1:
            title = f"{by_person[want.employee_id].display_name}: {title}"[:TITLE_MAX]
        if (want.employee_id, want.skill_id) in skills or title.casefold() in titles:
            continue
        skills.add((want.employee_id, want.skill_id))
        titles.add(title.casefold())
        new.append(
            Goal(
                pair=pair,
                owner=by_person[want.employee_id],
                title=title,
                source=GoalSource.SKILL,
                skill=want.skill,
            )
        )
    for goal in new:
        goal.created_by = employee
        goal.save()
    audit_log(
        actor=actor,
        organization=pair.program.organization,
        verb="goal.seed",
        target=pair,
        data={"added": len(new)},
    )
    return new
