"""An attacker's pass over issue 20's pages (background matching runs, the preview's
refresh, the swap search, the run review's filters and pages, background imports with
progress, exports and the sponsor's PDF as job files and their downloads, the Outbox, the
requests overview, the health board and home counts, training modules and compliance).

``tests/core/test_authorization_walk.py`` walks every URL per role with ids of one
organisation. What it does not try, and this file does: ids that mix two objects (one
program's run or proposal under another program's address, of the same organisation or
another; a job's token under another program, export or kind), a second person of the
same role in the same organisation (a job's file, an upload's progress), an expired file,
forged CSRF, markup in the names and file names a page shows, and what the demo's Outbox
shows staff of a pair's own words.

Four leaks found here are mended, and their tests now pin them: the demo's Outbox opened a
meeting invitation (place, video link, agenda) and a "pair closed" email (why it ended) to
coordinators and admins (``remento.people.outbox.STAFF_READABLE_TEMPLATES``); the run
review's backgrounds figure, read before and after one row's Remove, told whether that
named pair bridged backgrounds (no page shows that figure now:
``tests/matching/test_sensitive_privacy.py``); a
coordinator who mentors learned their mentee's confidential low rating from the home page's
count and the health board's sort (``tests/relationships/health/test_own_pair_confidential.py``).
The others pin protections that were verified to hold.
"""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from remento.core.jobs.models import BackgroundJob, JobStatus
from remento.core.models import Organization, OutgoingEmail
from remento.matching.models import MatchRun, MatchRunStatus, ProposedPair
from remento.matching.services import background
from remento.people.importing.services import import_batch_create
from remento.people.models import Employee, Role
from remento.programs.models import Program
from remento.relationships.meetings.services import meeting_propose
from remento.relationships.models import Pair, PairAgreement, PairStatus
from tests.conftest import client_for
from tests.factories import (
    MatchRunFactory,
    OrganizationFactory,
    ProposedPairFactory,
    employee_with_login,
    make_pair,
    make_program,
    user_of,
)

AGENDA = "Agenda only the pair reads: my divorce and the reorg."
PLACE = "Flat 3, 12 Private Road"
VIDEO = "https://meet.example/secret-room-42"


@pytest.fixture
def active_pair(organization: Any, mentor: Employee, mentee: Employee) -> Pair:
    pair = make_pair(make_program(organization), mentor, mentee)
    pair.status, pair.started_at = PairStatus.ACTIVE, timezone.now()
    pair.save()
    PairAgreement.objects.create(pair=pair, goals="Weekly.", cadence_days=7)
    return Pair.objects.select_related("program", "mentor", "mentee", "agreement").get(pk=pair.pk)


# -- the one leak found -----------------------------------------------------------------------


def test_the_outbox_never_shows_a_coordinator_a_meetings_place_link_or_agenda(
    outbox_dir: Path,
    active_pair: Pair,
    coordinator_client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """docs/meetings.md: coordinators read a meeting's dates, lengths and statuses, "never
    places, agendas or topics" (the meetings page hides them from staff, and the walk's
    ``READERS`` plants a meeting's topics for the pair only). The demo's Outbox opens the
    invitation the mentor's proposal sent, body and all, to any coordinator."""
    day = timezone.localdate() + timedelta(days=9)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_propose(
            actor=user_of(active_pair.mentor),
            pair=active_pair,
            day=day,
            at=time(9, 0),
            duration_minutes=60,
            location=PLACE,
            video_url=VIDEO,
            agenda=AGENDA,
        )
    sent = OutgoingEmail.objects.filter(template__contains="meeting_proposed")
    assert sent.exists()  # the invitations were recorded, so the Outbox lists them

    shown = []
    for email in sent:
        page = coordinator_client.get(reverse("outbox_email", args=[email.pk]))
        body = page.content.decode()
        shown += [words for words in (AGENDA, PLACE, VIDEO) if words in body]
    assert not shown, f"the Outbox shows a coordinator the pair's own words: {shown}"


END_REASON = "He made remarks about my health; I do not want to meet him again."


@pytest.mark.parametrize("reader", ["coordinator", "admin"])
def test_the_outbox_never_shows_why_a_pair_ended_to_staff_outside_the_pair(
    outbox_dir: Path,
    organization: Organization,
    mentor: Employee,
    mentee: Employee,
    reader: str,
    request: pytest.FixtureRequest,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """remento/relationships/confidential.py: why a pair ended is between its two people;
    coordinators never see it, an admin only after stating a reason (audited as
    ``pair.confidential_viewed`` and shown to the pair). The "pair closed" email quotes the
    reason, and the Outbox opens it to any coordinator or admin, with no audit."""
    from remento.core.models import AuditEvent
    from remento.relationships.services import pair_close

    pair = make_pair(make_program(organization), mentor, mentee)
    with django_capture_on_commit_callbacks(execute=True):
        pair_close(actor=user_of(mentee), pair=pair, reason=END_REASON)
    sent = OutgoingEmail.objects.filter(template="relationships/email/pair_closed")
    assert sent.count() == 2
    client = client_for(request.getfixturevalue(reader))

    shown = [
        email.recipient
        for email in sent
        if END_REASON in client.get(reverse("outbox_email", args=[email.pk])).text
    ]

    assert not shown, f"the {reader} read why the pair ended in the emails to {shown}"
    assert not AuditEvent.objects.filter(verb="pair.confidential_viewed").exists()


# -- matching: one program's run or row under another program's address -------------------

HTMX = {"HX-Request": "true"}


def _run_with_rows(program: Program, rows: int = 2) -> MatchRun:
    run = MatchRunFactory(program=program, status=MatchRunStatus.REVIEW)
    for _ in range(rows):
        ProposedPairFactory(run=run)
    return run


@pytest.fixture
def runs(organization: Organization) -> dict[str, MatchRun]:
    """A run under review in ``mine`` (the address used), in another program of the same
    organisation (``sibling``), and in another organisation's program (``foreign``)."""
    foreign_org = OrganizationFactory(name="Other Corp", slug="other")
    return {
        "mine": _run_with_rows(make_program(organization, "matching", name="Mine")),
        "sibling": _run_with_rows(make_program(organization, "matching", name="Sibling")),
        "foreign": _run_with_rows(make_program(foreign_org, "matching", name="Foreign")),
    }


def _state(run: MatchRun) -> list[tuple[int, int, bool, bool]]:
    return list(
        ProposedPair.objects.filter(run=run)
        .order_by("pk")
        .values_list("mentor_id", "mentee_id", "locked", "removed")
    )


@pytest.mark.parametrize("whose", ["sibling", "foreign"])
def test_a_run_or_row_of_another_program_is_a_404_under_this_programs_address(
    runs: dict[str, MatchRun], coordinator_client: Client, whose: str
) -> None:
    mine, theirs = runs["mine"].program, runs[whose]
    row = theirs.proposals.order_by("pk").first()
    other_row = theirs.proposals.order_by("pk").last()
    assert row is not None
    assert other_row is not None
    before = (_state(theirs), MatchRun.objects.get(pk=theirs.pk).status, Pair.objects.count())
    attempts = [
        ("get", reverse("matching:run_progress", args=[mine.pk, theirs.pk]), {}),
        ("post", reverse("matching:run_cancel", args=[mine.pk, theirs.pk]), {}),
        (
            "post",
            reverse("matching:run_publish", args=[mine.pk, theirs.pk]),
            {"proposals": [str(row.pk)]},
        ),
        (
            "post",
            reverse("matching:proposal_swap", args=[mine.pk, theirs.pk]),
            {"first": str(row.pk), "second": str(other_row.pk)},
        ),
        ("post", reverse("matching:proposal_lock", args=[mine.pk, row.pk]), {"locked": "1"}),
        ("post", reverse("matching:proposal_remove", args=[mine.pk, row.pk]), {}),
        ("get", reverse("matching:proposal_swap_search", args=[mine.pk, row.pk]), {}),
    ]
    answers = {
        url: getattr(coordinator_client, method)(url, data, headers=HTMX).status_code
        for method, url, data in attempts
    }

    assert set(answers.values()) == {404}, answers
    after = (_state(theirs), MatchRun.objects.get(pk=theirs.pk).status, Pair.objects.count())
    assert after == before
    # The same coordinator reaches their own program's run and row (the 404s are the ids').
    own = runs["mine"]
    own_row = own.proposals.first()
    assert own_row is not None
    own_search = reverse("matching:proposal_swap_search", args=[mine.pk, own_row.pk])
    assert coordinator_client.get(own_search).status_code == 200


def test_a_swap_naming_a_row_of_another_run_changes_neither_run(
    runs: dict[str, MatchRun], coordinator_client: Client
) -> None:
    """The URL's run is the coordinator's own; the form's second row is another program's."""
    mine, theirs = runs["mine"], runs["sibling"]
    first, second = mine.proposals.order_by("pk").first(), theirs.proposals.order_by("pk").first()
    assert first is not None
    assert second is not None
    before = (_state(mine), _state(theirs))

    coordinator_client.post(
        reverse("matching:proposal_swap", args=[mine.program.pk, mine.pk]),
        {"first": str(first.pk), "second": str(second.pk)},
    )

    assert (_state(mine), _state(theirs)) == before


def test_the_run_progress_names_its_starter_as_text_never_markup(
    organization: Organization, coordinator_client: Client
) -> None:
    """A coordinator whose name is markup starts a run; another coordinator's poll of its
    progress shows the name escaped."""
    from tests.matching.helpers import small_pool

    program = make_program(organization, "matching")
    small_pool(program)
    evil = employee_with_login(
        organization=organization,
        first_name='<img src=x onerror="alert(1)">',
        last_name="<script>alert(2)</script>",
        email="evil@acme.example",
        role=Role.COORDINATOR,
    )
    run = background.match_run_queue(actor=user_of(evil), program=program)  # stays queued

    page = coordinator_client.get(
        reverse("matching:run_progress", args=[program.pk, run.pk]), headers=HTMX
    )
    review = coordinator_client.get(reverse("matching:run_review", args=[program.pk]))

    for body in (page.content.decode(), review.content.decode()):
        assert "<img src=x" not in body
        assert "<script>alert(2)" not in body
    assert "&lt;img src=x" in page.content.decode()


# -- job files: the same organisation's other staff, and mixed addresses --------------------


def _done_job(
    user: Any, program: Program, *, kind: str, subject: str, **fields: Any
) -> BackgroundJob:
    from django.core.files.base import ContentFile

    job = BackgroundJob.objects.create(
        organization=program.organization,
        requested_by=user,
        kind=kind,
        subject=subject,
        params={"program": program.pk, "export": "pairs", "format": "csv"},
        token=f"tok-{kind}-{subject}".replace(":", "-").replace(".", "-"),
        status=JobStatus.DONE,
        file_name="x.csv",
        content_type="text/csv",
        expires_at=timezone.now() + timedelta(hours=1),
        result={"rows": 1, "bytes": 3},
        **fields,
    )
    job.file.save("x.csv", ContentFile(b"SECRET,ROWS"), save=True)
    return job


def test_an_export_token_opens_nothing_under_another_programs_or_kinds_address(
    organization: Organization, coordinator: Employee, coordinator_client: Client
) -> None:
    """The asker themself, with the right token, but under a program, export or kind the
    job is not about: a 404 (``file_download`` compares the job's subject)."""
    mine = make_program(organization, "matching", name="Mine")
    sibling = make_program(organization, "matching", name="Sibling")
    job = _done_job(coordinator.user, mine, kind="outcomes.export", subject=f"{mine.pk}:pairs:csv")
    wrong = [
        reverse("outcomes:program_export_download", args=[sibling.pk, "pairs", "csv", job.token]),
        reverse("outcomes:program_export_download", args=[mine.pk, "pairs", "xlsx", job.token]),
        reverse("outcomes:report_pdf_download", args=[mine.pk, job.token]),
    ]
    for url in wrong:
        assert coordinator_client.get(url).status_code == 404, url
    right = reverse("outcomes:program_export_download", args=[mine.pk, "pairs", "csv", job.token])
    assert coordinator_client.get(right).status_code == 200


def test_a_report_pdf_is_for_its_asker_only_and_not_once_expired(
    organization: Organization, coordinator: Employee, coordinator_client: Client, admin: Employee
) -> None:
    program = make_program(organization)
    job = _done_job(coordinator.user, program, kind="outcomes.report", subject=f"{program.pk}")
    from remento.outcomes.reports.services import report_subject

    job.subject = report_subject(program)
    job.save(update_fields=["subject"])
    url = reverse("outcomes:report_pdf_download", args=[program.pk, job.token])
    colleague = employee_with_login(
        organization=organization, email="col@acme.example", role=Role.COORDINATOR
    )

    assert client_for(admin).get(url).status_code == 404
    assert client_for(colleague).get(url).status_code == 404
    assert coordinator_client.get(url).status_code == 200
    BackgroundJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = coordinator_client.get(url)
    assert expired.status_code == 302
    assert not getattr(expired, "streaming", False)


def test_the_export_progress_poll_shows_nobody_else_the_askers_job(
    organization: Organization, coordinator: Employee, admin: Employee
) -> None:
    """Polling the same export's progress, a colleague sees no panel of the asker's job."""
    program = make_program(organization)
    BackgroundJob.objects.create(
        organization=organization,
        requested_by=coordinator.user,
        kind="outcomes.export",
        subject=f"{program.pk}:pairs:csv",
        params={"program": program.pk, "export": "pairs", "format": "csv"},
        token="going-export",
        status=JobStatus.QUEUED,
    )
    url = reverse("outcomes:program_export_progress", args=[program.pk, "pairs", "csv"])

    assert client_for(coordinator).get(url, headers=HTMX).status_code == 200  # the panel
    answer = client_for(admin).get(url, headers=HTMX)
    assert answer.status_code == 204
    assert b"going-export" not in answer.content


# -- imports: another admin of the same organisation, markup in a file name -----------------

ROWS = b"employee_id,first_name,last_name,email,level\nAC900,Nia,New,nia@acme.example,3\n"


def test_an_upload_is_its_uploaders_alone_even_to_another_admin_of_the_organisation(
    organization: Organization, admin: Employee, coordinator_client: Client
) -> None:
    organization.email_domains = ["acme.example"]
    organization.save()
    batch, _ = import_batch_create(
        actor=user_of(admin), organization=organization, file_name="people.csv", data=ROWS
    )
    for name in ("people:import_preview", "people:import_progress"):
        url = reverse(name, args=[batch.token])
        assert coordinator_client.get(url, headers=HTMX).status_code == 404
        assert coordinator_client.post(url, {"discard": "1"}).status_code == 404
    batch.refresh_from_db()
    assert batch.status == batch.Status.PENDING


def test_a_file_name_of_markup_is_shown_as_text_on_the_preview(
    organization: Organization, admin: Employee
) -> None:
    organization.email_domains = ["acme.example"]
    organization.save()
    name = '"><svg onload=alert(1)>.csv'
    batch, _ = import_batch_create(
        actor=user_of(admin), organization=organization, file_name=name, data=ROWS
    )

    body = client_for(admin).get(reverse("people:import_preview", args=[batch.token])).text

    assert "<svg onload" not in body
    assert "&lt;svg onload=alert(1)&gt;" in body


# -- CSRF: the background jobs' buttons need the form's token -------------------------------


def test_every_button_that_queues_work_refuses_a_post_without_the_csrf_token(
    organization: Organization, coordinator: Employee, settings: Any, tmp_path: Path
) -> None:
    settings.EMAIL_MODE, settings.MAIL_DIR = "file", tmp_path / "mail"
    from tests.matching.helpers import small_pool

    matching = make_program(organization, "matching")
    small_pool(matching)
    active = make_program(organization)
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(coordinator.user)
    urls = [
        reverse("matching:run_start", args=[matching.pk]),
        reverse("matching:preview_refresh", args=[matching.pk]),
        reverse("outcomes:program_export", args=[active.pk, "pairs", "csv"]),
        reverse("outcomes:report_pdf", args=[active.pk]),
        reverse("outcomes:program_dashboard_refresh", args=[active.pk]),
        reverse("training:compliance_count_again", args=[active.pk]),
        reverse("relationships:health_nudge_state", args=[active.pk]),
        reverse("people:import_upload"),
    ]
    jobs, runs = BackgroundJob.objects.count(), MatchRun.objects.count()

    answers = {url: forged.post(url, {"state": "at_risk"}).status_code for url in urls}

    assert set(answers.values()) == {403}, answers
    assert (BackgroundJob.objects.count(), MatchRun.objects.count()) == (jobs, runs)
    # With the token the same coordinator is let through: the 403s were CSRF's.
    page = forged.get(reverse("training:compliance", args=[active.pk]))
    token = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else None
    token = token or forged.cookies["csrftoken"].value
    url = reverse("matching:run_start", args=[matching.pk])
    assert forged.post(url, {"csrfmiddlewaretoken": token}).status_code == 302
    assert MatchRun.objects.count() == runs + 1


# The health board and the home page read by a coordinator who mentors in the program: see
# tests/relationships/health/test_own_pair_confidential.py (mended).
