"""The intakes-missing report: upcoming appointments whose client has no current intake."""

from datetime import date, timedelta

import pytest
import time_machine

from sessions.models import AppointmentStatus
from sessions.reports import queries
from tests.clock import at_clinic
from tests.factories import AppointmentFactory, ClientFactory, TherapistFactory, submit_intake

from .reporting import NOW, service

pytestmark = pytest.mark.django_db


def test_intakes_missing_lists_upcoming_appointments_without_a_current_intake():
    therapist = TherapistFactory(display_name="Maya")
    hour = service(60)
    without = ClientFactory(first_name="Ava", last_name="Chen", email="ava@example.org")
    stale = ClientFactory(first_name="Ben", last_name="Ode", email="ben@example.org")
    current = ClientFactory()
    with time_machine.travel(NOW - timedelta(days=400), tick=False):
        submit_intake(stale)
    submit_intake(current)

    def booked(client, day, at=11, **fields):
        return AppointmentFactory(
            client=client, therapist=therapist, service=hour, start=at_clinic(day, at), **fields
        )

    booked(without, date(2026, 12, 3))
    booked(stale, date(2026, 12, 2))
    booked(current, date(2026, 12, 2), at=13)
    booked(without, date(2026, 12, 1), at=8)  # earlier today: no longer upcoming
    booked(ClientFactory(), date(2026, 12, 4), status=AppointmentStatus.CANCELLED)
    booked(ClientFactory(), date(2026, 12, 20))  # after the range

    rows = queries.intakes_missing(date(2026, 11, 25), date(2026, 12, 14))

    assert [(row.start.strftime("%d %H:%M"), row.client_email, row.reason) for row in rows] == [
        ("02 11:00", "ben@example.org", "Intake over a year old"),
        ("03 11:00", "ava@example.org", "No intake"),
    ]
    assert (rows[1].client, rows[1].therapist, rows[1].service) == (
        "Ava Chen",
        "Maya",
        "Session 60 (60 min)",
    )
