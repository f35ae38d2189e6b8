"""The program dashboard's own figures: how the meetings spread over the pairs, and how the
check-in ratings spread over the scale. The KPIs, the funnel, the skill gain and the
comparisons come from their own modules (``outcomes.kpis``, ``outcomes.selectors``,
``outcomes.assessments.gains``, ``outcomes.comparison``).

For the program's coordinators only (the caller fetched the program with
``programs.access``): counts, never an answer's words or who gave which rating, and never
the answers of the viewer's own partner (``outcomes.confidential``).
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q

from remento.outcomes.confidential import countable
from remento.outcomes.kpis.facts import ProgramFacts
from remento.programs.models import Program
from remento.relationships.checkins.models import RATING_LABELS, CheckIn, CheckInStatus
from remento.relationships.meetings.models import MeetingStatus
from remento.relationships.models import Pair

# Pairs that held this many meetings or more share the last bar.
MEETINGS_TOP = 10


@dataclass(frozen=True)
class MeetingsPerPair:
    """How many started pairs held each number of meetings (``buckets``: label -> pairs)."""

    buckets: tuple[tuple[str, int], ...]
    pairs: int
    mean: float | None
    median: float | None


def meetings_per_pair(program: Program, *, facts: ProgramFacts | None = None) -> MeetingsPerPair:
    """The held meetings of each pair of ``program`` that has started (open or closed), as
    a distribution: 0, 1, 2, … up to ``MEETINGS_TOP`` or more. One query; none when the
    caller passes the program's ``facts`` (``kpis.facts``, already read for its KPIs)."""
    if facts is None:
        held = list(
            Pair.objects.filter(program=program, started_at__isnull=False)
            .annotate(held=Count("meetings", filter=Q(meetings__status=MeetingStatus.HELD)))
            .values_list("held", flat=True)
        )
    else:
        count = Counter(pair_id for pair_id, _starts_at in facts.held_meetings)
        held = [count[pair.id] for pair in facts.pairs if pair.started_at is not None]
    counts = Counter(min(n, MEETINGS_TOP) for n in held)
    top = max(counts, default=0)
    buckets = tuple(
        (f"{n}+" if n == MEETINGS_TOP else str(n), counts.get(n, 0)) for n in range(top + 1)
    )
    return MeetingsPerPair(
        buckets=buckets if held else (),
        pairs=len(held),
        mean=statistics.fmean(held) if held else None,
        median=float(statistics.median(held)) if held else None,
    )


@dataclass(frozen=True)
class RatingsDistribution:
    """How many answered check-ins gave each rating (1–5), from the mentors and from the
    mentees; ``people`` is how many different people gave them."""

    mentors: dict[int, int]
    mentees: dict[int, int]
    people: int

    @property
    def ratings(self) -> int:
        return sum(self.mentors.values()) + sum(self.mentees.values())

    @property
    def mean(self) -> float | None:
        total = sum(r * (self.mentors[r] + self.mentees[r]) for r in RATING_LABELS)
        return total / self.ratings if self.ratings else None


def ratings_distribution(program: Program, *, viewer_id: int | None = None) -> RatingsDistribution:
    """Every rating given in an answered check-in of ``program``'s pairs, counted by rating
    and by the rater's role in the pair; for ``viewer_id``, less the answers they may not
    count (``outcomes.confidential``: their partner's). Two queries."""
    answered = countable(
        CheckIn.objects.filter(
            pair__program=program, status=CheckInStatus.ANSWERED, rating__isnull=False
        ),
        viewer_id,
    )
    mentors, mentees = dict.fromkeys(RATING_LABELS, 0), dict.fromkeys(RATING_LABELS, 0)
    for role, rating, n in (
        answered.values_list("role", "rating").annotate(n=Count("pk")).order_by()
    ):
        (mentors if role == "mentor" else mentees)[rating] += n
    people = answered.aggregate(people=Count("employee", distinct=True))["people"]
    return RatingsDistribution(mentors=mentors, mentees=mentees, people=people)
