"""A KPI below target reads "Not met" only once the program is closed: while it runs, the
report, its PDF, the program's results page and the KPI export all say "Not yet"."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse

from remento.core.pdf import pdf_document
from remento.outcomes.exports.kpis import kpi_series_table
from remento.outcomes.reports.selectors import program_report
from remento.programs.models import KpiKind, Program, ProgramKpi, Status
from tests.outcomes.reports.conftest import ClosedProgram

NOT_YET = "Not yet: 2 of 6 meetings so far"


def _running(closed_program: ClosedProgram) -> Program:
    program = closed_program.program
    Program.objects.filter(pk=program.pk).update(status=Status.ACTIVE)
    program.refresh_from_db()
    return program


def _report_page(client: Any, program: Program) -> str:
    return client.get(reverse("outcomes:report", args=[program.pk])).content.decode()


def _pdf_html(program: Program) -> str:
    return render_to_string(
        "outcomes/reports/report_pdf.html",
        {"program": program, "report": program_report(program), "pdf": True},
    )


def test_a_running_program_below_target_reads_not_yet_on_the_report_and_pdf(
    coordinator_client: Any, closed_program: ClosedProgram
) -> None:
    program = _running(closed_program)
    for page in (_report_page(coordinator_client, program), _pdf_html(program)):
        assert NOT_YET in page
        assert "Not met" not in page
        assert "1 of 2 KPIs at their target so far" in page


def test_a_closed_program_below_target_reads_not_met(
    coordinator_client: Any, closed_program: ClosedProgram
) -> None:
    program = closed_program.program
    for page in (_report_page(coordinator_client, program), _pdf_html(program)):
        assert "Not met" in page
        assert "Not yet" not in page


def test_the_results_page_uses_the_same_verdict(
    coordinator_client: Any, closed_program: ClosedProgram
) -> None:
    url = reverse("outcomes:program_dashboard", args=[closed_program.program.pk])
    closed = coordinator_client.get(url).content.decode()
    assert "Not met" in closed
    _running(closed_program)
    running = coordinator_client.get(url).content.decode()
    assert NOT_YET in running
    assert "Not met" not in running
    assert "Below target" not in running


def test_a_target_of_one_point_is_written_in_the_singular(
    coordinator_client: Any, closed_program: ClosedProgram
) -> None:
    program = closed_program.program
    ProgramKpi.objects.create(program=program, kind=KpiKind.SKILL_GAIN, target=Decimal(1))
    page = coordinator_client.get(reverse("outcomes:program_dashboard", args=[program.pk]))
    text = page.content.decode()
    assert "target 1 point<" in text
    assert "1 points" not in text


def test_the_comparison_section_says_not_enough_data_once(
    coordinator_client: Any, closed_program: ClosedProgram
) -> None:
    page = _report_page(coordinator_client, closed_program.program)
    section = page.split('id="comparison-heading"')[1].split('id="funnel-heading"')[0]
    assert "Not enough data yet" in section
    assert "Not enough data yet. Not enough data yet" not in section
    assert "Not enough data yet.</strong> Not enough data yet" not in section


def test_the_kpi_export_lists_only_the_chosen_kpis_with_the_same_verdict(
    closed_program: ClosedProgram,
) -> None:
    chosen = {KpiKind.MEETINGS_PER_PAIR.label, KpiKind.COMPLETION.label}
    table = kpi_series_table(closed_program.program)
    rows = list(table.rows())
    assert {row[0] for row in rows} == chosen
    assert all(row[3] is not None for row in rows)
    assert table.count() == len(rows)
    last_meetings = [row for row in rows if row[0] == KpiKind.MEETINGS_PER_PAIR.label][-1]
    assert last_meetings[4] == "Not met"
    running = list(kpi_series_table(_running(closed_program)).rows())
    assert running[-1][4] != "Not met"
    assert [row[4] for row in running if row[0] == KpiKind.MEETINGS_PER_PAIR.label][-1] == (
        "Not yet"
    )


def _overruns(html: str) -> list[str]:
    """The words laid out past the right edge of their KPI table cell in the PDF."""
    from weasyprint.formatting_structure.boxes import TableCellBox, TextBox

    def inside(box: Any) -> Iterator[Any]:
        yield box
        for child in getattr(box, "children", ()):
            yield from inside(child)

    over = []
    for page in pdf_document(html).pages:
        for cell in page._page_box.descendants():
            if not isinstance(cell, TableCellBox):
                continue
            right = cell.position_x + cell.margin_width()
            over += [
                box.text
                for box in inside(cell)
                if isinstance(box, TextBox) and box.position_x + box.width > right + 0.5
            ]
    return over


def test_a_long_verdict_stays_in_its_column_of_the_pdf(closed_program: ClosedProgram) -> None:
    program = _running(closed_program)
    ProgramKpi.objects.create(program=program, kind=KpiKind.SKILL_GAIN, target=Decimal(1))
    html = _pdf_html(program)

    assert NOT_YET in html
    assert _overruns(html) == []
