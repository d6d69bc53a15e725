"""Reading a pain chart from a form or the API: what passes, and every refusal, word for word."""

import json

import pytest
from django.core.exceptions import ValidationError

from clinic.bodymap.painchart import MAX_CHART_BYTES, PainChart
from clinic.bodymap.regions import REGIONS, Quality
from tests.factories import pain_chart, pain_mark


def refusal(raw) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        PainChart.parse(raw)
    return caught.value.messages


def chart_with_mark(**mark) -> dict:
    return pain_chart({"region": "temple", "side": "L", "intensity": 7, **mark})


# A valid chart


def test_parse_keeps_a_valid_chart():
    chart = pain_chart(
        pain_mark("temple", "L", 7, "aching", "throbbing"),
        pain_mark("sternum", "M", 0),
        pain_mark("calf", "R", 10, "burning"),
        worst=10,
        least=0,
        average=5,
        now=4,
    )

    assert PainChart.parse(chart).to_json() == chart


def test_parse_from_json_text_normalises_a_mark_without_qualities():
    raw = json.dumps(
        {
            "now": 4,
            "marks": [{"side": "R", "intensity": 3, "region": "neck_back"}],
            "worst": 8,
            "least": 2,
            "average": 5,
        }
    )

    assert PainChart.parse(raw).to_json() == {
        "marks": [{"region": "neck_back", "side": "R", "intensity": 3, "qualities": []}],
        "worst": 8,
        "least": 2,
        "average": 5,
        "now": 4,
    }


def test_parse_from_bytes():
    raw = json.dumps(pain_chart()).encode()

    assert PainChart.parse(raw).to_json() == pain_chart()


def test_parse_without_marks_keeps_the_overall_values():
    assert PainChart.parse(
        {"worst": 3, "least": 3, "average": 3, "now": 0}
    ).to_json() == pain_chart(worst=3, least=3, average=3, now=0)


def test_parse_at_the_size_limit_passes():
    chart = pain_chart()
    text = json.dumps(chart)
    padded = text + " " * (MAX_CHART_BYTES - len(text))

    assert PainChart.parse(padded).to_json() == chart


# Refusals of one mark


@pytest.mark.parametrize(
    ("mark", "message"),
    [
        ({"region": "elbow"}, "Mark 1: unknown body region 'elbow'."),
        ({"region": None}, "Mark 1: unknown body region None."),
        ({"region": ["temple"]}, "Mark 1: unknown body region ['temple']."),
        ({"side": "M"}, "Mark 1: Temple takes side L or R, not 'M'."),
        ({"side": "left"}, "Mark 1: Temple takes side L or R, not 'left'."),
        ({"side": None}, "Mark 1: Temple takes side L or R, not None."),
        ({"side": ["L"]}, "Mark 1: Temple takes side L or R, not ['L']."),
        ({"side": {"L": 1}}, "Mark 1: Temple takes side L or R, not {'L': 1}."),
        ({"region": "sternum", "side": "L"}, "Mark 1: Breastbone takes side M, not 'L'."),
        ({"region": "coccyx", "side": "R"}, "Mark 1: Tailbone takes side M, not 'R'."),
        ({"qualities": ["stabbing"]}, "Mark 1: unknown pain quality 'stabbing'."),
        ({"qualities": ["aching", "Aching"]}, "Mark 1: unknown pain quality 'Aching'."),
        ({"qualities": ["aching", "aching"]}, "Mark 1: a quality is listed twice."),
        ({"qualities": "aching"}, "Mark 1: qualities must be a list of names."),
        ({"qualities": [1]}, "Mark 1: qualities must be a list of names."),
        ({"colour": "red"}, "Mark 1 has unknown keys: colour."),
    ],
)
def test_parse_refuses_a_wrong_mark(mark, message):
    assert refusal(chart_with_mark(**mark)) == [message]


@pytest.mark.parametrize("intensity", [-1, 11, "7", True, False, 7.5, None])
def test_parse_refuses_an_intensity_that_is_not_0_to_10(intensity):
    assert refusal(chart_with_mark(intensity=intensity)) == [
        "The intensity of Temple, your left must be a whole number from 0 to 10."
    ]


def test_parse_refuses_a_midline_intensity_naming_the_region_alone():
    chart = pain_chart(pain_mark("sternum", "M", 12))

    assert refusal(chart) == ["The intensity of Breastbone must be a whole number from 0 to 10."]


def test_parse_names_the_number_of_the_wrong_mark():
    chart = pain_chart(pain_mark("temple", "L", 5), pain_mark("forehead", "L", 5, "itchy"))

    assert refusal(chart) == ["Mark 2: unknown pain quality 'itchy'."]


def test_parse_refuses_a_mark_that_is_not_an_object():
    assert refusal(pain_chart("temple")) == [
        "Mark 1 must be an object with region, side and intensity."
    ]


def test_parse_refuses_the_same_place_marked_twice():
    chart = pain_chart(pain_mark("temple", "L", 5), pain_mark("temple", "L", 6, "sharp"))

    assert refusal(chart) == ["Temple, your left is marked twice."]


def test_parse_accepts_both_sides_of_a_region():
    chart = pain_chart(pain_mark("temple", "L", 5), pain_mark("temple", "R", 6))

    assert PainChart.parse(chart).to_json() == chart


# Refusals of the whole chart


def test_parse_refuses_oversized_text():
    raw = json.dumps(pain_chart()) + " " * MAX_CHART_BYTES

    assert refusal(raw) == ["The pain chart is too large."]


def test_parse_refuses_an_oversized_object():
    marks = [pain_mark(region.id, side, 5, *Quality) for region in REGIONS for side in region.sides]

    assert refusal(pain_chart(*marks)) == ["The pain chart is too large."]


@pytest.mark.parametrize("raw", ["{", "", "marks", "{'marks': []}"])
def test_parse_refuses_invalid_json(raw):
    assert refusal(raw) == ["The pain chart is not valid JSON."]


def test_parse_refuses_deeply_nested_json_as_invalid():
    assert refusal("[" * 5000) == ["The pain chart is not valid JSON."]


@pytest.mark.parametrize("raw", [[], "[]", "7", 7, None, "null", '"chart"'])
def test_parse_refuses_anything_but_an_object(raw):
    assert refusal(raw) == ["The pain chart must be an object with marks and overall pain."]


def test_parse_refuses_unknown_keys_naming_them_in_order():
    raw = {**pain_chart(), "zone": 1, "mood": "low"}

    assert refusal(raw) == ["The pain chart has unknown keys: mood, zone."]


@pytest.mark.parametrize("marks", [{}, "temple", 3])
def test_parse_refuses_marks_that_are_not_a_list(marks):
    assert refusal({**pain_chart(), "marks": marks}) == ["The pain chart's marks must be a list."]


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("worst", "Give your worst pain in the last 24 hours (0-10)."),
        ("least", "Give your least pain in the last 24 hours (0-10)."),
        ("average", "Give your average pain in the last 24 hours (0-10)."),
        ("now", "Give your pain right now (0-10)."),
    ],
)
def test_parse_refuses_a_missing_overall_value(key, message):
    chart = pain_chart()
    del chart[key]

    assert refusal(chart) == [message]


def test_parse_refuses_a_null_overall_value():
    assert refusal({**pain_chart(), "now": None}) == ["Give your pain right now (0-10)."]


@pytest.mark.parametrize("value", [-1, 11, "4", True, 4.5])
def test_parse_refuses_an_overall_value_that_is_not_0_to_10(value):
    assert refusal({**pain_chart(), "now": value}) == [
        "The pain right now must be a whole number from 0 to 10."
    ]


def test_parse_refuses_least_above_worst():
    assert refusal(pain_chart(worst=3, least=4, average=3)) == [
        "The least pain can't be more than the worst."
    ]


@pytest.mark.parametrize(("average", "least", "worst"), [(1, 2, 8), (9, 2, 8)])
def test_parse_refuses_an_average_outside_least_and_worst(average, least, worst):
    assert refusal(pain_chart(worst=worst, least=least, average=average)) == [
        "The average pain must lie between the least and the worst."
    ]


def test_parse_refuses_the_first_wrong_thing_only():
    raw = {"marks": [pain_mark("elbow", "L", 5)], "worst": 2, "least": 9, "average": 5, "now": 4}

    assert refusal(raw) == ["Mark 1: unknown body region 'elbow'."]
