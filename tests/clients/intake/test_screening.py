"""The intake's safety screen: which answers stop a session, which call for care."""

import pytest

from clients.intake.models import ScreeningStatus
from clients.intake.screening import CAUTIONS, STOP_AND_REFER, Screening, intake_screen
from clinic.bodymap.painchart import PainChart
from tests.factories import intake_answers, pain_chart, pain_mark

UNCONTROLLED_PRESSURE = "High blood pressure that is not controlled: needs a physician's clearance."
CONTROLLED_PRESSURE = "High blood pressure (controlled): avoid long deep pressure."
NERVE_PAIN = "Nerve pain signs (burning, tingling, numbness or shooting) at: "


def screen(chart: dict | None = None, **changes) -> Screening:
    return intake_screen(
        answers=intake_answers(**changes),
        chart=PainChart.parse(chart or pain_chart(pain_mark("temple", "L", 6, "aching"))),
    )


def test_screen_of_a_healthy_client_is_clear_without_reasons():
    assert screen() == Screening(ScreeningStatus.CLEAR, [])


def test_stop_and_refer_names_the_four_red_flags():
    assert list(STOP_AND_REFER) == [
        "fever_or_infection",
        "clot_signs",
        "back_red_flags",
        "headache_red_flags",
    ]


def test_cautions_name_the_six_conditions():
    assert list(CAUTIONS) == [
        "anticoagulants_or_bleeding",
        "osteoporosis",
        "cancer",
        "pregnancy",
        "recent_surgery",
        "skin_problems",
    ]


@pytest.mark.parametrize("answer", list(STOP_AND_REFER))
def test_screen_with_a_red_flag_needs_clearance(answer):
    assert screen(**{answer: True}) == Screening(
        ScreeningStatus.NEEDS_CLEARANCE, [STOP_AND_REFER[answer]]
    )


@pytest.mark.parametrize("answer", list(CAUTIONS))
def test_screen_with_a_caution_is_caution(answer):
    assert screen(**{answer: True}) == Screening(ScreeningStatus.CAUTION, [CAUTIONS[answer]])


def test_screen_of_a_blood_clot_sign_says_refer_to_a_physician():
    assert screen(clot_signs=True).reasons == [
        "Signs of a blood clot in a leg: refer to a physician before any massage."
    ]


def test_screen_of_anticoagulants_says_no_deep_pressure():
    assert screen(anticoagulants_or_bleeding=True).reasons == [
        "Blood thinners or a bleeding disorder: no deep or forceful pressure."
    ]


def test_screen_with_uncontrolled_blood_pressure_needs_clearance():
    assert screen(blood_pressure="uncontrolled") == Screening(
        ScreeningStatus.NEEDS_CLEARANCE, [UNCONTROLLED_PRESSURE]
    )


def test_screen_with_controlled_blood_pressure_is_caution():
    assert screen(blood_pressure="controlled") == Screening(
        ScreeningStatus.CAUTION, [CONTROLLED_PRESSURE]
    )


def test_screen_with_areas_to_avoid_is_caution_naming_them():
    assert screen(areas_to_avoid="  Left knee (new scar)  ") == Screening(
        ScreeningStatus.CAUTION, ["Areas to avoid: Left knee (new scar)"]
    )


def test_screen_with_blank_areas_to_avoid_is_clear():
    assert screen(areas_to_avoid="   \n") == Screening(ScreeningStatus.CLEAR, [])


@pytest.mark.parametrize("quality", ["burning", "tingling", "numbness", "shooting"])
def test_screen_with_a_nerve_pain_quality_is_caution_naming_the_place(quality):
    chart = pain_chart(pain_mark("thigh_back", "R", 3, "aching", quality))

    assert screen(chart) == Screening(
        ScreeningStatus.CAUTION, [NERVE_PAIN + "Back of the thigh, your right"]
    )


def test_screen_lists_every_place_with_nerve_pain_in_chart_order():
    chart = pain_chart(
        pain_mark("calf", "L", 4, "numbness"),
        pain_mark("low_back", "L", 6, "aching", "deep_dull"),
        pain_mark("coccyx", "M", 3, "shooting"),
        pain_mark("thumb_index", "R", 2, "tingling"),
    )

    assert screen(chart).reasons == [
        NERVE_PAIN + "Calf, your left; Tailbone; Thumb and index finger, your right"
    ]


@pytest.mark.parametrize("quality", ["aching", "deep_dull", "sharp", "throbbing", "cramping"])
def test_screen_with_other_qualities_is_clear(quality):
    chart = pain_chart(pain_mark("low_back", "R", 6, quality, "stiffness"))

    assert screen(chart) == Screening(ScreeningStatus.CLEAR, [])


def test_screen_with_a_stop_and_a_caution_needs_clearance_with_all_reasons():
    chart = pain_chart(pain_mark("calf", "L", 6, "burning"))

    screening = screen(
        chart,
        clot_signs=True,
        headache_red_flags=True,
        anticoagulants_or_bleeding=True,
        blood_pressure="controlled",
        areas_to_avoid="Left calf",
    )

    assert screening == Screening(
        ScreeningStatus.NEEDS_CLEARANCE,
        [
            STOP_AND_REFER["clot_signs"],
            STOP_AND_REFER["headache_red_flags"],
            CAUTIONS["anticoagulants_or_bleeding"],
            CONTROLLED_PRESSURE,
            "Areas to avoid: Left calf",
            NERVE_PAIN + "Calf, your left",
        ],
    )


def test_screen_puts_uncontrolled_pressure_among_the_stops_before_cautions():
    screening = screen(osteoporosis=True, blood_pressure="uncontrolled", fever_or_infection=True)

    assert screening == Screening(
        ScreeningStatus.NEEDS_CLEARANCE,
        [STOP_AND_REFER["fever_or_infection"], UNCONTROLLED_PRESSURE, CAUTIONS["osteoporosis"]],
    )


def test_screen_with_every_caution_lists_them_all():
    screening = screen(**dict.fromkeys(CAUTIONS, True))

    assert screening == Screening(ScreeningStatus.CAUTION, list(CAUTIONS.values()))


def test_screen_with_every_answer_at_once_lists_every_reason():
    screening = screen(**dict.fromkeys([*STOP_AND_REFER, *CAUTIONS], True))

    assert screening == Screening(
        ScreeningStatus.NEEDS_CLEARANCE, [*STOP_AND_REFER.values(), *CAUTIONS.values()]
    )
