"""POST /api/v1/appointments/ID/note/: opening and saving a draft, every refusal."""

import pytest
from rest_framework.test import APIClient

from clinic.audit.models import AuditEvent
from sessions.models import AppointmentStatus
from sessions.notes.models import SessionNote
from tests.api import api_as
from tests.factories import submit_intake

from .api_requests import (
    LOCKED,
    NO_APPOINTMENT,
    NOT_AUTHOR,
    POINT_OUT,
    draft_of,
    note_url,
    post,
    signed_of,
    snapshot,
)
from .note_cast import FIELDS, POINT, choice

pytestmark = pytest.mark.django_db

MISSING_ID = 999_999


def as_author(cast) -> APIClient:
    return api_as(cast["people"]["therapist"])


def test_post_note_opens_a_draft(cast):
    appointment, therapist = cast["appointment"], cast["people"]["therapist"]
    submit_intake(cast["ava"])

    response = post(therapist, note_url(appointment.pk))

    note = SessionNote.objects.get()
    assert response.status_code == 200
    assert response.json() == {
        "id": note.pk,
        "appointment": appointment.pk,
        "author": therapist.pk,
        "status": "draft",
        "intake_version": 1,
        "subjective": "",
        "objective": "",
        "assessment": "",
        "plan": "",
        "rebook_after_days": None,
        "pain_before": None,
        "pain_after": None,
        "therapist_remarks": "",
        "signed_at": None,
        "limit_breaches": [],
        "limit_override_reason": "",
        "points": [],
        "addenda": [],
    }


def test_post_note_saves_fields_and_points(cast):
    appointment = cast["appointment"]

    response = post(
        cast["people"]["therapist"], note_url(appointment.pk), {**FIELDS, "points": [POINT]}
    )

    body = response.json()
    assert response.status_code == 200
    assert {name: body[name] for name in FIELDS} == FIELDS
    assert (body["status"], body["intake_version"], body["points"]) == (
        "draft",
        None,
        [POINT_OUT],
    )


def test_post_note_again_updates_the_same_draft(cast):
    appointment = cast["appointment"]
    draft_of(cast, **FIELDS, points=[POINT])
    second = {**POINT, "muscle": "other", "other_muscle": "Coracobrachialis", "side": "R"}

    response = post(
        cast["people"]["therapist"],
        note_url(appointment.pk),
        {"plan": "Rest a week.", "pain_after": None, "points": [second]},
    )

    body = response.json()
    assert response.status_code == 200
    assert (body["plan"], body["pain_after"], body["subjective"]) == (
        "Rest a week.",
        None,
        FIELDS["subjective"],
    )
    assert body["points"] == [
        {**POINT_OUT, **second, "muscle_name": "Coracobrachialis"},
    ]
    assert SessionNote.objects.count() == 1


def test_post_note_without_points_keeps_the_points(cast):
    draft_of(cast, **FIELDS, points=[POINT, {**POINT, "side": "R"}])

    response = post(
        cast["people"]["therapist"], note_url(cast["appointment"].pk), {"plan": "Rest a week."}
    )

    assert response.status_code == 200
    assert response.json()["plan"] == "Rest a week."
    assert [p["side"] for p in response.json()["points"]] == ["L", "R"]


def test_post_note_with_an_empty_points_list_removes_the_points(cast):
    draft_of(cast, **FIELDS, points=[POINT])

    response = post(cast["people"]["therapist"], note_url(cast["appointment"].pk), {"points": []})

    assert (response.status_code, response.json()["points"]) == (200, [])


def test_post_note_writes_create_and_change_to_the_audit_trail(cast):
    therapist = cast["people"]["therapist"]

    post(therapist, note_url(cast["appointment"].pk), {**FIELDS, "points": [POINT]})

    note = SessionNote.objects.get()
    assert list(
        AuditEvent.objects.filter(record_type="notes.SessionNote", record_id=note.pk)
        .order_by("pk")
        .values_list("actor", "action", "ip")
    ) == [(therapist.pk, "create", "127.0.0.1"), (therapist.pk, "change", "127.0.0.1")]


def test_post_note_with_malformed_json_is_a_400(cast):
    draft_of(cast, **FIELDS)
    before = snapshot()

    response = as_author(cast).post(
        note_url(cast["appointment"].pk), '{"plan": "x",', content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ([FIELDS], {"detail": "Send a JSON object with the note's fields."}),
        ("a note", {"detail": "Send a JSON object with the note's fields."}),
        ({"points": "none"}, {"points": ["Send the treated points as a list of objects."]}),
        ({"points": {"0": POINT}}, {"points": ["Send the treated points as a list of objects."]}),
        ({"points": [POINT, "x"]}, {"points": ["Send the treated points as a list of objects."]}),
        ({"points": None}, {"points": ["Send the treated points as a list of objects."]}),
        ({"pain_before": {"value": 3}}, {"pain_before": ["Give a single value."]}),
        (
            {"plan": ["a", "b"], "subjective": {}},
            {
                "plan": ["Give a single value."],
                "subjective": ["Give a single value."],
            },
        ),
        ({"pain_before": 11}, {"pain_before": ["Ensure this value is less than or equal to 10."]}),
        ({"pain_after": -1}, {"pain_after": ["Ensure this value is greater than or equal to 0."]}),
        ({"pain_after": "a lot"}, {"pain_after": ["Enter a whole number."]}),
        (
            {"rebook_after_days": 0},
            {"rebook_after_days": ["Ensure this value is greater than or equal to 1."]},
        ),
    ],
)
def test_post_note_with_bad_input_is_a_400_naming_the_field(cast, body, errors):
    draft_of(cast, **FIELDS, points=[POINT])
    before = snapshot()

    response = post(cast["people"]["therapist"], note_url(cast["appointment"].pk), body)

    assert (response.status_code, response.json()) == (400, errors)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"pressure": 0}, {"pressure": [choice(0)]}),
        ({"pressure": 6}, {"pressure": [choice(6)]}),
        ({"pressure": [3]}, {"pressure": [choice([3])]}),
        (
            {"duration_seconds": 0},
            {"duration_seconds": ["Ensure this value is greater than or equal to 1."]},
        ),
        (
            {"duration_seconds": 1801},
            {"duration_seconds": ["Ensure this value is less than or equal to 1800."]},
        ),
        ({"muscle": "biceps_of_the_ear"}, {"muscle": [choice("biceps_of_the_ear")]}),
        ({"muscle": "other"}, {"other_muscle": ["Name the muscle."]}),
        ({"technique": "cupping"}, {"technique": [choice("cupping")]}),
        ({"side": "X"}, {"side": [choice("X")]}),
        ({"response": "cured"}, {"response": [choice("cured")]}),
    ],
)
def test_post_note_with_a_bad_point_is_a_400_naming_the_field(cast, change, errors):
    draft_of(cast, **FIELDS, points=[POINT])
    before = snapshot()

    response = post(
        cast["people"]["therapist"],
        note_url(cast["appointment"].pk),
        {"plan": "Changed.", "points": [{**POINT, **change}]},
    )

    assert (response.status_code, response.json()) == (400, {"points": [errors]})
    assert snapshot() == before


@pytest.mark.parametrize("role", ["client", "admin", "other_therapist"])
def test_post_note_by_someone_who_is_not_the_author_is_a_403(cast, role):
    response = post(cast["people"][role], note_url(cast["appointment"].pk), FIELDS)

    assert (response.status_code, response.json()) == (403, NOT_AUTHOR)
    assert SessionNote.objects.count() == 0


@pytest.mark.parametrize("role", ["other_client", "unrelated_therapist"])
def test_post_note_by_a_non_participant_is_a_404(cast, role):
    response = post(cast["people"][role], note_url(cast["appointment"].pk), FIELDS)

    assert (response.status_code, response.json()) == (404, NO_APPOINTMENT)
    assert SessionNote.objects.count() == 0


def test_post_note_for_a_missing_appointment_is_a_404(cast):
    response = post(cast["people"]["therapist"], note_url(MISSING_ID), FIELDS)

    assert (response.status_code, response.json()) == (404, NO_APPOINTMENT)


def test_post_note_without_a_token_is_a_401(cast):
    response = post(None, note_url(cast["appointment"].pk), FIELDS)

    assert response.status_code == 401
    assert SessionNote.objects.count() == 0


def test_post_note_for_a_cancelled_appointment_is_a_403(cast):
    appointment = cast["appointment"]
    appointment.status = AppointmentStatus.CANCELLED
    appointment.save()

    response = post(cast["people"]["therapist"], note_url(appointment.pk), FIELDS)

    assert (response.status_code, response.json()) == (
        403,
        {"detail": "A cancelled appointment has no note."},
    )


def test_post_note_to_a_signed_note_is_a_403_saying_it_is_locked(cast):
    signed_of(cast)
    before = snapshot()

    response = post(
        cast["people"]["therapist"],
        note_url(cast["appointment"].pk),
        {"plan": "Changed after signing.", "points": []},
    )

    assert (response.status_code, response.json()) == (403, LOCKED)
    assert snapshot() == before
