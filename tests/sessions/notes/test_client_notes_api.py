"""GET /api/v1/clients/ID/notes/: the notes each reader may read, and the audit of it."""

from datetime import timedelta

import pytest

from clinic.audit.models import AuditEvent
from sessions.models import AppointmentStatus
from tests.api import api_as
from tests.factories import SessionNoteFactory, signed_note

from .api_requests import NO_CLIENT, POINT_OUT
from .note_cast import NOW, SESSION_START

pytestmark = pytest.mark.django_db


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
        "limit_breaches",
        "limit_override_reason",
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
