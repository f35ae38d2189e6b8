"""A coordinator who is in a pair (they may mentor in their own program) never reads their
partner's confidential check-in answers from a results figure (``outcomes.confidential``):
every figure built from check-in answers leaves the partner's out, counts the viewer's own
and everyone else's, whether it is worked out for the page, read from the weekly snapshots
or from what the task worker kept; a viewer in no pair reads the kept figures as before.

The hand-made program (tests/outcomes/kpis/builders.py) has ratings 4, 5, 2 and 3; here the
coordinator mentors one more pair, rates it 5, and their mentee rates it ``PARTNER``: the
program's mean is (19 + PARTNER) / 6 for everyone else, 19 / 5 = 3.8 for the coordinator.
"""

from __future__ import annotations

import base64
import difflib
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from remento.core.models import Organization
from remento.enrollment.models import Enrollment
from remento.outcomes.dashboards.organization import organization_dashboard
from remento.outcomes.dashboards.program import program_dashboard
from remento.outcomes.exports.kpis import kpi_series_table
from remento.outcomes.kept.organization import organization_figures, organization_figures_computed
from remento.outcomes.kept.services import keep_figures
from remento.outcomes.kpis.selectors import program_kpis
from remento.outcomes.kpis.series import kpi_series
from remento.outcomes.kpis.snapshots import snapshot_kpis
from remento.outcomes.reports.selectors import program_report
from remento.people.models import Employee, Role
from remento.programs.models import KpiKind, ProgramKpi
from remento.relationships.checkins.models import CheckIn, CheckInKind
from remento.relationships.models import Pair, PairStatus
from tests.conftest import client_for
from tests.factories import employee_with_login, make_pair, make_program
from tests.integrations.api.conftest import api_as
from tests.outcomes.kpis.builders import NOW, TODAY, HandMade, at, checkin, hand_made_program

RATING = KpiKind.CHECKIN_RATING
OWN_VIEW = 3.8  # (4 + 5 + 2 + 3 + the coordinator's own 5) / 5
MODES = ["worked-out", "snapshots", "kept"]


@pytest.fixture(autouse=True)
def _on_the_hand_made_today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def made(organization: Organization, coordinator: Employee, mentee: Employee) -> HandMade:
    """The hand-made program, with the coordinator mentoring ``mentee`` in it: both rated
    their pair on 16 October, the coordinator 5 and the mentee 1."""
    made = hand_made_program(organization)
    pair = make_pair(made.program, coordinator, mentee)
    Pair.objects.filter(pk=pair.pk).update(
        status=PairStatus.ACTIVE, started_at=at(10, 5), created_at=at(10, 1)
    )
    Enrollment.objects.filter(program=made.program).update(created_at=at(9, 28))
    pair.refresh_from_db()
    checkin(pair, coordinator, at(10, 16), 5, number=1)
    checkin(pair, mentee, at(10, 16), 1, number=1)
    made.pairs["own"] = pair
    return made


def _partner_rates(made: HandMade, rating: int, mode: str) -> None:
    """The coordinator's mentee's rating becomes ``rating``; the weekly snapshots and the
    kept figures are then taken again (as the worker would) for the modes that read them."""
    pair = made.pairs["own"]
    CheckIn.objects.filter(pair=pair, employee=pair.mentee).update(rating=rating)
    if mode in ("snapshots", "kept"):
        snapshot_kpis(TODAY)
    if mode == "kept":
        keep_figures(now=NOW)


def _rating(results: list[Any]) -> Any:
    return next(result for result in results if result.kind == RATING)


# The CSRF token is masked afresh for each response.
TOKEN = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]*"')


# A chart is drawn as an SVG image, with an id pygal makes afresh for each drawing.
CHART = re.compile(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _drawn(match: re.Match[str]) -> str:
    return UUID.sub("", base64.b64decode(match.group(1)).decode())


def _page(client: Client, url: str) -> str:
    """The page as its reader sees it, charts drawn out, less what changes at each view."""
    response = client.get(url)
    assert response.status_code == 200
    return CHART.sub(_drawn, TOKEN.sub(r"\1", response.content.decode()))


def _differences(one: str, other: str) -> list[str]:
    """The lines that differ between two pages (none: the same page)."""
    diff = difflib.unified_diff(one.splitlines(), other.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def _read_as_the_partner_rates(
    made: HandMade, reader: Employee, url: str, mode: str
) -> dict[int, str]:
    """``url`` as ``reader`` reads it after the partner rated the pair 1, then 5."""
    client = client_for(reader)
    pages = {}
    for rating in (1, 5):
        _partner_rates(made, rating, mode)
        pages[rating] = _page(client, url)
    return pages


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("url_name", ["outcomes:program_dashboard", "outcomes:report"])
def test_the_results_and_the_report_read_the_same_whatever_the_partner_answered(
    made: HandMade, coordinator: Employee, url_name: str, mode: str
) -> None:
    """The results page and the sponsor's report read the same, to the character, whatever
    the coordinator's own mentee answered: worked out for the page, from the weekly
    snapshots or from the kept figures."""
    pages = _read_as_the_partner_rates(
        made, coordinator, reverse(url_name, args=[made.program.pk]), mode
    )

    assert _differences(pages[1], pages[5]) == []


@pytest.mark.parametrize("mode", MODES)
def test_the_organisation_dashboard_does_not_move_with_the_partners_answer(
    made: HandMade, coordinator: Employee, mode: str
) -> None:
    pages = _read_as_the_partner_rates(
        made, coordinator, reverse("outcomes:organization_dashboard"), mode
    )

    assert _differences(pages[1], pages[5]) == []


@pytest.mark.parametrize("mode", MODES)
def test_every_figure_counts_the_viewers_own_answer_and_not_their_partners(
    made: HandMade, organization: Organization, coordinator: Employee, admin: Employee, mode: str
) -> None:
    """Left out is the partner's answer only: the coordinator's own rating counts, and so
    does everyone else's; a coordinator in no pair counts the partner's too."""
    _partner_rates(made, 1, mode)
    program, me = made.program, coordinator.pk

    dashboard = program_dashboard(made.program, viewer=coordinator, today=TODAY)
    assert _rating(dashboard.kpis).value == pytest.approx(OWN_VIEW)
    assert "5 ratings from 5 people; mean 3.8/5." in dashboard.ratings_chart.note
    assert kpi_series(program, viewer_id=me)[RATING][-1].value == pytest.approx(OWN_VIEW, abs=0.01)
    listed = organization_dashboard(organization, today=TODAY, viewer_id=me).programs
    assert _rating(listed[0].kpis).value == pytest.approx(OWN_VIEW)
    report = program_report(program, today=TODAY, viewer_id=me)
    assert _rating([line.result for line in report.kpis]).value == pytest.approx(OWN_VIEW)

    everyone = 20 / 6
    other = program_dashboard(made.program, viewer=admin, today=TODAY)
    assert _rating(other.kpis).value == pytest.approx(everyone)
    assert "6 ratings from 6 people" in other.ratings_chart.note
    last = kpi_series(program, viewer_id=admin.pk)[RATING][-1]
    assert last.value == pytest.approx(everyone, abs=0.01)
    report = program_report(program, today=TODAY, viewer_id=admin.pk)
    assert _rating([line.result for line in report.kpis]).value == pytest.approx(everyone)


@pytest.mark.parametrize("kept", [False, True])
def test_the_organisations_kpis_by_group_leave_the_partners_answer_out(
    made: HandMade, organization: Organization, coordinator: Employee, kept: bool
) -> None:
    if kept:
        keep_figures(now=NOW)

    mine = organization_figures(organization, viewer_id=coordinator.pk)
    everyone = organization_figures(organization)

    assert (
        mine.breakdowns
        == organization_figures_computed(organization, viewer_id=coordinator.pk).breakdowns
    )
    assert mine.breakdowns[0].total[RATING].value == pytest.approx(OWN_VIEW)
    assert mine.breakdowns[0].total[RATING].sample == 5
    assert everyone.breakdowns[0].total[RATING].value == pytest.approx(20 / 6)
    # The funnel holds no answer: read as kept.
    assert mine.funnel == everyone.funnel


def test_the_apis_kpis_leave_the_callers_partners_answer_out(
    made: HandMade, coordinator: Employee, admin: Employee
) -> None:
    path = f"/programs/{made.program.pk}/kpis"

    mine = {kpi["kind"]: kpi for kpi in api_as(coordinator).get(path).json()}
    theirs = {kpi["kind"]: kpi for kpi in api_as(admin).get(path).json()}

    assert mine[RATING]["value"] == pytest.approx(OWN_VIEW)
    assert mine[RATING]["sample"] == 5
    assert theirs[RATING]["value"] == pytest.approx(20 / 6)
    assert theirs[RATING]["sample"] == 6


def test_the_kpi_series_export_leaves_the_partners_answer_out(
    made: HandMade, coordinator: Employee
) -> None:
    snapshot_kpis(TODAY)
    label = RATING.label

    rows = [row for row in kpi_series_table(made.program, coordinator.pk).rows() if row[0] == label]
    everyone = [row for row in kpi_series_table(made.program).rows() if row[0] == label]

    assert rows[-1][2] == pytest.approx(OWN_VIEW)
    assert everyone[-1][2] == pytest.approx(20 / 6, abs=0.01)


def test_the_sponsors_report_quotes_nothing_the_partner_said_to_them(
    made: HandMade, coordinator: Employee, admin: Employee, settings: Any
) -> None:
    settings.REMENTO_MIN_GROUP_SIZE = 1
    pair = made.pairs["own"]
    words = "My mentor never prepared for a single meeting."
    CheckIn.objects.filter(pair=pair, employee=pair.mentee).update(
        kind=CheckInKind.CLOSING, comments=words, quote_allowed=True
    )

    mine = program_report(made.program, today=TODAY, viewer_id=coordinator.pk)
    theirs = program_report(made.program, today=TODAY, viewer_id=admin.pk)

    assert words not in [quote.text for quote in mine.highlights.quotes]
    assert words in [quote.text for quote in theirs.highlights.quotes]


def test_a_viewer_whose_partner_answered_nothing_reads_the_kept_figures_as_cheaply(
    made: HandMade, organization: Organization, coordinator: Employee
) -> None:
    """Only where the kept figures count a partner's answer are they worked out again: a
    coordinator in a pair whose partner has answered nothing costs what one in no pair does."""
    pair = made.pairs["own"]
    CheckIn.objects.filter(pair=pair, employee=pair.mentee).delete()
    keep_figures(now=NOW)
    other = employee_with_login(
        organization=organization, email="colin@acme.example", role=Role.COORDINATOR
    )
    urls = [
        reverse("outcomes:organization_dashboard"),
        reverse("outcomes:program_dashboard", args=[made.program.pk]),
        reverse("outcomes:report", args=[made.program.pk]),
    ]
    clients = {who: client_for(who) for who in (coordinator, other)}
    for url in urls:
        counts = []
        for client in clients.values():
            client.get(url)  # warms the session
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            # Less the health chart's weekly records, which the health history works out
            # again for a viewer in a pair of the program (``dashboards.health_history``).
            sql = [q["sql"] for q in captured.captured_queries]
            counts.append(sum(1 for one in sql if "outcomes_healthsnapshot" not in one))
        assert counts[0] == counts[1], url


def test_a_coordinator_in_no_pair_of_the_program_is_left_nothing_out(
    organization: Organization, coordinator: Employee, mentor: Employee, mentee: Employee
) -> None:
    """In another program the coordinator's own pair does not change this one's figures."""
    program = make_program(organization)
    ProgramKpi.objects.create(program=program, kind=RATING, target=4)
    pair = make_pair(program, mentor, mentee)
    Pair.objects.filter(pk=pair.pk).update(
        status=PairStatus.ACTIVE, started_at=timezone.now() - timedelta(days=20)
    )
    checkin(pair, mentee, timezone.now() - timedelta(days=3), 2, number=1)
    elsewhere = make_pair(make_program(organization), coordinator, mentor)
    checkin(elsewhere, mentor, timezone.now() - timedelta(days=3), 1, number=1)

    result = _rating(program_kpis(program, viewer_id=coordinator.pk))

    assert result.value == 2
    assert result.sample == 1


RATING_ROW = re.compile(r'<tr><th scope="row">\d — [^<]+</th>(?:<td>[^<]*</td>)+</tr>')
RATING_WORDS = re.compile(r"(?:mean|rating)[^<]{0,40}?\d(?:\.\d+)?\s*/\s*5", re.I)


def _ratings_shown(page: str) -> list[str]:
    """What a results page says of check-in ratings: the chart's rows and any "…/5"."""
    return RATING_ROW.findall(page) + RATING_WORDS.findall(page)


@pytest.mark.parametrize("url_name", ["outcomes:program_dashboard", "outcomes:report"])
def test_a_coordinator_who_mentors_does_not_read_their_mentees_rating_in_the_results(
    organization: Organization, coordinator: Employee, mentee: Employee, url_name: str
) -> None:
    """Moved here from tests/security/test_privacy_pass.py, where it showed the leak: a
    coordinator who mentors in the program opens its results (and the sponsor's report);
    the only mentee who answered is the coordinator's own. The "Check-in ratings" chart
    and the average check-in rating KPI once said 1 mentee gave "1 — Not working" (or
    "5 — Excellent"): the pages differed as the mentee's confidential answer did."""
    from remento.programs.models import KpiKind, ProgramKpi
    from remento.relationships.checkins.models import CheckIn, CheckInStatus
    from remento.relationships.models import PairStatus
    from tests.relationships.checkins.helpers import open_checkin

    program = make_program(organization)
    ProgramKpi.objects.create(program=program, kind=KpiKind.CHECKIN_RATING, target=4)
    pair = make_pair(program, coordinator, mentee)
    pair.status, pair.started_at = PairStatus.ACTIVE, timezone.now() - timedelta(days=20)
    pair.save()
    checkin = open_checkin(pair, mentee)
    client = client_for(coordinator)

    pages: dict[int, list[str]] = {}
    for rating in (1, 5):
        CheckIn.objects.filter(pk=checkin.pk).update(
            status=CheckInStatus.ANSWERED, rating=rating, answered_at=timezone.now()
        )
        response = client.get(reverse(url_name, args=[program.pk]))
        assert response.status_code == 200
        pages[rating] = _ratings_shown(response.text)

    assert pages[1] == pages[5], (
        f"the coordinator-mentor reads their mentee's rating: {pages[1]} against {pages[5]}"
    )


@pytest.mark.parametrize("mode", MODES)
def test_the_pdf_report_is_made_for_who_asked(
    made: HandMade, coordinator: Employee, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The task worker lays out the PDF for the coordinator who asked: their own partner's
    answers are left out of it as from the page."""
    laid_out: list[str] = []

    def pdf_bytes(html: str) -> bytes:
        laid_out.append(html)
        return b"%PDF-1.7"

    monkeypatch.setattr("remento.outcomes.reports.services.pdf_bytes", pdf_bytes)
    client = client_for(coordinator)
    for rating in (1, 5):
        _partner_rates(made, rating, mode)
        with TestCase.captureOnCommitCallbacks(execute=True):
            client.post(reverse("outcomes:report_pdf", args=[made.program.pk]))

    first, second = (CHART.sub(_drawn, html) for html in laid_out)
    assert "Average check-in rating (1–5)" in first
    assert _differences(first, second) == []
