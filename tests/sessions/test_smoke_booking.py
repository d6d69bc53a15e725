from datetime import UTC, datetime

import pytest
import time_machine

from sessions.services import appointment_book
from tests.factories import ClientFactory, ServiceFactory, bookable_therapist

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=UTC), tick=False)
def test_book_a_free_slot_creates_a_booked_appointment():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)
    client = ClientFactory()

    appointment = appointment_book(
        client=client,
        therapist=therapist,
        service=service,
        start=datetime(2026, 12, 2, 15, tzinfo=UTC),  # 10:00 in Toronto
    )

    assert appointment.status == "booked"
    assert appointment.end == datetime(2026, 12, 2, 16, tzinfo=UTC)
