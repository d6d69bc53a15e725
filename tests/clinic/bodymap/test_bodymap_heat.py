import datetime
import re
from html.parser import HTMLParser

import pytest
from django.template import Context, Template

from clients.records.plot import OutcomePoint, pain_plot_svg
from clinic.bodymap.painchart import Mark, PainChart
from clinic.bodymap.regions import Side
from clinic.bodymap.templatetags.bodymap_tags import heat_bucket

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)
URL_REF = re.compile(r"url\(#([^)]+)\)")

COUNTS = {
    ("shoulder_top", "L"): 4,
    ("temple", "L"): 1,
    ("low_back", "R"): 9,
    ("thoracic_spine", "M"): 2,
}


class Page(HTMLParser):
    """Start tags with their attributes, each region path's <title>, and list items."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.titles: dict[str, str] = {}
        self.items: list[str] = []
        self._path_id: str | None = None
        self._in: str | None = None
        self._in_li = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if tag == "path" and "data-region" in attributes:
            self._path_id = attributes["id"]
        self._in = tag
        if tag == "li":
            self.items.append("")
            self._in_li = True

    def handle_endtag(self, tag):
        if tag == "path":
            self._path_id = None
        if tag == "li":
            self._in_li = False
        self._in = None

    def handle_data(self, data):
        if self._in == "title" and self._path_id:
            self.titles[self._path_id] = data
        elif self._in_li:
            self.items[-1] += data.strip()

    def regions(self) -> dict[str, str]:
        """Class of each region path, by id."""
        return {
            a["id"]: a["class"]
            for t, a in self.elements
            if t == "path" and "bm-region" in a.get("class", "").split()
        }

    def ids(self) -> list[str]:
        return [a["id"] for _, a in self.elements if "id" in a]


def render(source: str, **context) -> str:
    return Template("{% load bodymap_tags %}" + source).render(Context(context))


def heat(counts) -> Page:
    return Page(render("{% body_map_heat counts %}", counts=counts))


def test_body_map_heat_classes_treated_regions_by_bucket():
    regions = heat(COUNTS).regions()

    assert regions["bm-heat-back-shoulder_top-L"] == "bm-region bm-heat heat-3"
    assert regions["bm-heat-front-temple-L"] == "bm-region bm-heat heat-1"
    assert regions["bm-heat-back-low_back-R"] == "bm-region bm-heat heat-5"
    assert regions["bm-heat-back-thoracic_spine-M"] == "bm-region bm-heat heat-2"
    assert regions["bm-heat-back-shoulder_top-R"] == "bm-region"
    assert sum("bm-heat" in css.split() for css in regions.values()) == 4


def test_body_map_heat_titles_say_place_and_times():
    titles = heat(COUNTS).titles

    assert (
        titles["bm-heat-back-shoulder_top-L"] == "Top of the shoulder, your left: treated 4 times"
    )
    assert titles["bm-heat-front-temple-L"] == "Temple, your left: treated once"
    assert titles["bm-heat-back-thoracic_spine-M"] == "Upper and mid spine: treated 2 times"
    assert titles["bm-heat-back-shoulder_top-R"] == "Top of the shoulder, your right"


@pytest.mark.parametrize(
    ("count", "bucket"),
    [(0, 0), (1, 1), (2, 2), (3, 3), (4, 3), (5, 4), (7, 4), (8, 5), (250, 5)],
)
def test_heat_bucket_boundaries(count, bucket):
    assert heat_bucket(count) == bucket


@pytest.mark.parametrize(("count", "bucket"), [(2, 2), (3, 3), (5, 4), (8, 5)])
def test_body_map_heat_draws_bucket_boundaries(count, bucket):
    regions = heat({("calf", "L"): count}).regions()

    assert regions["bm-heat-back-calf-L"] == f"bm-region bm-heat heat-{bucket}"


def test_body_map_heat_ignores_unknown_places_and_bad_counts():
    counts = {
        ("nowhere", "L"): 5,
        ("sternum", "L"): 5,  # a midline region has no left
        ("temple", "M"): 5,
        "temple": 5,
        ("calf", "L"): 0,
        ("calf", "R"): -2,
        ("heel", "L"): True,
        ("heel", "R"): "3",
        ("jaw", Side.RIGHT): 2,
    }

    page = heat(counts)

    treated = {i: css for i, css in page.regions().items() if "bm-heat" in css.split()}
    assert treated == {"bm-heat-front-jaw-R": "bm-region bm-heat heat-2"}
    assert page.items[-1] == "Jaw, your right: treated 2 times"


@pytest.mark.parametrize("counts", [{}, None])
def test_body_map_heat_without_counts_says_none_treated(counts):
    html = render("{% body_map_heat counts %}", counts=counts)

    assert " bm-heat " not in html
    assert "No treated trigger points recorded yet." in html


def test_body_map_heat_legend_names_each_bucket():
    page = heat(COUNTS)

    legend = [
        (a["class"].split()[-1], label)
        for (t, a), label in zip(
            (e for e in page.elements if e[0] == "span" and "bm-swatch" in e[1]["class"]),
            page.items,
            strict=False,
        )
    ]

    assert legend == [
        ("bm-heat-none", "none"),
        ("heat-1", "1"),
        ("heat-2", "2"),
        ("heat-3", "3-4"),
        ("heat-4", "5-7"),
        ("heat-5", "8 or more"),
    ]
    assert "Times treated" in render("{% body_map_heat counts %}", counts=COUNTS)


def test_body_map_heat_lists_places_most_treated_first_for_screen_readers():
    page = heat(COUNTS)

    assert page.items[6:] == [
        "Low back, your right: treated 9 times",
        "Top of the shoulder, your left: treated 4 times",
        "Upper and mid spine: treated 2 times",
        "Temple, your left: treated once",
    ]


def test_body_map_heat_ids_and_clip_paths_use_its_prefix():
    html = render("{% body_map_heat counts %}", counts=COUNTS)

    assert 'id="bm-heat-clip-front"' in html
    assert URL_REF.findall(html) == ["bm-heat-clip-front", "bm-heat-clip-back"]
    assert all(i.startswith("bm-heat-") for i in Page(html).ids())


def test_body_map_heat_takes_another_prefix():
    html = render('{% body_map_heat counts prefix="visit2" %}', counts=COUNTS)

    assert URL_REF.findall(html) == ["visit2-clip-front", "visit2-clip-back"]
    assert Page(html).regions()["visit2-back-low_back-R"] == "bm-region bm-heat heat-5"


def test_body_map_keeps_its_default_ids():
    html = render("{% body_map chart %}", chart=None)

    assert URL_REF.findall(html) == ["bm-clip-front", "bm-clip-back"]
    assert "bm-front-temple-L" in Page(html).regions()


def test_body_map_heat_shares_a_page_with_pain_chart_and_plot_with_unique_ids():
    chart = PainChart(marks=(Mark("temple", "L", 7),))
    plot = pain_plot_svg([OutcomePoint(datetime.date(2026, 3, 3), "before", 7)])

    html = render(
        "{% body_map chart %}{% body_map_heat counts %}{{ plot }}",
        chart=chart,
        counts=COUNTS,
        plot=plot,
    )
    ids = Page(html).ids()

    assert len(ids) == len(set(ids))
    assert set(URL_REF.findall(html)) <= set(ids)
    assert len(URL_REF.findall(html)) == 4


def test_body_map_heat_has_no_inline_style_or_script():
    html = render("{% body_map_heat counts %}", counts=COUNTS)

    assert INLINE_SCRIPT.findall(html) == []
    assert INLINE_STYLE.findall(html) == []
