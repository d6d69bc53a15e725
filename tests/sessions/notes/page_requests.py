"""How the page tests arrange a note, what each kind of request sends, and how they read
the answer and the database."""

from sessions.models import Appointment
from sessions.notes.models import NoteAddendum, SessionNote, TreatedPoint
from tests.factories import SessionNoteFactory, TreatedPointFactory, point_fields, signed_note
from tests.pages import http_as

from . import note_cast

# The shared fields, with a plan the editor's saves are told apart by.
FIELDS = {**note_cast.FIELDS, "plan": "Saved plan."}
POINT = point_fields(other_muscle="")


def arrange(cast, state: str | None) -> SessionNote | None:
    appointment = cast["appointment"]
    if state == "draft":
        note = SessionNoteFactory(appointment=appointment, plan="Draft plan.")
        TreatedPointFactory(note=note)
        return note
    if state == "signed":
        return signed_note(appointment=appointment, points=1, therapist_remarks="Private.")
    return None


def form_data(fields=None, points=(POINT,), *, initial: int = 0, sign: bool = False) -> dict:
    """What the editor's form posts: the note's fields and the points formset."""
    fields = FIELDS if fields is None else fields
    data = {name: "" if value is None else value for name, value in fields.items()}
    data.update(
        {
            "points-TOTAL_FORMS": str(len(points)),
            "points-INITIAL_FORMS": str(initial),
            "points-MIN_NUM_FORMS": "0",
            "points-MAX_NUM_FORMS": "60",
        }
    )
    for index, point in enumerate(points):
        for name, value in point.items():
            if name == "referral_reproduced" or name == "DELETE":
                if value:
                    data[f"points-{index}-{name}"] = "on"
            else:
                data[f"points-{index}-{name}"] = value
    if sign:
        data["sign"] = "1"
    return data


def request_for(kind: str, cast: dict) -> tuple[str, str, dict]:
    """(method, path, data) of one kind of request."""
    pk, ava = cast["appointment"].pk, cast["ava"].pk
    # As the editor posts it for a note with one point: that row, and nothing new.
    save = form_data(initial=1)
    bad = form_data({**FIELDS, "pain_before": 11}, initial=1)
    return {
        "note-get": ("get", f"/appointments/{pk}/note/", {}),
        "note-get-draft": ("get", f"/appointments/{pk}/note/", {}),
        "note-get-signed": ("get", f"/appointments/{pk}/note/", {}),
        "start": ("post", f"/appointments/{pk}/note/start/", {}),
        "start-draft": ("post", f"/appointments/{pk}/note/start/", {}),
        "save-draft": ("post", f"/appointments/{pk}/note/save/", save),
        "sign-draft": ("post", f"/appointments/{pk}/note/save/", {**save, "sign": "1"}),
        "sign-page-draft": ("get", f"/appointments/{pk}/note/sign/", {}),
        "sign-page-signed": ("get", f"/appointments/{pk}/note/sign/", {}),
        "confirm-sign-draft": ("post", f"/appointments/{pk}/note/sign/", {}),
        "confirm-sign-signed": ("post", f"/appointments/{pk}/note/sign/", {}),
        "save-signed": ("post", f"/appointments/{pk}/note/save/", save),
        "bad-save-draft": ("post", f"/appointments/{pk}/note/save/", bad),
        "bad-save-signed": ("post", f"/appointments/{pk}/note/save/", bad),
        "addendum-signed": ("post", f"/appointments/{pk}/note/addenda/", {"text": "Left side."}),
        "addendum-draft": ("post", f"/appointments/{pk}/note/addenda/", {"text": "Left side."}),
        "outcome": ("post", f"/appointments/{pk}/outcome/", {"status": "completed"}),
        "client-record": ("get", f"/clients/{ava}/", {}),
        "my-record": ("get", "/record/", {}),
        "export-json": ("get", f"/clients/{ava}/record.json", {}),
        "export-csv": ("get", f"/clients/{ava}/record.csv", {}),
        "my-export-json": ("get", "/record/export.json", {}),
        "my-export-csv": ("get", "/record/export.csv", {}),
    }[kind]


def send(kind: str, role: str, cast: dict):
    method, path, data = request_for(kind, cast)
    http = http_as(cast["people"][role])
    return http.post(path, data) if method == "post" else http.get(path)


def snapshot() -> tuple:
    return (
        list(SessionNote.objects.order_by("pk").values()),
        list(TreatedPoint.objects.order_by("pk").values()),
        list(NoteAddendum.objects.order_by("pk").values()),
        list(Appointment.objects.order_by("pk").values_list("pk", "status")),
    )
