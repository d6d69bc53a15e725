"""Free slots fill the working hours on the grid, on ordinary and DST-change days alike."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine

from sessions.availability import Slot
from tests.clock import TORONTO, at_clinic
from tests.factories import ServiceFactory
from tests.sessions.booking import (
    DAY,
    FALL_BACK,
    NOW,
    SPRING_FORWARD,
    SUNDAY,
    slots_for,
    starts,
    working,
)

pytestmark = pytest.mark.django_db


def wall_clock(slots: list[Slot]) -> list[str]:
    return [f"{slot.start.astimezone(TORONTO):%H:%M}" for slot in slots]


# Working hours


@time_machine.travel(NOW, tick=False)
def test_available_slots_fill_working_hours_on_the_grid():
    service = ServiceFactory(duration_minutes=60)
    therapist = working(service, (time(9), time(11)))

    slots = slots_for(service, therapist)

    hour = timedelta(hours=1)
    assert slots == [
        Slot(therapist.pk, at_clinic(DAY, 9, 0), at_clinic(DAY, 9, 0) + hour),
        Slot(therapist.pk, at_clinic(DAY, 9, 15), at_clinic(DAY, 9, 15) + hour),
        Slot(therapist.pk, at_clinic(DAY, 9, 30), at_clinic(DAY, 9, 30) + hour),
        Slot(therapist.pk, at_clinic(DAY, 9, 45), at_clinic(DAY, 9, 45) + hour),
        Slot(therapist.pk, at_clinic(DAY, 10, 0), at_clinic(DAY, 10, 0) + hour),
    ]


@time_machine.travel(NOW, tick=False)
def test_available_slots_fit_duration_and_buffer_before_the_interval_end():
    service = ServiceFactory(duration_minutes=60, buffer_minutes=15)
    therapist = working(service, (time(9), time(11)))

    slots = slots_for(service, therapist)

    assert starts(slots) == [
        at_clinic(DAY, 9, 0),
        at_clinic(DAY, 9, 15),
        at_clinic(DAY, 9, 30),
        at_clinic(DAY, 9, 45),
    ]
    assert [slot.end - slot.start for slot in slots] == [timedelta(minutes=60)] * 4


@time_machine.travel(NOW, tick=False)
def test_available_slots_start_on_the_grid_when_hours_are_off_the_grid():
    service = ServiceFactory(duration_minutes=30)
    therapist = working(service, (time(9, 10), time(10, 40)))

    slots = slots_for(service, therapist)

    assert starts(slots) == [
        at_clinic(DAY, 9, 15),
        at_clinic(DAY, 9, 30),
        at_clinic(DAY, 9, 45),
        at_clinic(DAY, 10, 0),
    ]


@time_machine.travel(NOW, tick=False)
def test_available_slots_cover_several_intervals_of_a_weekday():
    service = ServiceFactory(duration_minutes=60)
    therapist = working(service, (time(14), time(15, 30)), (time(9), time(10, 30)))

    slots = slots_for(service, therapist)

    assert starts(slots) == [
        at_clinic(DAY, 9, 0),
        at_clinic(DAY, 9, 15),
        at_clinic(DAY, 9, 30),
        at_clinic(DAY, 14, 0),
        at_clinic(DAY, 14, 15),
        at_clinic(DAY, 14, 30),
    ]


@time_machine.travel(NOW, tick=False)
def test_available_slots_merge_overlapping_intervals():
    service = ServiceFactory(duration_minutes=60)
    therapist = working(service, (time(9), time(10, 30)), (time(10), time(11)))

    slots = slots_for(service, therapist)

    assert starts(slots) == [
        at_clinic(DAY, 9, 0),
        at_clinic(DAY, 9, 15),
        at_clinic(DAY, 9, 30),
        at_clinic(DAY, 9, 45),
        at_clinic(DAY, 10, 0),
    ]


@time_machine.travel(NOW, tick=False)
def test_available_slots_merge_touching_intervals():
    service = ServiceFactory(duration_minutes=60)
    therapist = working(service, (time(9), time(10)), (time(10), time(11)))

    slots = slots_for(service, therapist)

    assert starts(slots) == [
        at_clinic(DAY, 9, 0),
        at_clinic(DAY, 9, 15),
        at_clinic(DAY, 9, 30),
        at_clinic(DAY, 9, 45),
        at_clinic(DAY, 10, 0),
    ]


@time_machine.travel(NOW, tick=False)
def test_available_slots_empty_on_a_weekday_without_hours():
    service = ServiceFactory(duration_minutes=60)
    therapist = working(service, (time(9), time(17)), weekday=0)

    slots = slots_for(service, therapist)

    assert slots == []


@time_machine.travel(NOW, tick=False)
def test_available_slots_of_several_therapists_sorted_by_start_then_therapist():
    service = ServiceFactory(duration_minutes=60)
    first = working(service, (time(9), time(10, 30)))
    second = working(service, (time(9, 30), time(11)))

    slots = slots_for(service, second, first)

    assert [(slot.start, slot.therapist_id) for slot in slots] == [
        (at_clinic(DAY, 9, 0), first.pk),
        (at_clinic(DAY, 9, 15), first.pk),
        (at_clinic(DAY, 9, 30), first.pk),
        (at_clinic(DAY, 9, 30), second.pk),
        (at_clinic(DAY, 9, 45), second.pk),
        (at_clinic(DAY, 10, 0), second.pk),
    ]


# Daylight saving time


@time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=UTC), tick=False)
def test_available_slots_skip_the_missing_hour_on_spring_forward():
    service = ServiceFactory(duration_minutes=60)
    therapist = working(service, (time(0), time(5)), weekday=SUNDAY)

    slots = slots_for(service, therapist, day=SPRING_FORWARD)

    assert wall_clock(slots) == [
        "00:00", "00:15", "00:30", "00:45", "01:00", "01:15", "01:30", "01:45",
        "03:00", "03:15", "03:30", "03:45", "04:00",
    ]  # fmt: skip
    assert starts(slots) == [
        datetime(2026, 3, 8, 5, 0, tzinfo=UTC),  # 00:00 EST
        datetime(2026, 3, 8, 5, 15, tzinfo=UTC),
        datetime(2026, 3, 8, 5, 30, tzinfo=UTC),
        datetime(2026, 3, 8, 5, 45, tzinfo=UTC),
        datetime(2026, 3, 8, 6, 0, tzinfo=UTC),
        datetime(2026, 3, 8, 6, 15, tzinfo=UTC),
        datetime(2026, 3, 8, 6, 30, tzinfo=UTC),
        datetime(2026, 3, 8, 6, 45, tzinfo=UTC),  # 01:45 EST
        datetime(2026, 3, 8, 7, 0, tzinfo=UTC),  # 03:00 EDT
        datetime(2026, 3, 8, 7, 15, tzinfo=UTC),
        datetime(2026, 3, 8, 7, 30, tzinfo=UTC),
        datetime(2026, 3, 8, 7, 45, tzinfo=UTC),
        datetime(2026, 3, 8, 8, 0, tzinfo=UTC),  # 04:00 EDT, ends at 05:00 EDT
    ]
    assert [slot.end - slot.start for slot in slots] == [timedelta(hours=1)] * 13
    assert slots[7].end.astimezone(TORONTO).time() == time(3, 45)


@time_machine.travel(datetime(2026, 10, 25, 12, tzinfo=UTC), tick=False)
def test_available_slots_offer_the_repeated_hour_once_on_fall_back():
    service = ServiceFactory(duration_minutes=60)
    therapist = working(service, (time(0), time(5)), weekday=SUNDAY)

    slots = slots_for(service, therapist, day=FALL_BACK)

    assert wall_clock(slots) == [
        "00:00", "00:15", "00:30", "00:45", "01:00", "01:15", "01:30", "01:45",
        "02:00", "02:15", "02:30", "02:45", "03:00", "03:15", "03:30", "03:45", "04:00",
    ]  # fmt: skip
    assert starts(slots) == [
        datetime(2026, 11, 1, 4, 0, tzinfo=UTC),  # 00:00 EDT
        datetime(2026, 11, 1, 4, 15, tzinfo=UTC),
        datetime(2026, 11, 1, 4, 30, tzinfo=UTC),
        datetime(2026, 11, 1, 4, 45, tzinfo=UTC),
        datetime(2026, 11, 1, 5, 0, tzinfo=UTC),  # 01:00 EDT, the first occurrence only
        datetime(2026, 11, 1, 5, 15, tzinfo=UTC),
        datetime(2026, 11, 1, 5, 30, tzinfo=UTC),
        datetime(2026, 11, 1, 5, 45, tzinfo=UTC),
        datetime(2026, 11, 1, 7, 0, tzinfo=UTC),  # 02:00 EST
        datetime(2026, 11, 1, 7, 15, tzinfo=UTC),
        datetime(2026, 11, 1, 7, 30, tzinfo=UTC),
        datetime(2026, 11, 1, 7, 45, tzinfo=UTC),
        datetime(2026, 11, 1, 8, 0, tzinfo=UTC),
        datetime(2026, 11, 1, 8, 15, tzinfo=UTC),
        datetime(2026, 11, 1, 8, 30, tzinfo=UTC),
        datetime(2026, 11, 1, 8, 45, tzinfo=UTC),
        datetime(2026, 11, 1, 9, 0, tzinfo=UTC),  # 04:00 EST, ends at 05:00 EST
    ]
    assert [slot.end - slot.start for slot in slots] == [timedelta(hours=1)] * 17
    assert slots[7].end == datetime(2026, 11, 1, 6, 45, tzinfo=UTC)  # 01:45 EST
