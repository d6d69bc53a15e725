"""Session-note pages: who reaches each URL, the editor without JavaScript, the record
pages, the exports and the admin's read-only view."""

import csv
import io
import json
import re
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from clinic.audit.models import AuditEvent
from sessions.models import Appointment, AppointmentStatus
from sessions.notes.models import NoteAddendum, NoteStatus, SessionNote, TreatedPoint
from tests.clock import frozen_at
from tests.factories import (
    AppointmentFactory,
    NoteAddendumFactory,
    SessionNoteFactory,
    TreatedPointFactory,
    pain_chart,
    pain_mark,
    point_fields,
    signed_note,
    submit_intake,
)

from .note_cast import NOW, SESSION_START, note_cast

pytestmark = pytest.mark.django_db


FIELDS = {
    "subjective": "Headaches twice a week.",
    "objective": "Taut band, left upper trapezius.",
    "assessment": "Myofascial pain.",
    "plan": "Saved plan.",
    "rebook_after_days": 14,
    "pain_before": 6,
    "pain_after": 3,
    "therapist_remarks": "Anxious about work.",
}
POINT = point_fields(other_muscle="")

ROLES = [
    "anonymous",
    "client",
    "other_client",
    "therapist",
    "other_therapist",
    "unrelated_therapist",
    "admin",
]
LOGIN = "redirect to login"
NOTE = "redirect to the note"
MY_RECORD = "redirect to the client's own record"

# url kind: (the note's state before the request, the answer for each role, in ROLES' order)
MATRIX = {
    "note-get": (None, (LOGIN, 404, 404, 200, 404, 404, 404)),
    "note-get-draft": ("draft", (LOGIN, 404, 404, 200, 404, 404, 200)),
    "note-get-signed": ("signed", (LOGIN, 200, 404, 200, 200, 404, 200)),
    "start": (None, (LOGIN, 403, 404, NOTE, 403, 404, 403)),
    "start-draft": ("draft", (LOGIN, 403, 404, NOTE, 403, 404, 403)),
    "save-draft": ("draft", (LOGIN, 404, 404, NOTE, 404, 404, 403)),
    "sign-draft": ("draft", (LOGIN, 404, 404, NOTE, 404, 404, 403)),
    "save-signed": ("signed", (LOGIN, 403, 404, 403, 403, 404, 403)),
    "bad-save-draft": ("draft", (LOGIN, 404, 404, 400, 404, 404, 403)),
    "bad-save-signed": ("signed", (LOGIN, 403, 404, 403, 403, 404, 403)),
    "addendum-signed": ("signed", (LOGIN, 403, 404, NOTE, NOTE, 404, NOTE)),
    "addendum-draft": ("draft", (LOGIN, 404, 404, 403, 404, 404, 403)),
    "outcome": ("draft", (LOGIN, 403, 404, NOTE, 403, 404, NOTE)),
    "client-record": ("signed", (LOGIN, MY_RECORD, 404, 200, 200, 404, 200)),
    "my-record": ("signed", (LOGIN, 200, 200, 403, 403, 403, 403)),
    "export-json": ("signed", (LOGIN, 200, 404, 404, 404, 404, 200)),
    "export-csv": ("signed", (LOGIN, 200, 404, 404, 404, 404, 200)),
    "my-export-json": ("signed", (LOGIN, 200, 200, 404, 404, 404, 404)),
    "my-export-csv": ("signed", (LOGIN, 200, 200, 404, 404, 404, 404)),
}
POST_KINDS = [
    "start",
    "start-draft",
    "save-draft",
    "sign-draft",
    "save-signed",
    "bad-save-draft",
    "bad-save-signed",
    "addendum-signed",
    "addendum-draft",
    "outcome",
]
# The POSTs that change something, and who may make them.
ACCEPTED = {
    ("start", "therapist"),
    ("save-draft", "therapist"),
    ("sign-draft", "therapist"),
    ("addendum-signed", "therapist"),
    ("addendum-signed", "other_therapist"),
    ("addendum-signed", "admin"),
    ("outcome", "therapist"),
    ("outcome", "admin"),
}


def cases(kinds, *, accepted: bool | None = None):
    return [
        pytest.param(kind, role, answer, id=f"{kind}-{role}")
        for kind in kinds
        for role, answer in zip(ROLES, MATRIX[kind][1], strict=True)
        if accepted is None or ((kind, role) in ACCEPTED) == accepted
    ]


frozen = frozen_at(NOW)


@pytest.fixture
def cast():
    cast = note_cast()
    cast["people"] = {"anonymous": None, **cast["people"]}
    return cast


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


def http_as(user) -> Client:
    http = Client()
    if user is not None:
        http.force_login(user)
    return http


def send(kind: str, role: str, cast: dict):
    method, path, data = request_for(kind, cast)
    http = http_as(cast["people"][role])
    return http.post(path, data) if method == "post" else http.get(path)


def answer_of(response) -> tuple[int, str | None]:
    return response.status_code, response.headers.get("Location")


def expected_answer(answer, kind: str, cast: dict) -> tuple[int, str | None]:
    _, path, _ = request_for(kind, cast)
    if answer == LOGIN:
        return 302, f"/accounts/login/?next={quote(path, safe='/')}"
    if answer == NOTE:
        return 302, f"/appointments/{cast['appointment'].pk}/note/"
    if answer == MY_RECORD:
        return 302, "/record/"
    return answer, None


def snapshot() -> tuple:
    return (
        list(SessionNote.objects.order_by("pk").values()),
        list(TreatedPoint.objects.order_by("pk").values()),
        list(NoteAddendum.objects.order_by("pk").values()),
        list(Appointment.objects.order_by("pk").values_list("pk", "status")),
    )


def html(response) -> str:
    return response.content.decode()


# The access matrix


@pytest.mark.parametrize(("kind", "role", "answer"), cases(MATRIX))
def test_note_url_answers_each_role(cast, kind, role, answer):
    arrange(cast, MATRIX[kind][0])

    response = send(kind, role, cast)

    assert answer_of(response) == expected_answer(answer, kind, cast)


@pytest.mark.parametrize(("kind", "role", "answer"), cases(POST_KINDS, accepted=False))
def test_refused_note_post_changes_nothing(cast, kind, role, answer):
    arrange(cast, MATRIX[kind][0])
    before = snapshot()

    send(kind, role, cast)

    assert snapshot() == before


@pytest.mark.parametrize(("kind", "role", "answer"), cases(POST_KINDS, accepted=True))
def test_accepted_note_post_does_its_work(cast, kind, role, answer):
    arrange(cast, MATRIX[kind][0])
    user = cast["people"][role]

    send(kind, role, cast)

    note = SessionNote.objects.filter(appointment=cast["appointment"]).first()
    cast["appointment"].refresh_from_db()
    done = {
        "start": lambda: (note.status, note.author),
        "save-draft": lambda: (note.status, note.plan, note.points.count()),
        "sign-draft": lambda: (note.status, cast["appointment"].status),
        "addendum-signed": lambda: list(note.addenda.values_list("author", "text")),
        "outcome": lambda: cast["appointment"].status,
    }[kind]()
    assert (
        done
        == {
            "start": (NoteStatus.DRAFT, user),
            "save-draft": (NoteStatus.DRAFT, "Saved plan.", 1),
            "sign-draft": (NoteStatus.SIGNED, AppointmentStatus.COMPLETED),
            "addendum-signed": [(user.pk, "Left side.")],
            "outcome": AppointmentStatus.COMPLETED,
        }[kind]
    )


@pytest.mark.parametrize(
    "kind", ["note-get", "start", "save-draft", "addendum-signed", "outcome", "client-record"]
)
@pytest.mark.parametrize("role", ["other_client", "unrelated_therapist"])
def test_missing_ids_answer_like_someone_elses(cast, kind, role):
    arrange(cast, MATRIX[kind][0])
    method, path, data = request_for(kind, cast)
    missing = re.sub(r"/\d+/", "/999999/", path, count=1)
    http = http_as(cast["people"][role])

    response = http.post(missing, data) if method == "post" else http.get(missing)

    assert response.status_code == 404


def test_refused_note_page_uses_the_plain_404_page(cast):
    arrange(cast, "signed")

    response = send("note-get-signed", "unrelated_therapist", cast)

    assert [t.name for t in response.templates][0] == "404.html"


def test_note_reads_are_written_to_the_audit_trail(cast):
    note = arrange(cast, "signed")

    send("note-get-signed", "other_therapist", cast)

    assert list(
        AuditEvent.objects.values_list("actor", "action", "record_type", "record_id", "ip")
    ) == [
        (
            cast["people"]["other_therapist"].pk,
            "read",
            "notes.SessionNote",
            str(note.pk),
            "127.0.0.1",
        )
    ]


def test_refused_outcome_says_why(cast):
    arrange(cast, "signed")

    response = http_as(cast["people"]["other_therapist"]).post(
        f"/appointments/{cast['appointment'].pk}/outcome/", {"status": "no_show"}
    )

    assertContains(
        response,
        "Only the session&#x27;s therapist or an admin records its outcome.",
        status_code=403,
    )


def test_outcome_before_the_session_starts_is_refused_with_a_message(cast):
    appointment = cast["appointment"]
    appointment.start = NOW + timedelta(hours=1)
    appointment.end = appointment.blocked_until = NOW + timedelta(hours=2)
    appointment.save()

    response = http_as(cast["people"]["therapist"]).post(
        f"/appointments/{appointment.pk}/outcome/", {"status": "no_show"}, follow=True
    )

    assertContains(response, "The session has not started yet.")
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED


def test_outcome_of_a_session_awaiting_approval_is_refused_with_a_message(cast):
    appointment = cast["appointment"]
    appointment.status = AppointmentStatus.PENDING_APPROVAL
    appointment.save()

    response = http_as(cast["people"]["therapist"]).post(
        f"/appointments/{appointment.pk}/outcome/", {"status": "completed"}, follow=True
    )

    assertContains(response, "This session still awaits approval: an admin approves or declines")
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PENDING_APPROVAL


# The note page's content


def test_signed_note_page_for_the_client_hides_therapist_remarks_and_the_addendum_form(cast):
    arrange(cast, "signed")

    response = send("note-get-signed", "client", cast)

    assertTemplateUsed(response, "notes/note.html")
    assertNotContains(response, "Private.")
    assertNotContains(response, "/note/addenda/")
    assertNotContains(response, 'id="note-form"')


@pytest.mark.parametrize("role", ["therapist", "other_therapist", "admin"])
def test_signed_note_page_for_therapists_shows_remarks_and_offers_an_addendum(cast, role):
    arrange(cast, "signed")

    response = send("note-get-signed", role, cast)

    assertContains(response, "Private.")
    assertContains(response, f'action="/appointments/{cast["appointment"].pk}/note/addenda/"')
    assertNotContains(response, 'id="note-form"')


def test_signed_note_page_shows_addenda_in_order(cast, frozen):
    note = arrange(cast, "signed")
    for text, author in [
        ("First correction.", "therapist"),
        ("Second, by the other therapist.", "other_therapist"),
        ("Third, by the admin.", "admin"),
    ]:
        NoteAddendumFactory(note=note, author=cast["people"][author], text=text)
        frozen.shift(timedelta(minutes=10))

    response = send("note-get-signed", "client", cast)

    assert re.findall(r'class="[^"]*\baddendum\b[^"]*">(.*?)</div>', html(response)) == [
        f"<strong>Addendum</strong> by {cast['people']['therapist']}, 1 Dec 2026 10:00: "
        "First correction.",
        f"<strong>Addendum</strong> by {cast['people']['other_therapist']}, 1 Dec 2026 10:10: "
        "Second, by the other therapist.",
        f"<strong>Addendum</strong> by {cast['people']['admin']}, 1 Dec 2026 10:20: "
        "Third, by the admin.",
    ]


def test_draft_note_page_for_an_admin_is_read_only(cast):
    arrange(cast, "draft")

    response = send("note-get-draft", "admin", cast)

    assertTemplateUsed(response, "notes/note.html")
    assertContains(response, "Draft plan.")
    assertNotContains(response, 'id="note-form"')
    assertNotContains(response, "/note/addenda/")


# The editor, without JavaScript


class Form(HTMLParser):
    """The values a browser would submit from the editor's form (text, selects, checkboxes);
    a <template>'s content is inert, so it is left out."""

    def __init__(self, page: str, form_id: str = "note-form"):
        super().__init__()
        self.form_id, self.inside, self.values = form_id, False, {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._in_template = 0
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        a = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if tag == "template":
            self._in_template += 1
        if not self.inside or self._in_template:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.values[a["name"]] = "on"
            else:
                self.values[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a["name"]
            self.values.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "template":
            self._in_template -= 1
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            # A browser drops the newline right after <textarea>.
            text = self.values[self._textarea] + data
            self.values[self._textarea] = text.removeprefix("\n")


def test_editor_flow_without_javascript(cast):
    pk = cast["appointment"].pk
    http = http_as(cast["people"]["therapist"])

    first = http.get(f"/appointments/{pk}/note/")
    started = http.post(f"/appointments/{pk}/note/start/")
    blank = Form(html(http.get(f"/appointments/{pk}/note/")))
    saved = http.post(
        f"/appointments/{pk}/note/save/",
        {
            **blank.values,
            **{k: v for k, v in form_data().items() if not k.startswith("points-")},
            "points-0-muscle": "upper_trapezius",
            "points-0-side": "L",
            "points-0-activity": "active",
            "points-0-technique": "ischemic_compression",
            "points-0-pressure": "3",
            "points-0-duration_seconds": "90",
            "points-0-response": "released",
            "points-0-referral_reproduced": "on",
        },
    )
    draft = http.get(f"/appointments/{pk}/note/")
    again = Form(html(draft))
    signed = http.post(f"/appointments/{pk}/note/save/", {**again.values, "sign": "1"})
    final = http.get(f"/appointments/{pk}/note/")

    assertContains(first, f'action="/appointments/{pk}/note/start/"')
    assert answer_of(started) == (302, f"/appointments/{pk}/note/")
    assert {k: v for k, v in blank.values.items() if k.startswith("points-")} == {
        "points-TOTAL_FORMS": "1",
        "points-INITIAL_FORMS": "0",
        "points-MIN_NUM_FORMS": "0",
        "points-MAX_NUM_FORMS": "60",
        "points-0-muscle": "",
        "points-0-other_muscle": "",
        "points-0-side": "",
        "points-0-activity": "",
        "points-0-technique": "",
        "points-0-pressure": "",
        "points-0-duration_seconds": "",
        "points-0-response": "",
    }
    assert answer_of(saved) == (302, f"/appointments/{pk}/note/")
    assertTemplateUsed(draft, "notes/note_edit.html")
    assertContains(draft, "Draft saved.")
    assert {k: v for k, v in again.values.items() if k.startswith("points-")} == {
        "points-TOTAL_FORMS": "2",
        "points-INITIAL_FORMS": "1",
        "points-MIN_NUM_FORMS": "0",
        "points-MAX_NUM_FORMS": "60",
        "points-0-muscle": "upper_trapezius",
        "points-0-other_muscle": "",
        "points-0-side": "L",
        "points-0-activity": "active",
        "points-0-technique": "ischemic_compression",
        "points-0-pressure": "3",
        "points-0-duration_seconds": "90",
        "points-0-response": "released",
        "points-0-referral_reproduced": "on",
        "points-1-muscle": "",
        "points-1-other_muscle": "",
        "points-1-side": "",
        "points-1-activity": "",
        "points-1-technique": "",
        "points-1-pressure": "",
        "points-1-duration_seconds": "",
        "points-1-response": "",
    }
    assert {name: again.values[name] for name in FIELDS} == {
        name: str(value) for name, value in FIELDS.items()
    }
    assert answer_of(signed) == (302, f"/appointments/{pk}/note/")
    assertTemplateUsed(final, "notes/note.html")
    assertContains(final, "The note is signed.")
    assertNotContains(final, 'id="note-form"')
    note = SessionNote.objects.get()
    assert (note.status, note.plan, note.signed_at) == (NoteStatus.SIGNED, "Saved plan.", NOW)
    assert list(note.points.values_list("muscle", "side", "pressure", "referral_reproduced")) == [
        ("upper_trapezius", "L", 3, True)
    ]


def test_editor_removes_a_point_marked_for_deletion(cast):
    note = arrange(cast, "draft")
    data = form_data(points=[{**POINT, "DELETE": True}, {**POINT, "muscle": "temporalis"}])
    data["points-INITIAL_FORMS"] = "1"

    response = http_as(cast["people"]["therapist"]).post(
        f"/appointments/{cast['appointment'].pk}/note/save/", data
    )

    assert response.status_code == 302
    assert list(note.points.values_list("muscle", flat=True)) == ["temporalis"]


def test_editor_rerenders_errors_with_400_and_keeps_the_values(cast):
    note = arrange(cast, "draft")
    before = snapshot()
    data = form_data(
        {**FIELDS, "pain_before": 11, "plan": "Plan I typed."},
        points=[{**POINT, "pressure": 0, "duration_seconds": 1801}],
    )

    response = http_as(cast["people"]["therapist"]).post(
        f"/appointments/{cast['appointment'].pk}/note/save/", data
    )

    kept = Form(html(response)).values
    assert response.status_code == 400
    assertTemplateUsed(response, "notes/note_edit.html")
    assertContains(response, "Ensure this value is less than or equal to 10.", status_code=400)
    assertContains(response, "Ensure this value is less than or equal to 1800.", status_code=400)
    assert (kept["pain_before"], kept["plan"], kept["points-0-duration_seconds"]) == (
        "11",
        "Plan I typed.",
        "1801",
    )
    assert kept["points-0-muscle"] == "upper_trapezius"
    assert snapshot() == before
    assert note.plan == "Draft plan."


def test_editor_other_muscle_without_a_name_is_an_error(cast):
    arrange(cast, "draft")
    before = snapshot()
    data = form_data(points=[{**POINT, "muscle": "other", "other_muscle": ""}])

    response = http_as(cast["people"]["therapist"]).post(
        f"/appointments/{cast['appointment'].pk}/note/save/", data
    )

    assertContains(response, "Name the muscle.", status_code=400)
    assert snapshot() == before


def test_editor_sign_without_pain_scores_saves_the_draft_and_says_why(cast):
    note = arrange(cast, "draft")
    data = form_data({**FIELDS, "pain_after": ""}, sign=True)

    response = http_as(cast["people"]["therapist"]).post(
        f"/appointments/{cast['appointment'].pk}/note/save/", data
    )

    assertContains(response, "Give the pain now, 0-10, before signing.", status_code=400)
    note.refresh_from_db()
    assert (note.status, note.plan, note.pain_after) == (NoteStatus.DRAFT, "Saved plan.", None)


def test_editor_without_the_management_form_is_a_400(cast):
    arrange(cast, "draft")
    before = snapshot()

    response = http_as(cast["people"]["therapist"]).post(
        f"/appointments/{cast['appointment'].pk}/note/save/", FIELDS
    )

    assert response.status_code == 400
    assert snapshot() == before


def test_editor_shows_suggestions_from_the_intake(cast):
    submit_intake(cast["ava"], chart=pain_chart(pain_mark("heel", "R", 5)))
    arrange(cast, "draft")

    response = send("note-get-draft", "therapist", cast)

    assertContains(response, 'data-muscle="soleus" data-side="R"')
    assertContains(response, "score 5")


def test_editor_holds_back_suggestions_until_a_clearance(cast):
    submit_intake(cast["ava"], chart=pain_chart(pain_mark("calf", "L", 6)), clot_signs=True)
    arrange(cast, "draft")

    response = send("note-get-draft", "therapist", cast)

    assertContains(
        response, "Suggestions are held back until the screening&#x27;s clearance is recorded."
    )
    suggestions = re.search(r'<ol [^>]*id="suggestions">(.*?)</ol>', html(response), re.S)
    assert suggestions.group(1).strip() == ""


# The admin shows notes and changes nothing


def admin_url(note: SessionNote) -> str:
    return f"/admin/notes/sessionnote/{note.pk}/change/"


@pytest.mark.parametrize("state", ["draft", "signed"])
def test_admin_change_view_of_a_note_is_read_only(cast, state):
    note = arrange(cast, state)
    admin = http_as(cast["people"]["admin"])

    response = admin.get(admin_url(note))

    assert response.status_code == 200
    assertNotContains(response, 'name="_save"')
    assertNotContains(response, 'name="plan"')
    assertContains(response, note.plan)


@pytest.mark.parametrize("state", ["draft", "signed"])
def test_admin_post_to_a_notes_change_view_changes_nothing(cast, state):
    note = arrange(cast, state)
    before = snapshot()

    response = http_as(cast["people"]["admin"]).post(
        admin_url(note),
        {
            **form_data({**FIELDS, "plan": "Changed by the admin.", "status": "draft"}),
            "_save": "Save",
        },
    )

    assert response.status_code == 403
    assert snapshot() == before


def test_admin_cannot_add_or_delete_notes(cast):
    note = arrange(cast, "signed")
    before = snapshot()
    admin = http_as(cast["people"]["admin"])

    add = admin.get("/admin/notes/sessionnote/add/")
    delete = admin.post(f"/admin/notes/sessionnote/{note.pk}/delete/", {"post": "yes"})

    assert (add.status_code, delete.status_code) == (403, 403)
    assert snapshot() == before


# Query counts stay constant as the record grows


@pytest.fixture
def grown(cast):
    """Make `n` signed notes for Ava, each with three points and two addenda."""

    def grow(n: int) -> None:
        submit_intake(cast["ava"])
        for week in range(n):
            appointment = cast["appointment"]
            if week:
                appointment = AppointmentFactory(
                    client=cast["ava"],
                    therapist=appointment.therapist,
                    service=cast["service"],
                    start=SESSION_START - timedelta(weeks=week),
                )
            signed_note(appointment=appointment, points=3, addenda=2)

    return grow


# A therapist's session also loads its second-factor device (one query).
QUERIES = {"client-record": 16, "my-record": 11, "api-notes": 12}


@pytest.mark.parametrize("n", [1, 5])
def test_client_record_queries_do_not_grow(cast, grown, django_assert_num_queries, n):
    grown(n)
    http = http_as(cast["people"]["other_therapist"])

    with django_assert_num_queries(QUERIES["client-record"]):
        response = http.get(f"/clients/{cast['ava'].pk}/")

    assert len(re.findall(r'<article class="card mb-3 note"', html(response))) == n


@pytest.mark.parametrize("n", [1, 5])
def test_my_record_queries_do_not_grow(cast, grown, django_assert_num_queries, n):
    grown(n)
    http = http_as(cast["ava"])

    with django_assert_num_queries(QUERIES["my-record"]):
        response = http.get("/record/")

    assert len(re.findall(r'<article class="card mb-3 note"', html(response))) == n


@pytest.mark.parametrize("n", [1, 5])
def test_api_client_notes_queries_do_not_grow(cast, grown, django_assert_num_queries, n):
    grown(n)
    http = http_as(cast["people"]["therapist"])

    with django_assert_num_queries(QUERIES["api-notes"]):
        response = http.get(f"/api/v1/clients/{cast['ava'].pk}/notes/")

    assert response.json()["count"] == n


# The record pages


def test_client_record_shows_the_pain_plot_and_the_heat_map(cast):
    submit_intake(cast["ava"], chart=pain_chart(pain_mark("temple", "L", 7), average=6))
    arrange(cast, "signed")

    response = send("client-record", "therapist", cast)

    page = html(response)
    plot = re.search(r'<section class="mb-4" id="pain-plot">(.*?)</section>', page, re.S)
    assert plot is not None
    assert 'class="pain-plot-svg"' in plot.group(1)
    assert re.findall(r'<path class="([^"]*)" id="bm-heat-back-shoulder_top-L"', page) == [
        "bm-region bm-heat heat-1"
    ]
    assert re.findall(r'<path class="[^"]*\bbm-heat\b[^"]*" id="([^"]+)"', page) == [
        "bm-heat-back-shoulder_top-L"
    ]
    assertContains(response, "<td>Upper trapezius (left)</td><td>1</td><td>Released</td>")


def test_my_record_shows_the_plot_and_heat_map_and_no_therapist_remarks(cast):
    arrange(cast, "signed")
    SessionNoteFactory(  # a draft of a later session: not the client's to read yet
        appointment__client=cast["ava"],
        appointment__therapist=cast["appointment"].therapist,
        appointment__service=cast["service"],
        appointment__start=NOW - timedelta(hours=3),
        plan="Unsigned plan.",
    )

    response = send("my-record", "client", cast)

    assertContains(response, 'id="pain-plot"')
    assertContains(response, 'id="bm-heat-back-shoulder_top-L"')
    assertContains(response, "Heat and gentle stretches daily.")
    assertNotContains(response, "Private.")
    assertNotContains(response, "Unsigned plan.")
    assertContains(response, 'href="/record/export.csv"')


def test_client_record_of_a_client_writes_reads_to_the_audit_trail(cast):
    intake = submit_intake(cast["ava"])
    note = arrange(cast, "signed")
    admin = cast["people"]["admin"]

    send("client-record", "admin", cast)

    assert sorted(
        AuditEvent.objects.filter(action="read").values_list("actor", "record_type", "record_id")
    ) == [
        (admin.pk, "intake.Intake", str(intake.pk)),
        (admin.pk, "notes.SessionNote", str(note.pk)),
    ]


# The overdue-drafts flag on the schedule


def test_schedule_flags_drafts_older_than_48_hours(cast):
    old = AppointmentFactory(
        client=cast["ava"],
        therapist=cast["appointment"].therapist,
        service=cast["service"],
        start=NOW - timedelta(hours=48, minutes=1),
    )
    SessionNoteFactory(appointment=old)
    arrange(cast, "draft")  # 24 hours old: not yet

    response = http_as(cast["people"]["therapist"]).get("/schedule/")

    flagged = re.search(
        r'<div class="alert alert-warning" id="overdue-notes">(.*?)</div>', html(response), re.S
    )
    assert flagged is not None
    assert re.findall(r'href="(/appointments/\d+/note/)"', flagged.group(1)) == [
        f"/appointments/{old.pk}/note/"
    ]


def test_schedule_without_overdue_drafts_has_no_flag(cast):
    arrange(cast, "draft")
    signed_note(
        appointment__client=cast["ava"],
        appointment__therapist=cast["appointment"].therapist,
        appointment__service=cast["service"],
        appointment__start=NOW - timedelta(days=9),
    )

    response = http_as(cast["people"]["therapist"]).get("/schedule/")

    assertNotContains(response, 'id="overdue-notes"')


# Exports


EXPORT_HEADER = [
    "date",
    "service",
    "therapist",
    "status",
    "pain_before",
    "pain_after",
    "subjective",
    "objective",
    "assessment",
    "plan",
    "points",
]


def test_admin_csv_export_has_a_header_and_a_row_per_note(cast):
    signed = arrange(cast, "signed")
    SessionNoteFactory(
        appointment__client=cast["ava"],
        appointment__therapist=cast["appointment"].therapist,
        appointment__service=cast["service"],
        appointment__start=NOW - timedelta(hours=3),
        pain_before=None,
        pain_after=None,
    )

    response = send("export-csv", "admin", cast)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="clinic-record-{cast["ava"].pk}.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == EXPORT_HEADER
    assert rows[1:] == [
        [
            "2026-12-01T12:00:00+00:00",
            str(cast["service"]),
            "Maya Lindqvist",
            "draft",
            "",
            "",
            "Neck stiff after long days at the desk.",
            "Taut band in the upper trapezius; referral to the temple reproduced.",
            "Myofascial pain, improving.",
            "Heat and gentle stretches daily.",
            "",
        ],
        [
            "2026-11-30T15:00:00+00:00",
            str(cast["service"]),
            "Maya Lindqvist",
            "signed",
            "6",
            "3",
            signed.subjective,
            signed.objective,
            signed.assessment,
            signed.plan,
            "Upper trapezius (Left) Ischemic compression, Released",
        ],
    ]


def test_client_json_export_is_their_whole_record_with_signed_sessions_only(cast):
    submit_intake(cast["ava"])
    arrange(cast, "signed")
    SessionNoteFactory(  # a draft: not the client's to read yet
        appointment__client=cast["ava"],
        appointment__therapist=cast["appointment"].therapist,
        appointment__service=cast["service"],
        appointment__start=NOW - timedelta(hours=3),
    )

    response = send("my-export-json", "client", cast)

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="clinic-record-{cast["ava"].pk}-2026-12-01.json"'
    )
    body = json.loads(response.content)
    assert list(body) == [
        "exported_at",
        "account",
        "profile",
        "appointments",
        "intakes",
        "session_notes",
        "check_ins",
        "messages",
    ]
    assert [i["version"] for i in body["intakes"]] == [1]
    assert [s["date"] for s in body["session_notes"]] == ["2026-11-30T10:00:00-05:00"]
    assert b"Private." not in response.content
    assert b"therapist_remarks" not in response.content


def test_client_csv_export_of_an_empty_record_has_the_full_header(cast):
    response = send("my-export-csv", "other_client", cast)

    assert list(csv.reader(io.StringIO(response.content.decode()))) == [EXPORT_HEADER]


@pytest.mark.parametrize(("kind", "role"), [("export-json", "admin"), ("my-export-csv", "client")])
def test_export_writes_the_whole_record_and_each_clinical_record_it_carries(cast, kind, role):
    intake = submit_intake(cast["ava"])
    note = arrange(cast, "signed")
    user = cast["people"][role]

    send(kind, role, cast)

    assert sorted(
        AuditEvent.objects.filter(action="export").values_list(
            "actor", "action", "record_type", "record_id", "ip"
        )
    ) == [
        (user.pk, "export", "clinic.User", str(cast["ava"].pk), "127.0.0.1"),
        (user.pk, "export", "intake.Intake", str(intake.pk), "127.0.0.1"),
        (user.pk, "export", "notes.SessionNote", str(note.pk), "127.0.0.1"),
    ]


@pytest.mark.parametrize("path", ["/record/export.xml", "/record/export.", "/record/export.csv/"])
def test_export_in_another_format_is_a_404(cast, path):
    assert http_as(cast["ava"]).get(path).status_code == 404
