"""Rescheduling: the appointment moves, by whom and when it may, or keeps its time if refused."""

from datetime import time, timedelta

import pytest
import time_machine

from clinic.accounts.models import Role
from sessions.models import Appointment, AppointmentStatus
from sessions.services import (
    ActionRefused,
    BookingRefused,
    SlotTaken,
    appointment_book,
    appointment_cancel,
    appointment_reschedule,
)
from tests.clock import at_clinic
from tests.factories import (
    AdminFactory,
    ClientFactory,
    ServiceFactory,
    TimeOffFactory,
    UserFactory,
    bookable_therapist,
)
from tests.sessions.booking import DAY, NOW
from tests.sessions.booking_changes import (
    NOT_YOURS,
    STARTED,
    TEN,
    booked,
    day_starts,
    row,
)

pytestmark = pytest.mark.django_db


@time_machine.travel(NOW, tick=False)
def test_reschedule_moves_the_same_appointment():
    appointment = booked(duration=60, buffer=15)

    moved = appointment_reschedule(
        appointment=appointment, by=appointment.client, start=at_clinic(DAY, 14)
    )

    assert moved.pk == appointment.pk
    assert Appointment.objects.count() == 1
    assert row(appointment) == {
        "start": at_clinic(DAY, 14),
        "end": at_clinic(DAY, 15),
        "blocked_until": at_clinic(DAY, 15, 15),
        "status": AppointmentStatus.BOOKED,
        "cancelled_by": None,
        "cancelled_at": None,
    }


@pytest.mark.parametrize(
    "who", [pytest.param("therapist", id="therapist"), pytest.param("admin", id="admin")]
)
@time_machine.travel(NOW, tick=False)
def test_reschedule_by_the_therapist_or_an_admin_moves_it(who):
    appointment = booked()
    by = appointment.therapist.user if who == "therapist" else AdminFactory()

    appointment_reschedule(appointment=appointment, by=by, start=at_clinic(DAY, 14))

    assert row(appointment)["start"] == at_clinic(DAY, 14)


@pytest.mark.parametrize(
    "new_start",
    [
        pytest.param(at_clinic(DAY, 10, 15), id="15-minutes-later"),
        pytest.param(at_clinic(DAY, 9, 45), id="15-minutes-earlier"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_reschedule_onto_time_overlapping_only_itself_accepted(new_start):
    appointment = booked(duration=90, buffer=15)

    appointment_reschedule(appointment=appointment, by=appointment.client, start=new_start)

    assert row(appointment) == {
        "start": new_start,
        "end": new_start + timedelta(minutes=90),
        "blocked_until": new_start + timedelta(minutes=105),
        "status": AppointmentStatus.BOOKED,
        "cancelled_by": None,
        "cancelled_at": None,
    }


@time_machine.travel(NOW, tick=False)
def test_reschedule_frees_the_old_time():
    appointment = booked(end_of_day=time(11))
    service, therapist = appointment.service, appointment.therapist
    assert day_starts(service, therapist) == [at_clinic(DAY, 9)]

    appointment_reschedule(appointment=appointment, by=appointment.client, start=at_clinic(DAY, 9))

    assert day_starts(service, therapist) == [TEN]
    rebooked = appointment_book(
        client=ClientFactory(), therapist=therapist, service=service, start=TEN
    )
    assert rebooked.start == TEN


@time_machine.travel(NOW, tick=False)
def test_reschedule_onto_a_taken_slot_keeps_the_old_time():
    appointment = booked()
    before = row(appointment)
    appointment_book(
        client=ClientFactory(),
        therapist=appointment.therapist,
        service=appointment.service,
        start=at_clinic(DAY, 14),
    )

    with pytest.raises(SlotTaken) as caught:
        appointment_reschedule(
            appointment=appointment, by=appointment.client, start=at_clinic(DAY, 14, 30)
        )

    assert (caught.value.field, caught.value.message) == (
        "start",
        "That time has just been taken. Please choose another slot.",
    )
    assert row(appointment) == before
    assert (appointment.start, appointment.end) == (TEN, TEN + timedelta(hours=1))


@time_machine.travel(NOW, tick=False)
def test_reschedule_onto_the_clients_other_session_keeps_the_old_time():
    appointment = booked()
    before = row(appointment)
    service = ServiceFactory(name="Deep tissue", duration_minutes=60)
    appointment_book(
        client=appointment.client,
        therapist=bookable_therapist(service),
        service=service,
        start=at_clinic(DAY, 14),
    )

    with pytest.raises(SlotTaken) as caught:
        appointment_reschedule(
            appointment=appointment, by=appointment.client, start=at_clinic(DAY, 14)
        )

    assert caught.value.message == "You already have a session at that time."
    assert row(appointment) == before


@pytest.mark.parametrize(
    ("new_start", "message"),
    [
        pytest.param(
            at_clinic(DAY, 14, 7),
            "Sessions start on the 15-minute grid of the clinic's clock.",
            id="off-grid",
        ),
        pytest.param(
            at_clinic(DAY, 18), "That time is outside the therapist's working hours.", id="hours"
        ),
        pytest.param(at_clinic(DAY, 12), "The therapist is away at that time.", id="time-off"),
        pytest.param(
            NOW + timedelta(hours=1), "Sessions must be booked at least 2 hours ahead.", id="notice"
        ),
        pytest.param(
            NOW + timedelta(days=61),
            "Sessions can be booked at most 60 days ahead.",
            id="horizon",
        ),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_reschedule_refused_keeps_the_old_time(new_start, message):
    appointment = booked()
    TimeOffFactory(
        therapist=appointment.therapist, start=at_clinic(DAY, 12), end=at_clinic(DAY, 13)
    )
    before = row(appointment)

    with pytest.raises(BookingRefused) as caught:
        appointment_reschedule(appointment=appointment, by=appointment.client, start=new_start)

    assert (caught.value.field, caught.value.message) == ("start", message)
    assert row(appointment) == before


@time_machine.travel(NOW, tick=False)
def test_reschedule_cancelled_appointment_refused():
    appointment = booked()
    appointment_cancel(appointment=appointment, by=appointment.client)
    before = row(appointment)

    with pytest.raises(ActionRefused) as caught:
        appointment_reschedule(
            appointment=appointment, by=appointment.client, start=at_clinic(DAY, 14)
        )

    assert str(caught.value) == "This appointment is cancelled."
    assert row(appointment) == before


@time_machine.travel(NOW, tick=False)
def test_reschedule_completed_appointment_refused():
    appointment = booked()
    Appointment.objects.filter(pk=appointment.pk).update(status=AppointmentStatus.COMPLETED)

    with pytest.raises(ActionRefused) as caught:
        appointment_reschedule(
            appointment=appointment, by=appointment.client, start=at_clinic(DAY, 14)
        )

    assert str(caught.value) == "This appointment is completed."
    assert row(appointment)["start"] == TEN


@pytest.mark.parametrize(
    "later",
    [pytest.param(TEN, id="at-its-start"), pytest.param(TEN + timedelta(hours=2), id="after-it")],
)
def test_reschedule_past_appointment_refused(later):
    with time_machine.travel(NOW, tick=False):
        appointment = booked()
    before = row(appointment)

    with time_machine.travel(later, tick=False), pytest.raises(ActionRefused) as caught:
        appointment_reschedule(
            appointment=appointment,
            by=appointment.client,
            start=at_clinic(DAY + timedelta(days=1), 14),
        )

    assert str(caught.value) == STARTED
    assert row(appointment) == before


@pytest.mark.parametrize(
    "who",
    [
        pytest.param("client", id="another-client"),
        pytest.param("therapist", id="another-therapist"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_reschedule_by_a_non_participant_refused(who):
    appointment = booked()
    stranger = ClientFactory() if who == "client" else UserFactory(role=Role.THERAPIST)
    before = row(appointment)

    with pytest.raises(ActionRefused) as caught:
        appointment_reschedule(appointment=appointment, by=stranger, start=at_clinic(DAY, 14))

    assert str(caught.value) == NOT_YOURS
    assert row(appointment) == before
