"""`manage.py seed_demo` gives the demo clients signed past sessions with treated points."""

from io import StringIO

import pytest
from django.core.management import call_command

from clinic.accounts.models import User
from clinic.bodymap.suggestions import suggest_muscles
from sessions.models import AppointmentStatus
from sessions.notes.models import NoteStatus, SessionNote, TreatedPoint
from tests.clock import frozen_at
from tests.demo_clinic import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_clinic")]

TREATED = [1, 2, 4, 5]  # client 3 needs a clearance first: no massage, so no notes
SESSIONS_EACH = 4


frozen = frozen_at(NOW)


def seed() -> None:
    call_command("seed_demo", password="demo-password-for-tests", stdout=StringIO())


def client(number: int) -> User:
    return User.objects.get(email=f"client{number}@demo.clinic")


def notes_of(number: int) -> list[SessionNote]:
    return list(
        SessionNote.objects.filter(appointment__client=client(number))
        .select_related("appointment__therapist__user", "author", "intake")
        .order_by("appointment__start")
    )


def test_seed_demo_gives_treated_clients_signed_past_sessions():
    counts = {n: len(notes_of(n)) for n in range(1, 6)}

    assert counts == {1: SESSIONS_EACH, 2: SESSIONS_EACH, 3: 0, 4: SESSIONS_EACH, 5: SESSIONS_EACH}


def test_seed_demo_notes_are_signed_by_their_sessions_therapist_in_the_past():
    notes = [note for n in TREATED for note in notes_of(n)]

    assert {note.status for note in notes} == {NoteStatus.SIGNED}
    assert {note.appointment.status for note in notes} == {AppointmentStatus.COMPLETED}
    assert [note for note in notes if note.author != note.appointment.therapist.user] == []
    assert [note for note in notes if not note.appointment.start < note.signed_at < NOW] == []


def test_seed_demo_notes_link_the_clients_intake_and_have_pain_scores():
    for number in TREATED:
        notes = notes_of(number)
        assert {note.intake.client for note in notes} == {client(number)}
        # Pain eases from one weekly session to the next.
        assert [(note.pain_before, note.pain_after) for note in notes] == [
            (7, 4),
            (6, 3),
            (5, 2),
            (4, 1),
        ]


def test_seed_demo_notes_treat_the_top_suggested_muscles():
    for number in TREATED:
        notes = notes_of(number)
        suggested = [(s.muscle.id, s.side) for s in suggest_muscles(notes[0].intake.chart, limit=3)]
        treated = [list(note.points.order_by("pk").values_list("muscle", "side")) for note in notes]
        assert len(suggested) == 3
        assert treated == [suggested] * SESSIONS_EACH


def test_seed_demo_client_1s_sessions_treat_the_upper_trapezius():
    first = notes_of(1)[0]

    assert list(first.points.values_list("muscle", flat=True))[0] == "upper_trapezius"


def test_seed_demo_twice_adds_no_sessions_or_points():
    notes = list(SessionNote.objects.order_by("pk").values())
    points = list(TreatedPoint.objects.order_by("pk").values())

    seed()

    assert list(SessionNote.objects.order_by("pk").values()) == notes
    assert list(TreatedPoint.objects.order_by("pk").values()) == points
