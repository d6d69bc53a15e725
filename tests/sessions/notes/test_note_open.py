"""note_open: the session's therapist opens its draft, once, linked to the current intake."""

import pytest

from sessions.models import AppointmentStatus
from sessions.notes.models import NoteStatus, SessionNote
from sessions.notes.services import NoteRefused, note_open
from tests.factories import AdminFactory, pain_chart, pain_mark, submit_intake

from .note_rows import IP, audit_trail, note_row

pytestmark = pytest.mark.django_db


def test_note_open_makes_a_draft_by_the_sessions_therapist(appointment, therapist):
    note = note_open(appointment=appointment, by=therapist.user, ip=IP)

    assert (note.appointment, note.author, note.status, note.signed_at) == (
        appointment,
        therapist.user,
        NoteStatus.DRAFT,
        None,
    )
    assert audit_trail(note) == [(therapist.user.pk, "create", IP)]


@pytest.mark.parametrize("who", ["client", "other_therapist", "admin"])
def test_note_open_by_anyone_but_the_sessions_therapist_is_refused(
    appointment, other_therapist, who
):
    by = {
        "client": appointment.client,
        "other_therapist": other_therapist.user,
        "admin": AdminFactory(),
    }[who]

    with pytest.raises(NoteRefused, match="^Only the session's therapist writes its note.$"):
        note_open(appointment=appointment, by=by)

    assert SessionNote.objects.count() == 0


def test_note_open_for_a_cancelled_appointment_is_refused(appointment, therapist):
    appointment.status = AppointmentStatus.CANCELLED
    appointment.save()

    with pytest.raises(NoteRefused, match="^A cancelled appointment has no note.$"):
        note_open(appointment=appointment, by=therapist.user)

    assert SessionNote.objects.count() == 0


def test_note_open_links_the_current_intake(appointment, therapist, ava):
    submit_intake(ava)
    current = submit_intake(ava, night_pain=True)

    note = note_open(appointment=appointment, by=therapist.user)

    assert (note.intake, note.intake.version) == (current, 2)


def test_note_open_prefills_subjective_with_the_intakes_changes(appointment, therapist, ava):
    submit_intake(ava, chart=pain_chart(pain_mark("temple", "L", 7, "aching")))
    submit_intake(
        ava, night_pain=True, chart=pain_chart(pain_mark("temple", "L", 4, "aching"), average=3)
    )

    note = note_open(appointment=appointment, by=therapist.user)

    assert note.subjective == (
        "Changes in intake version 2:\n"
        "- The pain wakes me at night: No -> Yes\n"
        "- Pain at Temple, your left: 7/10 (aching) -> 4/10 (aching)\n"
        "- Average pain in the last 24 hours: 5/10 -> 3/10"
    )


def test_note_open_after_a_first_intake_leaves_subjective_empty(appointment, therapist, ava):
    first = submit_intake(ava)

    note = note_open(appointment=appointment, by=therapist.user)

    assert (note.intake, note.subjective) == (first, "")


def test_note_open_without_an_intake_links_none(appointment, therapist):
    note = note_open(appointment=appointment, by=therapist.user)

    assert (note.intake, note.subjective) == (None, "")


def test_note_open_twice_returns_the_same_note(appointment, therapist):
    first = note_open(appointment=appointment, by=therapist.user)

    again = note_open(appointment=appointment, by=therapist.user)

    assert again == first
    assert SessionNote.objects.count() == 1
    assert audit_trail(first) == [(therapist.user.pk, "create", None)]


def test_note_open_of_a_signed_note_returns_it_unchanged(signed, therapist):
    before = note_row(signed)

    again = note_open(appointment=signed.appointment, by=therapist.user)

    assert (again, note_row(again)) == (signed, before)
