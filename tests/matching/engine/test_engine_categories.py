"""Category values are compared trimmed, with spaces collapsed and case folded:
"Finance " and "finance" are one department, wherever the engine compares them."""

from __future__ import annotations

import numpy as np
import pytest

from remento.matching.engine import (
    NO_ELIGIBLE_PARTNER,
    Person,
    Settings,
    Taxonomy,
    category_key,
    explain,
    match,
    pair_score,
    score_pairs,
    summarize,
    tidy_category,
)
from remento.matching.engine.constraints import ineligible_because

TAXONOMY = Taxonomy()


def _mentor(department: str | None, **fields: object) -> Person:
    return Person(id="m1", name="Mia", level=1, department=department, **fields)  # type: ignore[arg-type]


def _mentee(department: str | None, **fields: object) -> Person:
    return Person(id="e1", name="Eve", level=6, department=department, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("Finance", "finance"),
        ("  finance ", "finance"),
        ("FINANCE", "finance"),
        ("Finance \t  Ops\n", "finance ops"),
        ("Straße", "strasse"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_category_key_trims_collapses_spaces_and_folds_case(
    value: str | None, key: str | None
) -> None:
    assert category_key(value) == key


def test_tidy_category_keeps_the_case_for_display() -> None:
    assert tidy_category("  Finance   Ops ") == "Finance Ops"
    assert tidy_category(" \t") is None


@pytest.mark.parametrize("limit", [1_000_000, 0])  # the exact path, then the top-k path
def test_forbid_refuses_two_spellings_of_one_department(limit: int) -> None:
    rules = Settings(same_department="forbid", exact_pairs_limit=limit)
    mentor, mentee = _mentor("Finance "), _mentee("finance")
    assert ineligible_because(mentor, mentee, rules) == "same department"
    result = match([mentor], [mentee], TAXONOMY, rules)
    assert result.pairs == ()
    assert {(u.person_id, u.reason) for u in result.unmatched} >= {("e1", NO_ELIGIBLE_PARTNER)}


def test_forbid_still_pairs_different_departments() -> None:
    rules = Settings(same_department="forbid")
    result = match([_mentor("Finance ")], [_mentee("  sales")], TAXONOMY, rules)
    assert [(p.mentor_id, p.mentee_id) for p in result.pairs] == [("m1", "e1")]


@pytest.mark.parametrize("rule", ["prefer", "allow"])
def test_spellings_score_as_one_department_in_both_encodings(rule: str) -> None:
    rules = Settings(same_department=rule)  # type: ignore[arg-type]
    messy = (_mentor("FINANCE", generation=" Gen Z"), _mentee("finance ", generation="gen  z"))
    tidy = (_mentor("Finance", generation="Gen Z"), _mentee("Finance", generation="Gen Z"))
    expected = pair_score(*tidy, TAXONOMY, rules)
    assert pair_score(*messy, TAXONOMY, rules) == pytest.approx(expected)
    dense = score_pairs([messy[0]], [messy[1]], TAXONOMY, rules)
    assert np.asarray(dense).ravel()[0] == pytest.approx(expected)


def test_explanations_name_the_tidy_spelling() -> None:
    rules = Settings(same_department="prefer")
    explanation = explain(_mentor(" Finance  Ops "), _mentee("finance ops"), TAXONOMY, rules)
    texts = [r.text for r in explanation.reasons]
    assert "Same department (Finance Ops)" in texts


def test_summary_counts_spellings_of_one_department_together() -> None:
    rules = Settings(same_department="forbid")
    mentor = _mentor("IT")
    mentees = [
        Person(id="e1", level=6, department="Finance"),
        Person(id="e2", level=6, department="finance "),
        Person(id="e3", level=6, department="FINANCE"),
        Person(id="e4", level=6, department="it"),
    ]
    result = match([mentor], mentees, TAXONOMY, rules)
    summary = summarize(result, [mentor, *mentees])
    # One of the three Finance mentees is paired; "it" cannot pair with the IT mentor.
    assert summary.unmatched_by_department == {"Finance": 2, "IT": 1}
