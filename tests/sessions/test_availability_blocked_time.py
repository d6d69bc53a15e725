"""Free slots leave out time off and other appointments with their buffers."""

from datetime import time, timedelta

import pytest
import time_machine

from sessions.models import AppointmentStatus
from tests.clock import at_clinic
from tests.factories import AppointmentFactory, ServiceFactory, TimeOffFactory, bookable_therapist
from tests.sessions.booking import DAY, NOW, slots_for, starts, working

pytestmark = pytest.mark.django_db


# Time off


@time_machine.travel(NOW, tick=False)
def test_available_slots_exclude_time_off():
    service = ServiceFactory(duration_minutes=60)
    therapist = working(service, (time(9), time(12)))
    TimeOffFactory(therapist=therapist, start=at_clinic(DAY, 10), end=at_clinic(DAY, 10, 30))

    slots = slots_for(service, therapist)

    assert starts(slots) == [
        at_clinic(DAY, 9, 0),
        at_clinic(DAY, 10, 30),
        at_clinic(DAY, 10, 45),
        at_clinic(DAY, 11, 0),
    ]


@time_machine.travel(NOW, tick=False)
def test_available_slots_exclude_slots_time_off_partly_overlaps():
    service = ServiceFactory(duration_minutes=30)
    therapist = working(service, (time(9), time(12)))
    TimeOffFactory(therapist=therapist, start=at_clinic(DAY, 10, 5), end=at_clinic(DAY, 10, 20))

    slots = slots_for(service, therapist)

    assert starts(slots) == [
        at_clinic(DAY, 9, 0),
        at_clinic(DAY, 9, 15),
        at_clinic(DAY, 9, 30),
        at_clinic(DAY, 10, 30),
        at_clinic(DAY, 10, 45),
        at_clinic(DAY, 11, 0),
        at_clinic(DAY, 11, 15),
        at_clinic(DAY, 11, 30),
    ]


@time_machine.travel(NOW, tick=False)
def test_available_slots_exclude_time_off_spanning_days():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service, start=time(9), end=time(11))
    TimeOffFactory(
        therapist=therapist, start=at_clinic(DAY, 0), end=at_clinic(DAY + timedelta(days=1), 10)
    )

    slots = slots_for(service, therapist, days=3)

    third = DAY + timedelta(days=2)
    assert starts(slots) == [
        at_clinic(DAY + timedelta(days=1), 10, 0),
        at_clinic(third, 9, 0),
        at_clinic(third, 9, 15),
        at_clinic(third, 9, 30),
        at_clinic(third, 9, 45),
        at_clinic(third, 10, 0),
    ]


# Appointments and buffers


@time_machine.travel(NOW, tick=False)
def test_available_slots_adjacent_to_an_appointment_offered():
    service = ServiceFactory(duration_minutes=60)
    therapist = working(service, (time(9), time(12)))
    AppointmentFactory(therapist=therapist, service=service, start=at_clinic(DAY, 10))

    slots = slots_for(service, therapist)

    assert starts(slots) == [at_clinic(DAY, 9), at_clinic(DAY, 11)]


@time_machine.travel(NOW, tick=False)
def test_available_slots_keep_an_appointments_buffer_free():
    long_session = ServiceFactory(name="Long session", duration_minutes=90, buffer_minutes=15)
    service = ServiceFactory(duration_minutes=30)
    therapist = working(service, (time(9), time(12)))
    AppointmentFactory(therapist=therapist, service=long_session, start=at_clinic(DAY, 9))

    slots = slots_for(service, therapist)

    assert starts(slots) == [
        at_clinic(DAY, 10, 45),
        at_clinic(DAY, 11, 0),
        at_clinic(DAY, 11, 15),
        at_clinic(DAY, 11, 30),
    ]


@time_machine.travel(NOW, tick=False)
def test_available_slots_leave_room_for_the_new_sessions_buffer():
    short_session = ServiceFactory(name="Short session", duration_minutes=30)
    service = ServiceFactory(duration_minutes=60, buffer_minutes=15)
    therapist = working(service, (time(9), time(12)))
    AppointmentFactory(therapist=therapist, service=short_session, start=at_clinic(DAY, 11))

    slots = slots_for(service, therapist)

    assert starts(slots) == [
        at_clinic(DAY, 9, 0),
        at_clinic(DAY, 9, 15),
        at_clinic(DAY, 9, 30),
        at_clinic(DAY, 9, 45),
    ]


@time_machine.travel(NOW, tick=False)
def test_available_slots_ignore_cancelled_appointments():
    service = ServiceFactory(duration_minutes=60)
    therapist = working(service, (time(9), time(11)))
    AppointmentFactory(
        therapist=therapist,
        service=service,
        start=at_clinic(DAY, 10),
        status=AppointmentStatus.CANCELLED,
    )

    slots = slots_for(service, therapist)

    assert starts(slots) == [
        at_clinic(DAY, 9, 0),
        at_clinic(DAY, 9, 15),
        at_clinic(DAY, 9, 30),
        at_clinic(DAY, 9, 45),
        at_clinic(DAY, 10, 0),
    ]


@time_machine.travel(NOW, tick=False)
def test_available_slots_ignore_other_therapists_appointments():
    service = ServiceFactory(duration_minutes=60)
    therapist = working(service, (time(9), time(10, 30)))
    other = working(service, (time(9), time(10, 30)))
    AppointmentFactory(therapist=other, service=service, start=at_clinic(DAY, 9))

    slots = slots_for(service, therapist)

    assert starts(slots) == [at_clinic(DAY, 9, 0), at_clinic(DAY, 9, 15), at_clinic(DAY, 9, 30)]
