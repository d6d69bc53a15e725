"""How the API tests call the note API, and the answers they expect more than once."""

from sessions.notes.models import NoteAddendum, SessionNote
from tests.api import api_as

from .note_cast import FIELDS, POINT

POINT_OUT = {**POINT, "muscle_name": "Upper trapezius", "other_muscle": ""}
LOCKED = {"detail": "The note is signed and locked; add an addendum instead."}
NOT_AUTHOR = {"detail": "Only the session's therapist writes its note."}
NO_APPOINTMENT = {"detail": "No Appointment matches the given query."}
NO_CLIENT = {"detail": "No such client."}


def note_url(appointment_id: int, rest: str = "") -> str:
    return f"/api/v1/appointments/{appointment_id}/note/{rest}"


def post(user, url: str, body=None):
    return api_as(user).post(url, body if body is not None else {}, format="json")


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
