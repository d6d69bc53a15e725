"""The note editor without JavaScript: start, save, sign, errors and the suggestions."""

import re
from html.parser import HTMLParser

import pytest
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from sessions.notes.models import NoteStatus, SessionNote
from tests.factories import pain_chart, pain_mark, submit_intake
from tests.pages import answer_of, html, http_as

from .note_cast import NOW
from .page_requests import FIELDS, POINT, arrange, form_data, send, snapshot

pytestmark = pytest.mark.django_db


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
    to_sign = http.post(f"/appointments/{pk}/note/save/", {**again.values, "sign": "1"})
    confirm = http.get(f"/appointments/{pk}/note/sign/")
    signed = http.post(f"/appointments/{pk}/note/sign/", Form(html(confirm)).values)
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
    assert answer_of(to_sign) == (302, f"/appointments/{pk}/note/sign/")
    assertTemplateUsed(confirm, "notes/note_sign.html")
    assertContains(confirm, "Signing locks the note as it stands below")
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
