"""Booking's messages are planned in the booking change's transaction, sent after its commit."""

from datetime import time

import pytest
import time_machine
from django.core import mail
from django.db import transaction

from clinic.messaging.models import Message, MessageState
from sessions.models import Appointment
from sessions.services import BookingRefused, appointment_book, appointment_reschedule
from tests.clock import at_clinic
from tests.factories import ClientFactory, ServiceFactory, bookable_therapist
from tests.sessions.planning import DAY, NOW, TEN, book, kinds, planned

pytestmark = pytest.mark.django_db


@time_machine.travel(NOW, tick=False)
def test_refused_booking_leaves_no_rows():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service, end=time(12))

    with pytest.raises(BookingRefused):
        appointment_book(
            client=ClientFactory(), therapist=therapist, service=service, start=at_clinic(DAY, 14)
        )

    assert Message.objects.count() == 0


@time_machine.travel(NOW, tick=False)
def test_refused_reschedule_keeps_the_rows_as_they_were():
    appointment = book(TEN)
    before = planned(appointment)

    with pytest.raises(BookingRefused):
        appointment_reschedule(
            appointment=appointment, by=appointment.client, start=at_clinic(DAY, 20)
        )

    assert planned(appointment) == before
    assert kinds(appointment, state=MessageState.SKIPPED) == []


@pytest.mark.django_db(transaction=True)
@time_machine.travel(NOW, tick=False)
def test_booking_rolled_back_takes_its_rows_with_it():
    with pytest.raises(RuntimeError), transaction.atomic():
        book(TEN)
        assert Message.objects.count() == 8
        raise RuntimeError("the request failed after booking")

    assert Appointment.objects.count() == 0
    assert Message.objects.count() == 0


@pytest.mark.django_db(transaction=True)
@time_machine.travel(NOW, tick=False)
def test_messages_due_at_booking_go_out_only_after_the_commit(eager_celery):
    with transaction.atomic():
        appointment = book(TEN)
        assert mail.outbox == []

    assert [message.subject for message in mail.outbox] == [
        f"Booked: Wed 4 Mar 2026, 10:00 with {appointment.therapist}",
        f"New booking: {appointment.client.get_full_name()}, Wed 4 Mar 2026, 10:00",
        "Before your session: your intake form",
    ]
    assert kinds(appointment, state=MessageState.SENT) == [
        ("confirmation", "email"),
        ("intake_nudge", "email"),
    ]


@time_machine.travel(NOW, tick=False)
def test_booking_asks_for_a_dispatch_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        book(TEN)

    assert [callback.__name__ for callback in callbacks] == ["_dispatch_now"]
