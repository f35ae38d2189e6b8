"""The sponsor's report as a PDF in the task worker: asked, laid out with progress,
downloaded by the person who asked, refused to anyone else, a failure shown with its reason."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client, TestCase
from django.urls import reverse

from remento.core.jobs.models import BackgroundJob, JobStatus
from remento.core.models import AuditEvent
from remento.outcomes.kept.kpis import keep_kpis
from remento.outcomes.selectors import participation_funnel
from remento.people.models import Employee
from tests.conftest import client_for
from tests.outcomes.reports.conftest import ClosedProgram

HTMX = {"HX-Request": "true"}


def _urls(closed: ClosedProgram) -> tuple[str, str]:
    pk = closed.program.pk
    return reverse("outcomes:report_pdf", args=[pk]), reverse(
        "outcomes:report_pdf_progress", args=[pk]
    )


def _download(closed: ClosedProgram, job: BackgroundJob) -> str:
    return reverse("outcomes:report_pdf_download", args=[closed.program.pk, job.token])


def test_asking_for_the_pdf_queues_it_and_its_page_polls(
    coordinator_client: Client, closed_program: ClosedProgram
) -> None:
    page_url, progress_url = _urls(closed_program)
    coordinator_client.post(page_url)  # no worker here: it waits

    job = BackgroundJob.objects.get()
    assert (job.kind, job.status) == ("outcomes.report", JobStatus.QUEUED)
    page = coordinator_client.get(page_url).text
    assert "Writing Report for the sponsor (PDF)" in page
    assert 'hx-trigger="every 1s"' in page
    assert progress_url in page
    assert (
        coordinator_client.get(progress_url, headers=HTMX)
        .text.lstrip()
        .startswith('<section id="job-progress"')
    )


def test_a_failed_pdf_shows_its_reason(
    coordinator_client: Client, closed_program: ClosedProgram, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(html: str) -> bytes:
        raise RuntimeError("no fonts installed")

    monkeypatch.setattr("remento.outcomes.reports.services.pdf_bytes", broken)
    page_url, _ = _urls(closed_program)
    with TestCase.captureOnCommitCallbacks(execute=True):
        coordinator_client.post(page_url)

    page = coordinator_client.get(page_url).text
    assert "The file could not be written" in page
    assert "RuntimeError: no fonts installed" in page
    assert not AuditEvent.objects.filter(verb="report.downloaded").exists()


def test_only_the_person_who_asked_downloads_the_pdf(
    coordinator_client: Client,
    closed_program: ClosedProgram,
    admin: Employee,
    mentor: Employee,
    stranger: Employee,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("remento.outcomes.reports.services.pdf_bytes", lambda html: b"%PDF-1.7")
    page_url, progress_url = _urls(closed_program)
    with TestCase.captureOnCommitCallbacks(execute=True):
        coordinator_client.post(page_url)
    job = BackgroundJob.objects.get()
    link = _download(closed_program, job)

    assert client_for(admin).get(link).status_code == 404  # another coordinator's file
    assert client_for(mentor).get(link).status_code in (403, 404)
    assert client_for(mentor).get(page_url).status_code in (403, 404)
    assert client_for(mentor).get(progress_url, headers=HTMX).status_code in (403, 404)
    for url in (link, page_url, progress_url):
        assert client_for(stranger).get(url).status_code == 404
    assert not AuditEvent.objects.filter(verb="report.downloaded").exists()

    response = coordinator_client.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7"
    assert AuditEvent.objects.get(verb="report.downloaded").data == {"format": "pdf", "bytes": 8}


def test_a_participant_cannot_ask_for_the_pdf(
    mentor_client: Client, closed_program: ClosedProgram, settings: Any
) -> None:
    assert mentor_client.post(_urls(closed_program)[0]).status_code in (403, 404)
    assert not BackgroundJob.objects.exists()


def test_the_pdf_gives_times_in_the_zone_of_who_asked_as_the_page_does(
    coordinator: Employee, closed_program: ClosedProgram, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker runs in the site's zone (UTC); the PDF is laid out in the asker's, like
    the report's page, and both name it."""
    Employee.objects.filter(pk=coordinator.pk).update(timezone="Asia/Singapore")
    program = closed_program.program
    measured = datetime(2026, 11, 30, 21, 14, tzinfo=UTC)
    keep_kpis(program, [], participation_funnel(program), now=measured)
    laid_out: list[str] = []

    def pdf_bytes(html: str) -> bytes:
        laid_out.append(html)
        return b"%PDF-1.7"

    monkeypatch.setattr("remento.outcomes.reports.services.pdf_bytes", pdf_bytes)
    client = client_for(coordinator)
    page = client.get(reverse("outcomes:report", args=[program.pk])).text
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("outcomes:report_pdf", args=[program.pk]))

    assert "1 December 2026, 05:14 +08" in page
    assert "1 December 2026, 05:14 +08" in laid_out[0]
