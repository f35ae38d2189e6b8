"""Reading pairs' health: the facts of many pairs at once, the coordinator's board, and one
pair's health as its own people or a coordinator see it.

The number of queries never depends on the number of pairs: one for the pairs (with their
people, agreement and cancellation counts), two for their meetings, one for their goals,
one for the coordinators' nudges, plus the check-ins' and safe way out's own selectors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from remento.people.models import Employee
from remento.programs.models import Program, ProgramType
from remento.relationships.access import is_member
from remento.relationships.goals.models import Goal
from remento.relationships.health import states
from remento.relationships.health.counts import state_counts
from remento.relationships.health.models import NudgeCondition, NudgeSent, PairHealthRecord
from remento.relationships.health.rules import (
    CANCEL_WINDOW_DAYS,
    Health,
    HealthInputs,
    HealthState,
    PersonFacts,
    evaluate,
)
from remento.relationships.health.sources import (
    CheckinFacts,
    checkin_facts,
    open_safety_requests,
)
from remento.relationships.meetings.models import MeetingStatus
from remento.relationships.meetings.selectors import MeetingSummary, meeting_summaries
from remento.relationships.models import OPEN_PAIR_STATUSES, Pair, PairAgreement, PairStatus

BOARD_PAGE_SIZE = 25
SORTS = {
    "state": "Health (worst first)",
    "last_meeting": "Longest since a meeting",
    "rating": "Lowest rating",
    "name": "Mentor's name",
}


def cadence_of(pair: Pair) -> int:
    """The pair's own agreed cadence, else the program's."""
    try:
        agreement: PairAgreement | None = pair.agreement
    except PairAgreement.DoesNotExist:
        agreement = None
    if agreement is not None and agreement.cadence_days:
        return agreement.cadence_days
    return pair.program.meeting_cadence_days


def senior_of(pair: Pair) -> str | None:
    """Which of the two is the senior one: the mentee in reverse mentoring (a junior teaches
    a senior leader), the mentor in traditional mentoring, the higher level in mutual."""
    if pair.program.program_type == ProgramType.REVERSE:
        return "mentee"
    if pair.program.program_type == ProgramType.TRADITIONAL:
        return "mentor"
    if pair.mentor.level == pair.mentee.level:
        return None
    return "mentee" if pair.mentee.level > pair.mentor.level else "mentor"


@dataclass
class PairHealth:
    """One pair's health and what the board shows beside it."""

    pair: Pair
    health: Health
    meetings: MeetingSummary | None
    cadence_days: int
    days_since_meeting: int | None
    checkins: dict[int, CheckinFacts] = field(default_factory=dict)
    safety_open: int | None = None
    last_nudge: NudgeSent | None = None

    @property
    def state(self) -> HealthState:
        return self.health.state

    @property
    def mentor_rating(self) -> int | None:
        facts = self.checkins.get(self.pair.mentor_id)
        return facts.latest_rating if facts else None

    @property
    def mentee_rating(self) -> int | None:
        facts = self.checkins.get(self.pair.mentee_id)
        return facts.latest_rating if facts else None

    @property
    def lowest_rating(self) -> int | None:
        ratings = [r for r in (self.mentor_rating, self.mentee_rating) if r is not None]
        return min(ratings) if ratings else None


def _pairs(queryset: QuerySet[Pair], now: datetime) -> list[Pair]:
    """The pairs with their people, program and agreement, and each person's cancelled and
    missed meetings of the window (one query)."""
    recent = Q(meetings__starts_at__gte=now - timedelta(days=CANCEL_WINDOW_DAYS))
    cancelled = recent & Q(meetings__status=MeetingStatus.CANCELLED)
    missed = recent & Q(meetings__status=MeetingStatus.MISSED)
    return list(
        queryset.select_related(
            "program", "mentor__department", "mentee__department", "agreement"
        ).annotate(
            mentor_cancelled=Count(
                "meetings", filter=cancelled & Q(meetings__cancelled_by=F("mentor"))
            ),
            mentee_cancelled=Count(
                "meetings", filter=cancelled & Q(meetings__cancelled_by=F("mentee"))
            ),
            mentor_missed=Count(
                "meetings", filter=missed & Q(meetings__missed_by__in=["mentor", "both"])
            ),
            mentee_missed=Count(
                "meetings", filter=missed & Q(meetings__missed_by__in=["mentee", "both"])
            ),
        )
    )


def goal_progress(*, pair_ids: list[int]) -> dict[int, tuple[int, int | None]]:
    """Pair id -> (number of goals, average progress in %), for many pairs in one query;
    progress per goal as ``Goal.progress_percent`` counts it (milestones, else by hand)."""
    rows = (
        Goal.objects.filter(pair_id__in=pair_ids)
        .annotate(
            total=Count("milestones"),
            done=Count("milestones", filter=Q(milestones__done_at__isnull=False)),
        )
        .values_list("pair_id", "progress", "total", "done")
    )
    percents: dict[int, list[int]] = {}
    for pair_id, progress, total, done in rows:
        percent = round(100 * done / total) if total else progress
        percents.setdefault(pair_id, []).append(percent)
    return {
        pair_id: (len(values), round(sum(values) / len(values)))
        for pair_id, values in percents.items()
    }


def _last_nudges(pair_ids: list[int]) -> dict[int, NudgeSent]:
    last: dict[int, NudgeSent] = {}
    for nudge in (
        NudgeSent.objects.filter(pair_id__in=pair_ids, condition=NudgeCondition.COORDINATOR)
        .select_related("sent_by")
        .order_by("-sent_at", "-id")
    ):
        last.setdefault(nudge.pair_id, nudge)
    return last


def _person(pair: Pair, role: str, checkins: dict[int, CheckinFacts]) -> PersonFacts:
    employee: Employee = getattr(pair, role)
    facts = checkins.get(employee.pk, CheckinFacts())
    return PersonFacts(
        name=employee.display_name,
        role=role,
        cancelled=getattr(pair, f"{role}_cancelled", 0),
        missed=getattr(pair, f"{role}_missed", 0),
        latest_rating=facts.latest_rating,
        previous_rating=facts.previous_rating,
        unanswered=facts.unanswered,
        not_a_good_fit=facts.not_a_good_fit,
    )


def health_of_pairs(
    *,
    pairs: QuerySet[Pair],
    viewer: Employee | None = None,
    now: datetime | None = None,
    confidential: bool = True,
) -> list[PairHealth]:
    """The health of every pair of ``pairs`` (the caller scopes it to what ``viewer`` may
    see). ``confidential=False`` leaves out what only coordinators may read: check-in
    answers, safe-way-out requests and the coordinators' nudges; they are left out of the
    viewer's own pairs too (a coordinator may be in a pair of the program)."""
    now = now or timezone.now()
    rows = _pairs(pairs, now)
    own = {p.pk for p in rows if viewer and viewer.pk in (p.mentor_id, p.mentee_id)}
    shown = [pair for pair in rows if confidential and pair.pk not in own]
    ids = [pair.pk for pair in rows]
    meetings = meeting_summaries(pair_ids=ids, now=now) if ids else {}
    goals = goal_progress(pair_ids=ids) if ids else {}
    checkins = checkin_facts(pairs=shown) if confidential else {}
    safety = open_safety_requests(pairs=shown) if confidential else {}
    nudges = _last_nudges(ids) if confidential and ids else {}
    result = []
    for pair in rows:
        confidential_here = confidential and pair.pk not in own
        summary = meetings.get(pair.pk)
        last_held = summary.last_held.starts_at if summary and summary.last_held else None
        next_at = summary.next_meeting.starts_at if summary and summary.next_meeting else None
        since = last_held or pair.started_at
        answers = checkins.get(pair.pk, {})
        count, progress = goals.get(pair.pk, (0, None))
        facts = HealthInputs(
            now=now,
            started=pair.status == PairStatus.ACTIVE and pair.started_at is not None,
            started_at=pair.started_at,
            cadence_days=cadence_of(pair),
            mentor=_person(pair, "mentor", answers),
            mentee=_person(pair, "mentee", answers),
            senior=senior_of(pair),
            last_held_at=last_held,
            next_meeting_at=next_at,
            goal_count=count,
            goal_progress=progress,
            checkins=confidential_here,
        )
        result.append(
            PairHealth(
                pair=pair,
                health=evaluate(facts),
                meetings=summary,
                cadence_days=facts.cadence_days,
                days_since_meeting=max((now - since).days, 0) if since else None,
                checkins=answers,
                safety_open=safety.get(pair.pk, 0) if confidential_here else None,
                last_nudge=nudges.get(pair.pk),
            )
        )
    return result


def pair_health(*, pair: Pair, viewer: Employee, now: datetime | None = None) -> PairHealth:
    """One pair's health for a viewer the caller has checked may see the pair
    (``access.pair_get_for``): a coordinator reads every rule; the pair's own people read
    the rules built on what both of them already see (meetings and goals), never the
    check-in answers that are confidential to the coordinator."""
    coordinator = viewer.is_coordinator and not is_member(pair=pair, employee=viewer)
    rows = health_of_pairs(pairs=Pair.objects.filter(pk=pair.pk), now=now, confidential=coordinator)
    return rows[0]


@dataclass(frozen=True)
class BoardFilters:
    state: str = ""
    sort: str = "state"


@dataclass
class Board:
    """A program's open pairs: how many in each state, and one page of the filtered rows."""

    counts: list[tuple[HealthState, int]]
    page: Page[PairHealth]
    total: int


# The pages' order of each sort of ``SORTS``: the longest since a meeting is the earliest
# ``since``; the pair's id last, so that pages never overlap. ``seen_rank`` and
# ``seen_rating`` are the records' rank and rating as the viewer sees them (``_as_seen``).
ORDERINGS: dict[str, list[Any]] = {
    "state": ["seen_rank", F("since").asc(nulls_last=True), "pair_id"],
    "last_meeting": [F("since").asc(nulls_last=True), "seen_rank", "pair_id"],
    "rating": ["seen_rating", "seen_rank", "pair_id"],
    "name": [Lower("pair__mentor__last_name"), Lower("pair__mentor__first_name"), "pair_id"],
}


class _BoardRows:
    """The filtered pairs for ``Paginator``: its count from the counts already made, and
    a slice read from the records in the sort's order, then only that page's pairs
    evaluated here for their reasons."""

    def __init__(
        self,
        records: QuerySet[PairHealthRecord],
        *,
        total: int,
        viewer: Employee | None,
        now: datetime,
    ) -> None:
        self.records, self.total, self.viewer, self.now = records, total, viewer, now

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, window: slice) -> list[PairHealth]:
        ids = list(self.records.values_list("pair_id", flat=True)[window])
        if not ids:
            return []
        rows = health_of_pairs(
            pairs=Pair.objects.filter(pk__in=ids), viewer=self.viewer, now=self.now
        )
        by_id = {row.pair.pk: row for row in rows}
        return [by_id[pair_id] for pair_id in ids if pair_id in by_id]


def _as_seen(
    records: QuerySet[PairHealthRecord], own: dict[int, states.Seen]
) -> QuerySet[PairHealthRecord]:
    """``records`` with ``seen_rank`` and ``seen_rating`` to filter and sort by: each
    record's rank and lowest rating (no rating after every rated one), except for the pairs
    the viewer is in (``own``, usually none, at most a few), in the state and with the
    rating ("—") their people see, as the page shows them and the counts count them."""
    rank: Any = F("rank")
    rating: Any = Coalesce("rating", states.NO_RATING)
    if own:
        rank = Case(
            *[When(pair_id=pk, then=Value(seen.state.rank)) for pk, seen in own.items()],
            default=rank,
            output_field=IntegerField(),
        )
        rating = Case(
            *[
                When(pair_id=pk, then=Value(seen.rating or states.NO_RATING))
                for pk, seen in own.items()
            ],
            default=rating,
            output_field=IntegerField(),
        )
    return records.alias(seen_rank=rank, seen_rating=rating)


def program_health_board(
    *,
    program: Program,
    viewer: Employee | None = None,
    filters: BoardFilters,
    page_number: str | int | None = None,
    now: datetime | None = None,
) -> Board:
    """Every open pair (launching or active) of ``program`` with its health, for the
    program's coordinators (the caller checks, see ``programs.access.program_get_for``):
    counts by state, then the pairs in ``filters.state`` sorted by ``filters.sort``,
    25 a page. The states come from the rules, judged by the database into each pair's
    ``PairHealthRecord`` when it has none valid now (``states.refresh_records``: after a
    change, or as time passes a threshold); the counts, the filter and the sort read the
    records, and only the page's pairs are evaluated here, for their reasons. A fixed
    number of queries, and a cost that does not grow with the program.

    A pair the viewer is in (a coordinator may mentor in their program) is counted,
    filtered and sorted in the state its people see, without a rating: they never read
    their partner's check-in answers (``counts.state_counts``)."""
    now = now or timezone.now()
    [judged] = state_counts(
        Program.objects.filter(pk=program.pk), now=now, viewer_id=viewer.pk if viewer else None
    )
    counts = judged.counts
    state = filters.state if filters.state in HealthState else ""
    records = _as_seen(
        PairHealthRecord.objects.filter(program=program, pair__status__in=OPEN_PAIR_STATUSES),
        judged.own,
    )
    if state:
        records = records.filter(Q(seen_rank=HealthState(state).rank))  # an alias of _as_seen
    ordering = ORDERINGS.get(filters.sort, ORDERINGS["state"])
    rows = _BoardRows(
        records.order_by(*ordering),
        total=counts[HealthState(state)] if state else sum(counts.values()),
        viewer=viewer,
        now=now,
    )
    return Board(
        counts=sorted(counts.items(), key=lambda item: item[0].rank),
        page=Paginator(rows, BOARD_PAGE_SIZE).get_page(page_number),  # type: ignore[arg-type]
        total=sum(counts.values()),
    )
