"""The clinic calendar and the calls that the booking-rule and availability tests share."""

from datetime import UTC, date, datetime, time

import pytest
from django.utils import timezone

from clinic.accounts.models import User
from clinic.catalogue.models import Service
from sessions.availability import Slot, available_slots
from sessions.models import Appointment
from sessions.services import BookingRefused, appointment_book
from tests.factories import (
    CredentialFactory,
    InsuredTherapistFactory,
    WorkingHoursFactory,
    bookable_therapist,
)
from therapists.credentials.models import CredentialStatus
from therapists.models import Therapist

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)  # Tuesday 07:00 in Toronto (UTC-5)
DAY = date(2026, 12, 2)  # Wednesday
WEDNESDAY = 2
SUNDAY = 6
SPRING_FORWARD = date(2026, 3, 8)  # 02:00 EST jumps to 03:00 EDT
FALL_BACK = date(2026, 11, 1)  # 02:00 EDT falls back to 01:00 EST


# Booking


def book(client: User, therapist: Therapist, service: Service, start: datetime) -> Appointment:
    return appointment_book(client=client, therapist=therapist, service=service, start=start)


def refusal(client: User, therapist: Therapist, service: Service, start: datetime) -> tuple:
    """(exception type, field, message) of a refused booking, after checking nothing was saved."""
    count = Appointment.objects.count()
    with pytest.raises(BookingRefused) as caught:
        book(client, therapist, service, start)
    assert Appointment.objects.count() == count
    return type(caught.value), caught.value.field, caught.value.message


# Therapists


def licensed(service: Service, **credential) -> Therapist:
    """A therapist working 09:00-17:00 on Wednesdays, with the given licence."""
    therapist = InsuredTherapistFactory(services=[service])
    WorkingHoursFactory(therapist=therapist, weekday=WEDNESDAY, start=time(9), end=time(17))
    CredentialFactory(therapist=therapist, **credential)
    return therapist


# (status, issued_on, expires_on) of a licence that does not make DAY bookable.
LICENCES_NOT_VALID_ON_DAY = [
    pytest.param(CredentialStatus.PENDING, date(2020, 1, 1), date(2030, 1, 1), id="pending"),
    pytest.param(CredentialStatus.REJECTED, date(2020, 1, 1), date(2030, 1, 1), id="rejected"),
    pytest.param(CredentialStatus.VERIFIED, date(2020, 1, 1), date(2026, 11, 30), id="expired"),
    pytest.param(
        CredentialStatus.VERIFIED, date(2020, 1, 1), date(2026, 12, 1), id="expires-before-day"
    ),
    pytest.param(
        CredentialStatus.VERIFIED, date(2026, 12, 3), date(2030, 1, 1), id="issued-after-day"
    ),
]


# Free slots


def starts(slots: list[Slot]) -> list[datetime]:
    return [slot.start for slot in slots]


def slots_for(service: Service, *therapists: Therapist, day: date = DAY, days: int = 1):
    return available_slots(
        service=service,
        therapist_ids=[therapist.pk for therapist in therapists],
        first_day=day,
        days=days,
        now=timezone.now(),
    )


def working(service: Service, *hours: tuple[time, time], weekday: int = WEDNESDAY) -> Therapist:
    """A bookable therapist working the given intervals on one weekday."""
    therapist = bookable_therapist(service, weekdays=[])
    for start, end in hours:
        WorkingHoursFactory(therapist=therapist, weekday=weekday, start=start, end=end)
    return therapist
