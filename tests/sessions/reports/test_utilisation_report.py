"""The utilisation report: booked hours over working hours, time off left out."""

from datetime import date, time
from decimal import Decimal

import pytest

from sessions.models import AppointmentStatus
from sessions.reports import queries
from tests.clock import at_clinic
from tests.factories import (
    AppointmentFactory,
    TherapistFactory,
    TimeOffFactory,
    WorkingHoursFactory,
)

from .reporting import service

pytestmark = pytest.mark.django_db


def test_utilisation_is_booked_over_working_hours_minus_time_off():
    therapist = TherapistFactory(display_name="Maya")
    WorkingHoursFactory(therapist=therapist, weekday=0, start=time(9), end=time(17))
    WorkingHoursFactory(therapist=therapist, weekday=1, start=time(9), end=time(13))
    monday, tuesday = date(2026, 11, 23), date(2026, 11, 24)
    TimeOffFactory(therapist=therapist, start=at_clinic(monday, 9), end=at_clinic(monday, 11))
    hour, ninety = service(60), service(90)
    AppointmentFactory(
        therapist=therapist,
        service=hour,
        start=at_clinic(monday, 13),
        status=AppointmentStatus.COMPLETED,
    )
    AppointmentFactory(
        therapist=therapist,
        service=ninety,
        start=at_clinic(tuesday, 10),
        status=AppointmentStatus.NO_SHOW,
    )
    AppointmentFactory(  # cancelled: frees its time
        therapist=therapist,
        service=hour,
        start=at_clinic(tuesday, 11, 30),
        status=AppointmentStatus.CANCELLED,
    )
    AppointmentFactory(  # inside the time off: not working time, so not counted
        therapist=therapist, service=hour, start=at_clinic(monday, 9, 30)
    )
    TherapistFactory(display_name="Noah")  # no hours at all

    rows = queries.utilisation(monday, date(2026, 11, 29))

    assert rows == [
        queries.UtilisationRow("Maya", Decimal("10.00"), Decimal("2.50"), Decimal("25.0")),
        queries.UtilisationRow("Noah", Decimal("0.00"), Decimal("0.00"), None),
    ]


def test_utilisation_counts_wall_clock_hours_on_a_clock_change_day():
    therapist = TherapistFactory(display_name="Night owl")
    # Sunday 1 November 2026: clocks go back at 2:00, so 0:00-4:00 lasts five hours.
    WorkingHoursFactory(therapist=therapist, weekday=6, start=time(0), end=time(4))
    AppointmentFactory(
        therapist=therapist, service=service(60), start=at_clinic(date(2026, 11, 1), 1)
    )

    (row,) = queries.utilisation(date(2026, 11, 1), date(2026, 11, 1))

    assert (row.working_hours, row.booked_hours, row.utilisation) == (
        Decimal("5.00"),
        Decimal("1.00"),
        Decimal("20.0"),
    )
