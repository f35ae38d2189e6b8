"""Forgetting a pair's ``PairHealthRecord`` when a fact its state reads changes, so that
the health board judges the pair again at its next view (``states.refresh_records``).

Saved or deleted through the ORM: a meeting, a check-in, a goal or milestone, the pair's
agreement, the pair itself, one of its people (level, name), its program (type, cadence).
Writes in bulk that bypass the signals call ``forget_pairs`` themselves (the check-in
schedule); a record also lapses by itself when time passes one of the rules' thresholds
(``valid_until``), and at the latest a day after it was judged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.checkins.models import CheckIn
from remento.relationships.goals.models import Goal, Milestone
from remento.relationships.health.models import PairHealthRecord
from remento.relationships.meetings.models import Meeting
from remento.relationships.models import Pair, PairAgreement


def forget_pairs(pair_ids: Iterable[int]) -> None:
    """Drop the records of these pairs: the board judges them again at its next view."""
    ids = sorted(set(pair_ids))
    if ids:
        PairHealthRecord.objects.filter(pair_id__in=ids).delete()


def _pair_fact_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    forget_pairs([instance.pair_id])


def _milestone_changed(sender: type, instance: Milestone, **kwargs: Any) -> None:
    forget_pairs(Goal.objects.filter(pk=instance.goal_id).values_list("pair_id", flat=True))


def _pair_changed(sender: type, instance: Pair, **kwargs: Any) -> None:
    forget_pairs([instance.pk])


def _person_changed(sender: type, instance: Employee, created: bool = False, **kwargs: Any) -> None:
    if not created:
        PairHealthRecord.objects.filter(
            Q(pair__mentor=instance) | Q(pair__mentee=instance)
        ).delete()


def _program_changed(sender: type, instance: Program, created: bool = False, **kwargs: Any) -> None:
    if not created:
        PairHealthRecord.objects.filter(program=instance).delete()


def connect() -> None:
    for model in (Meeting, CheckIn, Goal, PairAgreement):
        uid = f"health_record_{model._meta.label_lower}"
        post_save.connect(_pair_fact_changed, sender=model, dispatch_uid=f"{uid}_save")
        post_delete.connect(_pair_fact_changed, sender=model, dispatch_uid=f"{uid}_delete")
    post_save.connect(_milestone_changed, sender=Milestone, dispatch_uid="health_record_ms_save")
    post_delete.connect(
        _milestone_changed, sender=Milestone, dispatch_uid="health_record_ms_delete"
    )
    post_save.connect(_pair_changed, sender=Pair, dispatch_uid="health_record_pair")
    post_save.connect(_person_changed, sender=Employee, dispatch_uid="health_record_person")
    post_save.connect(_program_changed, sender=Program, dispatch_uid="health_record_program")
