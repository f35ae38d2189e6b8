"""Charts are SVG drawn on the server, load nothing from elsewhere, and carry their figures
as a table."""

from __future__ import annotations

import base64
import re
from datetime import date, timedelta

from django.template.loader import render_to_string

from remento.outcomes import charts
from remento.outcomes.charts import Series

NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


def addresses(markup: str) -> set[str]:
    return set(re.findall(r"https?://[^\"'\s<>)]+", markup))


def assert_self_contained(svg: str) -> None:
    assert svg.startswith("<svg")
    assert "<script" not in svg
    assert "xml-stylesheet" not in svg
    assert "@import" not in svg
    # The only addresses are the XML namespaces, which nothing fetches.
    assert addresses(svg) <= NAMESPACES


def test_bars_are_an_svg_with_no_script_and_no_outside_address() -> None:
    chart = charts.horizontal_bars(
        "Meetings", labels=["Pair A", "Pair B"], series=[Series("Held", [3, 5])]
    )

    assert_self_contained(str(chart.svg))
    assert "pygal.org" not in chart.svg  # its comments are taken out


def test_bars_table_has_one_row_per_label_with_its_values() -> None:
    chart = charts.horizontal_bars(
        "Ratings",
        labels=["5 — Excellent", "4 — Good"],
        series=[Series("From mentors", [3, 1]), Series("From mentees", [2, None])],
        label_heading="Rating",
    )

    assert chart.columns == ("Rating", "From mentors", "From mentees")
    assert chart.rows == (("5 — Excellent", "3", "2"), ("4 — Good", "1", "—"))


def test_labels_and_values_are_escaped_in_the_drawing_and_the_table() -> None:
    chart = charts.horizontal_bars(
        "Skills", labels=["<b>AI</b> & data"], series=[Series("Gain", [1.5])]
    )

    assert "<b>" not in chart.svg
    page = render_to_string("outcomes/_chart.html", {"chart": chart})
    assert "&lt;b&gt;AI&lt;/b&gt; &amp; data" in page


def test_a_chart_with_no_value_is_not_drawn_and_says_so() -> None:
    chart = charts.horizontal_bars("Skills", labels=["AI"], series=[Series("Gain", [None])])

    assert not chart.drawn
    assert chart.note == charts.NOT_ENOUGH
    page = render_to_string("outcomes/_chart.html", {"chart": chart})
    assert "<img" not in page
    assert "Not enough data yet." in page


def test_the_funnel_gives_each_step_its_share_of_the_first() -> None:
    chart = charts.funnel("Funnel", steps=[("Invited", 40), ("Enrolled", 30), ("Completed", 10)])

    assert chart.rows == (
        ("Invited", "40", "100%"),
        ("Enrolled", "30", "75%"),
        ("Completed", "10", "25%"),
    )
    assert_self_contained(str(chart.svg))


def test_weekly_stacked_areas_have_one_row_per_week() -> None:
    weeks = [date(2026, 10, 5) + timedelta(weeks=i) for i in range(3)]
    chart = charts.weekly(
        "Health",
        weeks=weeks,
        series=[Series("On track", [1, 2, 3]), Series("At risk", [0, 1, 0])],
        stacked=True,
    )

    assert_self_contained(str(chart.svg))
    assert chart.columns == ("Week of", "On track", "At risk")
    assert chart.rows[1] == ("12 Oct 2026", "2", "1")


def test_the_partial_shows_the_chart_as_an_image_with_its_text_and_a_captioned_table() -> None:
    chart = charts.horizontal_bars("Meetings", labels=["A"], series=[Series("Held", [2])])

    page = render_to_string("outcomes/_chart.html", {"chart": chart})

    image = re.search(r'<img class="chart-image" src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert image is not None
    assert base64.b64decode(image.group(1)).decode() == str(chart.svg)
    assert 'role="img"' in page
    assert 'alt="Bar chart: Meetings.' in page
    assert "<caption>Meetings</caption>" in page
    assert '<th scope="row">A</th><td>2</td>' in page
    assert addresses(page) == set()  # the SVG travels base64-encoded: no address at all


def test_the_partial_can_show_its_table_unfolded_for_print() -> None:
    chart = charts.horizontal_bars("Meetings", labels=["A"], series=[Series("Held", [2])])

    assert "<details" in render_to_string("outcomes/_chart.html", {"chart": chart})
    assert "<details" not in render_to_string(
        "outcomes/_chart.html", {"chart": chart, "plain": True}
    )


def test_figures_are_written_with_their_unit() -> None:
    assert charts.number(1.25, "meetings") == "1.2 meetings"
    assert charts.number(72, "%") == "72%"
    assert charts.number(4.0, "/5") == "4/5"
    assert charts.number(None, "%") == "—"
    assert charts.number(1500) == "1,500"
