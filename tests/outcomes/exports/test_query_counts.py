"""Each export runs the same number of queries whatever the number of rows (set-based
reads, batches of rows), pinned at two sizes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from remento.core.jobs.models import BackgroundJob
from remento.core.jobs.progress import JobProgress
from remento.core.models import Organization
from remento.outcomes.exports.services import KIND, program_export_write
from remento.people.models import Employee
from remento.programs.models import KpiKind, Program, ProgramKpi
from remento.relationships.checkins.models import CheckInQuestion
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.models import Goal, PairStatus
from remento.training.models import TrainingCompletion, TrainingModule
from tests.factories import EmployeeFactory, make_pair, make_program
from tests.outcomes.exports.conftest import _checkin

# (CSV, XLSX): what the task worker runs to write the file: the program, the requester's
# employee, the export's own reads (rows read in batches; counted first, for the progress).
QUERIES = {
    "participants": (4, 4),
    "pairs": (4, 4),
    "meetings": (4, 4),
    "checkins": (5, 5),  # + the program's questions
    "training": (5, 5),  # + the program's modules
    "kpis": (14, 14),  # the KPIs' own series (read once, counted from memory)
    "participation": (6, 6),  # four breakdowns (read once, counted from memory)
}


def _job(program: Program, coordinator: Employee, slug: str, fmt: str) -> BackgroundJob:
    return BackgroundJob.objects.create(
        organization=program.organization,
        requested_by=coordinator.user,
        kind=KIND,
        subject=f"{program.pk}:{slug}:{fmt}",
        params={"program": program.pk, "export": slug, "format": fmt},
        token=f"{program.pk}-{slug}-{fmt}",
    )


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
    organization: Organization, coordinator: Employee, slug: str
) -> None:
    seen: dict[str, list[int]] = {"csv": [], "xlsx": []}
    for pairs in (1, 6):
        program = _program(organization, pairs)
        for fmt in ("csv", "xlsx"):
            job = _job(program, coordinator, slug, fmt)
            with CaptureQueriesContext(connection) as captured:
                outcome = program_export_write(job, JobProgress(job))
            assert outcome.file is not None
            outcome.file.close()
            seen[fmt].append(len(captured))

    assert (seen["csv"], seen["xlsx"]) == tuple([n, n] for n in QUERIES[slug]), seen


def test_the_worker_reads_the_rows_in_batches_and_reports_them(
    organization: Organization, coordinator: Employee
) -> None:
    program = _program(organization, 3)
    job = _job(program, coordinator, "meetings", "csv")
    reports: list[tuple[str, int, int | None]] = []

    class Recording(JobProgress):
        def phase(self, name: str, *, total: int | None = None, done: int = 0) -> None:
            reports.append((name, done, total))

        def advance(self, done: int) -> None:
            reports.append(("advance", done, None))

    with CaptureQueriesContext(connection) as captured:
        outcome = program_export_write(job, Recording(job))

    meetings = [q for q in captured.captured_queries if "relationships_meeting" in q["sql"]]
    assert len(meetings) == 2  # counted once, then read in one batch
    assert reports[0] == ("counting", 0, None)
    assert reports[1] == ("writing", 0, 6)
    assert reports[-1] == ("advance", 6, None)
    assert outcome.file is not None
    lines = outcome.file.read().decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + 6  # the header, then a line per meeting
