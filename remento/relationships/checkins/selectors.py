"""Reading check-ins: a pair's (each person their own only, coordinators both), a program's
for its coordinators, and the per-pair summary the relationship health reads.

Who sees an answer: the person who gave it and the organisation's coordinators, never the
partner. A coordinator who is themself one of a pair is, for that pair, a person of the
pair: they see their own answers only, and the program page leaves their pairs out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone

from remento.people.importing.batches import chunks
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.access import is_member
from remento.relationships.checkins.models import CheckIn, CheckInStatus, Fit
from remento.relationships.models import Pair

PAGE_SIZE = 25
STATUS_FILTERS = ("answered", "open", "missed")


def sees_answers_of_pair(*, viewer: Employee, pair: Pair) -> bool:
    """Whether ``viewer`` reads both people's answers: a coordinator of the pair's
    organisation who is not one of its two people."""
    return (
        viewer.is_coordinator
        and viewer.organization_id == pair.program.organization_id
        and not is_member(pair=pair, employee=viewer)
    )


def partner_answers(viewer_id: int) -> Q:
    """The check-in answers ``viewer_id`` never reads, as a filter on ``CheckIn``: written,
    in a pair the viewer is one of, by the other person (``sees_answers_of_pair``'s rule for
    every pair at once, for figures that count answers)."""
    in_their_pair = Q(pair__mentor_id=viewer_id) | Q(pair__mentee_id=viewer_id)
    return in_their_pair & ~Q(employee_id=viewer_id)


def checkins_of_pair(*, viewer: Employee, pair: Pair) -> list[CheckIn]:
    """The pair's check-ins ``viewer`` may read, newest first: their own when they are one
    of the pair, both people's for a coordinator (``pair`` comes from ``pair_get_for``).
    One query."""
    checkins = CheckIn.objects.filter(pair=pair).select_related("employee")
    if not sees_answers_of_pair(viewer=viewer, pair=pair):
        checkins = checkins.filter(employee=viewer)
    return list(checkins.order_by("-opened_at", "-id"))


def checkin_get_for(*, viewer: Employee, pair: Pair, checkin_pk: int) -> CheckIn:
    """One of the viewer's own check-ins of ``pair``; a 404 for anyone else's."""
    checkin = (
        CheckIn.objects.filter(pair=pair, employee=viewer, pk=checkin_pk)
        .select_related("pair__program", "employee")
        .first()
    )
    if checkin is None:
        raise Http404("No such check-in.")
    return checkin


def open_checkins_of(employee: Employee) -> QuerySet[CheckIn]:
    """The person's check-ins waiting for an answer, soonest to close first."""
    return (
        CheckIn.objects.filter(
            employee=employee,
            status=CheckInStatus.OPEN,
            pair__program__organization_id=employee.organization_id,
        )
        .select_related("pair__mentor", "pair__mentee", "pair__program")
        .order_by("closes_at", "id")
    )


@dataclass(frozen=True)
class ProgramCheckIns:
    page: Page[CheckIn]
    counts: dict[str, int]
    status: str


def program_checkins(
    *, viewer: Employee, program: Program, status: str = "", page_number: int | str | None = 1
) -> ProgramCheckIns:
    """A program's check-ins for a coordinator (``program`` from ``program_get_for`` with
    ``manage=True``), newest first, 25 a page, with how many are answered, open and missed;
    ``status`` filters. Pairs the viewer belongs to are left out. Three queries."""
    if not viewer.is_coordinator or viewer.organization_id != program.organization_id:
        raise Http404("No such page.")
    checkins = CheckIn.objects.filter(pair__program=program).exclude(
        Q(pair__mentor=viewer) | Q(pair__mentee=viewer)
    )
    counts = checkins.aggregate(
        answered=Count("pk", filter=Q(status=CheckInStatus.ANSWERED)),
        open=Count("pk", filter=Q(status=CheckInStatus.OPEN)),
        missed=Count("pk", filter=Q(status=CheckInStatus.MISSED)),
    )
    if status in STATUS_FILTERS:
        checkins = checkins.filter(status=status)
    ordered = checkins.select_related("employee", "pair__mentor", "pair__mentee").order_by(
        "-opened_at", "-id"
    )
    page = Paginator(ordered, PAGE_SIZE).get_page(page_number)
    return ProgramCheckIns(
        page=page, counts=counts, status=status if status in STATUS_FILTERS else ""
    )


@dataclass(frozen=True)
class PersonCheckIns:
    """One person's check-ins of one pair, in figures.

    ``latest_rating``/``previous_rating``: their two most recent answered ratings (1–5), or
    None; ``open``: waiting for an answer (just opened or not); ``overdue``: open and past
    its first reminder (N days of the plan); ``missed``: never answered in time;
    ``unanswered``: overdue + missed — a check-in opened an hour ago is not yet
    "unanswered", and one no longer asked because the pair ended is never counted;
    ``not_good_fit``: they answered "not a good fit" at least once.
    """

    employee_id: int
    latest_rating: int | None = None
    previous_rating: int | None = None
    open: int = 0
    overdue: int = 0
    missed: int = 0
    not_good_fit: bool = False

    @property
    def unanswered(self) -> int:
        return self.overdue + self.missed

    @property
    def falling(self) -> bool:
        """The latest rating is lower than the one before."""
        return (
            self.latest_rating is not None
            and self.previous_rating is not None
            and self.latest_rating < self.previous_rating
        )


@dataclass(frozen=True)
class PairCheckIns:
    """A pair's check-ins in figures, per person (``mentor`` and ``mentee``)."""

    pair_id: int
    mentor: PersonCheckIns
    mentee: PersonCheckIns
    people: tuple[PersonCheckIns, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "people", (self.mentor, self.mentee))

    @property
    def not_good_fit(self) -> bool:
        return any(p.not_good_fit for p in self.people)

    @property
    def unanswered(self) -> int:
        return sum(p.unanswered for p in self.people)

    @property
    def lowest_latest_rating(self) -> int | None:
        ratings = [p.latest_rating for p in self.people if p.latest_rating is not None]
        return min(ratings) if ratings else None


def checkin_summaries(*, pairs: Sequence[Pair]) -> dict[int, PairCheckIns]:
    """pair id → ``PairCheckIns`` for each of ``pairs``, for the relationship health and the
    health board. Two queries per 2,000 pairs, whatever the number of check-ins. The caller
    has already checked that its viewer may see these pairs' health; nothing here reveals an
    answer's words."""
    figures: dict[tuple[int, int], dict[str, object]] = {}
    ids = [pair.pk for pair in pairs]
    now = timezone.now()
    for chunk in chunks(ids):
        counted = (
            CheckIn.objects.filter(pair_id__in=chunk)
            .values("pair_id", "employee_id")
            .annotate(
                open=Count("pk", filter=Q(status=CheckInStatus.OPEN)),
                overdue=Count("pk", filter=Q(status=CheckInStatus.OPEN, remind_at__lte=now)),
                missed=Count("pk", filter=Q(status=CheckInStatus.MISSED)),
                no_fit=Count("pk", filter=Q(fit=Fit.NO)),
            )
            .order_by()
        )
        for row in counted:
            figures[(row["pair_id"], row["employee_id"])] = {
                "open": row["open"],
                "overdue": row["overdue"],
                "missed": row["missed"],
                "not_good_fit": row["no_fit"] > 0,
            }
        ratings = (
            CheckIn.objects.filter(
                pair_id__in=chunk, status=CheckInStatus.ANSWERED, rating__isnull=False
            )
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("pair_id"), F("employee_id")],
                    order_by=[F("answered_at").desc(), F("id").desc()],
                )
            )
            .filter(rank__lte=2)
            .values_list("pair_id", "employee_id", "rating", "rank")
        )
        for pair_id, employee_id, rating, rank in ratings:
            key = "latest_rating" if rank == 1 else "previous_rating"
            figures.setdefault((pair_id, employee_id), {})[key] = rating
    return {
        pair.pk: PairCheckIns(
            pair_id=pair.pk,
            mentor=PersonCheckIns(pair.mentor_id, **figures.get((pair.pk, pair.mentor_id), {})),  # type: ignore[arg-type]
            mentee=PersonCheckIns(pair.mentee_id, **figures.get((pair.pk, pair.mentee_id), {})),  # type: ignore[arg-type]
        )
        for pair in pairs
    }
