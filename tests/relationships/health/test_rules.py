"""Each health rule on its own (pure facts in), and the state they add up to."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from remento.relationships.health.rules import (
    HealthInputs,
    HealthState,
    PersonFacts,
    evaluate,
)

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def facts(**fields: object) -> HealthInputs:
    base = HealthInputs(
        now=NOW,
        started=True,
        started_at=NOW - timedelta(days=60),
        cadence_days=14,
        mentor=PersonFacts(name="Maya Junior", role="mentor"),
        mentee=PersonFacts(name="Martin Senior", role="mentee"),
        senior="mentee",
        last_held_at=NOW - timedelta(days=5),
        goal_count=2,
        goal_progress=40,
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def fired(inputs: HealthInputs) -> dict[str, HealthState]:
    return {f.rule: f.state for f in evaluate(inputs).findings if f.state is not None}


def test_a_pair_meeting_on_rhythm_with_progress_is_on_track() -> None:
    health = evaluate(facts())
    assert health.state == HealthState.ON_TRACK
    assert health.reasons == []
    assert {f.rule for f in health.findings} >= {"meeting_gap", "goals_stalled", "low_rating"}


def test_a_launching_pair_is_too_early_to_tell() -> None:
    health = evaluate(facts(started=False, started_at=None, last_held_at=None))
    assert health.state == HealthState.TOO_EARLY
    assert [r.rule for r in health.reasons] == ["not_started"]


def test_a_young_pair_without_a_meeting_yet_is_too_early_to_tell() -> None:
    health = evaluate(facts(started_at=NOW - timedelta(days=6), last_held_at=None, goal_count=0))
    assert health.state == HealthState.TOO_EARLY


def test_no_meeting_for_more_than_twice_the_cadence_is_at_risk() -> None:
    inputs = facts(last_held_at=NOW - timedelta(days=29))
    assert fired(inputs) == {"meeting_gap": HealthState.AT_RISK}
    assert evaluate(inputs).state == HealthState.AT_RISK
    assert "29 days ago" in evaluate(inputs).reasons[0].text


def test_exactly_twice_the_cadence_is_not_yet_at_risk() -> None:
    scheduled = facts(last_held_at=NOW - timedelta(days=28), next_meeting_at=NOW)
    assert fired(scheduled) == {}


def test_past_the_cadence_with_nothing_scheduled_needs_attention() -> None:
    assert fired(facts(last_held_at=NOW - timedelta(days=15))) == {
        "meeting_gap": HealthState.NEEDS_ATTENTION
    }
    scheduled = facts(last_held_at=NOW - timedelta(days=15), next_meeting_at=NOW + timedelta(1))
    assert fired(scheduled) == {}


def test_no_meeting_since_the_start_counts_from_the_start() -> None:
    inputs = facts(started_at=NOW - timedelta(days=30), last_held_at=None)
    finding = evaluate(inputs).reasons[0]
    assert finding.rule == "meeting_gap"
    assert finding.state == HealthState.AT_RISK
    assert "since the pair started" in finding.text


def test_a_senior_who_cancels_repeatedly_is_named_executive_ghosting() -> None:
    mentee = PersonFacts(name="Martin Senior", role="mentee", cancelled=2, missed=1)
    health = evaluate(facts(mentee=mentee))
    assert health.state == HealthState.AT_RISK
    reason = health.reasons[0]
    assert reason.rule == "senior_cancels"
    assert reason.title == "Cancellations by the senior partner"
    assert "Martin Senior (the mentee, the more senior)" in reason.text


def test_two_senior_cancellations_need_attention() -> None:
    mentee = PersonFacts(name="Martin Senior", role="mentee", cancelled=2)
    assert fired(facts(mentee=mentee)) == {"senior_cancels": HealthState.NEEDS_ATTENTION}


def test_in_traditional_mentoring_the_senior_is_the_mentor() -> None:
    mentor = PersonFacts(name="Maya Junior", role="mentor", cancelled=3)
    assert fired(facts(mentor=mentor, senior="mentor")) == {"senior_cancels": HealthState.AT_RISK}
    assert fired(facts(mentor=mentor, senior="mentee")) == {
        "partner_cancels": HealthState.NEEDS_ATTENTION
    }


def test_junior_cancellations_are_not_called_ghosting() -> None:
    mentor = PersonFacts(name="Maya Junior", role="mentor", cancelled=1, missed=2)
    health = evaluate(facts(mentor=mentor))
    assert health.state == HealthState.NEEDS_ATTENTION
    assert health.reasons[0].title == "Repeated cancellations"


def test_a_low_latest_rating_is_at_risk() -> None:
    mentor = PersonFacts(name="Maya Junior", role="mentor", latest_rating=2, previous_rating=2)
    health = evaluate(facts(mentor=mentor))
    assert fired(facts(mentor=mentor)) == {"low_rating": HealthState.AT_RISK}
    assert "Maya Junior rated it 2/5" in health.reasons[0].text


def test_a_falling_rating_needs_attention() -> None:
    mentee = PersonFacts(name="Martin Senior", role="mentee", latest_rating=3, previous_rating=5)
    assert fired(facts(mentee=mentee)) == {"falling_rating": HealthState.NEEDS_ATTENTION}
    still_good = PersonFacts(name="Martin", role="mentee", latest_rating=4, previous_rating=5)
    assert fired(facts(mentee=still_good)) == {}


def test_unanswered_check_ins_need_attention() -> None:
    mentee = PersonFacts(name="Martin Senior", role="mentee", unanswered=2)
    assert fired(facts(mentee=mentee)) == {"unanswered": HealthState.NEEDS_ATTENTION}
    one = PersonFacts(name="Martin Senior", role="mentee", unanswered=1)
    assert fired(facts(mentee=one)) == {}


def test_not_a_good_fit_is_at_risk() -> None:
    mentor = PersonFacts(name="Maya Junior", role="mentor", not_a_good_fit=True)
    health = evaluate(facts(mentor=mentor))
    assert health.state == HealthState.AT_RISK
    assert health.reasons[0].rule == "good_fit"


def test_goals_without_progress_after_six_weeks_need_attention() -> None:
    assert fired(facts(goal_progress=0)) == {"goals_stalled": HealthState.NEEDS_ATTENTION}
    assert fired(facts(goal_count=0, goal_progress=None)) == {
        "goals_stalled": HealthState.NEEDS_ATTENTION
    }
    young = facts(goal_progress=0, started_at=NOW - timedelta(days=30))
    assert fired(young) == {}


def test_hidden_check_ins_never_fire_and_say_why() -> None:
    mentor = PersonFacts(name="Maya", role="mentor", latest_rating=1, not_a_good_fit=True)
    health = evaluate(facts(mentor=mentor, checkins=False))
    assert health.state == HealthState.ON_TRACK
    texts = {f.rule: f.text for f in health.findings}
    assert "confidential" in texts["low_rating"]
    assert "rated" not in " ".join(texts.values())


def test_the_worst_finding_decides_and_reasons_come_worst_first() -> None:
    mentee = PersonFacts(name="Martin", role="mentee", unanswered=3, not_a_good_fit=True)
    health = evaluate(facts(mentee=mentee))
    assert health.state == HealthState.AT_RISK
    assert [r.rule for r in health.reasons] == ["good_fit", "unanswered"]


def test_the_last_meeting_is_counted_in_calendar_days_of_the_reader() -> None:
    # Held last night, 18 hours before NOW (noon UTC): "yesterday", not "0 days ago".
    last_night = facts(last_held_at=NOW - timedelta(hours=18))
    [gap] = [f for f in evaluate(last_night).findings if f.rule == "meeting_gap"]
    assert gap.text.startswith("Last meeting held yesterday;")

    # Two meetings on the same day, one in the morning, one in the evening: the same count.
    morning, evening = datetime(2026, 5, 24, 8, tzinfo=UTC), datetime(2026, 5, 24, 20, tzinfo=UTC)
    texts = {
        next(f.text for f in evaluate(facts(last_held_at=held)).findings if f.rule == "meeting_gap")
        for held in (morning, evening)
    }
    assert len(texts) == 1
    assert texts.pop().startswith("Last meeting held 8 days ago;")
