"""The muscle and trigger-point catalogue: its integrity against the body map's vocabulary."""

import pytest

from clinic.bodymap.muscles import MUSCLES, MUSCLES_BY_ID, SOURCES, muscle, muscles_lying_in
from clinic.bodymap.regions import REGIONS_BY_ID

# The reference table's muscles (shared/reference/BODYMAP.md), in its order.
REFERENCE_IDS = [
    "upper_trapezius",
    "levator_scapulae",
    "scm_sternal",
    "scm_clavicular",
    "suboccipitals",
    "splenius_capitis",
    "temporalis",
    "masseter",
    "scalenes",
    "supraspinatus",
    "infraspinatus",
    "teres_minor",
    "subscapularis",
    "rhomboids",
    "pectoralis_major",
    "pectoralis_minor",
    "serratus_anterior",
    "latissimus_dorsi",
    "forearm_extensors",
    "quadratus_lumborum",
    "iliopsoas",
    "gluteus_maximus",
    "gluteus_medius",
    "gluteus_minimus",
    "piriformis",
    "tensor_fasciae_latae",
    "hamstrings",
    "rectus_femoris",
    "vastus_medialis",
    "gastrocnemius",
    "soleus",
    "tibialis_anterior",
]


def test_catalogue_has_at_least_30_muscles():
    assert len(MUSCLES) >= 30


def test_catalogue_holds_the_reference_tables_muscles_in_order():
    assert [m.id for m in MUSCLES] == REFERENCE_IDS


def test_muscle_ids_are_unique():
    ids = [m.id for m in MUSCLES]

    assert len(set(ids)) == len(ids)
    assert list(MUSCLES_BY_ID) == ids


def test_muscle_names_are_unique_and_given():
    names = [m.name for m in MUSCLES]

    assert len(set(names)) == len(names)
    assert [m.id for m in MUSCLES if not m.name.strip()] == []


def test_every_trigger_point_lies_in_a_known_region():
    assert [(m.id, m.lies_in) for m in MUSCLES if m.lies_in not in REGIONS_BY_ID] == []


def test_every_referral_zone_is_a_known_region():
    unknown = [(m.id, r) for m in MUSCLES for r in m.refers_to if r not in REGIONS_BY_ID]

    assert unknown == []


def test_every_muscle_refers_to_at_least_one_primary_zone():
    assert [m.id for m in MUSCLES if not m.primary] == []


def test_no_zone_is_named_twice_for_one_muscle():
    repeated = [m.id for m in MUSCLES if len(set(m.refers_to)) != len(m.refers_to)]

    assert repeated == []


def test_refers_to_is_primary_then_spillover():
    trapezius = muscle("upper_trapezius")

    assert trapezius.refers_to == ("neck_side", "neck_back", "ear", "temple", "eye", "jaw")
    assert (trapezius.primary, trapezius.spillover) == (
        ("neck_side", "neck_back", "ear", "temple", "eye"),
        ("jaw",),
    )


def test_every_muscle_names_a_source_from_the_list():
    assert [m.id for m in MUSCLES if not m.sources] == []
    assert [(m.id, s) for m in MUSCLES for s in m.sources if s not in SOURCES] == []


def test_every_listed_source_is_used():
    used = {source for m in MUSCLES for source in m.sources}

    assert used == set(SOURCES)


def test_muscle_looks_up_by_id():
    found = muscle("quadratus_lumborum")

    assert (found.name, found.lies_in, found.primary, found.spillover) == (
        "Quadratus lumborum",
        "low_back",
        ("sacroiliac", "buttock", "iliac_crest", "hip_lateral"),
        ("groin", "abdomen_lower"),
    )


def test_muscle_with_an_unknown_id_is_a_key_error():
    with pytest.raises(KeyError):
        muscle("biceps_of_the_ear")


def test_muscles_lying_in_the_buttock_in_catalogue_order():
    assert [m.id for m in muscles_lying_in("buttock")] == [
        "gluteus_maximus",
        "gluteus_medius",
        "gluteus_minimus",
        "piriformis",
    ]


@pytest.mark.parametrize(
    ("region", "ids"),
    [
        ("shoulder_top", ["upper_trapezius", "supraspinatus"]),
        ("neck_side", ["scm_clavicular", "scalenes"]),
        ("chest_side", ["subscapularis", "serratus_anterior", "latissimus_dorsi"]),
        ("calf", ["gastrocnemius", "soleus"]),
        ("temple", ["temporalis"]),
    ],
)
def test_muscles_lying_in_a_region(region, ids):
    assert [m.id for m in muscles_lying_in(region)] == ids


@pytest.mark.parametrize("region", ["sole", "vertex", "nowhere"])
def test_muscles_lying_in_a_region_without_trigger_points_is_empty(region):
    assert muscles_lying_in(region) == []


def test_muscles_lying_in_covers_every_muscle_once():
    found = [m.id for region in REGIONS_BY_ID for m in muscles_lying_in(region)]

    assert sorted(found) == sorted(REFERENCE_IDS)
