"""The email that tells a rater an assessment waits for them (one per person and pair)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.urls import reverse

from remento.core.notifications import notify
from remento.outcomes.assessments.models import Assessment, Phase, RaterRole
from remento.relationships.models import Pair

TEMPLATE = "outcomes/email/assessment_open"


def answer_path(assessment: Assessment) -> str:
    """Where ``assessment`` is answered (a retrospective “then” is answered with the end-of-
    pair self-assessment, whose page redirects there)."""
    return reverse("outcomes:assessment_answer", kwargs={"assessment_pk": assessment.pk})


def what_is_asked(assessment: Assessment, *, retrospective: bool = False) -> str:
    """One plain sentence: what answering ``assessment`` means for its rater."""
    if assessment.rater_role == RaterRole.MENTOR:
        return (
            f"Rate {assessment.learner.display_name} on the skills they came to learn: "
            "where they are now, at the end of your pair."
        )
    if assessment.phase == Phase.BEFORE:
        return "Rate yourself on the skills you want to learn: where you are at the start."
    if retrospective:
        return (
            "Rate yourself on the skills you came to learn, then and now: where you were at "
            "the start, and where you are at the end."
        )
    return "Rate yourself again on the skills you came to learn: where you are at the end."


def send_assessment_emails(
    assessments: Sequence[Assessment], *, pairs: dict[int, Pair], retrospective: set[int]
) -> None:
    """One email per rater and pair listing what they are asked (after the commit).
    ``retrospective`` holds the ids of end-of-pair self-assessments that ask “then” too."""
    grouped: dict[tuple[int, int], list[Assessment]] = defaultdict(list)
    for assessment in assessments:
        grouped[assessment.pair_id, assessment.rater_id].append(assessment)
    for (pair_id, _rater_id), asked in grouped.items():
        pair = pairs[pair_id]
        rater = asked[0].rater
        partner = pair.partner_of(rater.pk)
        notify(
            to=rater,
            template=TEMPLATE,
            context={
                "pair": pair,
                "program": pair.program,
                "partner": partner,
                "phase": asked[0].phase,
                "items": [
                    {
                        "text": what_is_asked(a, retrospective=a.pk in retrospective),
                        "path": answer_path(a),
                    }
                    for a in asked
                ],
            },
        )
