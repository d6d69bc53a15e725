"""The availability answer is written in one pass; its bytes are what DRF's serializer,
which declares the shape in the schema, would write: keys, order and time formats."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from sessions.api import AvailabilitySerializer, iso_minute, iso_minutes, slots_json
from sessions.availability import FreeStarts, available_slots, free_starts, minute_floor
from tests.clock import at_clinic
from tests.factories import AppointmentFactory, ServiceFactory, TimeOffFactory, bookable_therapist
from tests.sessions.booking import FALL_BACK, SPRING_FORWARD
from tests.sessions.web import AVAILABILITY_URL

pytestmark = pytest.mark.django_db


def busy_fortnight(first_day: date) -> FreeStarts:
    """The free slots of four therapists with staggered bookings and time off, over two
    weeks from `first_day`."""
    service, therapists = arrange_fortnight(first_day)
    return free_starts(
        service=service,
        therapist_ids=[therapist.pk for therapist in therapists],
        first_day=first_day,
        days=14,
        now=the_day_before(first_day),
    )


def the_day_before(first_day: date) -> datetime:
    return datetime.combine(first_day - timedelta(days=1), time(12), tzinfo=UTC)


def arrange_fortnight(first_day: date) -> tuple:
    service = ServiceFactory(duration_minutes=50, buffer_minutes=10)
    therapists = [bookable_therapist(service, start=time(7), end=time(21)) for _ in range(4)]
    for index, therapist in enumerate(therapists):
        for offset in range(0, 14, 2):
            day = first_day + timedelta(days=offset)
            AppointmentFactory(
                therapist=therapist, service=service, start=at_clinic(day, 9 + index, 15 * index)
            )
        away = first_day + timedelta(days=index + 3)
        TimeOffFactory(therapist=therapist, start=at_clinic(away, 12), end=at_clinic(away, 16))
    return service, therapists


@pytest.mark.parametrize("first_day", [SPRING_FORWARD - timedelta(days=3), FALL_BACK])
@pytest.mark.parametrize("zone", ["America/Toronto", "UTC", "Asia/Kolkata"])
def test_slots_json_renders_the_bytes_the_serializer_renders(first_day, zone):
    free = busy_fortnight(first_day)
    slots = free.slots()

    with timezone.override(ZoneInfo(zone)):
        written = JSONRenderer().render({"slots": slots_json(free)})
        serialized = JSONRenderer().render(AvailabilitySerializer({"slots": slots}).data)

    assert len(slots) > 1_000
    assert written == serialized


def test_slots_json_writes_times_with_their_offset_and_utc_as_z():
    start = datetime(2027, 3, 1, 13, tzinfo=UTC)
    free = FreeStarts([(minute_floor(start), [7])], duration=60)

    with timezone.override(ZoneInfo("America/Toronto")):
        local = slots_json(free)
    with timezone.override(UTC):
        utc = slots_json(free)

    assert local == [
        {"therapist": 7, "start": "2027-03-01T08:00:00-05:00", "end": "2027-03-01T09:00:00-05:00"}
    ]
    assert utc == [{"therapist": 7, "start": "2027-03-01T13:00:00Z", "end": "2027-03-01T14:00:00Z"}]


def test_availability_answers_the_bytes_the_serializer_renders():
    first_day = SPRING_FORWARD - timedelta(days=3)
    service, therapists = arrange_fortnight(first_day)
    query = {"service": service.pk, "start": first_day.isoformat(), "days": 14}

    with time_machine.travel(the_day_before(first_day), tick=False):
        response = APIClient().get(AVAILABILITY_URL, query, headers={"accept": "application/json"})
        slots = available_slots(
            service=service,
            therapist_ids=[therapist.pk for therapist in therapists],
            first_day=first_day,
            days=14,
            now=timezone.now(),
        )

    assert response.status_code == 200
    assert len(slots) > 1_000
    assert response.content == JSONRenderer().render(AvailabilitySerializer({"slots": slots}).data)


@pytest.mark.parametrize(
    "zone",
    [
        "America/Toronto",
        "UTC",
        "Asia/Kolkata",
        "Australia/Lord_Howe",  # a half-hour change
        "America/Havana",  # changes at midnight
        "America/Santiago",  # changes at 24:00
        "Asia/Tehran",
    ],
)
def test_minutes_written_a_day_at_a_time_match_each_written_alone(zone):
    zone = ZoneInfo(zone)
    minutes = list(range(minute_floor(datetime(2024, 1, 1, tzinfo=UTC)), 30_000_000, 37))

    assert iso_minutes(minutes, zone) == {minute: iso_minute(minute, zone) for minute in minutes}
