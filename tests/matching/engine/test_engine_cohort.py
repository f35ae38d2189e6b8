"""A cohort encoded once and kept as bytes scores every pair as ``score_pairs`` does."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from remento.matching.engine import EncodedCohort, Person, Settings, encode_cohort, score_pairs
from tests.matching.engine.strategies import TAXONOMY, people

RULES = st.fixed_dictionaries(
    {
        "program_type": st.sampled_from(["reverse", "traditional", "mutual"]),
        "mutual_combine": st.sampled_from(["min", "mean"]),
        "min_level_gap": st.integers(0, 2),
        "same_department": st.sampled_from(["allow", "prefer", "forbid"]),
        "max_timezone_diff_hours": st.one_of(st.none(), st.sampled_from([1.0, 4.0])),
        "reporting_line_depth": st.sampled_from([None, 0, 1]),
    }
)


def _same(got: np.ndarray, expected: np.ndarray) -> None:
    assert np.array_equal(np.isfinite(got), np.isfinite(expected))
    finite = np.isfinite(expected)
    assert np.allclose(got[finite], expected[finite], rtol=0, atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(mentors=people("m", 5), mentees=people("e", 6), rules=RULES)
def test_a_kept_cohort_scores_each_person_against_many_as_score_pairs(
    mentors: list[Person], mentees: list[Person], rules: dict[str, object]
) -> None:
    program = Settings(
        **rules,  # type: ignore[arg-type]
        blocked_pairs=frozenset({("m0", "e1")}),
        diversity_attributes=("gender",),
    )
    expected = score_pairs(mentors, mentees, TAXONOMY, program)  # mentees x mentors

    kept = EncodedCohort.from_bytes(encode_cohort(mentors, mentees, TAXONOMY, program).to_bytes())

    assert kept.mentor_ids == [p.id for p in mentors]
    assert kept.mentee_ids == [p.id for p in mentees]
    every_mentor = np.arange(len(mentors), dtype=np.int64)
    every_mentee = np.arange(len(mentees), dtype=np.int64)
    for j in range(len(mentees)):
        _same(kept.mentors_with(j, every_mentor, program), expected[j])
    for i in range(len(mentors)):
        _same(kept.mentees_with(i, every_mentee, program), expected[:, i])
