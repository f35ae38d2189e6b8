"""What people read: scored without the diversity criterion or any sensitive attribute."""

from __future__ import annotations

from dataclasses import replace

from remento.matching import engine
from remento.matching.engine import Explanation, Person, Settings, Taxonomy

from .results import PairResult


def shown_settings(settings: Settings) -> Settings:
    """``settings`` with the diversity criterion off: what people read is scored so.

    The engine's weights are additive, so a pair's shown score is its full score less the
    diversity contribution, and its reasons are the best ones among the other criteria.
    """
    return replace(
        settings,
        weights=replace(settings.weights, diversity=0.0),
        diversity_attributes=(),
    )


def _without_attributes(person: Person) -> Person:
    """The person with no sensitive attribute, for anything shown to people."""
    return replace(person, diversity={}) if person.diversity else person


def _shown_contributions(explanation: Explanation) -> dict[str, float]:
    return {k: round(float(v), 4) for k, v in explanation.contributions.items() if k != "diversity"}


def _shown_explanation(
    mentor: Person, mentee: Person, taxonomy: Taxonomy, settings: Settings
) -> Explanation:
    """The pair as people may read it: no sensitive attribute, no diversity criterion."""
    return engine.explain(
        _without_attributes(mentor), _without_attributes(mentee), taxonomy, shown_settings(settings)
    )


def _pair_result(explanation: Explanation) -> PairResult:
    return PairResult(
        mentor_id=int(explanation.mentor_id),
        mentee_id=int(explanation.mentee_id),
        score=round(float(explanation.score), 4),
        contributions=_shown_contributions(explanation),
        reasons=[reason.text for reason in explanation.reasons],
        warnings=list(explanation.warnings),
    )
