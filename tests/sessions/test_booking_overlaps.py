"""Booking: time off and the therapist's and the client's other sessions block a time."""

import pytest
import time_machine

from sessions.models import Appointment, AppointmentStatus
from sessions.services import BookingRefused, SlotTaken
from tests.clock import at_clinic
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    ServiceFactory,
    TimeOffFactory,
    bookable_therapist,
)
from tests.sessions.booking import DAY, NOW, book, refusal

pytestmark = pytest.mark.django_db

AWAY = "The therapist is away at that time."
TAKEN = "That time has just been taken. Please choose another slot."
CLIENT_BUSY = "You already have a session at that time."


# Time off


@pytest.mark.parametrize(
    ("away_from", "away_until"),
    [
        pytest.param((9, 0), (17, 0), id="whole-day"),
        pytest.param((10, 30), (11, 30), id="second-half"),
        pytest.param((9, 30), (10, 15), id="first-quarter"),
        pytest.param((10, 20), (10, 25), id="inside"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_book_during_time_off_refused(away_from, away_until):
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)
    TimeOffFactory(
        therapist=therapist, start=at_clinic(DAY, *away_from), end=at_clinic(DAY, *away_until)
    )

    refused = refusal(ClientFactory(), therapist, service, at_clinic(DAY, 10))

    assert refused == (BookingRefused, "start", AWAY)


@time_machine.travel(NOW, tick=False)
def test_book_buffer_running_into_time_off_refused():
    service = ServiceFactory(duration_minutes=60, buffer_minutes=15)
    therapist = bookable_therapist(service)
    TimeOffFactory(therapist=therapist, start=at_clinic(DAY, 11), end=at_clinic(DAY, 12))

    refused = refusal(ClientFactory(), therapist, service, at_clinic(DAY, 10))

    assert refused == (BookingRefused, "start", AWAY)


@time_machine.travel(NOW, tick=False)
def test_book_next_to_time_off_accepted():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)
    TimeOffFactory(therapist=therapist, start=at_clinic(DAY, 9), end=at_clinic(DAY, 10))
    TimeOffFactory(therapist=therapist, start=at_clinic(DAY, 11), end=at_clinic(DAY, 12))

    appointment = book(ClientFactory(), therapist, service, at_clinic(DAY, 10))

    assert (appointment.start, appointment.end) == (at_clinic(DAY, 10), at_clinic(DAY, 11))


# The therapist's other appointments


@pytest.mark.parametrize(
    "start",
    [
        pytest.param(at_clinic(DAY, 10), id="same-time"),
        pytest.param(at_clinic(DAY, 10, 30), id="starting-inside"),
        pytest.param(at_clinic(DAY, 9, 15), id="ending-inside"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_book_overlapping_the_therapists_appointment_refused(start):
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)
    book(ClientFactory(), therapist, service, at_clinic(DAY, 10))

    refused = refusal(ClientFactory(), therapist, service, start)

    assert refused == (SlotTaken, "start", TAKEN)


@time_machine.travel(NOW, tick=False)
def test_book_adjacent_appointments_accepted():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)
    book(ClientFactory(), therapist, service, at_clinic(DAY, 10))

    before = book(ClientFactory(), therapist, service, at_clinic(DAY, 9))
    after = book(ClientFactory(), therapist, service, at_clinic(DAY, 11))

    assert (before.end, after.start) == (at_clinic(DAY, 10), at_clinic(DAY, 11))
    assert Appointment.objects.filter(therapist=therapist).count() == 3


@time_machine.travel(NOW, tick=False)
def test_book_inside_the_previous_appointments_buffer_refused():
    long_session = ServiceFactory(name="Long session", duration_minutes=90, buffer_minutes=15)
    service = ServiceFactory(duration_minutes=30)
    therapist = bookable_therapist(long_session, service)
    book(ClientFactory(), therapist, long_session, at_clinic(DAY, 10))  # blocks until 11:45

    refused = refusal(ClientFactory(), therapist, service, at_clinic(DAY, 11, 30))

    assert refused == (SlotTaken, "start", TAKEN)


@time_machine.travel(NOW, tick=False)
def test_book_right_after_the_previous_appointments_buffer_accepted():
    long_session = ServiceFactory(name="Long session", duration_minutes=90, buffer_minutes=15)
    service = ServiceFactory(duration_minutes=30)
    therapist = bookable_therapist(long_session, service)
    book(ClientFactory(), therapist, long_session, at_clinic(DAY, 10))

    appointment = book(ClientFactory(), therapist, service, at_clinic(DAY, 11, 45))

    assert appointment.start == at_clinic(DAY, 11, 45)


@time_machine.travel(NOW, tick=False)
def test_book_buffer_running_into_the_next_appointment_refused():
    short_session = ServiceFactory(name="Short session", duration_minutes=30)
    service = ServiceFactory(duration_minutes=60, buffer_minutes=15)
    therapist = bookable_therapist(short_session, service)
    book(ClientFactory(), therapist, short_session, at_clinic(DAY, 11))

    refused = refusal(ClientFactory(), therapist, service, at_clinic(DAY, 10))

    assert refused == (SlotTaken, "start", TAKEN)


@time_machine.travel(NOW, tick=False)
def test_book_buffer_ending_as_the_next_subject_times_accepted():
    short_session = ServiceFactory(name="Short session", duration_minutes=30)
    service = ServiceFactory(duration_minutes=60, buffer_minutes=15)
    therapist = bookable_therapist(short_session, service)
    book(ClientFactory(), therapist, short_session, at_clinic(DAY, 11))

    appointment = book(ClientFactory(), therapist, service, at_clinic(DAY, 9, 45))

    assert appointment.blocked_until == at_clinic(DAY, 11)


@time_machine.travel(NOW, tick=False)
def test_book_over_a_cancelled_appointment_accepted():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)
    AppointmentFactory(
        therapist=therapist,
        service=service,
        start=at_clinic(DAY, 10),
        status=AppointmentStatus.CANCELLED,
    )

    appointment = book(ClientFactory(), therapist, service, at_clinic(DAY, 10))

    assert appointment.status == AppointmentStatus.BOOKED
    assert Appointment.objects.live().count() == 1


# The client's other appointments


@time_machine.travel(NOW, tick=False)
def test_book_overlapping_the_clients_session_with_another_therapist_refused():
    service = ServiceFactory(duration_minutes=60)
    first, second = bookable_therapist(service), bookable_therapist(service)
    client = ClientFactory()
    book(client, first, service, at_clinic(DAY, 10))

    refused = refusal(client, second, service, at_clinic(DAY, 10, 30))

    assert refused == (SlotTaken, "start", CLIENT_BUSY)


@time_machine.travel(NOW, tick=False)
def test_book_client_sessions_back_to_back_accepted():
    long_session = ServiceFactory(name="Long session", duration_minutes=60, buffer_minutes=15)
    service = ServiceFactory(duration_minutes=60)
    first, second = bookable_therapist(long_session), bookable_therapist(service)
    client = ClientFactory()
    book(client, first, long_session, at_clinic(DAY, 10))  # the buffer is the therapist's time

    appointment = book(client, second, service, at_clinic(DAY, 11))

    assert appointment.start == at_clinic(DAY, 11)


@time_machine.travel(NOW, tick=False)
def test_book_over_the_clients_cancelled_session_accepted():
    service = ServiceFactory(duration_minutes=60)
    first, second = bookable_therapist(service), bookable_therapist(service)
    client = ClientFactory()
    AppointmentFactory(
        client=client,
        therapist=first,
        service=service,
        start=at_clinic(DAY, 10),
        status=AppointmentStatus.CANCELLED,
    )

    appointment = book(client, second, service, at_clinic(DAY, 10))

    assert appointment.therapist == second
