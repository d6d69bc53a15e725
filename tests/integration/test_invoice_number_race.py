"""Concurrent checkouts on PostgreSQL: each invoice gets the next number, none twice, no gap.

Threads really race here, so time is not frozen: the sessions are today's, already arrived.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from clinic.accounts.models import User
from sessions.billing.models import Invoice
from sessions.billing.services import appointment_checkout
from sessions.models import Appointment, AppointmentStatus
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    DeskFactory,
    ServiceFactory,
    bookable_therapist,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CHECKOUTS = 20


def race(desk_id: int, appointment_ids: list[int]) -> list:
    barrier = threading.Barrier(len(appointment_ids))
    outcomes: list = [None] * len(appointment_ids)

    def checkout(index: int, appointment_id: int) -> None:
        try:
            desk = User.objects.get(pk=desk_id)
            appointment = Appointment.objects.get(pk=appointment_id)
            barrier.wait(timeout=30)
            outcomes[index] = appointment_checkout(appointment=appointment, by=desk, payments=[])
        except Exception as error:  # every outcome is asserted by the caller
            outcomes[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=checkout, args=(index, appointment_id))
        for index, appointment_id in enumerate(appointment_ids)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def test_twenty_concurrent_checkouts_get_twenty_consecutive_numbers():
    service = ServiceFactory(duration_minutes=30)
    therapists = [bookable_therapist(service) for _ in range(CHECKOUTS)]
    earlier = timezone.now() - timedelta(hours=1)
    appointments = [
        AppointmentFactory(
            client=ClientFactory(),
            therapist=therapist,
            service=service,
            start=earlier,
            status=AppointmentStatus.ARRIVED,
        )
        for therapist in therapists
    ]
    desk = DeskFactory()

    outcomes = race(desk.pk, [appointment.pk for appointment in appointments])

    assert [repr(outcome) for outcome in outcomes if isinstance(outcome, Exception)] == []
    year = timezone.localdate().year
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == [f"{year}-{n:06d}" for n in range(1, CHECKOUTS + 1)]
