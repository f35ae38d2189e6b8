"""A program's results page as the task worker keeps it: the figures that read every pair,
meeting, check-in, goal, enrolment and assessment of the program (the KPIs' weekly series,
meetings per pair, the ratings, the skill gain, the KPIs by group), so that the page reads
one row instead and costs the same for 20 pairs or 6,000. The KPIs themselves and the funnel
are kept beside them (``kept.kpis``), the comparisons too (``comparison.kept``), all by the
same run (``services.keep_program_figures``: nightly, when a pair of the program starts or
ends, and when a coordinator asks), and the page says as of when.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from remento.outcomes.dashboards.selectors import MeetingsPerPair, RatingsDistribution
from remento.outcomes.kept.kpis import KeptKpis, kept_kpis
from remento.outcomes.kept.organization import breakdown_from
from remento.outcomes.kept.store import keep, read_kept
from remento.outcomes.kpis.breakdowns import Breakdown
from remento.outcomes.kpis.series import SeriesPoint
from remento.outcomes.results import Interval, SkillGain, SkillGainSummary
from remento.programs.models import Program

NAME = "results"


@dataclass(frozen=True)
class ResultsFigures:
    """The results page's figures besides the KPIs, the funnel and the comparisons."""

    series: dict[str, list[SeriesPoint]]
    meetings: MeetingsPerPair
    ratings: RatingsDistribution
    skill_gain: SkillGainSummary
    breakdowns: list[Breakdown]


@dataclass(frozen=True)
class KeptResults:
    """What the worker kept of one program's results page, and when it counted them."""

    kpis: KeptKpis
    figures: ResultsFigures
    computed_at: datetime


def to_payload(figures: ResultsFigures) -> dict[str, Any]:
    """``figures`` as JSON (what the worker keeps)."""
    return {
        "series": {
            kind: [[point.week.isoformat(), point.value, point.sample] for point in points]
            for kind, points in figures.series.items()
        },
        "meetings": dataclasses.asdict(figures.meetings),
        "ratings": dataclasses.asdict(figures.ratings),
        "skill_gain": dataclasses.asdict(figures.skill_gain),
        "breakdowns": [dataclasses.asdict(breakdown) for breakdown in figures.breakdowns],
    }


def _interval(data: dict[str, Any] | None) -> Interval | None:
    return None if data is None else Interval(**data)


def _skill_gains(rows: list[dict[str, Any]]) -> tuple[SkillGain, ...]:
    return tuple(SkillGain(**{**row, "interval": _interval(row["interval"])}) for row in rows)


def _skill_gain_from(data: dict[str, Any]) -> SkillGainSummary:
    return SkillGainSummary(
        **{
            **data,
            "interval": _interval(data["interval"]),
            "per_skill": _skill_gains(data["per_skill"]),
            "per_person": _skill_gains(data["per_person"]),
        }
    )


def _by_rating(counts: dict[str, int]) -> dict[int, int]:
    """Ratings counted by rating: JSON keeps the keys as text."""
    return {int(rating): n for rating, n in counts.items()}


def from_payload(payload: dict[str, Any]) -> ResultsFigures:
    """The figures ``to_payload`` wrote, as the page uses them."""
    meetings, ratings = payload["meetings"], payload["ratings"]
    return ResultsFigures(
        series={
            kind: [SeriesPoint(date.fromisoformat(week), value, n) for week, value, n in points]
            for kind, points in payload["series"].items()
        },
        meetings=MeetingsPerPair(
            **{**meetings, "buckets": tuple((label, n) for label, n in meetings["buckets"])}
        ),
        ratings=RatingsDistribution(
            mentors=_by_rating(ratings["mentors"]),
            mentees=_by_rating(ratings["mentees"]),
            people=ratings["people"],
        ),
        skill_gain=_skill_gain_from(payload["skill_gain"]),
        breakdowns=[breakdown_from(data) for data in payload["breakdowns"]],
    )


def keep_results(program: Program, figures: ResultsFigures, *, now: datetime) -> None:
    """Keep ``program``'s results-page ``figures`` as of ``now``."""
    keep(program.organization_id, NAME, to_payload(figures), now=now, program_id=program.pk)


def kept_results(program: Program, *, viewer_id: int | None = None) -> KeptResults | None:
    """``program``'s results page as the worker last kept it, or None while it has kept no
    results (or no KPIs) of it: the page then works them out itself. For ``viewer_id``,
    ``kpis.withheld`` says whether they count answers the viewer may not. Two queries."""
    kpis = kept_kpis([program], viewer_id=viewer_id).get(program.pk)
    if kpis is None:
        return None
    kept = read_kept(program.organization_id, NAME, program.pk)
    if kept is None:
        return None
    # Both are written by one run; the older of the two is what the page is as of.
    as_of = min(kept.computed_at, kpis.computed_at)
    return KeptResults(kpis, from_payload(kept.payload), as_of)
