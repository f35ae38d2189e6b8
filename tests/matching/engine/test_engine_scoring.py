"""Scoring: the dot-product encoding equals the per-pair definitions, and explanations are
consistent with the contributions."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from remento.matching.engine import (
    CRITERIA,
    Person,
    Settings,
    Taxonomy,
    Weights,
    explain,
    pair_score,
    score_pairs,
)
from remento.matching.engine.constraints import ineligible_because
from remento.matching.engine.scoring import level_gap_score, utc_offset
from tests.matching.engine.strategies import TAXONOMY, people

program_settings = st.builds(
    Settings,
    program_type=st.sampled_from(["reverse", "traditional", "mutual"]),
    min_level_gap=st.integers(0, 2),
    reporting_line_depth=st.sampled_from([None, 0, 1]),
    same_department=st.sampled_from(["forbid", "allow", "prefer"]),
    max_timezone_diff_hours=st.sampled_from([None, 3.0, 8.0]),
    mutual_combine=st.sampled_from(["min", "mean"]),
    diversity_attributes=st.sampled_from([(), ("gender",), ("gender", "origin")]),
)


@settings(max_examples=60, deadline=None)
@given(mentors=people("m", 4), mentees=people("e", 4), conf=program_settings)
def test_matrix_scores_equal_per_pair_scores_and_forbid_exactly_the_ineligible(
    mentors: list[Person], mentees: list[Person], conf: Settings
) -> None:
    matrix = score_pairs(mentors, mentees, TAXONOMY, conf)
    for j, mentee in enumerate(mentees):
        for i, mentor in enumerate(mentors):
            if ineligible_because(mentor, mentee, conf) is not None:
                assert matrix[j, i] == -math.inf
            else:
                assert matrix[j, i] == pytest.approx(
                    pair_score(mentor, mentee, TAXONOMY, conf), abs=1e-9
                )


def informative(criterion: str, mentor: Person, mentee: Person, conf: Settings) -> bool:
    """Whether the criterion's contribution rests on something known about both (the
    test's own reading): only those may be reasons."""
    at = conf.timezone_reference
    if criterion == "personality":
        return mentor.extraversion is not None and mentee.extraversion is not None
    if criterion == "department":
        return bool(mentor.department and mentee.department)
    if criterion == "timezone":
        return utc_offset(mentor.timezone, at) is not None and (
            utc_offset(mentee.timezone, at) is not None
        )
    if criterion == "gap":
        generations = bool(mentor.generation and mentee.generation)
        return level_gap_score(mentor.level, mentee.level, conf) > 0 or (
            generations and mentor.generation != mentee.generation
        )
    if criterion == "diversity":
        return any(
            a in mentor.diversity
            and a in mentee.diversity
            and mentor.diversity[a] != mentee.diversity[a]
            for a in conf.diversity_attributes
        )
    return True


@settings(max_examples=60, deadline=None)
@given(mentors=people("m", 1), mentees=people("e", 1), conf=program_settings)
def test_explanation_contributions_add_up_and_reasons_follow_them(
    mentors: list[Person], mentees: list[Person], conf: Settings
) -> None:
    mentor, mentee = mentors[0], mentees[0]
    explanation = explain(mentor, mentee, TAXONOMY, conf)
    assert set(explanation.contributions) == set(CRITERIA)
    assert sum(explanation.contributions.values()) == pytest.approx(explanation.score)
    assert explanation.score == pytest.approx(pair_score(mentor, mentee, TAXONOMY, conf))
    for reason in explanation.reasons:
        assert reason.contribution == explanation.contributions[reason.criterion] > 0
        assert reason.text
        assert informative(reason.criterion, mentor, mentee, conf)
        assert "not known" not in reason.text
        assert "neutral" not in reason.text
        assert " 0 of " not in reason.text
    given_reasons = [r.contribution for r in explanation.reasons]
    assert given_reasons == sorted(given_reasons, reverse=True)
    # Every criterion left out that contributes more than a given reason rests on
    # something unknown; the known ones are given best first, up to three.
    named = {r.criterion for r in explanation.reasons}
    left_out = [
        v
        for c, v in explanation.contributions.items()
        if c not in named and v > 1e-12 and informative(c, mentor, mentee, conf)
    ]
    if given_reasons:
        assert max(left_out, default=0.0) <= min(given_reasons)
    if len(given_reasons) < 3:
        assert left_out == []
    assert explanation.eligible == (ineligible_because(mentor, mentee, conf) is None)


def test_unknown_personality_is_never_a_reason_even_when_it_weighs_most() -> None:
    weights = Weights(skills=1, personality=5)
    a = Person(id="a", level=1, teaches={"excel": 5})
    b = Person(id="b", level=5, wants={"excel": 5})
    explanation = explain(a, b, TAXONOMY, Settings(weights=weights))
    assert explanation.contributions["personality"] == pytest.approx(2.5)  # neutral
    assert "personality" not in {r.criterion for r in explanation.reasons}
    assert explanation.reasons[0].criterion == "skills"


def test_no_reason_about_backgrounds_when_none_differs() -> None:
    weights = Weights(skills=0, interests=0, personality=0, gap=0, department=0, timezone=0)
    a = Person(id="a", level=1, diversity={"gender": "f"})
    b = Person(id="b", level=5, diversity={"gender": "f", "origin": "x"})
    conf = Settings(weights=weights, diversity_attributes=("gender", "origin"))
    explanation = explain(a, b, TAXONOMY, conf)
    assert explanation.contributions["diversity"] == pytest.approx(0.125)  # origin unknown
    assert explanation.reasons == ()
    c = Person(id="c", level=5, diversity={"gender": "m"})
    text = explain(a, c, TAXONOMY, conf).reasons[0].text
    assert text == "Different backgrounds on 1 of 1 attribute both shared"


def test_an_unknown_department_is_neutral_not_a_different_department() -> None:
    a = Person(id="a", level=1, department="IT")
    b = Person(id="b", level=5)
    c = Person(id="c", level=5, department="Sales")
    conf = Settings(weights=Weights(department=1))
    unknown = explain(a, b, TAXONOMY, conf)
    assert unknown.contributions["department"] == pytest.approx(0.5)
    assert not any("department" in r.text.lower() for r in unknown.reasons)
    known = explain(a, c, TAXONOMY, conf)
    assert known.contributions["department"] == pytest.approx(1.0)
    assert any(r.text.startswith("Different departments (IT and Sales)") for r in known.reasons)
    # The same with the rule "forbid": an unknown department never counts as the same.
    forbid = Settings(weights=Weights(department=1), same_department="forbid")
    assert explain(a, b, TAXONOMY, forbid).eligible


def test_reason_counts_and_names_the_skills_the_mentor_can_teach() -> None:
    taxonomy = Taxonomy(
        names={"tiktok": "TikTok", "generative-ai": "generative AI", "excel": "Excel automation"}
    )
    dana = Person(
        id="d", name="Dana", level=8, wants={"tiktok": 5, "generative-ai": 4, "excel": 3, "sql": 1}
    )
    sam = Person(id="s", name="Sam", level=2, teaches={"tiktok": 5, "generative-ai": 4, "excel": 4})
    explanation = explain(sam, dana, taxonomy, Settings())
    assert explanation.reasons[0].criterion == "skills"
    assert explanation.reasons[0].text == (
        "Can teach 3 of the 4 skills Dana wants to learn: TikTok, generative AI, Excel automation"
    )


def test_related_skill_of_the_same_category_earns_partial_credit() -> None:
    taxonomy = Taxonomy(categories={"tiktok": "social", "instagram": "social"})
    mentee = Person(id="e", level=5, wants={"tiktok": 5})
    exact = Person(id="a", level=1, teaches={"tiktok": 5})
    related = Person(id="b", level=1, teaches={"instagram": 5})
    conf = Settings()
    c_exact = explain(exact, mentee, taxonomy, conf).contributions["skills"]
    c_related = explain(related, mentee, taxonomy, conf).contributions["skills"]
    assert c_exact == pytest.approx(5.0)
    assert c_related == pytest.approx(2.5)


def test_warns_when_both_are_strongly_introverted() -> None:
    a = Person(id="a", level=1, extraversion=1)
    b = Person(id="b", level=5, extraversion=1)
    explanation = explain(a, b, TAXONOMY, Settings())
    assert "both strongly introverted" in explanation.warnings
    assert explanation.contributions["personality"] == 0.0


def test_diversity_reason_counts_attributes_but_never_shows_their_values() -> None:
    a = Person(id="a", level=1, diversity={"gender": "woman", "origin": "rural"})
    b = Person(id="b", level=5, diversity={"gender": "man", "origin": "rural"})
    conf = Settings(
        diversity_attributes=("gender", "origin"),
        weights=Settings().weights.__class__(
            skills=0, interests=0, personality=0, gap=0, department=0, timezone=0, diversity=1
        ),
    )
    explanation = explain(a, b, TAXONOMY, conf)
    text = " ".join(r.text for r in explanation.reasons)
    assert "1 of 2" in text
    assert "woman" not in text
    assert "rural" not in text


def test_mutual_skills_take_the_weaker_direction_by_default() -> None:
    a = Person(id="a", level=2, teaches={"excel": 5}, wants={"sql": 5})
    b = Person(id="b", level=7, teaches={}, wants={"excel": 5})
    mutual = Settings(program_type="mutual")
    assert explain(a, b, TAXONOMY, mutual).contributions["skills"] == 0.0
    mean = Settings(program_type="mutual", mutual_combine="mean")
    assert explain(a, b, TAXONOMY, mean).contributions["skills"] == pytest.approx(2.5)


def test_time_zones_read_as_names_offsets_and_numbers() -> None:
    at = Settings().timezone_reference
    assert utc_offset("Asia/Kolkata", at) == 5.5
    assert utc_offset("+05:30", at) == 5.5
    assert utc_offset("UTC-3", at) == -3.0
    assert utc_offset(2, at) == 2.0
    assert utc_offset(None, at) is None
    with pytest.raises(ValueError, match="unknown time zone"):
        utc_offset("Mars/Olympus", at)


def test_matrix_is_refused_when_it_would_not_fit() -> None:
    many = [Person(id=str(n)) for n in range(8000)]
    with pytest.raises(ValueError, match="do not fit"):
        score_pairs(many, many, TAXONOMY, Settings())
    assert np.isfinite(score_pairs(many[:2], [Person(id="x", level=9)], TAXONOMY, Settings())).all()
