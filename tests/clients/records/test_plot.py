import datetime
import re
from xml.etree import ElementTree

import pytest

from clients.records import plot
from clients.records.plot import (
    AXIS_LEFT,
    AXIS_RIGHT,
    MAX_TICKS,
    PLOT_BOTTOM,
    PLOT_LEFT,
    PLOT_RIGHT,
    PLOT_TOP,
    OutcomePoint,
    pain_plot_svg,
    ticks,
)

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)
TRANSLATE = re.compile(r"translate\(([-\d.]+) ([-\d.]+)\)")

day = datetime.date
SESSIONS = [  # (day, before, after): 4 sessions over 3 months
    (day(2026, 3, 3), 7, 4),
    (day(2026, 3, 24), 6, 3),
    (day(2026, 4, 21), 5, 3),
    (day(2026, 6, 1), 3, 1),
]
POINTS = (
    [OutcomePoint(d, "before", b) for d, b, _ in SESSIONS]
    + [OutcomePoint(d, "after", a) for d, _, a in SESSIONS]
    + [OutcomePoint(day(2026, 2, 27), "intake", 6), OutcomePoint(day(2026, 4, 20), "intake", 4)]
)


def tag(element: ElementTree.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def parse(html: str) -> ElementTree.Element:
    """The chart as XML: it must be well formed, inline SVG is XML."""
    return ElementTree.fromstring(html)


def find_all(root: ElementTree.Element, name: str, css: str = "") -> list[ElementTree.Element]:
    return [
        e for e in root.iter() if tag(e) == name and (not css or css in e.get("class", "").split())
    ]


def markers(root: ElementTree.Element, kind: str) -> list[tuple[float, float, str]]:
    """(x, y, title) of each marker of a kind in the chart, legend keys left out."""
    svg = find_all(root, "svg", "pain-plot-svg")[0]
    found = []
    for group in find_all(svg, "g", f"plot-{kind}"):
        x, y = TRANSLATE.fullmatch(group.get("transform")).groups()
        title = next(child.text for child in group if tag(child) == "title")
        found.append((float(x), float(y), title))
    return found


def gridlines(root: ElementTree.Element) -> dict[str, float]:
    """Gridline y by its label."""
    lines = [
        e
        for e in find_all(root, "line")
        if {"plot-grid", "plot-axis"} & set(e.get("class").split())
    ]
    labels = [e for e in find_all(root, "text", "plot-tick-label") if e.get("text-anchor") == "end"]
    return {label.text: float(line.get("y1")) for line, label in zip(lines, labels, strict=True)}


def x_labels(root: ElementTree.Element) -> list[str]:
    return [
        e.text
        for e in find_all(root, "text", "plot-tick-label")
        if e.get("text-anchor") == "middle"
    ]


# --- Geometry ---------------------------------------------------------------------------


def test_pain_plot_gridlines_span_0_to_10_top_to_bottom():
    root = parse(pain_plot_svg(POINTS))

    grid = gridlines(root)

    assert list(grid) == ["0", "2", "4", "6", "8", "10"]
    assert grid["10"] == PLOT_TOP
    assert grid["0"] == PLOT_BOTTOM
    assert grid["4"] == pytest.approx(PLOT_BOTTOM - 0.4 * (PLOT_BOTTOM - PLOT_TOP), abs=0.05)
    assert [line.get("class") for line in find_all(root, "line", "plot-axis")] == ["plot-axis"]


def test_pain_plot_places_values_on_their_gridlines():
    points = [
        OutcomePoint(day(2026, 3, 3), "before", 10),
        OutcomePoint(day(2026, 3, 9), "before", 0),
    ]
    root = parse(pain_plot_svg(points))

    (_, top, _), (_, bottom, _) = markers(root, "before")

    assert (top, bottom) == (PLOT_TOP, PLOT_BOTTOM)
    assert gridlines(root)["10"] == top


def test_pain_plot_spaces_days_by_real_time_first_left_last_right():
    root = parse(pain_plot_svg(POINTS))

    befores = [x for x, _, _ in markers(root, "before")]
    intakes = [x for x, _, _ in markers(root, "intake")]

    # The first day overall is the first intake (27 Feb), the last the last session (1 Jun).
    span = (day(2026, 6, 1) - day(2026, 2, 27)).days
    width = PLOT_RIGHT - PLOT_LEFT
    assert intakes[0] == PLOT_LEFT
    assert befores[-1] == PLOT_RIGHT
    assert befores[0] == pytest.approx(PLOT_LEFT + 4 / span * width, abs=0.05)
    assert befores[1] == pytest.approx(PLOT_LEFT + 25 / span * width, abs=0.05)
    assert intakes[1] == pytest.approx(PLOT_LEFT + 52 / span * width, abs=0.05)
    assert AXIS_LEFT < PLOT_LEFT and PLOT_RIGHT < AXIS_RIGHT


def test_pain_plot_joins_before_and_after_with_lines_and_leaves_intake_alone():
    root = parse(pain_plot_svg(POINTS))
    svg = find_all(root, "svg", "pain-plot-svg")[0]

    lines = {line.get("class"): line.get("points") for line in find_all(svg, "polyline")}
    before = " ".join(f"{x:g},{y:g}" for x, y, _ in markers(root, "before"))

    assert set(lines) == {"plot-line plot-before", "plot-line plot-after"}
    assert lines["plot-line plot-before"] == before


def test_pain_plot_one_day_sits_in_the_middle_with_one_label():
    root = parse(pain_plot_svg([OutcomePoint(day(2026, 3, 3), "before", 7)]))

    ((x, y, title),) = markers(root, "before")

    assert x == (PLOT_LEFT + PLOT_RIGHT) / 2
    assert y == pytest.approx(PLOT_BOTTOM - 0.7 * (PLOT_BOTTOM - PLOT_TOP), abs=0.05)
    assert x_labels(root) == ["3 Mar", "2026"]
    assert find_all(root, "polyline") == []
    assert title == "Before the session on Tue 3 Mar 2026: 7/10"


# --- The date axis ----------------------------------------------------------------------


def test_pain_plot_labels_months_with_the_year_where_it_changes():
    points = [
        OutcomePoint(day(2025, 11, 18), "before", 8),
        OutcomePoint(day(2026, 3, 12), "before", 3),
    ]

    labels = x_labels(parse(pain_plot_svg(points)))

    assert labels == ["1 Dec", "2025", "1 Jan", "2026", "1 Feb", "1 Mar"]


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (day(2026, 3, 3), day(2026, 3, 3), [day(2026, 3, 3)]),
        (day(2026, 3, 3), day(2026, 3, 5), [day(2026, 3, 3), day(2026, 3, 4), day(2026, 3, 5)]),
        (
            day(2026, 3, 3),
            day(2026, 4, 7),
            [day(2026, 3, 3) + datetime.timedelta(days=7 * k) for k in range(6)],
        ),
        (day(2026, 1, 15), day(2026, 5, 20), [day(2026, m, 1) for m in (2, 3, 4, 5)]),
        (
            day(2023, 6, 1),
            day(2026, 2, 1),
            [day(y, m, 1) for y in (2023, 2024, 2025, 2026) for m in (1, 7)][1:7],
        ),
        (day(2019, 6, 1), day(2026, 2, 1), [day(y, 1, 1) for y in range(2020, 2027)][::2]),
    ],
)
def test_ticks_pick_the_smallest_step_giving_few_labels(first, last, expected):
    assert ticks(first, last) == expected


@pytest.mark.parametrize("span", [0, 1, 5, 6, 13, 20, 40, 70, 71, 100, 200, 365, 800, 3000, 20000])
def test_ticks_stay_few_and_inside_the_range(span):
    first = day(2025, 1, 30)
    last = first + datetime.timedelta(days=span)

    found = ticks(first, last)

    assert 1 <= len(found) <= MAX_TICKS
    assert found == sorted(found)
    assert first <= found[0] and found[-1] <= last


# --- Words ------------------------------------------------------------------------------


def test_pain_plot_marker_titles_say_kind_day_and_pain():
    root = parse(pain_plot_svg(POINTS))

    assert [t for _, _, t in markers(root, "before")][:2] == [
        "Before the session on Tue 3 Mar 2026: 7/10",
        "Before the session on Tue 24 Mar 2026: 6/10",
    ]
    assert markers(root, "after")[-1][2] == "After the session on Mon 1 Jun 2026: 1/10"
    assert markers(root, "intake")[0][2] == (
        "Intake on Fri 27 Feb 2026, average pain in the last 24 hours: 6/10"
    )


def test_pain_plot_marker_shapes_differ_by_kind():
    root = parse(pain_plot_svg(POINTS))
    svg = find_all(root, "svg", "pain-plot-svg")[0]

    shapes = {
        kind: {tag(child) for g in find_all(svg, "g", f"plot-{kind}") for child in g} - {"title"}
        for kind in ("before", "after", "intake")
    }

    assert shapes == {"before": {"circle"}, "after": {"rect"}, "intake": {"path"}}


def test_pain_plot_summarises_for_screen_readers():
    root = parse(pain_plot_svg(POINTS))
    svg = find_all(root, "svg", "pain-plot-svg")[0]

    summary = (
        "Pain before sessions went from 7 to 3 over 4 sessions, Tue 3 Mar 2026 to Mon 1 Jun 2026. "
        "Pain after sessions went from 4 to 1 over 4 sessions, Tue 3 Mar 2026 to Mon 1 Jun 2026. "
        "Intake average pain in the last 24 hours: 6 on Fri 27 Feb 2026, 4 on Mon 20 Apr 2026."
    )
    assert svg.get("role") == "img"
    assert svg.get("aria-label") == summary
    assert find_all(svg, "desc")[0].text == summary
    assert find_all(svg, "title")[0].text == "Pain over time"
    assert find_all(svg, "text", "plot-axis-title")[0].text == "Pain (0-10)"


def test_pain_plot_summarises_a_single_session():
    root = parse(pain_plot_svg([OutcomePoint(day(2026, 3, 3), "before", 7)]))

    svg = find_all(root, "svg", "pain-plot-svg")[0]

    assert svg.get("aria-label") == "Pain before the session on Tue 3 Mar 2026 was 7."


def test_pain_plot_legend_lists_the_kinds_shown():
    full = parse(pain_plot_svg(POINTS))
    sessions_only = parse(pain_plot_svg([p for p in POINTS if p.kind != "intake"]))

    def entries(root):
        legend = find_all(root, "ul", "plot-legend")[0]
        return [(item[0].get("aria-hidden"), item[0].tail) for item in legend]

    assert entries(full) == [
        ("true", "Before the session"),
        ("true", "After the session"),
        ("true", "Intake: average pain, last 24 hours"),
    ]
    assert entries(sessions_only) == [("true", "Before the session"), ("true", "After the session")]


def test_pain_plot_escapes_interpolated_text(monkeypatch):
    monkeypatch.setattr(plot, "day_label", lambda _: '<b>"x" & y</b>')
    monkeypatch.setitem(plot.LEGEND, "before", "Before <i>")

    html = pain_plot_svg([OutcomePoint(day(2026, 3, 3), "before", 7)])

    assert "<b>" not in html and "<i>" not in html
    assert "Before the session on &lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;: 7/10" in html
    assert 'aria-label="Pain before the session on &lt;b&gt;&quot;x&quot; &amp; y' in html
    assert "Before &lt;i&gt;</li>" in html
    parse(html)


# --- Edges and rules --------------------------------------------------------------------


def test_pain_plot_without_points_says_so():
    html = pain_plot_svg([])

    assert html == '<p class="pain-plot-empty text-muted">No sessions recorded yet.</p>'


def test_pain_plot_has_no_inline_style_script_or_ids():
    html = pain_plot_svg(POINTS)

    assert INLINE_SCRIPT.findall(html) == []
    assert INLINE_STYLE.findall(html) == []
    assert [e for e in parse(html).iter() if "id" in e.attrib] == []


def test_pain_plot_is_one_responsive_figure():
    root = parse(pain_plot_svg(POINTS))

    (svg,) = find_all(root, "svg", "pain-plot-svg")

    assert (root.tag, root.get("class")) == ("figure", "pain-plot")
    assert svg.get("viewBox") == "0 0 640 320"
    assert "width" not in svg.attrib and "height" not in svg.attrib


@pytest.mark.parametrize(("kind", "value"), [("during", 5), ("before", 11), ("after", -1)])
def test_outcome_point_refuses_unknown_kind_or_pain_out_of_range(kind, value):
    with pytest.raises(ValueError):
        OutcomePoint(day(2026, 3, 3), kind, value)
