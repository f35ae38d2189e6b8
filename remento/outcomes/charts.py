"""Charts drawn on the server as SVG (pygal), each with the table of the figures it shows.

A chart is never only a picture: :class:`Chart` carries the SVG and the same figures as a
table (columns and rows of text), which ``outcomes/_chart.html`` shows beside it, for screen
readers, for copying, and for anyone who prefers numbers. Nothing here loads anything from
elsewhere: pygal's JavaScript is switched off (``js=[]``) and its comments naming its web
site are taken out, so the markup holds no outside address.

The page's Content-Security-Policy forbids inline styles, and pygal styles its SVG with a
``<style>`` element; so pages show the SVG as an image (``Chart.data_uri``, allowed by the
policy's ``img-src data:``), where it is its own document with its own styles. WeasyPrint
draws that image in the PDF report too. The drawing is sized to be read on a 390 px phone:
a narrow canvas with large type, values printed on the bars, long labels shortened (the
table gives them whole).
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

# The site's colours (remento.css): ink, muted, line, brand, ok, warn, bad.
INK, MUTED, LINE = "#1d2433", "#4a5568", "#d5dae3"
BRAND, OK, WARN, BAD = "#1f4fd1", "#1c6b3a", "#b25d00", "#a4161a"
SERIES_COLOURS = (BRAND, "#8d99ae", OK, WARN, BAD, "#6b46c1", MUTED)
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
# A narrow canvas with large type: shown 300 px wide on a phone, the type is still ~12 px.
WIDTH = 420
TYPE_SIZE = 18
LABEL_CHARS = 18  # longer labels are shortened in the drawing (the table has them whole)
NOT_ENOUGH = "Not enough data yet."

type Value = float | int | None


@dataclass(frozen=True)
class Series:
    """One set of bars or one line: a name for the legend and one value per label."""

    name: str
    values: Sequence[Value]
    colour: str | None = None


@dataclass(frozen=True)
class Chart:
    """A drawn chart and its figures as a table. ``svg`` is empty when there is nothing to
    draw; ``note`` then says why (and otherwise adds what the reader should know)."""

    title: str
    svg: SafeString
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    summary: str  # the image's text alternative: what the chart shows, in one sentence
    note: str = ""
    height: int = 0

    @property
    def data_uri(self) -> str:
        """The SVG as a ``data:`` URI, for an ``<img>`` (see the module's docstring)."""
        encoded = base64.b64encode(str(self.svg).encode()).decode("ascii")
        return f"data:image/svg+xml;base64,{encoded}"

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def drawn(self) -> bool:
        return bool(self.svg)


def _style(colours: Sequence[str]) -> Style:
    return Style(
        background="transparent",
        plot_background="#ffffff",
        foreground=INK,
        foreground_strong=INK,
        foreground_subtle=LINE,
        opacity="1",
        opacity_hover="1",
        transition="none",
        colors=tuple(colours),
        font_family=FONT,
        label_font_size=TYPE_SIZE,
        major_label_font_size=TYPE_SIZE,
        value_font_size=TYPE_SIZE - 2,
        value_label_font_size=TYPE_SIZE - 2,
        legend_font_size=TYPE_SIZE,
        title_font_size=TYPE_SIZE,
        tooltip_font_size=TYPE_SIZE - 2,
        no_data_font_size=TYPE_SIZE,
        value_colors=(INK,),
        guide_stroke_color=LINE,
        major_guide_stroke_color=LINE,
        guide_stroke_dasharray="0",
        major_guide_stroke_dasharray="0",
    )


def _config(colours: Sequence[str], height: int, **options: Any) -> dict[str, Any]:
    return {
        "js": [],  # never a script from a CDN (pygal's default loads one)
        "disable_xml_declaration": True,
        "style": _style(colours),
        "width": WIDTH,
        "height": height,
        "legend_at_bottom": True,
        "legend_box_size": 14,
        "truncate_legend": 40,
        "truncate_label": -1,  # never cut by pygal: labels are shortened here (``short``)
        "margin": 8,
        "spacing": 10,
        "no_data_text": NOT_ENOUGH,
        **options,
    }


def _without_scripts_or_comments(root: Any) -> Any:
    """pygal's XML filter: drop its inline ``<script>`` (its config, written even with
    ``js=[]``) and its comments (they name its web site)."""
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in list(parents):
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag.rsplit("}", 1)[-1] == "script" or not tag:
            parents[element].remove(element)
    return root


def _render(chart: Any) -> SafeString:
    """The chart's SVG, with nothing that runs or points elsewhere."""
    chart.add_xml_filter(_without_scripts_or_comments)
    # pygal builds the SVG as an XML tree, which escapes every label and value it draws.
    return mark_safe(chart.render(is_unicode=True))


def number(value: Value, unit: str = "") -> str:
    """A figure as the tables show it: ``1.5 meetings``, ``75%``, ``4.2/5``, ``1 point``
    (the unit agrees with the number); a dash for none."""
    if value is None:
        return "—"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    if unit in ("%", "/5"):
        return f"{text}{unit}"
    if text == "1":
        unit = SINGULAR_UNITS.get(unit, unit)
    return f"{text} {unit}".strip()


# A unit after the number 1.
SINGULAR_UNITS = {"meetings": "meeting", "points": "point", "people": "person"}


def short(label: str, chars: int = LABEL_CHARS) -> str:
    """``label`` cut to ``chars`` characters with an ellipsis (pygal's own cutting does not
    reach the labels of horizontal bars)."""
    return label if len(label) <= chars else label[: chars - 1].rstrip() + "…"


def _colours(series: Sequence[Series]) -> list[str]:
    return [s.colour or SERIES_COLOURS[i % len(SERIES_COLOURS)] for i, s in enumerate(series)]


def _has_values(series: Sequence[Series]) -> bool:
    return any(v is not None for s in series for v in s.values)


def _default_rows(
    labels: Sequence[str], series: Sequence[Series], unit: str
) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (label, *(number(s.values[i], unit) for s in series)) for i, label in enumerate(labels)
    )


def horizontal_bars(
    title: str,
    *,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    label_heading: str = "",
    columns: Sequence[str] | None = None,
    rows: Sequence[Sequence[str]] | None = None,
    summary: str = "",
    note: str = "",
    value_range: tuple[float, float] | None = None,
) -> Chart:
    """Bars side by side, one group per label, read from top to bottom in ``labels`` order.

    The table is one row per label and one column per series unless ``columns`` and ``rows``
    say otherwise (to add sample sizes or notes)."""
    drawn = bool(labels) and _has_values(series)
    legend = 30 * len(series) if len(series) > 1 else 0
    height = 46 + len(labels) * (30 * max(len(series), 1) + 16) + legend
    svg = SafeString("")
    if drawn:
        chart = pygal.HorizontalBar(
            **_config(
                _colours(series),
                height,
                print_values=True,
                print_values_position="top",
                show_legend=len(series) > 1,
                # One legend entry a line: the legend is only as wide as the plot.
                legend_at_bottom_columns=1,
                # The values are printed on the bars: no value axis, no guides.
                # (pygal's x and y keep their vertical meaning when the bars lie down.)
                show_x_labels=False,
                show_y_guides=False,
                show_x_guides=False,
                range=value_range or _value_range(series),
                value_formatter=_formatter(unit),
                # The value starts just past the end of its bar rather than across it.
                css=[*pygal.Config().css, "inline:.text-overlay text.value{text-anchor:start}"],
            )
        )
        # pygal draws the first label at the bottom: reverse so the page reads top-down.
        chart.x_labels = [short(label) for label in reversed(labels)]
        for one in series:
            chart.add(one.name, list(reversed(one.values)))
        svg = _render(chart)
    return Chart(
        title=title,
        svg=svg,
        columns=tuple(columns or (label_heading or "", *(s.name for s in series))),
        rows=tuple(tuple(r) for r in rows)
        if rows is not None
        else _default_rows(labels, series, unit),
        summary=summary or f"Bar chart: {title}. The figures are in the table that follows.",
        note=note if drawn else (note or NOT_ENOUGH),
        height=height if drawn else 0,
    )


def _value_range(series: Sequence[Series]) -> tuple[float, float]:
    """The value axis from zero (or the lowest negative bar) to a third past the longest
    bar, which leaves room for the value printed at its end."""
    values = [float(v) for s in series for v in s.values if v is not None]
    low, high = min([0.0, *values]), max([0.0, *values])
    return (low * 1.3, high * 1.3 or 1.0)


def _formatter(unit: str) -> Callable[[Any], str]:
    def formatted(value: Any) -> str:
        return "" if value is None else number(value, unit if unit in ("%", "/5") else "")

    return formatted


def funnel(
    title: str, *, steps: Sequence[tuple[str, int]], noun: str = "people", summary: str = ""
) -> Chart:
    """A funnel as bars, widest first: each step with how many reached it and the share of
    the first step that did."""
    first = steps[0][1] if steps else 0
    rows = [
        (label, f"{count:,}", f"{round(100 * count / first)}%" if first else "—")
        for label, count in steps
    ]
    return horizontal_bars(
        title,
        labels=[label for label, _ in steps],
        series=[Series(noun.capitalize(), [count for _, count in steps], BRAND)],
        columns=("Step", noun.capitalize(), "Share of the first step"),
        rows=rows,
        summary=summary,
        note="" if first else NOT_ENOUGH,
    )


def weekly(
    title: str,
    *,
    weeks: Sequence[date],
    series: Sequence[Series],
    unit: str = "",
    stacked: bool = False,
    columns: Sequence[str] | None = None,
    rows: Sequence[Sequence[str]] | None = None,
    summary: str = "",
    note: str = "",
) -> Chart:
    """Lines over weeks (``weeks`` are Mondays), or stacked areas when ``stacked`` (the parts
    of one whole, such as open pairs by health state). The table has one row per week, one
    column per series, unless ``columns`` and ``rows`` say otherwise."""
    drawn = bool(weeks) and _has_values(series)
    height = 300 + 30 * ((len(series) + 1) // 2)
    svg = SafeString("")
    if drawn:
        kind = pygal.StackedLine if stacked else pygal.Line
        every = max(1, len(weeks) // 4)
        chart = kind(
            **_config(
                _colours(series),
                height,
                fill=stacked,
                show_dots=len(weeks) <= 12,
                dots_size=3,
                stroke_style={"width": 3},
                show_x_guides=False,
                x_labels_major_every=every,
                show_minor_x_labels=False,
                legend_at_bottom_columns=2,
                margin_right=28,  # room for the last week's label
                value_formatter=_formatter(unit),
                include_x_axis=True,
            )
        )
        chart.x_labels = [f"{week.day} {week:%b}" for week in weeks]
        for one in series:
            chart.add(one.name, list(one.values))
        svg = _render(chart)
    return Chart(
        title=title,
        svg=svg,
        columns=tuple(columns or ("Week of", *(s.name for s in series))),
        rows=tuple(tuple(r) for r in rows)
        if rows is not None
        else tuple(
            (f"{week.day} {week:%b %Y}", *(number(s.values[i], unit) for s in series))
            for i, week in enumerate(weeks)
        ),
        summary=summary
        or f"{'Stacked area' if stacked else 'Line'} chart: {title}, week by week. "
        "The figures are in the table that follows.",
        note=note if drawn else (note or NOT_ENOUGH),
        height=height if drawn else 0,
    )
