"""A note may be drafted ahead of its session, but it is signed (and the session marked
completed) only once the session has started or its client has arrived."""

from datetime import timedelta

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from sessions.models import AppointmentStatus
from sessions.notes.models import NoteStatus, SessionNote
from sessions.notes.services import (
    NoteInvalid,
    note_check_signable,
    note_open,
    note_save,
    note_sign,
)
from tests.factories import AppointmentFactory
from tests.pages import http_as

from .api_requests import note_url, post
from .note_cast import FIELDS, NOW, POINT
from .page_requests import form_data

pytestmark = pytest.mark.django_db

NOT_STARTED = "The session has not started yet. Its note is signed once it has."


@pytest.fixture
def ahead(ava, therapist, service):
    """A draft, with its pain scores, of a session twelve days ahead."""
    appointment = AppointmentFactory(
        client=ava, therapist=therapist, service=service, start=NOW + timedelta(days=12)
    )
    note = note_open(appointment=appointment, by=appointment.therapist.user)
    return note_save(note=note, by=note.author, fields=FIELDS, points=[POINT])


def state(note: SessionNote) -> tuple:
    note.refresh_from_db()
    note.appointment.refresh_from_db()
    return note.status, note.signed_at, note.appointment.status


def test_note_sign_ahead_of_the_session_is_refused(ahead, therapist):
    with pytest.raises(NoteInvalid) as refused:
        note_sign(note=ahead, by=therapist.user)

    assert refused.value.errors == {"appointment": [NOT_STARTED]}
    assert state(ahead) == (NoteStatus.DRAFT, None, AppointmentStatus.BOOKED)


def test_note_check_signable_ahead_of_the_session_is_refused(ahead, therapist):
    with pytest.raises(NoteInvalid) as refused:
        note_check_signable(note=ahead, by=therapist.user)

    assert refused.value.errors == {"appointment": [NOT_STARTED]}


def test_note_sign_a_minute_before_the_start_is_refused(ahead, therapist):
    with pytest.raises(NoteInvalid):
        note_sign(note=ahead, by=therapist.user, now=ahead.appointment.start - timedelta(minutes=1))

    assert state(ahead) == (NoteStatus.DRAFT, None, AppointmentStatus.BOOKED)


def test_note_sign_at_the_start_completes_the_session(ahead, therapist):
    start = ahead.appointment.start

    note_sign(note=ahead, by=therapist.user, now=start)

    assert state(ahead) == (NoteStatus.SIGNED, start, AppointmentStatus.COMPLETED)


def test_note_sign_before_the_start_once_the_client_arrived(ahead, therapist):
    ahead.appointment.status = AppointmentStatus.ARRIVED
    ahead.appointment.save(update_fields=["status"])

    note_sign(note=ahead, by=therapist.user)

    assert state(ahead) == (NoteStatus.SIGNED, NOW, AppointmentStatus.COMPLETED)


def test_editor_sign_ahead_of_the_session_saves_the_draft_and_says_why(ahead, therapist):
    pk = ahead.appointment.pk
    data = form_data({**FIELDS, "plan": "Saved ahead."}, sign=True)

    response = http_as(therapist.user).post(f"/appointments/{pk}/note/save/", data)

    assertContains(response, NOT_STARTED, status_code=400)
    assertContains(response, "The draft is saved but not signed", status_code=400)
    ahead.refresh_from_db()
    assert ahead.plan == "Saved ahead."
    assert state(ahead) == (NoteStatus.DRAFT, None, AppointmentStatus.BOOKED)


def test_sign_page_ahead_of_the_session_is_a_400_that_says_why(ahead, therapist):
    pk = ahead.appointment.pk

    response = http_as(therapist.user).post(f"/appointments/{pk}/note/sign/", {})

    assertContains(response, NOT_STARTED, status_code=400)
    assert state(ahead) == (NoteStatus.DRAFT, None, AppointmentStatus.BOOKED)


def test_api_sign_ahead_of_the_session_is_a_400_that_says_why(ahead, therapist):
    response = post(therapist.user, note_url(ahead.appointment.pk, "sign/"))

    assert (response.status_code, response.json()) == (400, {"appointment": [NOT_STARTED]})
    assert state(ahead) == (NoteStatus.DRAFT, None, AppointmentStatus.BOOKED)


def test_editor_ahead_of_the_session_offers_no_signing(ahead, therapist):
    response = http_as(therapist.user).get(f"/appointments/{ahead.appointment.pk}/note/")

    assertNotContains(response, "Save and sign")
    assertContains(response, "the note can be drafted now and signed once it has.")


def test_editor_of_a_started_session_offers_signing(draft, therapist):
    response = http_as(therapist.user).get(f"/appointments/{draft.appointment.pk}/note/")

    assertContains(response, "Save and sign")
    assertNotContains(response, 'id="sign-later"')
