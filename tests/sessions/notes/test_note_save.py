"""note_save: a draft's fields and treated points are stored, each bad value refused."""

import pytest

from sessions.notes.models import NoteStatus, TreatedPoint
from sessions.notes.services import NoteInvalid, NoteRefused, note_save
from tests.factories import AdminFactory

from .note_cast import FIELDS, POINT, choice
from .note_rows import IP, audit_trail, note_row, point_rows

pytestmark = pytest.mark.django_db


def test_note_save_stores_fields_and_points(draft, therapist):
    note = note_save(note=draft, by=therapist.user, fields=FIELDS, points=[POINT], ip=IP)

    row = note_row(note)
    assert {name: row[name] for name in FIELDS} == FIELDS
    assert row["status"] == NoteStatus.DRAFT
    assert point_rows(note) == [
        ("upper_trapezius", "", "L", "active", "ischemic_compression", 3, 90, "released", True)
    ]
    assert audit_trail(note)[-1] == (therapist.user.pk, "change", IP)


def test_note_save_replaces_the_points(draft, therapist):
    note_save(note=draft, by=therapist.user, fields=FIELDS, points=[POINT, POINT])
    second = {**POINT, "muscle": "temporalis", "side": "R", "pressure": 2}

    note = note_save(note=draft, by=therapist.user, fields=FIELDS, points=[second])

    assert [(m, s, p) for m, _, s, _, _, p, *_ in point_rows(note)] == [("temporalis", "R", 2)]
    assert TreatedPoint.objects.count() == 1


def test_note_save_with_no_points_removes_them(draft, therapist):
    note_save(note=draft, by=therapist.user, fields=FIELDS, points=[POINT])

    note = note_save(note=draft, by=therapist.user, fields=FIELDS, points=[])

    assert point_rows(note) == []


def test_note_save_without_points_keeps_them(draft, therapist):
    note_save(note=draft, by=therapist.user, fields=FIELDS, points=[POINT])

    note = note_save(note=draft, by=therapist.user, fields={**FIELDS, "plan": "New."}, points=None)

    assert (note.plan, len(point_rows(note))) == ("New.", 1)


def test_note_save_keeps_a_named_other_muscle(draft, therapist):
    other = {**POINT, "muscle": "other", "other_muscle": "  Coracobrachialis "}

    note = note_save(note=draft, by=therapist.user, fields=FIELDS, points=[other])

    assert [row[:2] for row in point_rows(note)] == [("other", "Coracobrachialis")]
    assert note.points.get().muscle_name == "Coracobrachialis"


def test_note_save_drops_the_other_name_of_a_catalogue_muscle(draft, therapist):
    named = {**POINT, "other_muscle": "Something"}

    note = note_save(note=draft, by=therapist.user, fields=FIELDS, points=[named])

    assert [row[:2] for row in point_rows(note)] == [("upper_trapezius", "")]


def test_note_save_leaves_out_points_marked_for_deletion(draft, therapist):
    points = [POINT, {**POINT, "muscle": "temporalis", "DELETE": True}]

    note = note_save(note=draft, by=therapist.user, fields=FIELDS, points=points)

    assert [row[0] for row in point_rows(note)] == ["upper_trapezius"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pain_before", 11, "Ensure this value is less than or equal to 10."),
        ("pain_before", -1, "Ensure this value is greater than or equal to 0."),
        ("pain_after", 11, "Ensure this value is less than or equal to 10."),
        ("pain_after", "a lot", "Enter a whole number."),
        ("rebook_after_days", 0, "Ensure this value is greater than or equal to 1."),
        ("rebook_after_days", 366, "Ensure this value is less than or equal to 365."),
    ],
)
def test_note_save_refuses_a_bad_field(draft, therapist, field, value, message):
    before = note_row(draft)

    with pytest.raises(NoteInvalid) as refused:
        note_save(note=draft, by=therapist.user, fields={**FIELDS, field: value}, points=[])

    assert refused.value.errors == {field: [message]}
    assert note_row(draft) == before


@pytest.mark.parametrize(
    ("field", "value", "errors"),
    [
        ("pressure", 0, {"pressure": [choice(0)]}),
        ("pressure", 6, {"pressure": [choice(6)]}),
        ("pressure", "", {"pressure": ["This field is required."]}),
        (
            "duration_seconds",
            0,
            {"duration_seconds": ["Ensure this value is greater than or equal to 1."]},
        ),
        (
            "duration_seconds",
            1801,
            {"duration_seconds": ["Ensure this value is less than or equal to 1800."]},
        ),
        ("muscle", "biceps_of_the_ear", {"muscle": [choice("biceps_of_the_ear")]}),
        ("muscle", "", {"muscle": ["This field is required."]}),
        ("muscle", "other", {"other_muscle": ["Name the muscle."]}),
        ("technique", "cupping", {"technique": [choice("cupping")]}),
        ("side", "X", {"side": [choice("X")]}),
        ("activity", "dormant", {"activity": [choice("dormant")]}),
        ("response", "cured", {"response": [choice("cured")]}),
    ],
)
def test_note_save_refuses_a_bad_point(draft, therapist, field, value, errors):
    note_save(note=draft, by=therapist.user, fields=FIELDS, points=[POINT])
    before = (note_row(draft), point_rows(draft))

    with pytest.raises(NoteInvalid) as refused:
        note_save(
            note=draft,
            by=therapist.user,
            fields={**FIELDS, "plan": "Changed."},
            points=[{**POINT, field: value}],
        )

    assert refused.value.errors == {"points": [errors]}
    assert (note_row(draft), point_rows(draft)) == before


def test_note_save_refuses_an_other_muscle_named_only_by_spaces(draft, therapist):
    point = {**POINT, "muscle": "other", "other_muscle": "   "}

    with pytest.raises(NoteInvalid) as refused:
        note_save(note=draft, by=therapist.user, fields=FIELDS, points=[point])

    assert refused.value.errors == {"points": [{"other_muscle": ["Name the muscle."]}]}


def test_note_save_reports_every_error_at_once(draft, therapist):
    with pytest.raises(NoteInvalid) as refused:
        note_save(
            note=draft,
            by=therapist.user,
            fields={**FIELDS, "pain_before": 11},
            points=[{**POINT, "pressure": 0, "duration_seconds": 1801}],
        )

    assert refused.value.errors == {
        "pain_before": ["Ensure this value is less than or equal to 10."],
        "points": [
            {
                "pressure": [choice(0)],
                "duration_seconds": ["Ensure this value is less than or equal to 1800."],
            }
        ],
    }


def test_note_save_refuses_more_than_60_points(draft, therapist):
    with pytest.raises(NoteInvalid) as refused:
        note_save(note=draft, by=therapist.user, fields=FIELDS, points=[POINT] * 61)

    assert refused.value.errors == {"points": ["Please submit at most 60 forms."]}
    assert TreatedPoint.objects.count() == 0


@pytest.mark.parametrize("who", ["client", "other_therapist", "admin"])
def test_note_save_by_anyone_but_the_sessions_therapist_is_refused(draft, other_therapist, who):
    by = {
        "client": draft.appointment.client,
        "other_therapist": other_therapist.user,
        "admin": AdminFactory(),
    }[who]
    before = note_row(draft)

    with pytest.raises(NoteRefused, match="^Only the session's therapist writes its note.$"):
        note_save(note=draft, by=by, fields=FIELDS, points=[POINT])

    assert (note_row(draft), point_rows(draft)) == (before, [])
