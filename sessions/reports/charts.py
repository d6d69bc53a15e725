"""Grouped bar charts for the reports, drawn on the server as inline SVG.

Same approach as sessions/plot.py: the markup only names classes (colours and fonts live in
static/css/report.css), so a strict Content Security Policy holds, and there are no element
ids, so several charts can share a page:

    bar_chart_svg(title="Bookings per week", categories=["2026-W49", ...],
                  series=[Series("Bookings", [12, ...]), ...], unit="appointments")
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT = 640, 320
PLOT_LEFT, PLOT_RIGHT = 56, 612
PLOT_TOP, PLOT_BOTTOM = 40, 252
GROUP_SHARE = 0.8  # of each category's band; the rest is the gap between groups
MAX_LABELS = 8
CHAR_WIDTH = 8  # drawing units a label character takes, at the largest font report.css sets
GRID_LINES = 5
EMPTY = "Nothing to show for this range."


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float]


def bar_chart_svg(
    *, title: str, categories: Sequence[str], series: Sequence[Series], unit: str
) -> SafeString:
    """A `<figure class="report-chart">` with the SVG and a legend; a paragraph if empty."""
    if not categories or not series:
        return format_html('<p class="report-chart-empty text-muted">{}</p>', EMPTY)
    top = nice_ceiling(max((max(s.values, default=0) for s in series), default=0))
    svg = format_html(
        '<svg class="report-chart-svg" viewBox="0 0 {} {}" xmlns="http://www.w3.org/2000/svg" '
        'role="img" aria-label="{}"><title>{}</title>{}{}{}'
        '<text class="chart-axis-title" x="8" y="22">{}</text></svg>',
        WIDTH,
        HEIGHT,
        title,
        title,
        _grid(top),
        _bars(categories, series, top, unit),
        _labels(categories),
        unit[:1].upper() + unit[1:],  # a currency code stays in capitals
    )
    return format_html('<figure class="report-chart">{}{}</figure>', svg, _legend(series))


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten at or above `value` (1 for nothing)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def _num(value: float) -> str:
    return f"{round(value, 1):g}"


def _y(value: float, top: float) -> float:
    return PLOT_BOTTOM - value / top * (PLOT_BOTTOM - PLOT_TOP)


def _grid(top: float) -> SafeString:
    rows = []
    for step in range(GRID_LINES + 1):
        value = top * step / GRID_LINES
        y = _num(_y(value, top))
        rows.append(("chart-axis" if step == 0 else "chart-grid", y, y, y, _num(value)))
    return format_html_join(
        "",
        '<line class="{}" x1="'
        + str(PLOT_LEFT)
        + '" y1="{}" x2="'
        + str(PLOT_RIGHT)
        + '" y2="{}"/>'
        '<text class="chart-tick-label" x="' + str(PLOT_LEFT - 6) + '" y="{}" dy="0.35em" '
        'text-anchor="end">{}</text>',
        rows,
    )


def _band(count: int) -> float:
    return (PLOT_RIGHT - PLOT_LEFT) / count


def _bars(categories, series, top: float, unit: str) -> SafeString:
    band = _band(len(categories))
    width = band * GROUP_SHARE / len(series)
    rows = []
    for index, category in enumerate(categories):
        left = PLOT_LEFT + index * band + band * (1 - GROUP_SHARE) / 2
        for number, one in enumerate(series):
            value = one.values[index] or 0
            y = _y(value, top)
            rows.append(
                (
                    number,
                    _num(left + number * width),
                    _num(y),
                    _num(max(width, 0.5)),
                    _num(PLOT_BOTTOM - y),
                    f"{one.label}, {category}: {_num(value)} {unit}",
                )
            )
    return format_html_join(
        "",
        '<rect class="chart-bar chart-s{}" x="{}" y="{}" width="{}" height="{}">'
        "<title>{}</title></rect>",
        rows,
    )


def _labels(categories: Sequence[str]) -> SafeString:
    """At most MAX_LABELS category labels, evenly spread, shortened to the room they have
    (each bar's title has the full name)."""
    band = _band(len(categories))
    every = math.ceil(len(categories) / MAX_LABELS)
    room = max(3, int(band * every / CHAR_WIDTH) - 1)
    rows = [
        (_num(PLOT_LEFT + (index + 0.5) * band), PLOT_BOTTOM + 6, short(category, room))
        for index, category in enumerate(categories)
        if index % every == 0
    ]
    return format_html_join(
        "",
        '<text class="chart-tick-label" x="{}" y="{}" dy="1.1em" text-anchor="middle">{}</text>',
        rows,
    )


def short(label: str, room: int) -> str:
    return label if len(label) <= room else label[: room - 1] + "…"


def _legend(series: Sequence[Series]) -> SafeString:
    items = format_html_join(
        "",
        '<li><svg class="chart-key" viewBox="0 0 16 16" width="16" height="16" '
        'aria-hidden="true" focusable="false"><rect class="chart-bar chart-s{}" '
        'width="16" height="16"/></svg>{}</li>',
        ((number, one.label) for number, one in enumerate(series)),
    )
    return format_html('<ul class="chart-legend">{}</ul>', items)
