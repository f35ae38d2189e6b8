"""The program dashboard's figures on the hand-made program (tests/outcomes/kpis/builders.py),
worked out by hand, and the page that shows them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client
from django.urls import reverse

from remento.core.models import Organization
from remento.outcomes.dashboards import figures
from remento.outcomes.dashboards.health_history import pair_health_by_week
from remento.outcomes.dashboards.program import program_dashboard
from remento.outcomes.dashboards.selectors import meetings_per_pair, ratings_distribution
from remento.relationships.health.rules import HealthState
from tests.outcomes.kpis.builders import TODAY, HandMade, grow
from tests.queries import queries_do_not_grow

ON_TRACK, TOO_EARLY = HealthState.ON_TRACK, HealthState.TOO_EARLY
ATTENTION, AT_RISK = HealthState.NEEDS_ATTENTION, HealthState.AT_RISK


def test_meetings_per_pair_spreads_the_started_pairs_over_their_held_meetings(
    made: HandMade,
) -> None:
    # A held 4 (plus a missed and a cancelled one), B 1, C 3; D never started.
    chart = figures.meetings_chart(meetings_per_pair(made.program))

    assert chart.rows == (
        ("0 meetings", "0"),
        ("1 meeting", "1"),
        ("2 meetings", "0"),
        ("3 meetings", "1"),
        ("4 meetings", "1"),
    )
    assert chart.note == "3 pairs that started; mean 2.7, median 3 meetings held."


def test_ratings_are_counted_by_rating_and_by_who_gave_them(made: HandMade) -> None:
    # Mentors: A 4, C 3; mentees: A 5, B 2; the open and the missed check-ins have none.
    chart = figures.ratings_chart(ratings_distribution(made.program))

    assert chart.rows == (
        ("5 — Excellent", "0", "1"),
        ("4 — Good", "1", "0"),
        ("3 — All right", "1", "0"),
        ("2 — Difficult", "0", "1"),
        ("1 — Not working", "0", "0"),
    )
    assert chart.note == "4 ratings from 4 people; mean 3.5/5."


def test_pair_health_is_counted_week_by_week_by_the_boards_rules(made: HandMade) -> None:
    weeks = {week.week: week.counts for week in pair_health_by_week(made.program)}

    # The pairs were made on Thursday 1 October: the first week is that of Monday 28 September.
    assert min(weeks) == date(2026, 9, 28)
    assert max(weeks) == date(2026, 11, 30)
    assert len(weeks) == 10
    # At the end of that week none had started.
    assert weeks[date(2026, 9, 28)] == {ON_TRACK: 0, TOO_EARLY: 4, ATTENTION: 0, AT_RISK: 0}
    # A and B started on 5 October and met on the 6th and 7th; C starts on 12 October.
    assert weeks[date(2026, 10, 5)] == {ON_TRACK: 2, TOO_EARLY: 2, ATTENTION: 0, AT_RISK: 0}
    # B ended on 30 October; A met on the 20th, C on the 27th.
    assert weeks[date(2026, 10, 26)] == {ON_TRACK: 2, TOO_EARLY: 1, ATTENTION: 0, AT_RISK: 0}
    # Today only C and D are open: C last met on 10 November, 26 days ago (its rhythm is 14
    # days) with nothing scheduled; D never started.
    assert weeks[date(2026, 11, 30)] == {ON_TRACK: 0, TOO_EARLY: 1, ATTENTION: 1, AT_RISK: 0}


def test_the_health_chart_stacks_each_weeks_open_pairs(made: HandMade) -> None:
    chart = figures.health_chart(pair_health_by_week(made.program))

    assert chart.columns == (
        "Week of",
        "On track",
        "Too early to tell",
        "Needs attention",
        "At risk",
    )
    assert chart.rows[0] == ("28 Sep 2026", "0", "4", "0", "0")
    assert chart.rows[-1] == ("30 Nov 2026", "0", "1", "1", "0")


def test_a_coordinator_in_a_pair_of_the_program_is_judged_without_its_checkins(
    made: HandMade,
) -> None:
    # B's mentee rated 2/5 on 23 October: at risk that week, for the board's rules; B's
    # mentor, were they the viewer, is judged without check-ins (on track).
    pair = made.pairs["b"]
    as_coordinator = {w.week: w.counts for w in pair_health_by_week(made.program)}
    as_member = {w.week: w.counts for w in pair_health_by_week(made.program, viewer=pair.mentor)}

    week = date(2026, 10, 19)
    assert as_coordinator[week][AT_RISK] == 1
    assert as_member[week][AT_RISK] == 0


def test_the_kpi_chart_shows_each_kpi_as_a_share_of_its_target(made: HandMade) -> None:
    dashboard = program_dashboard(made.program, today=TODAY)
    rows = {row[0]: row for row in dashboard.kpi_chart.rows}

    # 8 held meetings over 3 started pairs (2.67) against a target of 3: 88.9%.
    assert rows["Meetings per pair"][1:] == ("2.7 meetings", "3 meetings", "88.9%", "3 pairs")
    # Retention is a difference in points: no share of a target, said under the chart.
    retention = next(r for r in dashboard.kpis if r.kind == "mentor_retention")
    assert rows[retention.label][3] == "—"
    assert retention.label in dashboard.kpi_chart.note


def test_the_page_shows_every_section_with_its_figures(
    made: HandMade, coordinator_client: Client
) -> None:
    page = coordinator_client.get(
        reverse("outcomes:program_dashboard", args=[made.program.pk])
    ).content.decode()

    for heading in (
        "KPIs against their targets",
        "Participation funnel",
        "Pair health over time",
        "Meetings held per pair",
        "Check-in ratings",
        "Skill gain per skill",
        "Participants against comparable colleagues",
        "By department",
    ):
        assert f'<figcaption class="chart-title">{heading}</figcaption>' in page
    assert '<tr><th scope="row">4 — Good</th><td>1</td><td>0</td></tr>' in page
    assert "Measured on 3 pairs." in page
    assert reverse("outcomes:program_exports", args=[made.program.pk]) in page
    assert reverse("relationships:health_board", args=[made.program.pk]) in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_the_page_takes_as_many_queries_for_three_times_the_pairs(
    made: HandMade,
    organization: Organization,
    coordinator_client: Client,
    django_assert_num_queries: Any,
) -> None:
    url = reverse("outcomes:program_dashboard", args=[made.program.pk])

    queries_do_not_grow(
        coordinator_client,
        url,
        lambda n: grow(made.program, organization, n),
        django_assert_num_queries,
    )
