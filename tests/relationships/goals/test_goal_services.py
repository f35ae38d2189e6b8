"""The goal services: the pair's two people write, while the pair is open."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from remento.core.errors import FieldErrors, ServiceError
from remento.core.models import AuditEvent
from remento.people.models import Employee, Skill, SkillCategory, SkillWant
from remento.programs.models import ProgramType
from remento.relationships.goals.models import Goal, GoalSource
from remento.relationships.goals.selectors import goal_summary, pair_goals, summary_of
from remento.relationships.goals.services import (
    goal_create,
    goal_delete,
    goal_update,
    goals_seed,
    milestone_toggle,
)
from remento.relationships.models import Pair, PairStatus
from tests.factories import user_of
from tests.relationships.builders import fill_terms


def test_a_goal_belongs_to_the_mentee_in_reverse_mentoring(pair: Pair, mentor: Employee) -> None:
    goal = goal_create(
        actor=user_of(mentor),
        pair=pair,
        title="Post weekly on the company network",
        milestones=["Set up a profile", "", "First post"],
        target_date=timezone.localdate() + dt.timedelta(days=60),
    )
    assert goal.owner_id == pair.mentee_id
    assert [m.title for m in goal.milestones.all()] == ["Set up a profile", "First post"]
    event = AuditEvent.objects.get(verb="goal.create")
    assert "Post weekly" not in str(event.data)


def test_in_reverse_mentoring_the_mentor_has_no_goals(pair: Pair, mentor: Employee) -> None:
    with pytest.raises(FieldErrors) as refused:
        goal_create(actor=user_of(mentor), pair=pair, title="Learn strategy", owner=mentor)
    assert "owner" in refused.value.errors


def test_in_a_mutual_program_each_person_has_goals(pair: Pair, mentor: Employee) -> None:
    pair.program.program_type = ProgramType.MUTUAL
    pair.program.save()
    goal = goal_create(actor=user_of(mentor), pair=pair, title="Learn strategy", owner=mentor)
    assert goal.owner_id == mentor.pk


def test_only_the_two_people_write_goals(
    pair: Pair, coordinator: Employee, admin: Employee
) -> None:
    for person in (coordinator, admin):
        with pytest.raises(PermissionDenied):
            goal_create(actor=user_of(person), pair=pair, title="Theirs")
    assert not Goal.objects.exists()


def test_a_closed_pair_is_read_only(pair: Pair, mentee: Employee) -> None:
    goal = goal_create(actor=user_of(mentee), pair=pair, title="Run a retrospective")
    Pair.objects.filter(pk=pair.pk).update(status=PairStatus.CLOSED)
    with pytest.raises(ServiceError):
        goal_create(actor=user_of(mentee), pair=pair, title="Another")
    with pytest.raises(ServiceError):
        goal_delete(actor=user_of(mentee), goal=goal)


def test_bad_input_names_the_field(pair: Pair, mentee: Employee) -> None:
    with pytest.raises(FieldErrors) as refused:
        goal_create(
            actor=user_of(mentee),
            pair=pair,
            title=" ",
            progress=120,
            target_date=dt.date(1990, 1, 1),
            milestones=["x" * 300],
        )
    assert set(refused.value.errors) == {"title", "progress", "target_date", "milestones"}


def test_progress_comes_from_milestones_when_there_are_any(pair: Pair, mentee: Employee) -> None:
    goal = goal_create(
        actor=user_of(mentee), pair=pair, title="Use AI", progress=10, milestones=["a", "b", "c"]
    )
    first = goal.milestones.first()
    assert first is not None
    milestone_toggle(actor=user_of(mentee), milestone=first, done=True)
    [read] = pair_goals(pair=pair)
    assert read.progress_percent == 33
    milestone_toggle(actor=user_of(mentee), milestone=first, done=False)
    [read] = pair_goals(pair=pair)
    assert read.progress_percent == 0
    plain = goal_create(actor=user_of(mentee), pair=pair, title="Manual", progress=40)
    assert plain.progress_percent == 40


def test_updating_keeps_the_milestones_done_by_name(pair: Pair, mentee: Employee) -> None:
    goal = goal_create(actor=user_of(mentee), pair=pair, title="Use AI", milestones=["a", "b"])
    milestone_toggle(actor=user_of(mentee), milestone=goal.milestones.get(title="b"), done=True)
    goal_update(
        actor=user_of(mentee),
        goal=goal,
        title="Use AI tools",
        detail="",
        target_date=None,
        progress=0,
        milestones=["B", "c"],
    )
    goal.refresh_from_db()
    milestones = list(goal.milestones.all())
    assert [(m.title, m.done_at is not None) for m in milestones] == [("B", True), ("c", False)]
    assert goal.title == "Use AI tools"


def test_goal_delete_removes_it(pair: Pair, mentee: Employee) -> None:
    goal = goal_create(actor=user_of(mentee), pair=pair, title="Gone", milestones=["a"])
    goal_delete(actor=user_of(mentee), goal=goal)
    assert not Goal.objects.exists()
    assert AuditEvent.objects.filter(verb="goal.delete").exists()


def test_seeding_takes_the_agreement_and_the_skills_the_mentee_wants(
    pair: Pair, mentor: Employee, mentee: Employee
) -> None:
    fill_terms(pair, goals="- Post weekly\n\n2. Run a hackathon\n")
    skill = Skill.objects.create(
        category=SkillCategory.DIGITAL_TOOLS,
        organization=mentee.organization,
        name="Generative AI",
        slug="gen-ai",
    )
    SkillWant.objects.create(employee=mentee, skill=skill, priority=5)
    unwanted = Skill.objects.create(
        category=SkillCategory.DIGITAL_TOOLS,
        organization=mentor.organization,
        name="Strategy",
        slug="strategy",
    )
    SkillWant.objects.create(employee=mentor, skill=unwanted, priority=5)
    added = goals_seed(actor=user_of(mentor), pair=pair)
    assert [(g.title, g.source) for g in added] == [
        ("Post weekly", GoalSource.AGREEMENT),
        ("Run a hackathon", GoalSource.AGREEMENT),
        ("Learn Generative AI", GoalSource.SKILL),
    ]
    assert {g.owner_id for g in added} == {mentee.pk}
    assert goals_seed(actor=user_of(mentor), pair=pair) == []


def test_the_summary_averages_progress_in_one_query(
    pair: Pair, mentee: Employee, django_assert_num_queries: object
) -> None:
    goal_create(actor=user_of(mentee), pair=pair, title="A", progress=50)
    goal = goal_create(actor=user_of(mentee), pair=pair, title="B", milestones=["x", "y"])
    milestone_toggle(actor=user_of(mentee), milestone=goal.milestones.get(title="x"), done=True)
    with django_assert_num_queries(1):  # type: ignore[operator]
        summary = goal_summary(pair=pair)
    assert (summary.count, summary.average_progress) == (2, 50)
    assert (summary.milestones_done, summary.milestones_total) == (1, 2)
    for n in range(5):
        goal_create(actor=user_of(mentee), pair=pair, title=f"More {n}", milestones=["m"])
    with django_assert_num_queries(2):  # type: ignore[operator]
        goals = pair_goals(pair=pair)
        summary_of(goals)
        [goal.progress_percent for goal in goals]


def test_a_new_goal_s_target_date_is_today_or_later(pair: Pair, mentee: Employee) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(FieldErrors) as refused:
        goal_create(actor=user_of(mentee), pair=pair, title="Use AI", target_date=yesterday)
    assert refused.value.errors == {"target_date": "A new goal's target date is today or later."}
    assert not Goal.objects.exists()
    goal = goal_create(
        actor=user_of(mentee), pair=pair, title="Use AI", target_date=timezone.localdate()
    )
    assert goal.past_target is False
