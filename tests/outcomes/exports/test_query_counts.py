"""Each export runs the same number of queries whatever the number of rows (set-based
reads, batches of rows), pinned at two sizes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from remento.core.models import Organization
from remento.programs.models import KpiKind, Program, ProgramKpi
from remento.relationships.checkins.models import CheckInQuestion
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.models import Goal, PairStatus
from remento.training.models import TrainingCompletion, TrainingModule
from tests.factories import EmployeeFactory, make_pair, make_program
from tests.outcomes.exports.conftest import _checkin
from tests.outcomes.exports.helpers import url

# (CSV, XLSX): signing the request in (session, user, employee, organisation) and the
# program; the export's own reads (a CSV counts its rows first, for the audit trail; an
# XLSX counts what it wrote); the audit event (savepoint, insert, release).
QUERIES = {
    "participants": (10, 9),
    "pairs": (10, 9),
    "meetings": (10, 9),
    "checkins": (11, 10),  # + the program's questions
    "training": (11, 10),  # + the program's modules
    "kpis": (20, 20),  # the KPIs' own series (read once, counted from memory)
    "participation": (12, 12),  # four breakdowns (read once, counted from memory)
}


def _program(organization: Organization, pairs: int) -> Program:
    program = make_program(organization, "launching")
    module = TrainingModule.objects.create(program=program, title="Feedback", content="x")
    TrainingModule.objects.create(program=program, title="Goals", content="x", required=False)
    question = CheckInQuestion.objects.create(program=program, text="Useful?", kind="scale")
    ProgramKpi.objects.create(program=program, kind=KpiKind.MEETINGS_PER_PAIR, target=4)
    now = timezone.now()
    for _ in range(pairs):
        mentor = EmployeeFactory.create(organization=organization, level=2)
        mentee = EmployeeFactory.create(organization=organization, level=9)
        pair = make_pair(program, mentor, mentee, status=PairStatus.ACTIVE, started_at=now)
        for days in (10, 3):
            Meeting.objects.create(
                pair=pair,
                status=MeetingStatus.HELD,
                starts_at=now - timedelta(days=days),
                duration_minutes=30,
                organizer=mentee,
                proposed_by=mentee,
            )
        Goal.objects.create(pair=pair, owner=mentee, title="Learn", progress=100)
        _checkin(
            pair,
            mentee,
            "mentee",
            rating=4,
            answered_at=now,
            answers=[{"question_id": question.pk, "question": "Useful?", "value": 4}],
        )
        TrainingCompletion.objects.create(module=module, employee=mentor)
    return program


@pytest.mark.parametrize("slug", list(QUERIES))
def test_an_export_runs_a_fixed_number_of_queries_at_two_sizes(
    organization: Organization,
    coordinator_client: Client,
    django_assert_num_queries: Any,
    slug: str,
) -> None:
    for pairs in (1, 6):
        program = _program(organization, pairs)
        for fmt, expected in zip(("csv", "xlsx"), QUERIES[slug], strict=True):
            with django_assert_num_queries(expected):
                response = coordinator_client.get(url(program, slug, fmt))
                b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_the_csv_rows_are_read_only_as_the_response_streams(
    organization: Organization, coordinator_client: Client
) -> None:
    program = _program(organization, 3)

    with CaptureQueriesContext(connection) as before_streaming:
        response = coordinator_client.get(url(program, "meetings", "csv"))
    with CaptureQueriesContext(connection) as while_streaming:
        lines = list(response.streaming_content)  # type: ignore[attr-defined]

    assert not any(
        "relationships_meeting" in q["sql"] and "COUNT" not in q["sql"]
        for q in before_streaming.captured_queries
    )
    assert len(while_streaming.captured_queries) == 1  # the meetings, in batches
    assert len(lines) == 1 + 6  # the header, then a line per meeting
