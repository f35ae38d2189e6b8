"""A pair's health, from explicit rules: pure functions, facts in, a state and reasons out.

No database and no clock here: ``selectors.health_inputs`` gathers the facts of many pairs
at once, and these rules turn each pair's facts into one of four states. Every rule reports
a finding (fine or not, with a sentence that says why), so a page can show the state rule by
rule; the state is the worst finding's, and a pair with nothing wrong and too little history
is "Too early to tell".

=====================  ============================================  ====================
rule                   fires when                                    state it gives
=====================  ============================================  ====================
``meeting_gap``        no meeting held for more than 2x the cadence  At risk
                       (counted from the start when none was held)
                       more than 1x the cadence and none scheduled   Needs attention
``senior_cancels``     the senior (the mentee in reverse mentoring,  3+: At risk
(executive ghosting)   the mentor in traditional, the higher level   2: Needs attention
                       in mutual) cancelled or missed meetings in
                       the last 90 days
``partner_cancels``    the other person cancelled or missed 3+ in    Needs attention
                       the last 90 days
``low_rating``         a latest check-in rating of 2 or less (of 5)  At risk
``falling_rating``     a latest rating lower than the one before     Needs attention
                       and 3 or less
``unanswered``         a person left 2+ check-ins unanswered         Needs attention
``good_fit``           a person answered "not a good fit"            At risk
``goals_stalled``      6 weeks after the start: no goals, or no      Needs attention
                       progress on any goal
=====================  ============================================  ====================

States: a launching pair (not started) is Too early to tell; an active pair with no finding
is On track, or Too early to tell while it started less than one cadence ago and has held no
meeting yet. The check-in rules read answers that are confidential to coordinators, so the
pair's own page evaluates the rules without them (``checkins=None``; see docs/health.md).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from remento.core.viewer_time import days_ago

GAP_AT_RISK_FACTOR = 2
SENIOR_CANCELS_ATTENTION, SENIOR_CANCELS_AT_RISK = 2, 3
PARTNER_CANCELS_ATTENTION = 3
CANCEL_WINDOW_DAYS = 90
LOW_RATING = 2
FALLING_RATING_CEILING = 3
UNANSWERED_ATTENTION = 2
GOALS_GRACE_DAYS = 42


class HealthState(enum.StrEnum):
    ON_TRACK = "on_track"
    NEEDS_ATTENTION = "needs_attention"
    AT_RISK = "at_risk"
    TOO_EARLY = "too_early"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]

    @property
    def rank(self) -> int:
        """Worst first: At risk 0, Needs attention 1, Too early 2, On track 3."""
        return STATE_ORDER.index(self)


STATE_LABELS = {
    HealthState.ON_TRACK: "On track",
    HealthState.NEEDS_ATTENTION: "Needs attention",
    HealthState.AT_RISK: "At risk",
    HealthState.TOO_EARLY: "Too early to tell",
}
STATE_ORDER = (
    HealthState.AT_RISK,
    HealthState.NEEDS_ATTENTION,
    HealthState.TOO_EARLY,
    HealthState.ON_TRACK,
)


@dataclass(frozen=True)
class PersonFacts:
    """One person of the pair: their name, meetings they cancelled or missed in the window,
    and their check-ins (``None`` ratings when they have answered none)."""

    name: str
    role: str  # "mentor" or "mentee"
    cancelled: int = 0
    missed: int = 0
    latest_rating: int | None = None
    previous_rating: int | None = None
    unanswered: int = 0
    not_a_good_fit: bool = False


@dataclass(frozen=True)
class HealthInputs:
    """The facts of one pair the rules read; ``checkins`` is False when the check-in facts
    are unknown or hidden from the viewer (then the check-in rules say so and never fire)."""

    now: datetime
    started: bool
    started_at: datetime | None
    cadence_days: int
    mentor: PersonFacts
    mentee: PersonFacts
    senior: str | None = None  # "mentor", "mentee" or None (same level, mutual)
    last_held_at: datetime | None = None
    next_meeting_at: datetime | None = None
    goal_count: int = 0
    goal_progress: int | None = None
    checkins: bool = True

    @property
    def people(self) -> tuple[PersonFacts, PersonFacts]:
        return (self.mentor, self.mentee)


@dataclass(frozen=True)
class Finding:
    """One rule's verdict: ``state`` is None when the rule is satisfied."""

    rule: str
    title: str
    text: str
    state: HealthState | None = None
    hidden: bool = False  # the facts are not the viewer's to read (confidential check-ins)

    @property
    def fired(self) -> bool:
        return self.state is not None


@dataclass(frozen=True)
class Health:
    state: HealthState
    findings: list[Finding] = field(default_factory=list)

    @property
    def reasons(self) -> list[Finding]:
        """The findings that put the pair in its state, worst first."""
        fired = [f for f in self.findings if f.state is not None]
        return sorted(fired, key=lambda f: f.state.rank if f.state else 9)


def _days(later: datetime, earlier: datetime) -> int:
    return max((later - earlier).days, 0)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def meeting_gap(facts: HealthInputs) -> Finding:
    title = "Meeting rhythm"
    every = f"they agreed to meet every {_plural(facts.cadence_days, 'day')}"
    since = facts.last_held_at or facts.started_at
    if since is None:
        return Finding("meeting_gap", title, "The pair has not started yet.")
    days = _days(facts.now, since)
    what = (
        f"Last meeting held {days_ago(facts.last_held_at, now=facts.now)}"
        if facts.last_held_at
        else f"No meeting held in the {_plural(days, 'day')} since the pair started"
    )
    if days > GAP_AT_RISK_FACTOR * facts.cadence_days:
        return Finding(
            "meeting_gap", title, f"{what}: more than twice the rhythm ({every}).", _AT_RISK
        )
    if days > facts.cadence_days and facts.next_meeting_at is None:
        return Finding("meeting_gap", title, f"{what} and none is scheduled ({every}).", _ATTENTION)
    scheduled = " A meeting is scheduled." if facts.next_meeting_at else ""
    return Finding("meeting_gap", title, f"{what}; {every}.{scheduled}")


def _cancels(person: PersonFacts) -> int:
    return person.cancelled + person.missed


def _cancel_text(person: PersonFacts, role: str) -> str:
    # The first count takes the noun in its own number, the second reads without it:
    # "cancelled 1 meeting", "cancelled 2 meetings and missed 1", "missed 3 meetings".
    counts = [("cancelled", person.cancelled), ("missed", person.missed)]
    done = [(verb, count) for verb, count in counts if count]
    window = f"in the last {CANCEL_WINDOW_DAYS} days"
    if not done:
        return f"{person.name} ({role}) cancelled or missed no meeting {window}."
    (first_verb, first_count), *rest = done
    said = [f"{first_verb} {_plural(first_count, 'meeting')}"]
    said += [f"{verb} {count}" for verb, count in rest]
    return f"{person.name} ({role}) {' and '.join(said)} {window}."


def senior_cancels(facts: HealthInputs) -> Finding:
    title = "Cancellations by the senior partner"
    if facts.senior is None:
        return Finding("senior_cancels", title, "Neither person is the more senior one.")
    person = facts.mentee if facts.senior == "mentee" else facts.mentor
    count = _cancels(person)
    text = _cancel_text(person, f"the {person.role}, the more senior")
    if count >= SENIOR_CANCELS_AT_RISK:
        return Finding("senior_cancels", title, text, _AT_RISK)
    if count >= SENIOR_CANCELS_ATTENTION:
        return Finding("senior_cancels", title, text, _ATTENTION)
    return Finding("senior_cancels", title, text)


def partner_cancels(facts: HealthInputs) -> Finding:
    title = "Repeated cancellations"
    others = [p for p in facts.people if p.role != facts.senior]
    worst = max(others, key=_cancels)
    text = _cancel_text(worst, f"the {worst.role}")
    if _cancels(worst) >= PARTNER_CANCELS_ATTENTION:
        return Finding("partner_cancels", title, text, _ATTENTION)
    return Finding("partner_cancels", title, text)


def _no_checkins(rule: str, title: str, facts: HealthInputs) -> Finding | None:
    if not facts.checkins:
        text = "Check-in answers are confidential to the coordinator."
        return Finding(rule, title, text, hidden=True)
    return None


def low_rating(facts: HealthInputs) -> Finding:
    title = "Low rating"
    hidden = _no_checkins("low_rating", title, facts)
    if hidden:
        return hidden
    rated = [p for p in facts.people if p.latest_rating is not None]
    if not rated:
        return Finding("low_rating", title, "No check-in rating yet.")
    low = [p for p in rated if p.latest_rating is not None and p.latest_rating <= LOW_RATING]
    text = "; ".join(f"{p.name} rated it {p.latest_rating}/5" for p in (low or rated)) + "."
    return Finding("low_rating", title, text, _AT_RISK if low else None)


def falling_rating(facts: HealthInputs) -> Finding:
    title = "Falling rating"
    hidden = _no_checkins("falling_rating", title, facts)
    if hidden:
        return hidden
    for person in facts.people:
        latest, previous = person.latest_rating, person.previous_rating
        if latest is None or previous is None:
            continue
        if latest < previous and latest <= FALLING_RATING_CEILING:
            text = f"{person.name}'s rating fell from {previous}/5 to {latest}/5."
            return Finding("falling_rating", title, text, _ATTENTION)
    return Finding("falling_rating", title, "No rating has fallen to 3/5 or below.")


def unanswered(facts: HealthInputs) -> Finding:
    title = "Unanswered check-ins"
    hidden = _no_checkins("unanswered", title, facts)
    if hidden:
        return hidden
    late = [p for p in facts.people if p.unanswered >= UNANSWERED_ATTENTION]
    if late:
        text = "; ".join(f"{p.name} left {p.unanswered} check-ins unanswered" for p in late)
        return Finding("unanswered", title, text + ".", _ATTENTION)
    return Finding("unanswered", title, "Check-ins are answered.")


def good_fit(facts: HealthInputs) -> Finding:
    title = "Good fit"
    hidden = _no_checkins("good_fit", title, facts)
    if hidden:
        return hidden
    doubts = [p for p in facts.people if p.not_a_good_fit]
    if doubts:
        names = " and ".join(p.name for p in doubts)
        return Finding("good_fit", title, f"{names} answered “not a good fit”.", _AT_RISK)
    return Finding("good_fit", title, "Nobody answered “not a good fit”.")


def goals_stalled(facts: HealthInputs) -> Finding:
    title = "Goal progress"
    if facts.goal_count:
        progress = f"{_plural(facts.goal_count, 'goal')}, {facts.goal_progress or 0}% done"
    else:
        progress = "No goals set"
    if facts.started_at is None or _days(facts.now, facts.started_at) < GOALS_GRACE_DAYS:
        return Finding("goals_stalled", title, f"{progress}.")
    if not facts.goal_count or not facts.goal_progress:
        weeks = GOALS_GRACE_DAYS // 7
        text = f"{progress}, {weeks} weeks or more after the start."
        return Finding("goals_stalled", title, text, _ATTENTION)
    return Finding("goals_stalled", title, f"{progress}.")


_AT_RISK, _ATTENTION = HealthState.AT_RISK, HealthState.NEEDS_ATTENTION

RULES: tuple[Callable[[HealthInputs], Finding], ...] = (
    meeting_gap,
    senior_cancels,
    partner_cancels,
    low_rating,
    falling_rating,
    unanswered,
    good_fit,
    goals_stalled,
)


def evaluate(facts: HealthInputs) -> Health:
    """The pair's state and every rule's finding (see the table above)."""
    if not facts.started:
        reason = Finding(
            "not_started", "Not started", "The pair has not started yet.", HealthState.TOO_EARLY
        )
        return Health(HealthState.TOO_EARLY, [reason])
    findings = [rule(facts) for rule in RULES]
    states = {f.state for f in findings if f.state is not None}
    for state in (HealthState.AT_RISK, HealthState.NEEDS_ATTENTION):
        if state in states:
            return Health(state, findings)
    young = facts.started_at is not None and _days(facts.now, facts.started_at) < (
        facts.cadence_days
    )
    if young and facts.last_held_at is None:
        days = _days(facts.now, facts.started_at) if facts.started_at else 0
        text = (
            f"Started {_plural(days, 'day')} ago, within the first "
            f"{_plural(facts.cadence_days, 'day')}: no meeting held yet."
        )
        just = Finding("just_started", "Just started", text, HealthState.TOO_EARLY)
        return Health(HealthState.TOO_EARLY, [*findings, just])
    return Health(HealthState.ON_TRACK, findings)
