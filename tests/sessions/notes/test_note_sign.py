"""note_sign: signing needs the pain scores, completes the session and locks the note."""

from datetime import timedelta

import pytest

from sessions.models import AppointmentStatus
from sessions.notes.models import NoteStatus, SessionNote
from sessions.notes.services import NoteInvalid, NoteRefused, note_save, note_sign
from sessions.services import appointment_set_outcome
from tests.factories import AdminFactory

from .note_cast import FIELDS, NOW, POINT, SESSION_START
from .note_rows import IP, audit_trail, note_row, point_rows

pytestmark = pytest.mark.django_db


def test_note_sign_locks_the_note_and_completes_the_session(draft, therapist, frozen):
    note_save(note=draft, by=therapist.user, fields=FIELDS, points=[POINT])
    frozen.shift(timedelta(minutes=5))

    note = note_sign(note=draft, by=therapist.user, ip=IP)

    note.refresh_from_db()
    note.appointment.refresh_from_db()
    assert (note.status, note.signed_at, note.appointment.status) == (
        NoteStatus.SIGNED,
        NOW + timedelta(minutes=5),
        AppointmentStatus.COMPLETED,
    )
    assert audit_trail(note) == [
        (therapist.user.pk, "create", None),
        (therapist.user.pk, "change", None),
        (therapist.user.pk, "sign", IP),
    ]


def test_note_sign_completes_a_session_whose_client_arrived(draft, therapist):
    note_save(note=draft, by=therapist.user, fields=FIELDS, points=[])
    draft.appointment.status = AppointmentStatus.ARRIVED
    draft.appointment.save(update_fields=["status"])

    note_sign(note=draft, by=therapist.user)

    draft.appointment.refresh_from_db()
    assert draft.appointment.status == AppointmentStatus.COMPLETED


def test_note_sign_takes_the_time_it_is_given(draft, therapist):
    note_save(note=draft, by=therapist.user, fields=FIELDS, points=[])
    when = SESSION_START + timedelta(hours=1)

    note = note_sign(note=draft, by=therapist.user, now=when)

    assert SessionNote.objects.get(pk=note.pk).signed_at == when


def test_note_sign_of_a_no_show_keeps_it_a_no_show(draft, therapist):
    note_save(note=draft, by=therapist.user, fields=FIELDS, points=[])
    appointment_set_outcome(
        appointment=draft.appointment, by=therapist.user, status=AppointmentStatus.NO_SHOW
    )

    note_sign(note=draft, by=therapist.user)

    draft.appointment.refresh_from_db()
    assert draft.appointment.status == AppointmentStatus.NO_SHOW


@pytest.mark.parametrize(
    ("missing", "errors"),
    [
        (["pain_before"], {"pain_before": ["Give the pain now, 0-10, before signing."]}),
        (["pain_after"], {"pain_after": ["Give the pain now, 0-10, before signing."]}),
        (
            ["pain_before", "pain_after"],
            {
                "pain_before": ["Give the pain now, 0-10, before signing."],
                "pain_after": ["Give the pain now, 0-10, before signing."],
            },
        ),
    ],
)
def test_note_sign_needs_the_pain_before_and_after(draft, therapist, missing, errors):
    fields = {**FIELDS, **dict.fromkeys(missing, "")}
    note_save(note=draft, by=therapist.user, fields=fields, points=[])

    with pytest.raises(NoteInvalid) as refused:
        note_sign(note=draft, by=therapist.user)

    assert refused.value.errors == errors
    draft.refresh_from_db()
    draft.appointment.refresh_from_db()
    assert (draft.status, draft.signed_at, draft.appointment.status) == (
        NoteStatus.DRAFT,
        None,
        AppointmentStatus.BOOKED,
    )


def test_note_sign_accepts_zero_pain(draft, therapist):
    note_save(
        note=draft,
        by=therapist.user,
        fields={**FIELDS, "pain_before": 0, "pain_after": 0},
        points=[],
    )

    note = note_sign(note=draft, by=therapist.user)

    assert (note.status, note.pain_before, note.pain_after) == (NoteStatus.SIGNED, 0, 0)


@pytest.mark.parametrize("who", ["client", "other_therapist", "admin"])
def test_note_sign_by_anyone_but_the_sessions_therapist_is_refused(draft, other_therapist, who):
    note_save(note=draft, by=draft.author, fields=FIELDS, points=[])
    by = {
        "client": draft.appointment.client,
        "other_therapist": other_therapist.user,
        "admin": AdminFactory(),
    }[who]

    with pytest.raises(NoteRefused, match="^Only the session's therapist writes its note.$"):
        note_sign(note=draft, by=by)

    assert SessionNote.objects.get(pk=draft.pk).status == NoteStatus.DRAFT


LOCKED = "^The note is signed and locked; add an addendum instead.$"


def test_signed_note_refuses_note_save(signed, therapist):
    before = (note_row(signed), point_rows(signed))

    with pytest.raises(NoteRefused, match=LOCKED):
        note_save(note=signed, by=therapist.user, fields={**FIELDS, "plan": "New."}, points=[])

    assert (note_row(signed), point_rows(signed)) == before


def test_signed_note_refuses_note_sign_again(signed, therapist, frozen):
    before = note_row(signed)
    frozen.shift(timedelta(hours=1))

    with pytest.raises(NoteRefused, match=LOCKED):
        note_sign(note=signed, by=therapist.user)

    assert note_row(signed) == before


def test_signed_note_refuses_save_even_from_a_stale_copy(draft, therapist):
    stale = SessionNote.objects.get(pk=draft.pk)
    note_save(note=draft, by=therapist.user, fields=FIELDS, points=[POINT])
    note_sign(note=draft, by=therapist.user)

    with pytest.raises(NoteRefused, match=LOCKED):
        note_save(note=stale, by=therapist.user, fields=FIELDS, points=[])

    assert len(point_rows(draft)) == 1
