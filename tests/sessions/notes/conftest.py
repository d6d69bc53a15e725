"""The note tests' clock, stopped at NOW, and the session and people they arrange: one
fixture each for the service tests, the cast for the page and API tests."""

from datetime import UTC, datetime

import pytest

from sessions.notes.services import note_open, note_save, note_sign
from tests.clock import frozen_at
from tests.factories import AppointmentFactory, ClientFactory, ServiceFactory, TherapistFactory

from .note_cast import FIELDS, NOW, POINT, SESSION_START, note_cast

frozen = frozen_at(NOW)


@pytest.fixture
def cast():
    """note_cast(), with "anonymous" (no one signed in) among the people."""
    cast = note_cast()
    cast["people"] = {"anonymous": None, **cast["people"]}
    return cast


# These two stand in for tests/sessions/conftest.py's bookable service and therapist.
@pytest.fixture
def service():
    return ServiceFactory(duration_minutes=60)


@pytest.fixture
def therapist():
    return TherapistFactory(display_name="Maya Lindqvist")


@pytest.fixture
def ava():
    return ClientFactory(first_name="Ava", last_name="Chen")


@pytest.fixture
def appointment(ava, therapist, service):
    return AppointmentFactory(client=ava, therapist=therapist, service=service, start=SESSION_START)


@pytest.fixture
def other_therapist(ava, service):
    """Another therapist of Ava's: she has a live booking with them on 3 December."""
    other = TherapistFactory(display_name="Daniel Okafor")
    AppointmentFactory(
        client=ava,
        therapist=other,
        service=service,
        start=datetime(2026, 12, 3, 15, tzinfo=UTC),
    )
    return other


@pytest.fixture
def draft(appointment):
    return note_open(appointment=appointment, by=appointment.therapist.user)


@pytest.fixture
def signed(draft):
    note = note_save(note=draft, by=draft.author, fields=FIELDS, points=[POINT])
    return note_sign(note=note, by=draft.author)
