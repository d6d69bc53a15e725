"""Cancelling: who and when is recorded, the slot freed at once, late in the window, by whom."""

from datetime import time, timedelta

import pytest
import time_machine

from sessions.models import Appointment, AppointmentStatus
from sessions.services import ActionRefused, appointment_book, appointment_cancel
from tests.clock import at_clinic
from tests.factories import ClientFactory
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
def test_cancel_records_who_when_and_why():
    appointment = booked()

    cancelled = appointment_cancel(
        appointment=appointment, by=appointment.client, reason="  Feeling unwell \n"
    )

    saved = Appointment.objects.get(pk=appointment.pk)
    assert cancelled.pk == appointment.pk
    assert saved.status == AppointmentStatus.CANCELLED
    assert (saved.cancelled_by, saved.cancelled_at) == (appointment.client, NOW)
    assert saved.cancellation_reason == "Feeling unwell"
    assert (saved.start, saved.end) == (TEN, TEN + timedelta(hours=1))


@time_machine.travel(NOW, tick=False)
def test_cancel_by_the_therapist_records_the_therapist():
    appointment = booked()

    appointment_cancel(appointment=appointment, by=appointment.therapist.user)

    saved = Appointment.objects.get(pk=appointment.pk)
    assert (saved.status, saved.cancelled_by) == (
        AppointmentStatus.CANCELLED,
        appointment.therapist.user,
    )
    assert saved.cancellation_reason == ""


@time_machine.travel(NOW, tick=False)
def test_cancel_frees_the_slot_at_once():
    appointment = booked(end_of_day=time(11))
    service, therapist = appointment.service, appointment.therapist
    assert day_starts(service, therapist) == [at_clinic(DAY, 9)]

    appointment_cancel(appointment=appointment, by=appointment.client)

    assert day_starts(service, therapist) == [
        at_clinic(DAY, 9, 0),
        at_clinic(DAY, 9, 15),
        at_clinic(DAY, 9, 30),
        at_clinic(DAY, 9, 45),
        at_clinic(DAY, 10, 0),
    ]
    rebooked = appointment_book(
        client=ClientFactory(), therapist=therapist, service=service, start=TEN
    )
    assert (rebooked.status, rebooked.start) == (AppointmentStatus.BOOKED, TEN)
    assert rebooked.pk != appointment.pk


@pytest.mark.parametrize(
    ("before_start", "late"),
    [
        pytest.param(timedelta(days=1, hours=1), False, id="25h-before"),
        pytest.param(timedelta(days=1), False, id="exactly-24h-before"),
        pytest.param(timedelta(hours=23, minutes=59), True, id="23h59-before"),
        pytest.param(timedelta(minutes=1), True, id="1min-before"),
    ],
)
def test_cancel_late_only_inside_the_free_cancellation_window(before_start, late):
    with time_machine.travel(NOW, tick=False):
        appointment = booked()

    with time_machine.travel(TEN - before_start, tick=False):
        appointment_cancel(appointment=appointment, by=appointment.client)

    saved = Appointment.objects.get(pk=appointment.pk)
    assert (saved.late_cancellation, saved.cancelled_at) == (late, TEN - before_start)


@time_machine.travel(NOW, tick=False)
def test_cancel_twice_refused():
    appointment = booked()
    appointment_cancel(appointment=appointment, by=appointment.client, reason="first")
    before = row(appointment)

    with pytest.raises(ActionRefused) as caught:
        appointment_cancel(appointment=appointment, by=appointment.client, reason="second")

    assert str(caught.value) == "This appointment is cancelled."
    assert row(appointment) == before
    assert Appointment.objects.get(pk=appointment.pk).cancellation_reason == "first"


@pytest.mark.parametrize(
    "later",
    [pytest.param(TEN, id="at-its-start"), pytest.param(TEN + timedelta(hours=2), id="after-it")],
)
def test_cancel_after_the_start_refused(later):
    with time_machine.travel(NOW, tick=False):
        appointment = booked()
    before = row(appointment)

    with time_machine.travel(later, tick=False), pytest.raises(ActionRefused) as caught:
        appointment_cancel(appointment=appointment, by=appointment.client)

    assert str(caught.value) == STARTED
    assert row(appointment) == before


@time_machine.travel(NOW, tick=False)
def test_cancel_by_another_client_refused():
    appointment = booked()
    before = row(appointment)

    with pytest.raises(ActionRefused) as caught:
        appointment_cancel(appointment=appointment, by=ClientFactory())

    assert str(caught.value) == NOT_YOURS
    assert row(appointment) == before
