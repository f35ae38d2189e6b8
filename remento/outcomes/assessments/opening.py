"""Opening the assessments when a pair starts and when it ends (receivers of
``relationships.signals`` and of ``people.lifecycle.people_leaving``, connected in
``outcomes.wiring``).

They run inside the transaction that starts or closes the pair, so the assessments commit
with it; the emails wait for the commit. Each (pair, learner, rater, phase) is opened once
(a database constraint, and a look before writing), so a program closing after its pairs, or
a receiver called twice, opens nothing new. A person with nothing to rate (no skill they want
to learn) still gets the assessment, open, but no email: the pair page says so plainly.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from remento.core.models import Organization
from remento.outcomes.assessments.emails import send_assessment_emails
from remento.outcomes.assessments.models import (
    Assessment,
    AssessmentRating,
    AssessmentStatus,
    Phase,
    RaterRole,
)
from remento.outcomes.assessments.skills import learner_skills
from remento.people.importing.batches import chunks
from remento.people.models import Employee
from remento.relationships.goals.workspace import learners
from remento.relationships.models import Pair


@dataclass(frozen=True)
class _Ask:
    pair: Pair
    learner: Employee
    rater: Employee
    role: str
    phase: str
    retrospective: bool = False


def _open(asks: Sequence[_Ask], *, retrospective_after: Collection[tuple[int, int]] = ()) -> None:
    """Write the assessments of ``asks`` not written yet, a row per skill, and email each
    rater whose assessments have something to rate. ``retrospective_after`` holds the
    (pair, learner) keys whose end-of-pair self-assessment also asks “then”."""
    if not asks:
        return
    pair_ids = {ask.pair.pk for ask in asks}
    existing = set(
        Assessment.objects.filter(pair_id__in=pair_ids).values_list(
            "pair_id", "learner_id", "rater_id", "phase"
        )
    )
    asks = [
        ask
        for ask in asks
        if (ask.pair.pk, ask.learner.pk, ask.rater.pk, ask.phase) not in existing
    ]
    if not asks:
        return
    skills = learner_skills((ask.pair.pk, ask.learner.pk) for ask in asks)
    now = timezone.now()
    made = Assessment.objects.bulk_create(
        [
            Assessment(
                pair=ask.pair,
                learner=ask.learner,
                rater=ask.rater,
                rater_role=ask.role,
                phase=ask.phase,
                retrospective=ask.retrospective,
                opened_at=now,
            )
            for ask in asks
        ]
    )
    AssessmentRating.objects.bulk_create(
        [
            AssessmentRating(assessment=assessment, skill=skill)
            for assessment in made
            for skill in skills[assessment.pair_id, assessment.learner_id]
        ]
    )
    # A retrospective “then” is answered with the end-of-pair one: it has no email of its own.
    to_tell = [
        assessment
        for assessment in made
        if skills[assessment.pair_id, assessment.learner_id] and not assessment.retrospective
    ]
    send_assessment_emails(
        to_tell,
        pairs={ask.pair.pk: ask.pair for ask in asks},
        retrospective={
            a.pk
            for a in to_tell
            if a.phase == Phase.AFTER
            and a.rater_role == RaterRole.SELF
            and (a.pair_id, a.learner_id) in retrospective_after
        },
    )


def open_before(sender: Any, *, pair: Pair, **kwargs: Any) -> None:
    """A pair has started: each learner's self-assessment at the start opens."""
    _open(
        [
            _Ask(pair, person, person, RaterRole.SELF, Phase.BEFORE)
            for person in learners(pair)
            if person.is_active
        ]
    )


def _retrospectives(pairs: Sequence[Pair], present: set[int]) -> set[tuple[int, int]]:
    """The (pair, learner) keys of learners who never answered their first assessment: an
    open one becomes retrospective (answered with the last), and a learner who leaves is no
    longer asked it. Returns the keys that still miss one, to open as retrospective."""
    befores = Assessment.objects.filter(
        pair__in=pairs, phase=Phase.BEFORE, rater_role=RaterRole.SELF
    )
    answered, waiting = set(), []
    for before in befores:
        key = (before.pair_id, before.learner_id)
        if before.status == AssessmentStatus.ANSWERED:
            answered.add(key)
        elif before.status == AssessmentStatus.OPEN:
            waiting.append(before.pk)
            answered.add(key)  # It exists: it is not opened again, only marked.
    now = timezone.now()
    befores.filter(pk__in=waiting, learner_id__in=present).update(
        retrospective=True, updated_at=now
    )
    befores.filter(pk__in=waiting).exclude(learner_id__in=present).update(
        status=AssessmentStatus.CANCELLED, updated_at=now
    )
    return {
        (pair.pk, person.pk)
        for pair in pairs
        for person in learners(pair)
        if person.pk in present and (pair.pk, person.pk) not in answered
    }


def open_after(
    sender: Any, *, pairs: Sequence[Pair], leaving: Collection[int] = (), **kwargs: Any
) -> None:
    """Pairs have ended: each learner's self-assessment at the end opens, and their partner's
    assessment of them. A learner who never answered the first one is asked it too, as a
    retrospective “then and now”. Nobody who leaves is asked anything; a pair that never
    started has nothing to assess. Five queries and the writes, whatever the number of pairs."""
    started = [pair for pair in pairs if pair.started_at is not None]
    if not started:
        return
    present = {
        person.pk
        for pair in started
        for person in (pair.mentor, pair.mentee)
        if person.is_active and person.pk not in leaving
    }
    missing = _retrospectives(started, present)
    asks: list[_Ask] = []
    for pair in started:
        for person in learners(pair):
            if person.pk not in present:
                continue
            if (pair.pk, person.pk) in missing:
                asks.append(_Ask(pair, person, person, RaterRole.SELF, Phase.BEFORE, True))
            asks.append(_Ask(pair, person, person, RaterRole.SELF, Phase.AFTER))
            partner = pair.partner_of(person.pk)
            if partner.pk in present:
                asks.append(_Ask(pair, person, partner, RaterRole.MENTOR, Phase.AFTER))
    retrospective_after = missing | set(
        Assessment.objects.filter(
            pair__in=started, phase=Phase.BEFORE, retrospective=True
        ).values_list("pair_id", "learner_id")
    )
    _open(asks, retrospective_after=retrospective_after)


def cancel_for_leavers(
    sender: Any, *, organization: Organization, employee_pks: list[int], **kwargs: Any
) -> None:
    """People who leave are asked nothing more: their open assessments are withdrawn. One
    query per 2000 people."""
    now = timezone.now()
    for chunk in chunks(sorted(employee_pks)):
        Assessment.objects.filter(
            pair__program__organization=organization,
            rater_id__in=chunk,
            status=AssessmentStatus.OPEN,
        ).update(status=AssessmentStatus.CANCELLED, updated_at=now)
