"""A client's own intake through the API: reading the current version, signing the next."""

import json
from datetime import UTC, datetime

import pytest

from clients.intake.models import Intake
from clients.intake.screening import STOP_AND_REFER
from clinic.audit.models import AuditEvent
from tests.factories import intake_answers, pain_mark, submit_intake

from .api import IP, OWN, api, reads, submission
from .data import CHART, NOW

pytestmark = pytest.mark.django_db

LATER = datetime(2026, 12, 8, 17, 30, tzinfo=UTC)


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
        "consent_treatment_version": 1,
        "consent_privacy_version": 1,
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


def test_post_intake_first_time_makes_version_1(ava):
    response = api(ava).post(OWN, submission(), format="json")

    assert response.status_code == 201
    assert response.json() == {
        "version": 1,
        "created_at": "2026-12-01T10:00:00-05:00",
        "signed_at": "2026-12-01T10:00:00-05:00",
        "screening": {"status": "clear", "reasons": []},
        **intake_answers(),
        "consent_treatment_version": 1,
        "consent_privacy_version": 1,
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
