"""The body map's vocabulary: regions and their sides, pain qualities, the places' names."""

import pytest

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

MIDLINE = ["vertex", "sternum", "thoracic_spine", "coccyx"]


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
