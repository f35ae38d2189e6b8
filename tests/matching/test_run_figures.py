"""The run review's summary is worked out by the database, and says exactly what the same
formulas over every kept score say (``score_summary``, ``score_histogram``): removed pairs
left out, locked ones counted, percentiles interpolated, with odd and even counts."""

from __future__ import annotations

import pytest

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole
from remento.matching.models import Unmatched
from remento.matching.selectors import match_run_review
from remento.matching.selectors.runs import max_score, score_histogram, score_summary
from tests.factories import (
    DepartmentFactory,
    EmployeeFactory,
    MatchRunFactory,
    ProposedPairFactory,
)
from tests.matching.helpers import make_program

SCORES = [0.3, 4.25, 1.5, 2.75, 0.3, 3.9, 5.0, 2.2, 0.05]


@pytest.mark.django_db
@pytest.mark.parametrize("kept", [len(SCORES), len(SCORES) - 1])
def test_the_review_figures_are_those_of_every_kept_score(
    organization: Organization, kept: int
) -> None:
    run = MatchRunFactory.create(program=make_program(organization))
    for number, score in enumerate(SCORES[:kept]):
        ProposedPairFactory.create(run=run, score=score, locked=number % 3 == 0)
    ProposedPairFactory.create(run=run, score=9.9, removed=True)  # never counted but as removed
    department = DepartmentFactory.create(organization=organization, name="Finance")
    unmatched = [
        (EnrollmentRole.MENTOR, department),
        (EnrollmentRole.MENTOR, None),
        (EnrollmentRole.MENTEE, department),
    ]
    for role, where in unmatched:
        person = EmployeeFactory.create(organization=organization, department=where)
        Unmatched.objects.create(run=run, employee=person, role=role, reason="No one fits.")

    review = match_run_review(run=run)

    scores = SCORES[:kept]
    expected = score_summary(
        scores, [(role, where.name if where else None) for role, where in unmatched]
    )
    assert review.summary == expected
    best = max_score(run.settings_snapshot.get("weights", {}))
    assert review.histogram == score_histogram(scores, top=best)
    assert review.removed == 1
    assert review.locked == len(range(0, kept, 3))
    assert review.unmatched == 3


@pytest.mark.django_db
def test_a_run_with_every_pair_removed_has_no_scores(organization: Organization) -> None:
    run = MatchRunFactory.create(program=make_program(organization))
    ProposedPairFactory.create(run=run, score=2.0, removed=True)
    review = match_run_review(run=run)
    assert review.summary == score_summary([], [])
    assert review.histogram == score_histogram([], top=review.best_possible)
    assert review.removed == 1
