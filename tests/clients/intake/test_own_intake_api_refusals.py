"""What POST /api/v1/intake/ refuses, what it answers, and that it saves nothing."""

import pytest

from clients.intake.models import Intake
from clinic.accounts.models import Role
from clinic.audit.models import AuditEvent
from tests.factories import ClientFactory, intake_answers, pain_chart, pain_mark

from .api import OWN, api, submission

pytestmark = pytest.mark.django_db


def refused(user, body, *, format="json", content_type=None) -> tuple[int, dict]:
    http = api(user)
    if content_type is not None:
        response = http.post(OWN, body, content_type=content_type)
    else:
        response = http.post(OWN, body, format=format)
    return response.status_code, response.json()


def test_post_intake_with_malformed_json_is_a_400(ava):
    status, body = refused(ava, '{"phone": ', content_type="application/json")

    assert status == 400
    assert body["detail"].startswith("JSON parse error - ")
    assert Intake.objects.count() == 0


def test_post_intake_nested_too_deep_is_a_400(ava):
    depth = 100_000  # beyond any recursion limit the JSON decoder may run with
    body = '{"pain_chart": ' + "[" * depth + "]" * depth + "}"

    assert refused(ava, body, content_type="application/json") == (
        400,
        {"detail": "JSON parse error - nested too deeply."},
    )


@pytest.mark.parametrize("body", [[submission()], "Ava Chen", 7])
def test_post_intake_with_a_body_that_is_not_an_object_is_a_400(ava, body):
    assert refused(ava, body) == (
        400,
        {"detail": "Send a JSON object with the intake's answers."},
    )
    assert Intake.objects.count() == 0


@pytest.mark.parametrize(
    ("chart", "message"),
    [
        (pain_chart(pain_mark("elbow", "L", 5)), "Mark 1: unknown body region 'elbow'."),
        (pain_chart(pain_mark("sternum", "L", 5)), "Mark 1: Breastbone takes side M, not 'L'."),
        (pain_chart(pain_mark("temple", "L", 5, "itchy")), "Mark 1: unknown pain quality 'itchy'."),
        (
            pain_chart(pain_mark("temple", "L", 11)),
            "The intensity of Temple, your left must be a whole number from 0 to 10.",
        ),
        (
            pain_chart(pain_mark("temple", "L", 5), pain_mark("temple", "L", 6)),
            "Temple, your left is marked twice.",
        ),
        ({"marks": []}, "Give your worst pain in the last 24 hours (0-10)."),
        ("{not json", "The pain chart is not valid JSON."),
        ([], "The pain chart must be an object with marks and overall pain."),
        ("x" * 20_000, "The pain chart is too large."),
        (None, "Give your worst pain in the last 24 hours (0-10)."),
    ],
)
def test_post_intake_with_an_invalid_chart_is_a_400_on_the_chart(ava, chart, message):
    assert refused(ava, submission(pain_chart=chart)) == (400, {"pain_chart": [message]})
    assert Intake.objects.count() == 0


def test_post_intake_without_a_chart_is_a_400_on_the_chart(ava):
    body = submission()
    del body["pain_chart"]

    assert refused(ava, body) == (
        400,
        {"pain_chart": ["Give your worst pain in the last 24 hours (0-10)."]},
    )


@pytest.mark.parametrize("value", [["416-555-0100"], {"number": "416-555-0100"}])
def test_post_intake_with_a_list_or_object_for_a_text_answer_is_a_400(ava, value):
    assert refused(ava, submission(phone=value, goals=["Sleep"])) == (
        400,
        {"goals": ["Give a single value."], "phone": ["Give a single value."]},
    )


def test_post_intake_without_signature_is_a_400(ava):
    body = submission()
    del body["signature"]

    assert refused(ava, body) == (400, {"signature": ["Type your full name to sign."]})


@pytest.mark.parametrize("signature", [None, 7, ["Ava Chen"], ""])
def test_post_intake_with_a_signature_that_is_not_text_is_a_400(ava, signature):
    assert refused(ava, submission(signature=signature)) == (
        400,
        {"signature": ["Type your full name to sign."]},
    )


def test_post_intake_with_the_wrong_signature_is_a_400(ava):
    assert refused(ava, submission(signature="Noah Patel")) == (
        400,
        {"signature": ["Type your full name as on your account: Ava Chen."]},
    )


def test_post_intake_gives_every_field_error_at_once(ava):
    body = submission(
        phone="",
        consent_privacy=False,
        pain_pattern="sometimes",
        pain_chart=pain_chart(worst=2, least=5, average=3),
        signature="Noah Patel",
    )

    assert refused(ava, body) == (
        400,
        {
            "phone": ["This field is required."],
            "pain_pattern": [
                "Select a valid choice. sometimes is not one of the available choices."
            ],
            "consent_privacy": ["This consent is needed to go on."],
            "pain_chart": ["The least pain can't be more than the worst."],
            "signature": ["Type your full name as on your account: Ava Chen."],
        },
    )


def test_post_intake_as_a_form_post_is_validated_the_same(ava):
    body = {**intake_answers(), "signature": "Ava Chen", "pain_chart": "[]"}

    assert refused(ava, body, format="multipart") == (
        400,
        {"pain_chart": ["The pain chart must be an object with marks and overall pain."]},
    )


def test_post_intake_anonymous_is_a_401(ava):
    response = api().post(OWN, submission(), format="json")

    assert response.status_code == 401
    assert Intake.objects.count() == 0


@pytest.mark.parametrize("role", [Role.THERAPIST, Role.ADMIN])
def test_post_intake_by_staff_is_a_403(role):
    user = ClientFactory(role=role, first_name="Ava", last_name="Chen")

    response = api(user).post(OWN, submission(), format="json")

    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Only clients fill an intake form."},
    )
    assert Intake.objects.count() == 0


def test_post_intake_refused_writes_no_event(ava):
    api(ava).post(OWN, submission(signature="Noah Patel"), format="json")

    assert AuditEvent.objects.count() == 0
