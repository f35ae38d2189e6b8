"""The sponsor's report: who may open it, what it says, and the PDF with its figures."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from remento.core.jobs.models import BackgroundJob
from remento.core.models import AuditEvent
from remento.outcomes.reports.selectors import program_report
from remento.people.models import Employee
from tests.conftest import client_for
from tests.factories import EmployeeFactory, employee_with_login, make_pair
from tests.outcomes.pdf_text import pdf_words
from tests.outcomes.reports.conftest import (
    LESSON,
    PRIVATE,
    QUOTE_OK,
    QUOTE_REFUSED,
    SPONSOR,
    ClosedProgram,
)


def _urls(closed_program: ClosedProgram) -> list[str]:
    pk = closed_program.program.pk
    return [reverse("outcomes:report", args=[pk]), reverse("outcomes:report_pdf", args=[pk])]


def _report_html(closed_program: ClosedProgram) -> str:
    program = closed_program.program
    return render_to_string(
        "outcomes/reports/report_pdf.html",
        {"program": program, "report": program_report(program), "pdf": True},
    )


def test_the_report_shows_targets_results_methods_and_samples(
    coordinator_client: Any, closed_program: ClosedProgram
) -> None:
    page = coordinator_client.get(_urls(closed_program)[0]).content.decode()

    assert SPONSOR in page
    assert "Chief Operating Officer" in page
    assert "1 of 2 KPIs met their target" in page
    assert "Meetings logged as held" in page  # the method, in one sentence
    assert "Based on 5 pairs." in page
    assert "Not met" in page
    assert "Met" in page
    assert "Participation funnel" in page
    assert "<img" in page
    assert LESSON in page
    assert "shorten the cadence" in page  # meetings missed their target
    assert "Download the PDF" in page


def test_quotes_are_only_those_allowed_and_never_named(
    coordinator_client: Any, closed_program: ClosedProgram, mentor: Employee, mentee: Employee
) -> None:
    page = coordinator_client.get(_urls(closed_program)[0]).content.decode()
    section = page.split('id="quotes-heading"')[1].split('id="next-time-heading"')[0]

    assert f"{QUOTE_OK} (0)" in section
    assert section.count(QUOTE_OK) == 5
    assert "— a mentee" in section
    assert QUOTE_REFUSED not in page
    assert PRIVATE not in page
    for person in (mentor, mentee):
        assert person.last_name not in section
        assert person.first_name not in section


def test_no_quote_while_fewer_than_the_minimum_answered(
    coordinator_client: Any, closed_program: ClosedProgram, settings: Any
) -> None:
    settings.REMENTO_MIN_GROUP_SIZE = 11  # 10 people answered the closing check-in

    page = coordinator_client.get(_urls(closed_program)[0]).content.decode()

    assert QUOTE_OK not in page
    assert "quotes are shown once at least 11 have" in page


def _pdf(client: Any, closed_program: ClosedProgram) -> Any:
    """Ask for the PDF as its button does (the worker lays it out once the request commits),
    then download it from its page's link."""
    program = closed_program.program
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(_urls(closed_program)[1])
    asked = client.get(_urls(closed_program)[1])
    job = BackgroundJob.objects.get(kind="outcomes.report", subject=f"{program.pk}:report:pdf")
    link = reverse("outcomes:report_pdf_download", args=[program.pk, job.token])
    assert link in asked.content.decode()
    return client.get(link)


def test_the_pdf_opens_and_has_the_figures(
    coordinator_client: Any, closed_program: ClosedProgram, coordinator: Employee
) -> None:
    response = _pdf(coordinator_client, closed_program)
    content = b"".join(response.streaming_content)

    assert response["Content-Type"] == "application/pdf"
    assert "digital-leaders-2026-report.pdf" in response["Content-Disposition"]
    words = pdf_words(content, html=lambda: _report_html(closed_program))
    assert "Digital Leaders 2026" in words
    assert SPONSOR in words
    assert "Meetings per pair" in words
    assert "2 meetings" in words
    assert "6 meetings" in words
    assert "100%" in words
    assert "80%" in words
    assert "Based on 5 pairs" in words
    assert QUOTE_OK in words
    assert QUOTE_REFUSED not in words
    event = AuditEvent.objects.get(verb="report.downloaded")
    assert event.actor == coordinator.user
    assert event.target_id == str(closed_program.program.pk)


def test_the_pdf_works_without_pdftotext(
    coordinator_client: Any, closed_program: ClosedProgram, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tests.outcomes.pdf_text.shutil.which", lambda name: None)
    response = _pdf(coordinator_client, closed_program)
    content = b"".join(response.streaming_content)

    assert "Based on 5 pairs" in pdf_words(content, html=lambda: _report_html(closed_program))


def test_an_admin_opens_the_report_too(admin: Employee, closed_program: ClosedProgram) -> None:
    for url in _urls(closed_program):
        assert client_for(admin).get(url).status_code == 200


@pytest.fixture
def participant(organization: Any) -> Employee:
    return employee_with_login(organization=organization, email="pia@acme.example", level=4)


@pytest.mark.parametrize("who", ["mentor", "mentee", "participant"])
def test_participants_may_not_open_the_report(
    who: str, request: pytest.FixtureRequest, closed_program: ClosedProgram
) -> None:
    person = request.getfixturevalue(who)
    for url in _urls(closed_program):
        assert client_for(person).get(url).status_code in (403, 404)
    assert not AuditEvent.objects.filter(verb="report.downloaded").exists()


def test_another_organisation_gets_a_404(stranger: Employee, closed_program: ClosedProgram) -> None:
    for url in _urls(closed_program):
        assert client_for(stranger).get(url).status_code == 404
    assert not AuditEvent.objects.filter(verb="report.downloaded").exists()


def test_the_report_costs_the_same_queries_for_more_pairs(
    closed_program: ClosedProgram, organization: Any
) -> None:
    program = closed_program.program

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            program_report(program)
        return len(captured)

    before = queries()
    for _ in range(3):
        make_pair(
            program,
            EmployeeFactory(organization=organization, level=2),
            EmployeeFactory(organization=organization, level=9),
        )
    assert queries() == before
