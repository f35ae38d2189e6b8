"""Exports about pairs: the pairs, their meetings, and their check-in answers.

What coordinators read here is what the pages show them, no more: a pair's figures, never
its agreement's terms, why it ended, its notes or goals' words; a meeting's date, length and
status, never its place, link, agenda or topics; check-in answers, except those of a pair
the viewer is one of. A fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.checkins.models import (
    CheckIn,
    CheckInKind,
    CheckInQuestion,
    CheckInStatus,
    Fit,
)
from remento.relationships.goals.models import Goal, Milestone
from remento.relationships.meetings.models import Meeting, MeetingStatus, MissedBy
from remento.relationships.models import Pair, PairSource, PairStatus

from .tables import CHUNK_SIZE, Row, Table, columns, person_name

PAIR_COLUMNS = columns(
    ("Pair id", 8),
    "Mentor employee id",
    ("Mentor", 24),
    ("Mentor department", 20),
    "Mentee employee id",
    ("Mentee", 24),
    ("Mentee department", 20),
    ("Status", 14),
    ("Matched by", 20),
    ("Match score", 10),
    ("Created (UTC)", 18),
    ("Started (UTC)", 18),
    ("Ended (UTC)", 18),
    ("Ran its course", 10),
    ("Meetings held", 10),
    ("Hours met", 10),
    ("Last meeting held (UTC)", 18),
    ("Goals", 8),
    ("Goals achieved", 10),
)


def _per_pair(queryset: QuerySet[Any], value: Any) -> Subquery:
    """One figure per pair from ``queryset`` (rows with a ``pair`` field), as a subquery."""
    return Subquery(
        queryset.filter(pair=OuterRef("pk"))
        .order_by()
        .values("pair")
        .annotate(figure=value)
        .values("figure")
    )


def _achieved_goals() -> QuerySet[Goal]:
    """Goals at 100%: every milestone done when they have milestones, else marked 100%."""
    milestones = Milestone.objects.filter(goal=OuterRef("pk"))
    return Goal.objects.annotate(
        has_milestones=Exists(milestones),
        open_milestones=Exists(milestones.filter(done_at__isnull=True)),
    ).filter(
        Q(has_milestones=True, open_milestones=False) | Q(has_milestones=False, progress__gte=100)
    )


def pairs_table(program: Program) -> Table:
    """One row per pair of the program, open or closed, with its meetings and goals in
    figures. Two queries: a count, then the pairs (each figure a subquery) in batches."""
    pairs = Pair.objects.filter(program=program)
    held = Meeting.objects.filter(status=MeetingStatus.HELD)
    statuses, sources = dict(PairStatus.choices), dict(PairSource.choices)

    def rows() -> Iterator[Row]:
        query = (
            pairs.annotate(
                meetings_held=Coalesce(_per_pair(held, Count("pk")), 0),
                minutes_met=Coalesce(
                    _per_pair(held, Sum(Coalesce("held_minutes", "duration_minutes"))), 0
                ),
                last_held=_per_pair(held, Max("starts_at")),
                goals_total=Coalesce(_per_pair(Goal.objects.all(), Count("pk")), 0),
                goals_achieved=Coalesce(_per_pair(_achieved_goals(), Count("pk")), 0),
            )
            .select_related("mentor__department", "mentee__department")
            .order_by("created_at", "id")
        )
        for pair in query.iterator(chunk_size=CHUNK_SIZE):
            yield (
                pair.pk,
                pair.mentor.employee_id,
                pair.mentor.display_name,
                _department(pair.mentor),
                pair.mentee.employee_id,
                pair.mentee.display_name,
                _department(pair.mentee),
                statuses.get(pair.status, pair.status),
                sources.get(pair.source, pair.source),
                round(pair.score, 4) if pair.score is not None else None,
                pair.created_at,
                pair.started_at,
                pair.ended_at,
                pair.completed,
                pair.meetings_held,
                round(pair.minutes_met / 60, 2),
                pair.last_held,
                pair.goals_total,
                pair.goals_achieved,
            )

    return Table(PAIR_COLUMNS, count=pairs.count, rows=rows)


def _department(person: Employee) -> str:
    return person.department.name if person.department else ""


MEETING_COLUMNS = columns(
    ("Meeting id", 8),
    ("Pair id", 8),
    ("Mentor", 24),
    ("Mentee", 24),
    ("Scheduled start (UTC)", 18),
    ("Planned minutes", 10),
    ("Status", 12),
    ("Minutes held", 10),
    ("Missed by", 12),
    ("Cancelled (UTC)", 18),
    ("Logged (UTC)", 18),
)


def meetings_table(program: Program) -> Table:
    """One row per meeting of the program's pairs: when, how long, what became of it.
    Never its place, video link, agenda or topics (the pair's own). Two queries."""
    meetings = Meeting.objects.filter(pair__program=program)
    statuses, missed = dict(MeetingStatus.choices), dict(MissedBy.choices)

    def rows() -> Iterator[Row]:
        values = meetings.order_by("starts_at", "id").values_list(
            "pk",
            "pair_id",
            "pair__mentor__first_name",
            "pair__mentor__preferred_name",
            "pair__mentor__last_name",
            "pair__mentee__first_name",
            "pair__mentee__preferred_name",
            "pair__mentee__last_name",
            "starts_at",
            "duration_minutes",
            "status",
            "held_minutes",
            "missed_by",
            "cancelled_at",
            "logged_at",
        )
        for row in values.iterator(chunk_size=CHUNK_SIZE):
            yield (
                row[0],
                row[1],
                person_name(*row[2:5]),
                person_name(*row[5:8]),
                row[8],
                row[9],
                statuses.get(row[10], row[10]),
                row[11],
                missed.get(row[12], row[12]),
                row[13],
                row[14],
            )

    return Table(MEETING_COLUMNS, count=meetings.count, rows=rows)


def _answer_cells(answers: list[dict[str, Any]], question_ids: list[int]) -> tuple[list[Any], str]:
    """The answers in the order of the program's questions (a scale answer as a number),
    and the answers to questions since removed, as "question: answer" lines."""
    by_question = {answer.get("question_id"): answer for answer in answers}
    cells: list[Any] = []
    for question_id in question_ids:
        answer = by_question.pop(question_id, None)
        if answer is None:
            cells.append(None)
        elif isinstance(answer.get("value"), int) and not isinstance(answer.get("value"), bool):
            cells.append(answer["value"])
        else:
            cells.append(answer.get("display", ""))
    earlier = "\n".join(
        f"{a.get('question', '')}: {a.get('display', '')}"
        for a in answers
        if a.get("question_id") in by_question
    )
    return cells, earlier


def checkins_table(program: Program, viewer: Employee) -> Table:
    """One row per check-in of the program (answered, waiting or missed), as the program's
    coordinators read them: rating, fit, the answer to each of the program's questions, the
    free text. A pair ``viewer`` is one of is left out (its people's answers are not theirs
    to read), and check-ins no longer asked are too. Three queries: the questions, a count,
    then the check-ins in batches."""
    questions = list(CheckInQuestion.objects.filter(program=program).order_by("position", "id"))
    question_ids = [question.pk for question in questions]
    checkins = (
        CheckIn.objects.filter(pair__program=program)
        .exclude(Q(pair__mentor=viewer) | Q(pair__mentee=viewer))
        .exclude(status=CheckInStatus.CANCELLED)
    )
    table_columns = columns(
        ("Check-in id", 8),
        ("Pair id", 8),
        "Employee id",
        ("Name", 24),
        ("Role", 10),
        ("Check-in", 16),
        ("Status", 14),
        ("Opened (UTC)", 18),
        ("Answered (UTC)", 18),
        ("Rating (1–5)", 8),
        ("Good fit", 14),
        *((question.text, 30) for question in questions),
        ("Anything else", 40),
        ("Answers to questions since removed", 40),
        ("May be quoted in the report", 10),
    )
    statuses, fits = dict(CheckInStatus.choices), dict(Fit.choices)

    def rows() -> Iterator[Row]:
        ordered = checkins.select_related("employee").order_by("opened_at", "id")
        for checkin in ordered.iterator(chunk_size=CHUNK_SIZE):
            cells, earlier = _answer_cells(list(checkin.answers or []), question_ids)
            yield (
                checkin.pk,
                checkin.pair_id,
                checkin.employee.employee_id,
                checkin.employee.display_name,
                checkin.role.capitalize(),
                checkin.title,
                statuses.get(checkin.status, checkin.status),
                checkin.opened_at,
                checkin.answered_at,
                checkin.rating,
                fits.get(checkin.fit, checkin.fit),
                *cells,
                checkin.comments,
                earlier,
                checkin.quote_allowed if checkin.kind == CheckInKind.CLOSING else None,
            )

    return Table(table_columns, count=checkins.count, rows=rows)
