import re
from html.parser import HTMLParser

import pytest
from django.template import Context, Template

from clients.intake.forms import PainChartForm
from clinic.bodymap.painchart import PainChart
from clinic.bodymap.regions import REGIONS, View
from clinic.bodymap.shapes import CENTRE_X, SHAPES, SILHOUETTES

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)
PATH_COMMAND = re.compile(r"([MLAZ])([^MLAZ]*)")

CHART = PainChart.from_json(
    {
        "marks": [
            {"region": "temple", "side": "L", "intensity": 7, "qualities": ["aching", "throbbing"]},
            {"region": "low_back", "side": "R", "intensity": 9, "qualities": ["tingling"]},
            {"region": "sternum", "side": "M", "intensity": 0, "qualities": []},
        ],
        "worst": 9,
        "least": 2,
        "average": 5,
        "now": 4,
    }
)


def places(view: View | None = None) -> list[tuple[str, str]]:
    """Every (region, side) of the vocabulary, optionally of one view."""
    return [
        (region.id, side.value)
        for region in REGIONS
        if view is None or region.view == view
        for side in region.sides
    ]


class Elements(HTMLParser):
    """Start tags with their attributes, and each region path's <title> text."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.titles: dict[str, str] = {}
        self._path_id: str | None = None
        self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if tag == "path" and "data-region" in attributes:
            self._path_id = attributes["id"]
        self._in_title = tag == "title" and self._path_id is not None

    def handle_endtag(self, tag):
        if tag == "path":
            self._path_id = None
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.titles[self._path_id] = self.titles.get(self._path_id, "") + data

    def regions(self) -> dict[str, dict]:
        return {
            attrs["id"]: attrs
            for tag, attrs in self.elements
            if tag == "path" and "bm-region" in attrs.get("class", "").split()
        }

    def inputs(self) -> dict[str, dict]:
        return {
            attrs["name"]: attrs
            for tag, attrs in self.elements
            if tag == "input" and "name" in attrs
        }

    def with_class(self, tag: str, css: str) -> list[dict]:
        return [a for t, a in self.elements if t == tag and css in a.get("class", "").split()]


def render(source: str, **context) -> str:
    return Template("{% load bodymap_tags %}" + source).render(Context(context))


def mean_x(d: str) -> float:
    """The mean x of a path's points (an arc's end point counts as a point)."""
    xs = []
    for command, args in PATH_COMMAND.findall(d):
        numbers = [float(n) for n in args.split()]
        if command in "ML":
            xs.append(numbers[0])
        elif command == "A":
            xs.append(numbers[-2])
    return sum(xs) / len(xs)


# --- The drawing ------------------------------------------------------------------------


@pytest.mark.parametrize("view", list(View))
def test_shapes_cover_each_region_side_once_in_its_own_view(view):
    drawn = [(shape.region, shape.side.value) for shape in SHAPES[view]]

    assert sorted(drawn) == sorted(places(view))


def test_shapes_ids_are_unique_across_views():
    ids = [shape.element_id for view in View for shape in SHAPES[view]]

    assert len(ids) == len(set(ids)) == len(places())
    assert SHAPES[View.FRONT][0].element_id == "bm-front-forehead-R"


@pytest.mark.parametrize("view", list(View))
def test_shapes_are_closed_paths(view):
    for shape in SHAPES[view]:
        assert shape.d.startswith("M") and shape.d.endswith("Z"), shape
    assert SILHOUETTES[view].startswith("M") and SILHOUETTES[view].endswith("Z")


@pytest.mark.parametrize(("view", "side_on_viewer_left"), [(View.FRONT, "R"), (View.BACK, "L")])
def test_shapes_sides_are_drawn_as_the_viewer_sees_them(view, side_on_viewer_left):
    for shape in SHAPES[view]:
        x = mean_x(shape.d)
        if shape.side == "M":
            assert x == pytest.approx(CENTRE_X, abs=0.5), shape.region
        elif shape.side == side_on_viewer_left:
            assert x < CENTRE_X, shape
        else:
            assert x > CENTRE_X, shape


# --- {% body_map %} ---------------------------------------------------------------------


def test_body_map_draws_a_path_per_region_side():
    page = Elements(render("{% body_map chart %}", chart=CHART))

    regions = page.regions()

    assert sorted((a["data-region"], a["data-side"]) for a in regions.values()) == sorted(places())
    assert regions["bm-front-temple-L"]["data-region"] == "temple"
    assert regions["bm-front-temple-L"]["data-side"] == "L"
    assert regions["bm-back-coccyx-M"]["data-side"] == "M"


def test_body_map_colours_marked_regions_by_intensity():
    page = Elements(render("{% body_map chart %}", chart=CHART))

    regions = page.regions()

    assert regions["bm-front-temple-L"]["class"] == "bm-region bm-marked pain-7"
    assert regions["bm-back-low_back-R"]["class"] == "bm-region bm-marked pain-9"
    assert regions["bm-front-sternum-M"]["class"] == "bm-region bm-marked pain-0"
    assert regions["bm-front-temple-R"]["class"] == "bm-region"
    assert page.titles["bm-front-temple-L"] == "Temple, your left: 7/10, aching, throbbing"
    assert page.titles["bm-front-temple-R"] == "Temple, your right"


def test_body_map_lists_marks_head_to_toe_with_nerve_pain_flag():
    html = render("{% body_map chart %}", chart=CHART)
    page = Elements(html)

    items = [(a["data-region"], a["data-side"]) for t, a in page.elements if t == "li"]

    assert items == [("temple", "L"), ("sternum", "M"), ("low_back", "R")]
    assert html.count("nerve pain signs") == 1
    assert "Low back, your right: <strong>9/10</strong>, tingling" in html
    assert '<dd><span class="bm-swatch pain-9" aria-hidden="true"></span>9/10</dd>' in html


def test_body_map_without_chart_marks_nothing():
    html = render("{% body_map chart %}", chart=None)

    assert "bm-marked" not in html
    assert "No painful places marked." in html
    assert html.count("not given") == 4


def test_body_map_side_labels_follow_each_view():
    html = render("{% body_map chart %}", chart=None)
    front, back = html.split('class="bm-view bm-view-back"')

    labels = re.compile(r'<text class="bm-side-label"[^>]*>([^<]+)</text>')

    assert labels.findall(front) == ["your right", "your left"]
    assert labels.findall(back) == ["your left", "your right"]


# --- {% pain_chart_input %} -------------------------------------------------------------


def test_pain_chart_input_regions_are_keyboard_buttons():
    form = PainChartForm(
        data={
            "pain_chart": '{"marks": [{"region": "temple", "side": "L", '
            '"intensity": 7, "qualities": []}]}'
        }
    )
    form.is_valid()

    regions = Elements(render("{% pain_chart_input form %}", form=form)).regions()

    assert len(regions) == len(places())
    temple = regions["bm-front-temple-L"]
    assert (temple["tabindex"], temple["role"], temple["aria-label"]) == (
        "0",
        "button",
        "Temple, your left",
    )
    assert temple["aria-pressed"] == "true"
    assert temple["class"] == "bm-region bm-marked pain-7"
    assert regions["bm-front-temple-R"]["aria-pressed"] == "false"


def test_pain_chart_input_keeps_submitted_invalid_json():
    raw = '{"marks": [oops "quotes" & <tags>'
    form = PainChartForm(data={"pain_chart": raw, "pain_worst": "6"})

    assert not form.is_valid()
    page = Elements(render("{% pain_chart_input form %}", form=form))

    assert page.inputs()["pain_chart"]["type"] == "hidden"
    assert page.inputs()["pain_chart"]["value"] == raw
    assert page.inputs()["pain_worst"]["value"] == "6"
    assert page.regions()["bm-front-temple-L"]["aria-pressed"] == "false"


@pytest.mark.parametrize(
    "raw",
    [
        '{"marks": [{"region": ["temple"], "side": {"L": 1}, "intensity": 7}]}',
        '{"marks": [{"region": "temple", "side": "L", "intensity": true}, 5, null]}',
        "[" * 5_000,
        "[]",
    ],
)
def test_pain_chart_input_shows_no_marks_for_malformed_json(raw):
    form = PainChartForm(data={"pain_chart": raw})
    form.is_valid()

    html = render("{% pain_chart_input form %}", form=form)

    assert "bm-marked" not in html


def test_pain_chart_input_keeps_posted_fallback_values_and_errors():
    form = PainChartForm(data={"pain_jaw_R": "3", "pain_temple_L": "12", "pain_sternum_M": "4"})

    assert not form.is_valid()
    html = render("{% pain_chart_input form %}", form=form)
    inputs = Elements(html).inputs()

    assert inputs["pain_jaw_R"]["value"] == "3"
    assert inputs["pain_sternum_M"]["value"] == "4"
    assert inputs["pain_temple_L"]["value"] == "12"
    assert "is-invalid" in inputs["pain_temple_L"]["class"].split()
    assert "Ensure this value is less than or equal to 10." in html
    assert "value" not in inputs["pain_temple_R"]


def test_pain_chart_input_fallback_lists_every_region_side():
    page = Elements(render("{% pain_chart_input form %}", form=PainChartForm()))

    fallback = sorted(
        (name.removeprefix("pain_").rsplit("_", 1)[0], name.rsplit("_", 1)[1])
        for name, attrs in page.inputs().items()
        if "bm-fallback-input" in attrs.get("class", "").split()
    )

    assert fallback == sorted(places())
    assert len(page.with_class("div", "pain-chart-fallback")) == 1
    assert len(page.with_class("div", "pain-chart")) == 1


def test_pain_chart_input_shows_chart_errors_and_overall_fields():
    form = PainChartForm(data={"pain_chart": '{"marks": []}'})

    assert not form.is_valid()
    html = render("{% pain_chart_input form %}", form=form)
    inputs = Elements(html).inputs()

    assert "Give your worst pain in the last 24 hours (0-10)." in html
    assert [inputs[f"pain_{key}"]["type"] for key in ("worst", "least", "average", "now")] == [
        "number"
    ] * 4


def test_pain_chart_input_names_fields_with_the_form_prefix():
    html = render("{% pain_chart_input form %}", form=PainChartForm(prefix="intake"))
    page = Elements(html)

    assert page.with_class("div", "pain-chart")[0]["data-field-prefix"] == "intake-"
    assert "intake-pain_chart" in page.inputs()
    assert "intake-pain_temple_L" in page.inputs()


@pytest.mark.parametrize(
    "source",
    ["{% body_map chart %}", "{% body_map None %}", "{% pain_chart_input form %}"],
)
def test_rendered_body_map_has_no_inline_style_or_script(source):
    form = PainChartForm(data={"pain_chart": "{", "pain_temple_L": "12"})
    form.is_valid()

    html = render(source, chart=CHART, form=form)

    assert INLINE_SCRIPT.findall(html) == []
    assert INLINE_STYLE.findall(html) == []
