"""The intakes-missing report: upcoming appointments whose client has no current intake."""

import re
from datetime import date, timedelta

import pytest
import time_machine

from sessions.models import AppointmentStatus
from sessions.reports import queries
from tests.clock import at_clinic
from tests.factories import AppointmentFactory, ClientFactory, TherapistFactory, submit_intake

from .reporting import NOW, csv_rows, service

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


def arrange_two_sides_of_the_spring_change():
    ava = ClientFactory(first_name="Ava", last_name="Chen", email="ava@example.org")
    therapist, hour = TherapistFactory(display_name="Maya"), service(60)
    for day in (date(2026, 12, 8), date(2027, 3, 16)):  # before and after clocks go forward
        AppointmentFactory(client=ava, therapist=therapist, service=hour, start=at_clinic(day, 13))


def test_intakes_missing_csv_gives_each_start_on_the_clinics_clock_with_its_offset(admin_client):
    arrange_two_sides_of_the_spring_change()

    response = admin_client.get("/reports/intakes-missing.csv?first=2026-12-01&last=2027-03-31")

    assert [row[0] for row in csv_rows(response)] == [
        "Starts",
        "2026-12-08T13:00:00-05:00",
        "2027-03-16T13:00:00-04:00",
    ]


def test_intakes_missing_page_gives_each_start_as_people_read_it(admin_client):
    arrange_two_sides_of_the_spring_change()

    response = admin_client.get("/reports/intakes-missing/?first=2026-12-01&last=2027-03-31")

    page = response.content.decode()
    assert re.findall(r"<td>([^<]*, 13:00)</td>", page) == [
        "Tue 8 Dec 2026, 13:00",
        "Tue 16 Mar 2027, 13:00",
    ]
