"""A waiting assessment on the home page (``core.next_steps``) and on the pair page
(``relationships.overview``), registered in ``outcomes.wiring``."""

from __future__ import annotations

from django.urls import reverse

from remento.core.next_steps import URGENCY_AGREEMENT, HomePart, NextStep
from remento.core.words import count_of
from remento.outcomes.assessments.emails import answer_path, what_is_asked
from remento.outcomes.assessments.models import Assessment, Phase, RaterRole
from remento.outcomes.assessments.selectors import open_assessments_of
from remento.outcomes.assessments.services import retrospective_before_of
from remento.outcomes.assessments.skills import skills_of
from remento.people.models import Employee
from remento.relationships.models import Pair
from remento.relationships.overview import NextUp

# Beside the check-ins: a few minutes, asked at the start and at the end of a pair.
URGENCY_ASSESSMENT = URGENCY_AGREEMENT + 6


def _retrospective(assessment: Assessment) -> bool:
    return (
        assessment.phase == Phase.AFTER
        and assessment.rater_role == RaterRole.SELF
        and retrospective_before_of(assessment) is not None
    )


def _nothing_to_rate(assessment: Assessment) -> NextUp:
    if assessment.rater_role == RaterRole.SELF:
        return NextUp(
            "Your skill self-assessment has nothing to rate: you have not said which skills "
            "you want to learn. Add them to your profile and the assessment will ask about them.",
            reverse("people:profile_edit"),
            "Add the skills you want to learn",
        )
    return NextUp(
        f"{assessment.learner.display_name} has not said which skills they want to learn, "
        "so there is nothing for you to rate yet."
    )


def assessment_lines(pair: Pair, viewer: Employee) -> list[NextUp]:
    """The viewer's assessments waiting in ``pair``, or a plain line when one has nothing
    to rate. One query, five when one waits (plus one per end-of-pair self-assessment)."""
    # The pair is loaded already: only the learner (named in the lines) is joined.
    waiting = list(
        open_assessments_of(viewer).filter(pair=pair).select_related(None).select_related("learner")
    )
    skills = skills_of(waiting)
    lines = []
    for assessment in waiting:
        if not skills[assessment.pk]:
            lines.append(_nothing_to_rate(assessment))
            continue
        asked = what_is_asked(assessment, retrospective=_retrospective(assessment))
        lines.append(
            NextUp(
                f"{asked} {count_of(len(skills[assessment.pk]), 'skill')}, a few minutes.",
                answer_path(assessment),
                "Rate the skills",
                urgent=True,
            )
        )
    return lines


def assessments_home(employee: Employee) -> HomePart:
    """One step per assessment waiting for the person's answer that has skills to rate.
    Five queries at most."""
    part = HomePart()
    waiting = list(open_assessments_of(employee))
    skills = skills_of(waiting)
    for assessment in waiting:
        if not skills[assessment.pk]:
            continue
        pair = assessment.pair
        partner = pair.partner_of(employee.pk)
        about = (
            f"Rate {assessment.learner.display_name}'s skills"
            if assessment.rater_role == RaterRole.MENTOR
            else "Rate your skills"
        )
        when = "at the start" if assessment.phase == Phase.BEFORE else "at the end"
        part.steps.append(
            NextStep(
                urgency=URGENCY_ASSESSMENT,
                title=f"{about} {when} of your pair"
                + ("" if assessment.learner_id == partner.pk else f" with {partner.display_name}"),
                detail=f"{pair.program.name}: "
                f"{count_of(len(skills[assessment.pk]), 'skill')} on a 1–5 scale, a few "
                "minutes. Only you read your ratings; the program reports totals only.",
                action="Rate the skills",
                url=answer_path(assessment),
            )
        )
    return part
