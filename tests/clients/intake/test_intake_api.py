"""The intake API: a client's own intake (GET, POST) and a client's intake for their therapist."""

import json
from datetime import UTC, datetime

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from clients.intake.models import Intake
from clients.intake.screening import STOP_AND_REFER
from clinic.accounts.models import Role
from clinic.audit.models import AuditEvent
from sessions.models import AppointmentStatus
from tests.clock import frozen_at
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    TherapistFactory,
    intake_answers,
    pain_chart,
    pain_mark,
    submit_intake,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
LATER = datetime(2026, 12, 8, 17, 30, tzinfo=UTC)
OWN = "/api/v1/intake/"
MISSING_ID = 999_999
IP = "203.0.113.9"
CHART = pain_chart(
    pain_mark("temple", "L", 7, "aching", "throbbing"),
    pain_mark("neck_back", "R", 4, "stiffness"),
    worst=8,
    least=2,
    average=5,
    now=4,
)


frozen = frozen_at(NOW)


def api(user=None) -> APIClient:
    http = APIClient(REMOTE_ADDR=IP)
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        http.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return http


def client_path(client_id: int) -> str:
    return f"/api/v1/clients/{client_id}/intake/"


def submission(**changes) -> dict:
    """A POST body: every answer, the chart and the signature of Ava Chen."""
    return {**intake_answers(), "pain_chart": CHART, "signature": "Ava Chen", **changes}


def reads() -> list[tuple]:
    return list(
        AuditEvent.objects.filter(action=AuditEvent.Action.READ)
        .order_by("pk")
        .values_list("actor_id", "record_type", "record_id", "at", "ip")
    )


@pytest.fixture
def ava():
    return ClientFactory(first_name="Ava", last_name="Chen")


@pytest.fixture
def intake(ava):
    return submit_intake(ava, chart=CHART)


@pytest.fixture
def therapist(ava):
    therapist = TherapistFactory()
    AppointmentFactory(client=ava, therapist=therapist)
    return therapist.user


# GET /api/v1/intake/


def test_own_intake_gives_the_current_version(ava, intake, frozen):
    frozen.move_to(LATER)
    latest = submit_intake(ava, chart=CHART, phone="416-555-0777", osteoporosis=True)

    response = api(ava).get(OWN)

    assert response.status_code == 200
    assert response.json() == {
        "version": 2,
        "created_at": "2026-12-08T12:30:00-05:00",
        "signed_at": "2026-12-08T12:30:00-05:00",
        "screening": {"status": "caution", "reasons": latest.screening_reasons},
        **intake_answers(phone="416-555-0777", osteoporosis=True),
        "pain_chart": CHART,
    }
    assert latest.screening_reasons == [
        "Osteoporosis: gentle pressure, no forceful work over bones."
    ]


def test_own_intake_without_one_is_a_404(ava):
    response = api(ava).get(OWN)

    assert (response.status_code, response.json()) == (404, {"detail": "No intake yet."})


def test_own_intake_of_a_therapist_is_a_404(intake, therapist):
    response = api(therapist).get(OWN)

    assert response.status_code == 404


def test_own_intake_anonymous_is_a_401(intake):
    response = api().get(OWN)

    assert (response.status_code, response.json()) == (
        401,
        {"detail": "Authentication credentials were not provided."},
    )


def test_own_intake_read_is_audited(ava, intake):
    api(ava).get(OWN)

    assert reads() == [(ava.pk, "intake.Intake", str(intake.pk), NOW, IP)]


# POST /api/v1/intake/


def test_post_intake_first_time_makes_version_1(ava):
    response = api(ava).post(OWN, submission(), format="json")

    assert response.status_code == 201
    assert response.json() == {
        "version": 1,
        "created_at": "2026-12-01T10:00:00-05:00",
        "signed_at": "2026-12-01T10:00:00-05:00",
        "screening": {"status": "clear", "reasons": []},
        **intake_answers(),
        "pain_chart": CHART,
    }
    intake = Intake.objects.get()
    assert (intake.client, intake.signature, intake.signed_ip) == (ava, "Ava Chen", IP)


def test_post_intake_screens_the_answers(ava):
    response = api(ava).post(OWN, submission(clot_signs=True), format="json")

    assert response.json()["screening"] == {
        "status": "needs_clearance",
        "reasons": [STOP_AND_REFER["clot_signs"]],
    }


def test_post_intake_accepts_the_chart_as_json_text(ava):
    response = api(ava).post(OWN, submission(pain_chart=json.dumps(CHART)), format="json")

    assert (response.status_code, response.json()["pain_chart"]) == (201, CHART)


def test_get_modify_post_round_trip_makes_version_2(ava, intake, frozen):
    body = api(ava).get(OWN).json()
    body["phone"] = "416-555-0777"
    body["night_pain"] = True
    body["pain_chart"]["marks"].append(pain_mark("low_back", "L", 6, "burning"))
    body["pain_chart"]["worst"] = 9
    body["signature"] = "ava  CHEN"
    frozen.move_to(LATER)

    response = api(ava).post(OWN, body, format="json")

    assert response.status_code == 201
    current = Intake.objects.current_for(ava)
    assert (current.version, current.phone, current.night_pain, current.signature) == (
        2,
        "416-555-0777",
        True,
        "ava CHEN",
    )
    assert current.pain_chart == {
        **CHART,
        "marks": [*CHART["marks"], pain_mark("low_back", "L", 6, "burning")],
        "worst": 9,
    }
    assert response.json() == api(ava).get(OWN).json()


def test_post_intake_ignores_read_only_fields(ava, intake, frozen):
    body = api(ava).get(OWN).json()
    body.update(
        version=41,
        created_at="2020-01-01T00:00:00Z",
        signed_at="2020-01-01T00:00:00Z",
        screening={"status": "clear", "reasons": []},
        clot_signs=True,
        signature="Ava Chen",
    )
    frozen.move_to(LATER)

    response = api(ava).post(OWN, body, format="json")

    data = response.json()
    assert (data["version"], data["created_at"], data["signed_at"]) == (
        2,
        "2026-12-08T12:30:00-05:00",
        "2026-12-08T12:30:00-05:00",
    )
    assert data["screening"] == {
        "status": "needs_clearance",
        "reasons": [STOP_AND_REFER["clot_signs"]],
    }


def test_post_intake_leaves_the_earlier_version_as_it_was(ava, intake):
    before = Intake.objects.filter(pk=intake.pk).values().get()

    api(ava).post(OWN, submission(phone="416-555-0777", cancer=True), format="json")

    assert Intake.objects.filter(pk=intake.pk).values().get() == before
    assert Intake.objects.filter(client=ava).count() == 2


def test_post_intake_writes_a_create_event_not_a_read(ava):
    api(ava).post(OWN, submission(), format="json")

    intake = Intake.objects.get()
    assert list(AuditEvent.objects.values_list("actor_id", "action", "record_id", "ip")) == [
        (ava.pk, "create", str(intake.pk), IP)
    ]


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


# GET /api/v1/clients/ID/intake/


def get_client_intake(user, client_id: int):
    return api(user).get(client_path(client_id))


def test_client_intake_for_the_client_themself(ava, intake):
    response = get_client_intake(ava, ava.pk)

    assert (response.status_code, response.json()["version"]) == (200, 1)


def test_client_intake_for_the_booked_therapist_is_the_current_version(ava, intake, therapist):
    submit_intake(ava, chart=CHART, phone="416-555-0777")

    response = get_client_intake(therapist, ava.pk)

    assert response.status_code == 200
    assert response.json() == api(ava).get(OWN).json()
    assert (response.json()["version"], response.json()["phone"]) == (2, "416-555-0777")


def test_client_intake_for_a_therapist_who_treated_the_client(ava, intake):
    treated = TherapistFactory()
    AppointmentFactory(client=ava, therapist=treated, status=AppointmentStatus.COMPLETED)

    response = get_client_intake(treated.user, ava.pk)

    assert response.status_code == 200


def test_client_intake_for_an_admin(ava, intake):
    response = get_client_intake(AdminFactory(role=Role.ADMIN), ava.pk)

    assert (response.status_code, response.json()["pain_chart"]) == (200, CHART)


NOT_FOUND = (404, {"detail": "No such client."})


def answer(response) -> tuple[int, dict]:
    return response.status_code, response.json()


def test_client_intake_for_another_client_is_a_404(ava, intake):
    assert answer(get_client_intake(ClientFactory(), ava.pk)) == NOT_FOUND


def test_client_intake_for_a_therapist_without_booking_is_a_404(ava, intake):
    assert answer(get_client_intake(TherapistFactory().user, ava.pk)) == NOT_FOUND


def test_client_intake_for_a_therapist_with_only_a_cancelled_booking_is_a_404(ava, intake):
    cancelled = TherapistFactory()
    AppointmentFactory(client=ava, therapist=cancelled, status=AppointmentStatus.CANCELLED)

    assert answer(get_client_intake(cancelled.user, ava.pk)) == NOT_FOUND


def test_client_intake_of_a_client_booked_with_the_therapist_is_not_anothers(ava, intake):
    """A booking with one client opens only that client's records."""
    therapist = TherapistFactory()
    AppointmentFactory(therapist=therapist)

    assert answer(get_client_intake(therapist.user, ava.pk)) == NOT_FOUND


@pytest.mark.parametrize("who", ["other_client", "therapist_without_booking"])
def test_client_intake_of_a_missing_client_answers_as_for_someone_elses(ava, intake, who):
    user = ClientFactory() if who == "other_client" else TherapistFactory().user

    assert answer(get_client_intake(user, MISSING_ID)) == answer(get_client_intake(user, ava.pk))
    assert answer(get_client_intake(user, MISSING_ID)) == NOT_FOUND


def test_client_intake_of_a_missing_client_for_an_admin_is_a_404():
    response = get_client_intake(AdminFactory(role=Role.ADMIN), MISSING_ID)

    assert response.status_code == 404


def test_client_intake_of_a_client_without_intake_for_their_therapist_is_a_404(ava, therapist):
    assert answer(get_client_intake(therapist, ava.pk)) == (404, {"detail": "No intake yet."})


def test_client_intake_anonymous_is_a_401(ava, intake):
    assert get_client_intake(None, ava.pk).status_code == 401


def test_client_intake_refused_writes_no_event(ava, intake):
    get_client_intake(TherapistFactory().user, ava.pk)
    get_client_intake(ClientFactory(), ava.pk)

    assert reads() == []


@pytest.mark.parametrize("who", ["client", "therapist", "admin"])
def test_client_intake_read_writes_one_event_with_actor_and_ip(ava, intake, therapist, who):
    user = {"client": ava, "therapist": therapist, "admin": AdminFactory(role=Role.ADMIN)}[who]

    get_client_intake(user, ava.pk)

    assert reads() == [(user.pk, "intake.Intake", str(intake.pk), NOW, IP)]
