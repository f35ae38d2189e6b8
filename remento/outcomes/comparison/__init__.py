"""Retention and promotion of a program's junior mentors against comparable non-participants.

``retention_comparison`` and ``promotion_comparison`` follow the mentors of the program's
started pairs for 12 months from their pair's start, and a comparison group of eligible
people of the same organisation who never took part for 12 months from the program's start,
matched exactly on department, level band, generation and tenure band (``strata``), the
comparison group reweighted to the mentors' mix (``stats``). The method is written out in
``docs/outcomes.md`` ("Retention and promotion against non-participants").
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from remento.core.words import count_of
from remento.outcomes.comparison.cohorts import PROMOTION, RETENTION, Cohorts, follow
from remento.outcomes.comparison.kept import kept_comparison
from remento.outcomes.comparison.stats import Matched, match, weighted_difference
from remento.outcomes.comparison.strata import MONTHS
from remento.outcomes.results import Comparison
from remento.programs.models import Program

__all__ = ["promotion_comparison", "retention_comparison"]

_MATCHING = (
    "against eligible non-participants (never paired in this program, employed at its start) "
    "of the same department, level band, generation and tenure band, reweighted to the "
    "mentors' mix; difference in percentage points with a 95% Wald interval"
)
METHODS = {
    RETENTION: "Share of the program's mentors still employed 12 months after their pair "
    f"started, {_MATCHING}.",
    PROMOTION: "Share of the program's mentors promoted (a level increase in the HRIS "
    f"history) within 12 months of their pair's start, {_MATCHING}.",
}
_NOT_YET = "Not enough data yet"


def retention_comparison(
    program: Program, *, today: dt.date | None = None, kept: bool = False
) -> Comparison:
    """The 12-month retention of ``program``'s mentors minus that of matched eligible
    non-participants, in percentage points with a 95% interval and both group sizes.

    ``difference`` is None, with a ``note`` saying why, until a mentor has passed 12 months
    and while either matched group is under ``REMENTO_MIN_GROUP_SIZE`` people. At most three
    queries, whatever the size of the organisation.

    With ``kept`` (the pages), the comparison is read as the task worker last worked it
    out (``comparison.kept``; ``counted_at`` says when), in one query; worked out here only
    when none is kept (then one more query)."""
    return _compare(program, RETENTION, today or timezone.localdate(), kept)


def promotion_comparison(
    program: Program, *, today: dt.date | None = None, kept: bool = False
) -> Comparison:
    """The share of ``program``'s mentors promoted (a level increase in the level history)
    within 12 months of their start, minus that of matched eligible non-participants within
    12 months of the program's start; as ``retention_comparison`` otherwise."""
    return _compare(program, PROMOTION, today or timezone.localdate(), kept)


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _waiting_note(cohorts: Cohorts) -> str:
    """Why there is no figure while nobody has reached 12 months."""
    if not cohorts.followed:
        return (
            f"{_NOT_YET}: no pair of this program has started, so there are no mentors to follow."
        )
    first = cohorts.first_due
    assert first is not None
    return (
        f"{_NOT_YET}: {count_of(cohorts.followed, 'mentor')} followed; the first of them "
        f"reaches 12 months on {_day(first)}."
    )


def _unmatched(matched: Matched) -> str:
    if not matched.unmatched:
        return ""
    return (
        f"{count_of(matched.unmatched, 'mentor')} had no non-participant of their department, "
        "level band, generation and tenure band and "
        f"{'is' if matched.unmatched == 1 else 'are'} left out"
    )


def _small_note(matched: Matched, minimum: int) -> str:
    unmatched = _unmatched(matched)
    return (
        f"{_NOT_YET}: {count_of(matched.participants, 'mentor')} and "
        f"{count_of(matched.comparison, 'comparable non-participant')} have reached 12 months "
        f"and could be compared; each group needs at least {minimum}."
        + (f" {unmatched[0].upper()}{unmatched[1:]}." if unmatched else "")
    )


def _caveats(matched: Matched, cohorts: Cohorts) -> str:
    """What a figure leaves out: unmatched mentors, mentors not yet at 12 months."""
    parts = [_unmatched(matched)]
    if cohorts.waiting:
        waiting = count_of(cohorts.waiting, "more mentor")
        parts.append(f"{waiting} {'has' if cohorts.waiting == 1 else 'have'} not reached 12 months")
    text = "; ".join(part for part in parts if part)
    return f"{text[0].upper()}{text[1:]}." if text else ""


def _compare(program: Program, measure: str, today: dt.date, kept: bool) -> Comparison:
    if kept and (stored := kept_comparison(program, measure)) is not None:
        return stored
    cohorts = follow(program, measure=measure, today=today)

    def no_figure(note: str, participants: int = 0, comparison: int = 0) -> Comparison:
        return Comparison(
            measure=measure,
            participant_rate=None,
            comparison_rate=None,
            difference=None,
            interval=None,
            participants=participants,
            comparison=comparison,
            months=MONTHS,
            method=METHODS[measure],
            note=note,
        )

    if not cohorts.participants:
        return no_figure(_waiting_note(cohorts))
    due = cohorts.comparison_due
    if due is not None and due > today:
        return no_figure(
            f"{_NOT_YET}: the comparison group reaches 12 months after the program's start "
            f"on {_day(due)}."
        )
    matched = match(cohorts.participants, cohorts.comparison)
    minimum = settings.REMENTO_MIN_GROUP_SIZE
    if matched.participants < minimum or matched.comparison < minimum:
        return no_figure(_small_note(matched, minimum), matched.participants, matched.comparison)
    estimate = weighted_difference(matched)
    return Comparison(
        measure=measure,
        participant_rate=estimate.participant_rate,
        comparison_rate=estimate.comparison_rate,
        difference=estimate.difference,
        interval=estimate.interval,
        participants=estimate.participants,
        comparison=estimate.comparison,
        months=MONTHS,
        method=METHODS[measure],
        note=_caveats(matched, cohorts),
    )
