"""The PainChart value: its marks and overall values, read from storage and written back,
and the places with nerve-pain qualities."""

import json

import pytest

from clinic.bodymap.painchart import Mark, PainChart
from tests.factories import pain_chart, pain_mark


def test_neuropathic_marks_lists_the_places_with_nerve_pain_qualities():
    chart = pain_chart(
        pain_mark("temple", "L", 5, "aching"),
        pain_mark("thigh_back", "R", 3, "tingling"),
        pain_mark("coccyx", "M", 2, "burning", "aching"),
        pain_mark("calf", "L", 4, "numbness"),
        pain_mark("hand_palm", "R", 4, "shooting"),
    )

    assert PainChart.parse(chart).neuropathic_marks == [
        "Back of the thigh, your right",
        "Tailbone",
        "Calf, your left",
        "Palm, your right",
    ]


def test_neuropathic_marks_of_a_chart_without_them_is_empty():
    chart = PainChart.parse(pain_chart(pain_mark("temple", "L", 5, "sharp", "aching")))

    assert chart.neuropathic_marks == []


def test_parse_gives_marks_and_overall_values():
    chart = pain_chart(
        pain_mark("temple", "L", 7, "throbbing", "aching"), pain_mark("sternum", "M", 0)
    )

    assert PainChart.parse(chart) == PainChart(
        marks=(Mark("temple", "L", 7, ("throbbing", "aching")), Mark("sternum", "M", 0)),
        worst=8,
        least=2,
        average=5,
        now=4,
    )


def test_a_mark_reads_its_place_label_and_nerve_pain():
    mark = Mark("calf", "L", 4, ("aching", "tingling"))

    assert (mark.place, mark.label, mark.is_neuropathic) == (
        ("calf", "L"),
        "Calf, your left",
        True,
    )
    assert Mark("coccyx", "M", 2, ("aching",)).is_neuropathic is False
    assert Mark("coccyx", "M", 2).label == "Tailbone"


def test_from_json_reads_a_stored_chart():
    stored = pain_chart(pain_mark("temple", "L", 7, "aching"), worst=9, least=1, average=4, now=3)

    assert PainChart.from_json(stored) == PainChart(
        marks=(Mark("temple", "L", 7, ("aching",)),), worst=9, least=1, average=4, now=3
    )


@pytest.mark.parametrize("stored", [None, {}, {"marks": []}])
def test_from_json_of_nothing_stored_is_the_empty_chart(stored):
    assert PainChart.from_json(stored) == PainChart()


def test_from_json_tolerates_a_missing_key():
    stored = {"marks": [{"region": "heel", "side": "R", "intensity": 3}], "worst": 5}

    assert PainChart.from_json(stored) == PainChart(marks=(Mark("heel", "R", 3),), worst=5)


@pytest.mark.parametrize(
    "stored",
    [
        pain_chart(),
        pain_chart(
            pain_mark("temple", "L", 7, "aching", "throbbing"),
            pain_mark("sternum", "M", 0),
            pain_mark("calf", "R", 10, "burning"),
            worst=10,
            least=0,
            average=5,
            now=4,
        ),
    ],
)
def test_to_json_gives_back_the_stored_chart(stored):
    assert PainChart.from_json(stored).to_json() == stored
    assert PainChart.from_json(PainChart.parse(stored).to_json()) == PainChart.parse(stored)


def test_to_json_keeps_the_stored_key_order():
    chart = PainChart((Mark("heel", "R", 3, ("sharp",)),), worst=5, least=1, average=2, now=3)

    assert json.dumps(chart.to_json()) == (
        '{"marks": [{"region": "heel", "side": "R", "intensity": 3, "qualities": ["sharp"]}], '
        '"worst": 5, "least": 1, "average": 2, "now": 3}'
    )


def test_the_empty_chart_has_no_marks_and_nothing_given():
    assert PainChart().to_json() == {
        "marks": [],
        "worst": None,
        "least": None,
        "average": None,
        "now": None,
    }


def test_overall_is_keyed_as_the_form_asks():
    chart = PainChart(worst=8, least=2, average=5, now=4)

    assert chart.overall == {"worst": 8, "least": 2, "average": 5, "now": 4}


def test_mark_at_finds_a_place_or_none():
    chart = PainChart((Mark("temple", "L", 7), Mark("temple", "R", 3)))

    assert chart.mark_at("temple", "R") == Mark("temple", "R", 3)
    assert chart.mark_at("calf", "L") is None


def test_from_intensities_marks_each_place_given_without_qualities():
    values = {("temple", "L"): 6, ("temple", "R"): None, ("sternum", "M"): 0}
    overall = {"worst": 7, "least": 1, "average": 4, "now": None}

    assert PainChart.from_intensities(values, overall) == PainChart(
        marks=(Mark("temple", "L", 6), Mark("sternum", "M", 0)),
        worst=7,
        least=1,
        average=4,
        now=None,
    )


def test_with_qualities_of_takes_each_places_qualities_from_the_other_chart():
    typed = PainChart((Mark("temple", "L", 6), Mark("calf", "R", 2)), worst=6, least=1)
    saved = PainChart(
        (Mark("temple", "L", 3, ("aching", "sharp")), Mark("heel", "L", 5, ("sharp",)))
    )

    assert typed.with_qualities_of(saved) == PainChart(
        (Mark("temple", "L", 6, ("aching", "sharp")), Mark("calf", "R", 2)), worst=6, least=1
    )
