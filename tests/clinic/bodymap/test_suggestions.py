"""Ranking muscles whose trigger points refer pain to the places a client marked."""

import random

import pytest

from clinic.bodymap.muscles import MUSCLES, muscle
from clinic.bodymap.painchart import PainChart
from clinic.bodymap.regions import REGIONS_BY_ID
from clinic.bodymap.suggestions import PRIMARY, SPILLOVER, Suggestion, suggest_muscles
from tests.factories import pain_chart, pain_mark

ALL = 2 * len(MUSCLES)  # a limit that never cuts the ranking short
LEG_MUSCLES = {
    m.id
    for m in MUSCLES
    if REGIONS_BY_ID[m.lies_in].group == "Hip and leg" or m.lies_in == "buttock"
}


def chart(*marks: dict) -> PainChart:
    return PainChart.from_json(pain_chart(*marks))


def ranking(*marks: dict, limit: int = ALL) -> list[tuple[str, str, float, tuple[str, ...]]]:
    return [
        (s.muscle.id, s.side, s.score, s.regions)
        for s in suggest_muscles(chart(*marks), limit=limit)
    ]


def places(*marks: dict, limit: int = ALL) -> list[tuple[str, str]]:
    return [(muscle, side) for muscle, side, _, _ in ranking(*marks, limit=limit)]


def position(ranked: list[tuple[str, str]], muscle_id: str) -> int:
    """Where a muscle first appears (either side); past the end when it is not suggested."""
    found = [i for i, (muscle, _) in enumerate(ranked) if muscle == muscle_id]
    return found[0] if found else len(ranked)


def test_weights_are_one_for_primary_and_a_half_for_spillover():
    assert (PRIMARY, SPILLOVER) == (1.0, 0.5)


def test_temple_and_neck_pain_ranks_head_and_neck_muscles_above_every_leg_muscle():
    ranked = places(
        pain_mark("temple", "L", 7),
        pain_mark("neck_back", "L", 5),
        pain_mark("neck_front", "L", 4),
        pain_mark("occiput", "L", 4),
    )

    head_and_neck = [
        position(ranked, "upper_trapezius"),
        min(position(ranked, "scm_sternal"), position(ranked, "scm_clavicular")),
        position(ranked, "suboccipitals"),
        position(ranked, "temporalis"),
    ]
    first_leg = min(position(ranked, m) for m in LEG_MUSCLES)
    assert max(head_and_neck) < first_leg
    assert ranked == [
        ("upper_trapezius", "L"),
        ("suboccipitals", "L"),
        ("scm_sternal", "L"),
        ("temporalis", "L"),
    ]


def test_tension_headache_chart_ranks_upper_trapezius_first_on_both_sides():
    ranked = places(
        pain_mark("temple", "L", 6),
        pain_mark("temple", "R", 6),
        pain_mark("neck_side", "L", 5),
        pain_mark("neck_side", "R", 5),
        pain_mark("forehead", "L", 3),
    )

    assert ranked[:2] == [("upper_trapezius", "L"), ("upper_trapezius", "R")]
    assert {m for m, _ in ranked} & LEG_MUSCLES == set()


def test_low_back_and_buttock_pain_ranks_quadratus_lumborum_and_gluteus_medius_in_top_5():
    top = places(
        pain_mark("low_back", "L", 6),
        pain_mark("low_back", "R", 5),
        pain_mark("buttock", "R", 6),
        pain_mark("sacroiliac", "R", 5),
        pain_mark("thigh_back", "R", 3),
        limit=5,
    )

    assert ("quadratus_lumborum", "R") in top
    assert top[0] == ("gluteus_medius", "R")
    assert len(top) == 5


def test_one_sided_low_back_and_buttock_pain():
    assert ranking(pain_mark("low_back", "L", 6), pain_mark("buttock", "L", 6), limit=5) == [
        ("gluteus_medius", "L", 12.0, ("low_back", "buttock")),
        ("quadratus_lumborum", "L", 6.0, ("buttock",)),
        ("iliopsoas", "L", 6.0, ("low_back",)),
        ("gluteus_maximus", "L", 6.0, ("buttock",)),
        ("piriformis", "L", 6.0, ("buttock",)),
    ]


def test_exact_scores_of_a_hand_computed_chart():
    # temple L 4 is primary for the upper trapezius, suboccipitals and temporalis;
    # jaw L 2 is primary for the masseter, spillover for the trapezius and SCM (clavicular).
    assert ranking(pain_mark("temple", "L", 4), pain_mark("jaw", "L", 2)) == [
        ("upper_trapezius", "L", 4 * 1.0 + 2 * 0.5, ("temple", "jaw")),
        ("suboccipitals", "L", 4.0, ("temple",)),
        ("temporalis", "L", 4.0, ("temple",)),
        ("masseter", "L", 2.0, ("jaw",)),
        ("scm_clavicular", "L", 1.0, ("jaw",)),
    ]


def test_spillover_zone_counts_half_of_a_primary_one():
    # The calf: primary for the gastrocnemius and gluteus minimus, spillover for the
    # hamstrings and the soleus.
    assert ranking(pain_mark("calf", "R", 6)) == [
        ("gluteus_minimus", "R", 6.0, ("calf",)),
        ("gastrocnemius", "R", 6.0, ("calf",)),
        ("hamstrings", "R", 3.0, ("calf",)),
        ("soleus", "R", 3.0, ("calf",)),
    ]


def test_score_is_weighted_by_intensity():
    mild = ranking(pain_mark("heel", "L", 2))
    severe = ranking(pain_mark("heel", "L", 9))

    assert (mild, severe) == (
        [("soleus", "L", 2.0, ("heel",))],
        [("soleus", "L", 9.0, ("heel",))],
    )


def test_a_mark_counts_only_for_muscles_on_its_side():
    assert ranking(pain_mark("temple", "R", 5)) == [
        ("upper_trapezius", "R", 5.0, ("temple",)),
        ("suboccipitals", "R", 5.0, ("temple",)),
        ("temporalis", "R", 5.0, ("temple",)),
    ]


def test_marks_on_both_sides_score_each_side_separately():
    assert ranking(pain_mark("heel", "L", 3), pain_mark("heel", "R", 7)) == [
        ("soleus", "R", 7.0, ("heel",)),
        ("soleus", "L", 3.0, ("heel",)),
    ]


def test_a_midline_mark_counts_for_both_sides():
    assert ranking(pain_mark("sternum", "M", 6)) == [
        ("scm_sternal", "L", 6.0, ("sternum",)),
        ("scm_sternal", "R", 6.0, ("sternum",)),
        ("pectoralis_major", "L", 6.0, ("sternum",)),
        ("pectoralis_major", "R", 6.0, ("sternum",)),
    ]


def test_a_midline_mark_adds_to_each_sides_marks():
    assert ranking(pain_mark("vertex", "M", 4), pain_mark("eye", "L", 2)) == [
        ("scm_sternal", "L", 6.0, ("vertex", "eye")),
        ("splenius_capitis", "L", 5.0, ("vertex", "eye")),
        ("scm_sternal", "R", 4.0, ("vertex",)),
        ("splenius_capitis", "R", 4.0, ("vertex",)),
        ("upper_trapezius", "L", 2.0, ("eye",)),
        ("suboccipitals", "L", 2.0, ("eye",)),
        ("temporalis", "L", 2.0, ("eye",)),
        ("masseter", "L", 2.0, ("eye",)),
    ]


def test_zero_intensity_marks_are_ignored():
    assert ranking(pain_mark("temple", "L", 0)) == []
    assert ranking(pain_mark("temple", "L", 0), pain_mark("heel", "L", 1)) == [
        ("soleus", "L", 1.0, ("heel",)),
    ]


def test_marks_in_places_no_muscle_refers_to_suggest_nothing():
    assert ranking(pain_mark("foot_top", "L", 8), pain_mark("mid_back", "R", 8)) == []


def test_an_empty_chart_suggests_nothing():
    assert suggest_muscles(chart()) == []
    assert suggest_muscles(PainChart()) == []


def test_ties_keep_the_catalogue_order_then_left_before_right():
    ranked = places(pain_mark("buttock", "R", 5), pain_mark("buttock", "L", 5))

    assert ranked == [
        ("quadratus_lumborum", "L"),
        ("quadratus_lumborum", "R"),
        ("gluteus_maximus", "L"),
        ("gluteus_maximus", "R"),
        ("gluteus_medius", "L"),
        ("gluteus_medius", "R"),
        ("piriformis", "L"),
        ("piriformis", "R"),
        ("hamstrings", "L"),
        ("hamstrings", "R"),
    ]


def test_ranking_is_the_same_whatever_the_order_of_the_marks():
    marks = [
        pain_mark("temple", "L", 6),
        pain_mark("neck_back", "R", 4),
        pain_mark("shoulder_top", "L", 5),
        pain_mark("low_back", "R", 3),
        pain_mark("sternum", "M", 2),
        pain_mark("calf", "L", 7),
    ]
    shuffled = marks[:]
    random.Random(7).shuffle(shuffled)

    first = [(m, s, score) for m, s, score, _ in ranking(*marks)]
    again = [(m, s, score) for m, s, score, _ in ranking(*shuffled)]

    assert again == first
    assert ranking(*marks) == ranking(*marks)


def test_suggestions_are_plain_values():
    (suggestion,) = suggest_muscles(chart(pain_mark("heel", "L", 3)))

    assert suggestion == Suggestion(muscle=muscle("soleus"), side="L", score=3.0, regions=("heel",))


def test_limit_defaults_to_ten():
    regions = ("temple", "eye", "cheek", "jaw")  # 7 muscles refer there, on each side
    marked = chart(*(pain_mark(region, side, 5) for region in regions for side in "LR"))

    assert len(suggest_muscles(marked)) == 10
    assert len(suggest_muscles(marked, limit=ALL)) == 14


@pytest.mark.parametrize("limit", [0, 1, 3, 10])
def test_limit_keeps_the_best(limit):
    marks = (pain_mark("buttock", "L", 5), pain_mark("low_back", "L", 4))

    assert ranking(*marks, limit=limit) == ranking(*marks)[:limit]
