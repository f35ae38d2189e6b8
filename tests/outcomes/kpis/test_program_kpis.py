"""Every KPI of the hand-made program (tests/outcomes/kpis/builders.py), worked out by hand."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from remento.core.models import Organization
from remento.outcomes.assessments.models import (
    Assessment,
    AssessmentRating,
    AssessmentStatus,
    Phase,
    RaterRole,
)
from remento.outcomes.kpis.selectors import measure_all, program_kpis
from remento.outcomes.results import Comparison, Interval, KpiResult
from remento.people.models import Skill
from remento.programs.models import KpiKind, Program, ProgramKpi
from remento.relationships.models import Pair
from tests.factories import OrganizationFactory, SkillFactory
from tests.outcomes.kpis.builders import TODAY, HandMade, at, grow, hand_made_program, meeting

# Two-sided 95 % Student t quantiles (a printed table) and the normal one.
T_975 = {1: 12.706204736, 2: 4.302652730, 3: 3.182446305}
Z_975 = 1.959963985


def t_half_width(values: list[float]) -> float:
    n = len(values)
    centre = sum(values) / n
    sd = math.sqrt(sum((v - centre) ** 2 for v in values) / (n - 1))
    return T_975[n - 1] * sd / math.sqrt(n)


def wilson(successes: int, trials: int) -> tuple[float, float]:
    p, z2 = successes / trials, Z_975**2
    centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    half = Z_975 * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials**2)) / (1 + z2 / trials)
    return 100 * (centre - half), 100 * (centre + half)


@pytest.fixture
def made(organization: Organization) -> HandMade:
    return hand_made_program(organization)


def by_kind(results: list[KpiResult]) -> dict[str, KpiResult]:
    return {result.kind: result for result in results}


def test_meetings_per_pair_counts_held_meetings_of_started_pairs(made: HandMade) -> None:
    result = by_kind(program_kpis(made.program, today=TODAY))[KpiKind.MEETINGS_PER_PAIR]

    # A 4 held (a missed and a cancelled one not counted), B 1, C 3; D never started.
    assert result.value == pytest.approx(8 / 3)
    assert (result.sample, result.sample_label, result.unit) == (3, "pairs", "meetings")
    assert result.target == Decimal("3.00")
    assert result.met is False
    half = t_half_width([4, 1, 3])
    assert result.interval is not None
    assert (result.interval.low, result.interval.high) == (
        pytest.approx(8 / 3 - half),
        pytest.approx(8 / 3 + half),
    )
    assert result.method.startswith("Meetings logged as held")


def test_goals_achieved_counts_every_milestone_done_or_marked_100(made: HandMade) -> None:
    result = by_kind(program_kpis(made.program, today=TODAY))[KpiKind.GOALS_ACHIEVED]

    # A: both milestones done, and a manual 100 %: 2 achieved; B: 1 of 2 milestones; C: 60 %.
    # D's goal at 100 % does not count: D never started.
    assert result.value == pytest.approx(50.0)
    assert (result.sample, result.sample_label) == (4, "goals")
    low, high = wilson(2, 4)
    assert result.interval is not None
    assert (result.interval.low, result.interval.high) == (pytest.approx(low), pytest.approx(high))


def test_checkin_rating_is_the_mean_of_answered_ratings(made: HandMade) -> None:
    result = by_kind(program_kpis(made.program, today=TODAY))[KpiKind.CHECKIN_RATING]

    assert result.value == pytest.approx(3.5)  # (4 + 5 + 2 + 3) / 4; open and missed have none
    assert (result.sample, result.sample_label, result.unit) == (4, "ratings", "/5")
    half = t_half_width([4, 5, 2, 3])
    assert result.interval is not None
    assert result.interval.low == pytest.approx(3.5 - half)
    assert "4 people" in result.method
    assert result.met is False


def test_completion_counts_closed_started_pairs_and_says_how_many_are_open(
    made: HandMade,
) -> None:
    result = by_kind(program_kpis(made.program, today=TODAY))[KpiKind.COMPLETION]

    assert result.value == pytest.approx(50.0)  # A ran its course, B ended early
    assert (result.sample, result.sample_label) == (2, "pairs")
    assert result.note == "1 pair still open, counted when they close."
    low, high = wilson(1, 2)
    assert result.interval is not None
    assert (result.interval.low, result.interval.high) == (pytest.approx(low), pytest.approx(high))


def test_participation_counts_the_enrolled_and_the_matched_who_withdrew(made: HandMade) -> None:
    result = by_kind(program_kpis(made.program, today=TODAY))[KpiKind.PARTICIPATION]

    # 8 people in pairs (B's mentee withdrew later: still counted) + E enrolled unmatched;
    # F invited, G waitlisted and H declined are not.
    assert result.value == 9
    assert (result.sample, result.unit) == (9, "people")
    assert "5 mentors, 4 mentees" in result.method
    assert result.met is False  # target 10
    assert result.interval is None


def _rate(pair: Pair, phase: str, levels: dict[Skill, int], *, late: bool = False) -> None:
    assessment = Assessment.objects.create(
        pair=pair,
        learner=pair.mentee,
        rater=pair.mentee,
        rater_role=RaterRole.SELF,
        phase=phase,
        retrospective=late,
        status=AssessmentStatus.ANSWERED,
        opened_at=at(10, 5) if phase == Phase.BEFORE else at(11, 20),
        answered_at=at(10, 6) if phase == Phase.BEFORE else at(11, 21),
    )
    for skill, level in levels.items():
        AssessmentRating.objects.create(assessment=assessment, skill=skill, level=level)


def test_skill_gain_is_the_mentees_mean_gain_with_both_assessments(
    made: HandMade, organization: Organization
) -> None:
    excel, posting = (
        SkillFactory.create(organization=organization),
        SkillFactory.create(organization=organization),
    )
    a, c = made.pairs["a"], made.pairs["c"]
    _rate(a, Phase.BEFORE, {excel: 2})
    _rate(a, Phase.AFTER, {excel: 4})  # +2
    _rate(c, Phase.BEFORE, {excel: 3, posting: 1}, late=True)  # "then and now", at the end
    _rate(c, Phase.AFTER, {excel: 4, posting: 3})  # +1 and +2: 1.5
    _rate(made.pairs["b"], Phase.BEFORE, {excel: 1})  # no "after": not counted

    result = by_kind(program_kpis(made.program, today=TODAY))[KpiKind.SKILL_GAIN]

    assert result.value == pytest.approx(1.75)
    assert (result.sample, result.sample_label, result.unit) == (2, "people", "points")
    assert result.interval is not None
    assert result.interval.high == pytest.approx(1.75 + t_half_width([2, 1.5]))
    assert result.met is True
    assert result.note == "1 of them gave their “before” late, at the end."


def test_skill_gain_without_assessments_says_there_is_not_enough_data(made: HandMade) -> None:
    result = by_kind(program_kpis(made.program, today=TODAY))[KpiKind.SKILL_GAIN]

    assert result.value is None
    assert result.note.startswith("Not enough data yet")
    assert result.met is None


def test_retention_waits_for_twelve_months_with_a_plain_note(made: HandMade) -> None:
    result = by_kind(program_kpis(made.program, today=TODAY))[KpiKind.MENTOR_RETENTION]

    assert result.value is None  # the pairs started in October 2026
    assert result.note.startswith("Not enough data yet")
    assert result.unit == "pp"


def test_retention_carries_the_comparison_difference_interval_and_group_sizes(
    made: HandMade, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def comparison(program: Program, *, today: Any = None, kept: bool = False) -> Comparison:
        seen["today"] = today
        return Comparison(
            measure="retention",
            participant_rate=90.0,
            comparison_rate=80.0,
            difference=10.0,
            interval=Interval(2.0, 18.0),
            participants=20,
            comparison=140,
            months=12,
            method="Mentors still employed after 12 months against matched non-participants.",
        )

    monkeypatch.setattr("remento.outcomes.kpis.inputs.retention_comparison", comparison)

    result = by_kind(program_kpis(made.program, today=TODAY))[KpiKind.MENTOR_RETENTION]

    assert (result.value, result.interval, result.sample) == (10.0, Interval(2.0, 18.0), 20)
    assert result.sample_label == "mentors"
    assert result.method.endswith("Compared with 140 comparable non-participants.")
    assert seen["today"] == TODAY
    assert result.met is True  # target 0 pp


def test_program_kpis_lists_only_the_kpis_committed_to_in_catalogue_order(
    organization: Organization,
) -> None:
    made = hand_made_program(organization, kpis=False)
    assert program_kpis(made.program) == []
    ProgramKpi.objects.create(program=made.program, kind=KpiKind.PARTICIPATION, target=20)
    ProgramKpi.objects.create(program=made.program, kind=KpiKind.CHECKIN_RATING, target=4)

    results = program_kpis(made.program)

    assert [r.kind for r in results] == [KpiKind.CHECKIN_RATING, KpiKind.PARTICIPATION]
    assert [r.label for r in results] == [KpiKind.CHECKIN_RATING.label, KpiKind.PARTICIPATION.label]


def test_measure_all_measures_every_kind_with_targets_only_where_chosen(
    organization: Organization,
) -> None:
    made = hand_made_program(organization, kpis=False)
    ProgramKpi.objects.create(program=made.program, kind=KpiKind.COMPLETION, target=75)

    results = by_kind(measure_all(made.program, TODAY))

    assert list(results) == list(KpiKind.values)
    assert results[KpiKind.COMPLETION].target == Decimal("75.00")
    assert all(r.target is None for kind, r in results.items() if kind != KpiKind.COMPLETION)
    assert results[KpiKind.MEETINGS_PER_PAIR].value == pytest.approx(8 / 3)


def test_an_empty_program_says_why_each_figure_is_missing(organization: Organization) -> None:
    program = hand_made_program(organization).program
    empty = Program.objects.create(organization=organization, name="Empty", status="active")

    results = by_kind(measure_all(empty, TODAY))

    assert results[KpiKind.MEETINGS_PER_PAIR].value is None
    assert results[KpiKind.MEETINGS_PER_PAIR].note == "Not enough data yet: no pair has started."
    assert results[KpiKind.CHECKIN_RATING].note.startswith("Not enough data yet")
    assert results[KpiKind.COMPLETION].value is None
    assert results[KpiKind.PARTICIPATION].value == 0
    assert results[KpiKind.PARTICIPATION].note == "Nobody has enrolled yet."
    assert by_kind(measure_all(program, TODAY))[KpiKind.PARTICIPATION].value == 9


def test_another_organisations_program_never_counts(
    made: HandMade, organization: Organization
) -> None:
    other_org = OrganizationFactory.create(name="Globex", slug="globex")
    other = hand_made_program(other_org)
    meeting(other.pairs["a"], at(10, 8))

    results = by_kind(program_kpis(made.program, today=TODAY))

    assert results[KpiKind.MEETINGS_PER_PAIR].value == pytest.approx(8 / 3)
    assert results[KpiKind.PARTICIPATION].value == 9


def test_the_figures_as_of_a_past_day_count_only_what_had_happened(made: HandMade) -> None:
    results = by_kind(program_kpis(made.program, today=at(10, 25).date()))

    # By Sunday 25 October: A, B, C started; held A 6 and 20 Oct, B 7 Oct, C 13 Oct.
    assert results[KpiKind.MEETINGS_PER_PAIR].value == pytest.approx(4 / 3)
    assert results[KpiKind.CHECKIN_RATING].value == pytest.approx((4 + 5 + 2) / 3)
    assert results[KpiKind.COMPLETION].value is None  # nobody had closed
    # A's first milestone and B's first were done on 20 Oct: no goal complete yet.
    assert results[KpiKind.GOALS_ACHIEVED].value == 0


def _queries(program: Program, call: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        call(program)
    return len(captured)


@pytest.mark.parametrize(
    "call",
    [
        lambda program: program_kpis(program, today=TODAY),
        lambda program: measure_all(program, TODAY),
    ],
    ids=["program_kpis", "measure_all"],
)
def test_the_kpis_take_as_many_queries_for_three_times_the_pairs(
    made: HandMade, organization: Organization, django_assert_num_queries: Any, call: Any
) -> None:
    grow(made.program, organization, 2)
    small = _queries(made.program, call)
    grow(made.program, organization, 4)

    with django_assert_num_queries(small):
        call(made.program)


def test_the_fact_kpis_read_seven_queries(made: HandMade, django_assert_num_queries: Any) -> None:
    for kind in (KpiKind.SKILL_GAIN, KpiKind.MENTOR_RETENTION):
        ProgramKpi.objects.filter(program=made.program, kind=kind).delete()

    # The program's KPIs, then pairs, meetings, check-ins, goals, milestones, enrolments.
    with django_assert_num_queries(7):
        program_kpis(made.program, today=TODAY)
