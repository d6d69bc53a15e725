"""note_add_addendum: who may add to a signed note, and the addenda kept in order."""

from datetime import timedelta

import pytest

from clinic.audit.models import AuditEvent
from sessions.models import AppointmentStatus
from sessions.notes.models import NoteAddendum
from sessions.notes.selectors import notes_visible_to
from sessions.notes.services import NoteInvalid, NoteRefused, note_add_addendum
from tests.factories import AdminFactory, ClientFactory, TherapistFactory

from .note_cast import NOW
from .note_rows import IP, note_row

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["author", "other_therapist", "admin"])
def test_addendum_by_the_author_another_therapist_of_the_client_or_an_admin(
    signed, other_therapist, who
):
    by = {
        "author": signed.author,
        "other_therapist": other_therapist.user,
        "admin": AdminFactory(),
    }[who]
    before = note_row(signed)

    addendum = note_add_addendum(note=signed, by=by, text="  Left side, not right.  ", ip=IP)

    assert list(signed.addenda.values_list("author", "text", "created_at")) == [
        (by.pk, "Left side, not right.", NOW)
    ]
    assert addendum.note == signed
    assert note_row(signed) == before
    assert list(
        AuditEvent.objects.filter(
            record_type="notes.NoteAddendum", record_id=addendum.pk
        ).values_list("actor", "action", "subject", "ip")
    ) == [(by.pk, "create", signed.appointment.client_id, IP)]


@pytest.mark.parametrize("who", ["client", "unrelated_therapist", "other_client"])
def test_addendum_by_someone_who_does_not_treat_the_client_is_refused(signed, who):
    by = {
        "client": signed.appointment.client,
        "unrelated_therapist": TherapistFactory().user,
        "other_client": ClientFactory(),
    }[who]

    with pytest.raises(NoteRefused, match="^Only the client's therapists and admins add addenda.$"):
        note_add_addendum(note=signed, by=by, text="Mine.")

    assert NoteAddendum.objects.count() == 0


def test_addendum_by_a_therapist_whose_booking_was_cancelled_is_refused(signed, other_therapist):
    signed.appointment.client.appointments.filter(therapist=other_therapist).update(
        status=AppointmentStatus.CANCELLED
    )

    with pytest.raises(NoteRefused):
        note_add_addendum(note=signed, by=other_therapist.user, text="Mine.")

    assert NoteAddendum.objects.count() == 0


def test_addendum_to_a_draft_is_refused(draft, therapist):
    message = "^A draft is corrected by editing it; addenda are for signed notes.$"

    with pytest.raises(NoteRefused, match=message):
        note_add_addendum(note=draft, by=therapist.user, text="Too early.")

    assert NoteAddendum.objects.count() == 0


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_addendum_is_refused(signed, therapist, text):
    with pytest.raises(NoteInvalid) as refused:
        note_add_addendum(note=signed, by=therapist.user, text=text)

    assert refused.value.errors == {"text": ["Write the addendum."]}
    assert NoteAddendum.objects.count() == 0


def test_addenda_keep_their_order(signed, therapist, other_therapist, frozen):
    note_add_addendum(note=signed, by=therapist.user, text="First.")
    frozen.shift(timedelta(hours=2))
    note_add_addendum(note=signed, by=other_therapist.user, text="Second.")
    note_add_addendum(note=signed, by=therapist.user, text="Third, same time.")

    listed = list(
        notes_visible_to(therapist.user, signed.appointment.client_id).get().addenda.all()
    )

    assert [(a.text, a.author, a.created_at) for a in listed] == [
        ("First.", therapist.user, NOW),
        ("Second.", other_therapist.user, NOW + timedelta(hours=2)),
        ("Third, same time.", therapist.user, NOW + timedelta(hours=2)),
    ]
