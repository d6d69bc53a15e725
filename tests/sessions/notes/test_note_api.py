"""The session-note API under /api/v1/, end to end, as a client program sees it."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from rest_framework.test import APIClient

from clients.intake.services import intake_clear
from clinic.audit.models import AuditEvent
from clinic.bodymap.suggestions import NOTE as SUGGESTION_NOTE
from sessions.models import AppointmentStatus
from sessions.notes.models import NoteAddendum, NoteStatus, SessionNote
from tests.api import api_as
from tests.clock import frozen_at
from tests.factories import (
    SessionNoteFactory,
    pain_chart,
    pain_mark,
    point_fields,
    signed_note,
    submit_intake,
)

from .note_cast import NOW, SESSION_START, note_cast

pytestmark = pytest.mark.django_db

MISSING_ID = 999_999

FIELDS = {
    "subjective": "Headaches twice a week.",
    "objective": "Taut band, left upper trapezius.",
    "assessment": "Myofascial pain.",
    "plan": "Stretch twice a day.",
    "rebook_after_days": 14,
    "pain_before": 6,
    "pain_after": 3,
    "therapist_remarks": "Anxious about work.",
}
POINT = point_fields()
POINT_OUT = {**POINT, "muscle_name": "Upper trapezius", "other_muscle": ""}
LOCKED = {"detail": "The note is signed and locked; add an addendum instead."}
NOT_AUTHOR = {"detail": "Only the session's therapist writes its note."}
NO_APPOINTMENT = {"detail": "No Appointment matches the given query."}
NO_CLIENT = {"detail": "No such client."}
ROLES = [
    "client",
    "other_client",
    "therapist",
    "other_therapist",
    "unrelated_therapist",
    "admin",
]


frozen = frozen_at(NOW)


@pytest.fixture
def cast():
    return note_cast()


def note_url(appointment_id: int, rest: str = "") -> str:
    return f"/api/v1/appointments/{appointment_id}/note/{rest}"


def post(user, url: str, body=None):
    return api_as(user).post(url, body if body is not None else {}, format="json")


def as_author(cast) -> APIClient:
    return api_as(cast["people"]["therapist"])


def draft_of(cast, **fields) -> SessionNote:
    appointment = cast["appointment"]
    response = post(cast["people"]["therapist"], note_url(appointment.pk), fields)
    assert response.status_code == 200, response.content
    return SessionNote.objects.get(appointment=appointment)


def signed_of(cast) -> SessionNote:
    note = draft_of(cast, **FIELDS, points=[POINT])
    response = post(cast["people"]["therapist"], note_url(cast["appointment"].pk, "sign/"))
    assert response.status_code == 200, response.content
    note.refresh_from_db()
    return note


def snapshot() -> tuple:
    return (
        list(SessionNote.objects.order_by("pk").values()),
        [list(n.points.order_by("pk").values_list()) for n in SessionNote.objects.order_by("pk")],
        list(NoteAddendum.objects.order_by("pk").values()),
    )


# POST /api/v1/appointments/ID/note/


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


def choice(value) -> str:
    return f"Select a valid choice. {value} is not one of the available choices."


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


# POST .../note/sign/


def test_sign_locks_the_note(cast, frozen):
    draft_of(cast, **FIELDS, points=[POINT])
    frozen.shift(timedelta(minutes=3))

    response = post(cast["people"]["therapist"], note_url(cast["appointment"].pk, "sign/"))

    body = response.json()
    assert response.status_code == 200
    assert (body["status"], body["signed_at"], body["points"]) == (
        "signed",
        "2026-12-01T10:03:00-05:00",
        [POINT_OUT],
    )
    cast["appointment"].refresh_from_db()
    assert cast["appointment"].status == AppointmentStatus.COMPLETED
    assert AuditEvent.objects.filter(action="sign").count() == 1


def test_sign_without_the_pain_scores_is_a_400(cast):
    draft_of(cast, plan="Stretch.")

    response = post(cast["people"]["therapist"], note_url(cast["appointment"].pk, "sign/"))

    assert (response.status_code, response.json()) == (
        400,
        {
            "pain_before": ["Give the pain now, 0-10, before signing."],
            "pain_after": ["Give the pain now, 0-10, before signing."],
        },
    )
    assert SessionNote.objects.get().status == NoteStatus.DRAFT


def test_sign_without_a_note_is_a_404(cast):
    response = post(cast["people"]["therapist"], note_url(cast["appointment"].pk, "sign/"))

    assert (response.status_code, response.json()) == (
        404,
        {"detail": "This session has no note yet."},
    )


def test_sign_again_is_a_403(cast):
    signed_of(cast)
    before = snapshot()

    response = post(cast["people"]["therapist"], note_url(cast["appointment"].pk, "sign/"))

    assert (response.status_code, response.json()) == (403, LOCKED)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("role", "status", "body"),
    [
        ("client", 404, {"detail": "This session has no note yet."}),  # a draft is not hers
        ("admin", 403, NOT_AUTHOR),
        ("other_client", 404, NO_APPOINTMENT),
        ("unrelated_therapist", 404, NO_APPOINTMENT),
    ],
)
def test_sign_by_anyone_but_the_author(cast, role, status, body):
    draft_of(cast, **FIELDS)
    before = snapshot()

    response = post(cast["people"][role], note_url(cast["appointment"].pk, "sign/"))

    assert (response.status_code, response.json()) == (status, body)
    assert snapshot() == before


# POST .../note/addenda/


@pytest.mark.parametrize("role", ["therapist", "other_therapist", "admin"])
def test_addendum_by_a_therapist_of_the_client_or_an_admin(cast, role):
    signed_of(cast)
    user = cast["people"][role]

    response = post(user, note_url(cast["appointment"].pk, "addenda/"), {"text": " Left side. "})

    addendum = NoteAddendum.objects.get()
    assert response.status_code == 201
    assert response.json()["addenda"] == [
        {
            "id": addendum.pk,
            "author": user.get_full_name(),
            "text": "Left side.",
            "created_at": "2026-12-01T10:00:00-05:00",
        }
    ]
    assert response.json()["status"] == "signed"


def test_addenda_are_listed_in_order(cast, frozen):
    signed_of(cast)
    url = note_url(cast["appointment"].pk, "addenda/")
    post(cast["people"]["therapist"], url, {"text": "First."})
    frozen.shift(timedelta(days=1))
    post(cast["people"]["admin"], url, {"text": "Second."})

    response = post(cast["people"]["therapist"], url, {"text": "Third."})

    assert [a["text"] for a in response.json()["addenda"]] == ["First.", "Second.", "Third."]


def test_addendum_by_the_client_is_a_403(cast):
    signed_of(cast)

    response = post(
        cast["people"]["client"], note_url(cast["appointment"].pk, "addenda/"), {"text": "Mine."}
    )

    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Only the client's therapists and admins add addenda."},
    )
    assert NoteAddendum.objects.count() == 0


@pytest.mark.parametrize("role", ["other_client", "unrelated_therapist"])
def test_addendum_by_a_non_participant_is_a_404(cast, role):
    signed_of(cast)

    response = post(
        cast["people"][role], note_url(cast["appointment"].pk, "addenda/"), {"text": "Mine."}
    )

    assert (response.status_code, response.json()) == (404, NO_APPOINTMENT)
    assert NoteAddendum.objects.count() == 0


def test_addendum_to_a_draft_is_a_403(cast):
    draft_of(cast, **FIELDS)

    response = post(
        cast["people"]["therapist"], note_url(cast["appointment"].pk, "addenda/"), {"text": "x"}
    )

    assert (response.status_code, response.json()) == (
        403,
        {"detail": "A draft is corrected by editing it; addenda are for signed notes."},
    )


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"text": ""}, {"text": ["Write the addendum."]}),
        ({"text": "   "}, {"text": ["Write the addendum."]}),
        ({}, {"text": ["Write the addendum."]}),
        (["text"], {"text": ["Write the addendum."]}),
        ({"text": 42}, {"text": ["Write the addendum as text."]}),
        ({"text": ["a", "b"]}, {"text": ["Write the addendum as text."]}),
        ({"text": None}, {"text": ["Write the addendum as text."]}),
    ],
)
def test_addendum_with_bad_text_is_a_400(cast, body, errors):
    signed_of(cast)

    response = post(cast["people"]["therapist"], note_url(cast["appointment"].pk, "addenda/"), body)

    assert (response.status_code, response.json()) == (400, errors)
    assert NoteAddendum.objects.count() == 0


# GET /api/v1/clients/ID/notes/


@pytest.fixture
def record(cast):
    """Ava's notes: signed by her therapist (with an addendum), his draft, the other's draft."""
    ava, service = cast["ava"], cast["service"]
    therapist, other = cast["people"]["therapist"], cast["people"]["other_therapist"]
    signed = signed_note(
        appointment=cast["appointment"],
        points=2,
        addenda=1,
        therapist_remarks="Therapists only.",
    )
    draft = SessionNoteFactory(
        appointment__client=ava,
        appointment__therapist=therapist.therapist,
        appointment__service=service,
        appointment__start=NOW - timedelta(hours=2),
    )
    others_draft = SessionNoteFactory(
        appointment__client=ava,
        appointment__therapist=other.therapist,
        appointment__service=service,
        appointment__start=SESSION_START - timedelta(days=7),
    )
    return {"signed": signed, "draft": draft, "others_draft": others_draft}


def notes_url(client_id: int) -> str:
    return f"/api/v1/clients/{client_id}/notes/"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("therapist", ["draft", "signed"]),
        ("other_therapist", ["signed", "others_draft"]),
        ("admin", ["draft", "signed", "others_draft"]),
        ("client", ["signed"]),
    ],
)
def test_client_notes_lists_what_each_reader_may_read_newest_first(cast, record, role, expected):
    response = api_as(cast["people"][role]).get(notes_url(cast["ava"].pk))

    assert response.status_code == 200
    assert response.json()["count"] == len(expected)
    assert [n["id"] for n in response.json()["results"]] == [record[k].pk for k in expected]


def test_client_notes_for_the_client_leave_out_therapist_remarks(cast, record):
    response = api_as(cast["ava"]).get(notes_url(cast["ava"].pk))

    (note,) = response.json()["results"]
    assert "therapist_remarks" not in note
    assert "Therapists only." not in response.content.decode()
    assert sorted(note) == [
        "addenda",
        "appointment",
        "assessment",
        "author",
        "id",
        "intake_version",
        "objective",
        "pain_after",
        "pain_before",
        "plan",
        "points",
        "rebook_after_days",
        "signed_at",
        "status",
        "subjective",
    ]
    assert (len(note["points"]), len(note["addenda"])) == (2, 1)


@pytest.mark.parametrize("role", ["therapist", "other_therapist", "admin"])
def test_client_notes_for_therapists_and_admins_include_therapist_remarks(cast, record, role):
    response = api_as(cast["people"][role]).get(notes_url(cast["ava"].pk))

    signed = next(n for n in response.json()["results"] if n["id"] == record["signed"].pk)
    assert signed["therapist_remarks"] == "Therapists only."


@pytest.mark.parametrize("role", ["other_client", "unrelated_therapist"])
def test_client_notes_for_anyone_else_is_a_404(cast, record, role):
    response = api_as(cast["people"][role]).get(notes_url(cast["ava"].pk))

    assert (response.status_code, response.json()) == (404, NO_CLIENT)
    assert AuditEvent.objects.filter(action="read").count() == 0


def test_client_notes_without_a_token_is_a_401(cast, record):
    assert api_as(None).get(notes_url(cast["ava"].pk)).status_code == 401


def test_client_notes_for_a_therapist_whose_only_booking_was_cancelled_is_a_404(cast, record):
    cast["ava"].appointments.filter(therapist__user=cast["people"]["other_therapist"]).update(
        status=AppointmentStatus.CANCELLED
    )

    response = api_as(cast["people"]["other_therapist"]).get(notes_url(cast["ava"].pk))

    assert response.status_code == 404


def test_client_notes_writes_a_read_per_note_to_the_audit_trail(cast, record):
    therapist = cast["people"]["therapist"]

    api_as(therapist).get(notes_url(cast["ava"].pk))

    assert sorted(
        AuditEvent.objects.filter(action="read").values_list(
            "actor", "record_type", "record_id", "ip"
        )
    ) == sorted(
        (therapist.pk, "notes.SessionNote", str(record[k].pk), "127.0.0.1")
        for k in ("draft", "signed")
    )


def test_client_notes_shows_points_and_addenda(cast, record):
    response = api_as(cast["people"]["therapist"]).get(notes_url(cast["ava"].pk))

    signed = next(n for n in response.json()["results"] if n["id"] == record["signed"].pk)
    addendum = record["signed"].addenda.get()
    assert signed["points"] == [POINT_OUT, POINT_OUT]
    assert signed["addenda"] == [
        {
            "id": addendum.pk,
            "author": cast["people"]["therapist"].get_full_name(),
            "text": addendum.text,
            "created_at": "2026-12-01T10:00:00-05:00",
        }
    ]


# GET /api/v1/clients/ID/outcomes/


def test_client_outcomes_gives_the_plots_points(cast):
    ava, service = cast["ava"], cast["service"]
    with time_machine.travel(datetime(2026, 11, 2, 14, tzinfo=UTC), tick=False):
        submit_intake(ava, chart=pain_chart(pain_mark("temple", "L", 7), average=6))
    signed_note(appointment=cast["appointment"], pain_before=6, pain_after=2)
    SessionNoteFactory(  # a draft has no outcome yet
        appointment__client=ava,
        appointment__therapist=cast["people"]["therapist"].therapist,
        appointment__service=service,
        appointment__start=NOW - timedelta(hours=3),
    )

    response = api_as(cast["people"]["therapist"]).get(f"/api/v1/clients/{ava.pk}/outcomes/")

    assert (response.status_code, response.json()) == (
        200,
        {
            "points": [
                {"date": "2026-11-02", "kind": "intake", "value": 6},
                {"date": "2026-11-30", "kind": "before", "value": 6},
                {"date": "2026-11-30", "kind": "after", "value": 2},
            ]
        },
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("client", 200),
        ("therapist", 200),
        ("other_therapist", 200),
        ("admin", 200),
        ("other_client", 404),
        ("unrelated_therapist", 404),
    ],
)
def test_client_outcomes_answers_each_role(cast, role, status):
    response = api_as(cast["people"][role]).get(f"/api/v1/clients/{cast['ava'].pk}/outcomes/")

    assert response.status_code == status
    assert response.json() == ({"points": []} if status == 200 else NO_CLIENT)


# GET /api/v1/clients/ID/suggestions/


def suggestions_url(cast) -> str:
    return f"/api/v1/clients/{cast['ava'].pk}/suggestions/"


def test_suggestions_rank_muscles_from_the_current_intake(cast):
    submit_intake(cast["ava"], chart=pain_chart(pain_mark("heel", "R", 9)))
    intake = submit_intake(
        cast["ava"], chart=pain_chart(pain_mark("temple", "L", 4), pain_mark("jaw", "L", 2))
    )

    response = api_as(cast["people"]["therapist"]).get(suggestions_url(cast))

    assert (response.status_code, response.json()) == (
        200,
        {
            "suggestions": [
                {
                    "muscle": "upper_trapezius",
                    "name": "Upper trapezius",
                    "side": "L",
                    "score": 5.0,
                    "regions": ["temple", "jaw"],
                },
                {
                    "muscle": "suboccipitals",
                    "name": "Suboccipitals",
                    "side": "L",
                    "score": 4.0,
                    "regions": ["temple"],
                },
                {
                    "muscle": "temporalis",
                    "name": "Temporalis",
                    "side": "L",
                    "score": 4.0,
                    "regions": ["temple"],
                },
                {
                    "muscle": "masseter",
                    "name": "Masseter",
                    "side": "L",
                    "score": 2.0,
                    "regions": ["jaw"],
                },
                {
                    "muscle": "scm_clavicular",
                    "name": "Sternocleidomastoid, clavicular head",
                    "side": "L",
                    "score": 1.0,
                    "regions": ["jaw"],
                },
            ],
            "note": SUGGESTION_NOTE,
        },
    )
    assert list(
        AuditEvent.objects.filter(action="read").values_list("record_type", "record_id")
    ) == [("intake.Intake", str(intake.pk))]


def test_suggestions_are_held_back_until_a_needed_clearance_is_recorded(cast):
    chart = pain_chart(pain_mark("calf", "L", 6))
    intake = submit_intake(cast["ava"], chart=chart, clot_signs=True)
    api = api_as(cast["people"]["therapist"])

    held_back = api.get(suggestions_url(cast)).json()
    intake_clear(
        intake=intake, by=cast["people"]["therapist"], note="Physician's note of 28 Nov.", ip=None
    )
    cleared = api.get(suggestions_url(cast)).json()

    assert (intake.screening_status, held_back) == (
        "needs_clearance",
        {
            "suggestions": [],
            "note": "Suggestions are held back until the screening's clearance is recorded.",
        },
    )
    assert [(s["muscle"], s["side"], s["score"]) for s in cleared["suggestions"]] == [
        ("gluteus_minimus", "L", 6.0),
        ("gastrocnemius", "L", 6.0),
        ("hamstrings", "L", 3.0),
        ("soleus", "L", 3.0),
    ]
    assert cleared["note"] == SUGGESTION_NOTE


def test_suggestions_without_an_intake_say_so(cast):
    response = api_as(cast["people"]["therapist"]).get(suggestions_url(cast))

    assert (response.status_code, response.json()) == (
        200,
        {"suggestions": [], "note": "No intake yet: nothing to suggest from."},
    )


@pytest.mark.parametrize("role", ["other_client", "unrelated_therapist"])
def test_suggestions_for_anyone_else_is_a_404(cast, role):
    submit_intake(cast["ava"])

    response = api_as(cast["people"][role]).get(suggestions_url(cast))

    assert (response.status_code, response.json()) == (404, NO_CLIENT)


# The schema


def test_schema_describes_the_note_paths():
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()

    note_paths = sorted(
        path for path in schema["paths"] if "/note" in path or path.startswith("/api/v1/clients/")
    )
    assert note_paths == [
        "/api/v1/appointments/{id}/note/",
        "/api/v1/appointments/{id}/note/addenda/",
        "/api/v1/appointments/{id}/note/sign/",
        "/api/v1/clients/{client_id}/intake/",
        "/api/v1/clients/{client_id}/notes/",
        "/api/v1/clients/{client_id}/outcomes/",
        "/api/v1/clients/{client_id}/suggestions/",
    ]
    assert list(
        schema["paths"]["/api/v1/appointments/{id}/note/addenda/"]["post"]["responses"]
    ) == ["201", "400", "401", "403", "404"]


def test_schema_describes_the_notes_request_and_answers():
    components = APIClient().get("/api/schema/", {"format": "json"}).json()["components"]
    schemas = components["schemas"]

    assert sorted(schemas["NoteWrite"]["properties"]) == sorted([*FIELDS, "points"])
    assert sorted(schemas["AddendumWrite"]["properties"]) == ["text"]
    assert schemas["Outcomes"]["properties"]["points"]["items"] == {
        "$ref": "#/components/schemas/OutcomePoint"
    }
    assert sorted(schemas["OutcomePoint"]["properties"]) == ["date", "kind", "value"]
    assert sorted(schemas["Suggestions"]["properties"]) == ["note", "suggestions"]
    assert sorted(schemas["Suggestion"]["properties"]) == [
        "muscle",
        "name",
        "regions",
        "score",
        "side",
    ]
