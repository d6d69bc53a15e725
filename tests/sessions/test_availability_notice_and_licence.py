"""Free slots start after the minimum notice, end at the horizon and need a valid licence."""

from datetime import UTC, date, datetime, time

import pytest
import time_machine

from tests.clock import at_clinic
from tests.factories import (
    InsuredTherapistFactory,
    ServiceFactory,
    WorkingHoursFactory,
    bookable_therapist,
)
from tests.sessions.booking import (
    DAY,
    LICENCES_NOT_VALID_ON_DAY,
    NOW,
    WEDNESDAY,
    licensed,
    slots_for,
    starts,
    working,
)

pytestmark = pytest.mark.django_db


# Notice and horizon


@time_machine.travel(datetime(2026, 12, 2, 14, tzinfo=UTC), tick=False)  # 09:00 in Toronto
def test_available_slots_start_after_the_minimum_notice():
    service = ServiceFactory(duration_minutes=60)
    therapist = working(service, (time(9), time(13)))

    slots = slots_for(service, therapist)

    assert starts(slots) == [
        at_clinic(DAY, 11, 0),
        at_clinic(DAY, 11, 15),
        at_clinic(DAY, 11, 30),
        at_clinic(DAY, 11, 45),
        at_clinic(DAY, 12, 0),
    ]


@time_machine.travel(datetime(2026, 12, 2, 14, 5, tzinfo=UTC), tick=False)  # 09:05 in Toronto
def test_available_slots_start_on_the_next_grid_time_after_the_minimum_notice():
    service = ServiceFactory(duration_minutes=60)
    therapist = working(service, (time(9), time(13)))

    slots = slots_for(service, therapist)

    assert starts(slots) == [
        at_clinic(DAY, 11, 15),
        at_clinic(DAY, 11, 30),
        at_clinic(DAY, 11, 45),
        at_clinic(DAY, 12, 0),
    ]


@time_machine.travel(NOW, tick=False)
def test_available_slots_end_exactly_at_the_horizon():
    service = ServiceFactory(duration_minutes=30)
    therapist = bookable_therapist(service, start=time(6), end=time(9))
    last_day = date(2027, 1, 30)  # NOW + 60 days is 07:00 that day in Toronto

    slots = slots_for(service, therapist, day=last_day, days=2)

    assert starts(slots) == [
        at_clinic(last_day, 6, 0),
        at_clinic(last_day, 6, 15),
        at_clinic(last_day, 6, 30),
        at_clinic(last_day, 6, 45),
        at_clinic(last_day, 7, 0),
    ]


# Licences and accounts


@time_machine.travel(NOW, tick=False)
def test_available_slots_stop_after_the_licence_expires():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(
        service, start=time(9), end=time(10), licence_expires=date(2026, 12, 3)
    )

    slots = slots_for(service, therapist, days=3)

    assert starts(slots) == [at_clinic(DAY, 9), at_clinic(date(2026, 12, 3), 9)]


@pytest.mark.parametrize(
    ("status", "issued_on", "expires_on"),
    LICENCES_NOT_VALID_ON_DAY,
)
@time_machine.travel(NOW, tick=False)
def test_available_slots_empty_without_a_licence_valid_that_day(status, issued_on, expires_on):
    service = ServiceFactory(duration_minutes=60)
    therapist = licensed(service, status=status, issued_on=issued_on, expires_on=expires_on)

    slots = slots_for(service, therapist)

    assert slots == []


@time_machine.travel(NOW, tick=False)
def test_available_slots_empty_without_any_licence():
    service = ServiceFactory(duration_minutes=60)
    therapist = InsuredTherapistFactory(services=[service])
    WorkingHoursFactory(therapist=therapist, weekday=WEDNESDAY, start=time(9), end=time(17))

    slots = slots_for(service, therapist)

    assert slots == []
