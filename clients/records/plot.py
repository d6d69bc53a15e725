"""Pain over time, drawn on the server as an inline SVG chart.

Pain before and after each session as two lines, and the intake's "average pain in the
last 24 hours" as separate diamonds, on one 0-10 scale over real time:

    from sessions.plot import OutcomePoint, pain_plot_svg

    context["pain_plot"] = pain_plot_svg(points)  # {{ pain_plot }} in the template

The page links `static/css/plot.css`: the markup only names classes (no `style`, no
script), so a strict Content Security Policy holds. The SVG has a fixed viewBox and takes
its container's width; plot.css enlarges the text and markers in narrow containers, so the
chart stays legible on a phone. It carries no element ids, so any number of charts can
share a page with each other and with the body maps.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.dateformat import format as date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from clinic.clock import spoken

KINDS = ("before", "after", "intake", "checkin")
LEGEND = {
    "before": "Before the session",
    "after": "After the session",
    "intake": "Intake: average pain, last 24 hours",
    "checkin": "Check-in a few days later",
}
UNJOINED = ("intake", "checkin")  # single readings: markers without a line
EMPTY = "No sessions recorded yet."

# The drawing's coordinates. Data lies in the plot area (PLOT_*): value 10 on its top edge,
# 0 on its bottom, the first day on its left edge and the last on its right. Gridlines and
# the axis run a little wider (AXIS_*), so edge markers don't sit on the frame.
WIDTH, HEIGHT = 640, 320
VIEWBOX = f"0 0 {WIDTH} {HEIGHT}"
PLOT_LEFT, PLOT_RIGHT = 56, 596
PLOT_TOP, PLOT_BOTTOM = 44, 252
AXIS_LEFT, AXIS_RIGHT = 40, 612
GRID_VALUES = (0, 2, 4, 6, 8, 10)
MAX_VALUE = 10
# At most this many date labels; with the steps below they stay at least 70 units apart,
# room for "30 Sep" at the largest font plot.css uses.
MAX_TICKS = 6
DAY_STEPS = (1, 2, 3, 7, 14)
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)

# Each kind's marker, drawn round (0, 0) and moved into place, so plot.css can scale it.
MARKERS = {
    "before": mark_safe('<circle class="plot-marker" r="6"/>'),
    "after": mark_safe('<rect class="plot-marker" x="-5.5" y="-5.5" width="11" height="11"/>'),
    "intake": mark_safe('<path class="plot-marker" d="M0 -8L8 0L0 8L-8 0Z"/>'),
    "checkin": mark_safe('<path class="plot-marker" d="M0 -8L7 5L-7 5Z"/>'),
}


@dataclass(frozen=True)
class OutcomePoint:
    """One pain score: before or after a session, or the intake's average pain."""

    day: datetime.date
    kind: str
    value: int

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {self.kind!r}")
        if not 0 <= self.value <= MAX_VALUE:
            raise ValueError(f"pain must be 0-{MAX_VALUE}, not {self.value!r}")


def pain_plot_svg(points: Sequence[OutcomePoint]) -> SafeString:
    """A `<figure class="pain-plot">` with the chart's SVG and its legend; for no points,
    a short paragraph saying so."""
    if not points:
        return format_html('<p class="pain-plot-empty text-muted">{}</p>', EMPTY)
    ordered = sorted(points, key=lambda point: point.day)  # stable: same-day order kept
    scale = _TimeScale(ordered[0].day, ordered[-1].day)
    kinds = [kind for kind in KINDS if any(point.kind == kind for point in ordered)]
    summary = _summary(ordered)
    svg = format_html(
        '<svg class="pain-plot-svg" viewBox="{}" xmlns="http://www.w3.org/2000/svg" '
        'role="img" aria-label="{}"><title>Pain over time</title><desc>{}</desc>'
        "{}{}{}{}</svg>",
        VIEWBOX,
        summary,
        summary,
        _grid(),
        _x_axis(scale),
        _series(ordered, scale),
        format_html('<text class="plot-axis-title" x="8" y="22">{}</text>', "Pain (0-10)"),
    )
    return format_html('<figure class="pain-plot">{}{}</figure>', svg, _legend(kinds))


# --- Scales -----------------------------------------------------------------------------


def _num(value: float) -> str:
    return f"{round(value, 1):g}"


def _join(parts: Iterable[SafeString]) -> SafeString:
    """Pieces already made safe by format_html, as one (format_html_join escapes the rest)."""
    return format_html_join("", "{}", ((part,) for part in parts))


def y_of(value: int) -> float:
    return PLOT_BOTTOM - value / MAX_VALUE * (PLOT_BOTTOM - PLOT_TOP)


class _TimeScale:
    """Days to x, by real time between the first and the last; one day sits in the middle."""

    def __init__(self, first: datetime.date, last: datetime.date):
        self.first, self.last = first, last
        self.span = (last - first).days

    def x_of(self, day: datetime.date) -> float:
        if not self.span:
            return (PLOT_LEFT + PLOT_RIGHT) / 2
        return PLOT_LEFT + (day - self.first).days / self.span * (PLOT_RIGHT - PLOT_LEFT)


def ticks(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Days to label: every 1, 2, 3, 7 or 14 days from the first for short spans, else
    the first of every 1, 2, 3, 6... months; the smallest step giving at most MAX_TICKS."""
    span = (last - first).days
    for step in DAY_STEPS:
        if span // step + 1 <= MAX_TICKS:
            return [first + datetime.timedelta(days=k * step) for k in range(span // step + 1)]
    for step in MONTH_STEPS:
        starts = _month_starts(first, last, step)
        if len(starts) <= MAX_TICKS:
            return starts
    return [first, last]


def _month_starts(first: datetime.date, last: datetime.date, step: int) -> list[datetime.date]:
    """The first days of months from `first` to `last` whose month number (counted from
    year 0) is a multiple of `step`: so steps of 12 fall on 1 January."""
    month = first.year * 12 + first.month - 1 + (first.day > 1)
    month += -month % step
    starts = []
    while (day := datetime.date(month // 12, month % 12 + 1, 1)) <= last:
        starts.append(day)
        month += step
    return starts


def day_label(day: datetime.date) -> str:
    return spoken(day)


# --- Drawing ----------------------------------------------------------------------------


def _grid() -> SafeString:
    """Horizontal gridlines with their values; the one at 0 is the x axis."""
    rows = (
        (
            "plot-axis" if value == 0 else "plot-grid",
            AXIS_LEFT,
            _num(y_of(value)),
            AXIS_RIGHT,
            _num(y_of(value)),
            AXIS_LEFT - 6,
            _num(y_of(value)),
            value,
        )
        for value in GRID_VALUES
    )
    return format_html_join(
        "",
        '<line class="{}" x1="{}" y1="{}" x2="{}" y2="{}"/>'
        '<text class="plot-tick-label" x="{}" y="{}" dy="0.35em" text-anchor="end">{}</text>',
        rows,
    )


def _x_axis(scale: _TimeScale) -> SafeString:
    """A tick and a "3 Mar" label per tick day, with the year under the first label and
    wherever it changes. Label lines are spaced in em, so they keep apart at any font size
    plot.css picks."""
    parts = []
    year = None
    for day in ticks(scale.first, scale.last):
        x = _num(scale.x_of(day))
        parts.append(
            format_html(
                '<line class="plot-tick" x1="{}" y1="{}" x2="{}" y2="{}"/>'
                '<text class="plot-tick-label" x="{}" y="{}" dy="1.1em" '
                'text-anchor="middle">{}</text>',
                x,
                PLOT_BOTTOM,
                x,
                PLOT_BOTTOM + 6,
                x,
                PLOT_BOTTOM + 6,
                date_format(day, "j M"),
            )
        )
        if day.year != year:
            year = day.year
            parts.append(
                format_html(
                    '<text class="plot-tick-label plot-year" x="{}" y="{}" dy="2.3em" '
                    'text-anchor="middle">{}</text>',
                    x,
                    PLOT_BOTTOM + 6,
                    year,
                )
            )
    return _join(parts)


def _series(points: Sequence[OutcomePoint], scale: _TimeScale) -> SafeString:
    """Before and after as lines with markers, intake as markers alone; after on top."""
    parts = []
    for kind in ("before", "after"):
        line = [p for p in points if p.kind == kind]
        if len(line) > 1:
            coords = " ".join(f"{_num(scale.x_of(p.day))},{_num(y_of(p.value))}" for p in line)
            parts.append(
                format_html('<polyline class="plot-line plot-{}" points="{}"/>', kind, coords)
            )
    for kind in KINDS:
        parts.extend(_marker(p, scale) for p in points if p.kind == kind)
    return _join(parts)


def point_title(point: OutcomePoint) -> str:
    """What a marker says on hover: "Before the session on 3 Mar 2026: 7/10"."""
    day = day_label(point.day)
    if point.kind == "intake":
        return f"Intake on {day}, average pain in the last 24 hours: {point.value}/10"
    if point.kind == "checkin":
        return f"Check-in on {day}: pain {point.value}/10"
    return f"{point.kind.capitalize()} the session on {day}: {point.value}/10"


def _marker(point: OutcomePoint, scale: _TimeScale) -> SafeString:
    return format_html(
        '<g class="plot-point plot-{}" transform="translate({} {})"><title>{}</title>{}</g>',
        point.kind,
        _num(scale.x_of(point.day)),
        _num(y_of(point.value)),
        point_title(point),
        MARKERS[point.kind],
    )


def _legend(kinds: Iterable[str]) -> SafeString:
    """One entry per kind shown: a small drawing of its line and marker, and its name."""
    return format_html('<ul class="plot-legend">{}</ul>', _join(_legend_item(k) for k in kinds))


def _legend_item(kind: str) -> SafeString:
    line = (
        format_html('<line class="plot-line plot-{}" x1="0" y1="8" x2="36" y2="8"/>', kind)
        if kind not in UNJOINED
        else ""
    )
    return format_html(
        '<li><svg class="plot-key" viewBox="0 0 36 16" width="36" height="16" '
        'aria-hidden="true" focusable="false">{}'
        '<g class="plot-point plot-{}" transform="translate(18 8)">{}</g></svg>{}</li>',
        line,
        kind,
        MARKERS[kind],
        LEGEND[kind],
    )


# --- Words ------------------------------------------------------------------------------


def _summary(points: Sequence[OutcomePoint]) -> str:
    """The chart in words, for screen readers: "Pain before sessions went from 7 to 3 over
    4 sessions, 3 Mar 2026 to 30 Jun 2026. ..." """
    sentences = []
    for kind in ("before", "after"):
        line = [p for p in points if p.kind == kind]
        if len(line) == 1:
            sentences.append(
                f"Pain {kind} the session on {day_label(line[0].day)} was {line[0].value}"
            )
        elif line:
            first, last = line[0], line[-1]
            sentences.append(
                f"Pain {kind} sessions went from {first.value} to {last.value} over "
                f"{len(line)} sessions, {day_label(first.day)} to {day_label(last.day)}"
            )
    intake = [f"{p.value} on {day_label(p.day)}" for p in points if p.kind == "intake"]
    if intake:
        sentences.append("Intake average pain in the last 24 hours: " + ", ".join(intake))
    return ". ".join(sentences) + "."
