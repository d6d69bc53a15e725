"""The body map's vocabulary, the pain chart's validation (every refusal, word for word) and
the PainChart value: read from storage, written back, and what it tells."""

import json

import pytest
from django.core.exceptions import ValidationError

from clinic.bodymap.painchart import MAX_CHART_BYTES, Mark, PainChart
from clinic.bodymap.regions import (
    NEUROPATHIC,
    REGIONS,
    REGIONS_BY_ID,
    Quality,
    Side,
    View,
    mark_label,
    regions_in,
)
from tests.factories import pain_chart, pain_mark

MIDLINE = ["vertex", "sternum", "thoracic_spine", "coccyx"]


def refusal(raw) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        PainChart.parse(raw)
    return caught.value.messages


def chart_with_mark(**mark) -> dict:
    return pain_chart({"region": "temple", "side": "L", "intensity": 7, **mark})


# The vocabulary


def test_body_map_has_fifty_nine_regions():
    assert len(REGIONS) == 59


def test_region_ids_are_unique():
    assert len(REGIONS_BY_ID) == len(REGIONS)


def test_every_region_is_on_the_front_or_the_back():
    assert len(regions_in(View.FRONT)) + len(regions_in(View.BACK)) == 59


def test_midline_regions_take_only_the_middle():
    assert [region.id for region in REGIONS if region.midline] == MIDLINE
    assert {REGIONS_BY_ID[region_id].sides for region_id in MIDLINE} == {(Side.MIDLINE,)}


def test_other_regions_take_left_and_right():
    sides = {region.sides for region in REGIONS if not region.midline}

    assert sides == {(Side.LEFT, Side.RIGHT)}


def test_qualities_are_the_contracts_ten():
    assert [quality.value for quality in Quality] == [
        "aching",
        "deep_dull",
        "sharp",
        "throbbing",
        "cramping",
        "stiffness",
        "burning",
        "tingling",
        "numbness",
        "shooting",
    ]


def test_neuropathic_qualities_are_burning_tingling_numbness_shooting():
    assert {quality.value for quality in NEUROPATHIC} == {
        "burning",
        "tingling",
        "numbness",
        "shooting",
    }


@pytest.mark.parametrize(
    ("region", "side", "label"),
    [
        ("temple", "L", "Temple, your left"),
        ("low_back", "R", "Low back, your right"),
        ("sternum", "M", "Breastbone"),
        ("coccyx", "M", "Tailbone"),
    ],
)
def test_mark_label_reads_as_the_client_would_say_it(region, side, label):
    assert mark_label(region, side) == label


def test_mark_label_of_an_unknown_region_is_a_key_error():
    with pytest.raises(KeyError):
        mark_label("elbow", "L")


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


# Nerve-pain marks


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


# The value


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
