"""The intake's chart step: the body map's JSON or the typed numbers, and what it refuses."""

import json

import pytest
from pytest_django.asserts import assertContains

from clients.intake.models import IntakeDraft
from tests.factories import pain_chart, pain_mark, submit_intake

from .data import CHART
from .pages import FALLBACK, FALLBACK_CHART, input_value

pytestmark = pytest.mark.django_db


def test_intake_chart_step_without_javascript_takes_the_numbers(signed_in, ava):
    signed_in.post("/intake/new/")

    response = signed_in.post("/intake/new/chart/", FALLBACK)

    assert (response.status_code, response["Location"]) == (302, "/intake/new/history/")
    assert IntakeDraft.objects.get(client=ava).answers == {"pain_chart": FALLBACK_CHART}


def test_intake_chart_step_with_the_body_map_takes_the_json(signed_in, ava):
    signed_in.post("/intake/new/")
    overall = {"pain_worst": "8", "pain_least": "2", "pain_average": "5", "pain_now": "4"}

    response = signed_in.post("/intake/new/chart/", {"pain_chart": json.dumps(CHART), **overall})

    assert (response.status_code, response["Location"]) == (302, "/intake/new/history/")
    assert IntakeDraft.objects.get(client=ava).answers == {"pain_chart": CHART}


def test_intake_chart_step_overall_fields_win_over_the_json(signed_in, ava):
    signed_in.post("/intake/new/")
    overall = {"pain_worst": "9", "pain_least": "1", "pain_average": "5", "pain_now": "0"}

    signed_in.post("/intake/new/chart/", {"pain_chart": json.dumps(CHART), **overall})

    saved = IntakeDraft.objects.get(client=ava).answers["pain_chart"]
    assert saved == {**CHART, "worst": 9, "least": 1, "now": 0}


def test_intake_chart_step_with_invalid_json_is_a_400_keeping_the_typed_values(signed_in, ava):
    signed_in.post("/intake/new/")

    response = signed_in.post("/intake/new/chart/", {**FALLBACK, "pain_chart": "{not json"})

    assert response.status_code == 400
    assertContains(
        response,
        '<div class="alert alert-danger py-2" role="alert">The pain chart is not valid JSON.</div>',
        count=1,
        status_code=400,
    )
    assert [
        input_value(response, f"pain_{key}") for key in ["worst", "least", "average", "now"]
    ] == [
        "8",
        "2",
        "5",
        "4",
    ]
    assert (input_value(response, "pain_temple_L"), input_value(response, "pain_neck_back_R")) == (
        "7",
        "4",
    )
    assert IntakeDraft.objects.get(client=ava).answers == {}


@pytest.mark.parametrize(
    ("chart", "message"),
    [
        (pain_chart(pain_mark("elbow", "L", 5)), "Mark 1: unknown body region &#x27;elbow&#x27;."),
        (
            pain_chart(pain_mark("temple", "L", 5, "itchy")),
            "Mark 1: unknown pain quality &#x27;itchy&#x27;.",
        ),
        (
            [pain_mark("temple", "L", 5)],
            "The pain chart must be an object with marks and overall pain.",
        ),
    ],
)
def test_intake_chart_step_with_a_wrong_chart_is_a_400_with_the_message(signed_in, chart, message):
    signed_in.post("/intake/new/")

    response = signed_in.post("/intake/new/chart/", {**FALLBACK, "pain_chart": json.dumps(chart)})

    assertContains(response, f'role="alert">{message}</div>', count=1, status_code=400)


def test_intake_chart_step_with_deeply_nested_json_is_a_400(signed_in):
    signed_in.post("/intake/new/")

    response = signed_in.post("/intake/new/chart/", {**FALLBACK, "pain_chart": "[" * 5000})

    assertContains(
        response, 'role="alert">The pain chart is not valid JSON.</div>', status_code=400
    )


def test_intake_chart_step_with_a_number_out_of_range_is_a_400(signed_in):
    signed_in.post("/intake/new/")

    response = signed_in.post("/intake/new/chart/", {**FALLBACK, "pain_temple_L": "11"})

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "pain_temple_L": ["Ensure this value is less than or equal to 10."]
    }


def test_intake_chart_step_without_overall_pain_is_a_400(signed_in):
    signed_in.post("/intake/new/")

    response = signed_in.post("/intake/new/chart/", {"pain_temple_L": "7"})

    assertContains(
        response,
        'role="alert">Give your worst pain in the last 24 hours (0-10).</div>',
        status_code=400,
    )


def test_intake_chart_step_without_javascript_revisited_takes_the_edited_numbers(signed_in, ava):
    """Going back to the chart: the page carries the saved chart, and the edits still count."""
    signed_in.post("/intake/new/")
    signed_in.post("/intake/new/chart/", FALLBACK)
    page = signed_in.get("/intake/new/chart/")
    saved_json = input_value(page, "pain_chart").replace("&quot;", '"')

    signed_in.post(
        "/intake/new/chart/",
        {**FALLBACK, "pain_chart": saved_json, "pain_temple_L": "3", "pain_neck_back_R": ""},
    )

    assert IntakeDraft.objects.get(client=ava).answers["pain_chart"] == pain_chart(
        pain_mark("temple", "L", 3), worst=8, least=2, average=5, now=4
    )


def test_intake_chart_step_unchanged_keeps_the_qualities_of_the_saved_chart(signed_in, ava):
    submit_intake(ava, chart=CHART)
    signed_in.post("/intake/new/")
    page = signed_in.get("/intake/new/chart/")
    data = {
        name: input_value(page, name)
        for name in ["pain_chart", "pain_worst", "pain_least", "pain_average", "pain_now"]
    }
    data.update(pain_chart=data["pain_chart"].replace("&quot;", '"'), pain_temple_L="7")
    data["pain_neck_back_R"] = "4"

    signed_in.post("/intake/new/chart/", data)

    assert IntakeDraft.objects.get(client=ava).answers["pain_chart"] == CHART
