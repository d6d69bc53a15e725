"""Free slots: working hours, time off, appointments, licences, DST days and query counts."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from clinic.catalogue.models import Service
from sessions.availability import Slot, available_slots
from sessions.models import AppointmentStatus
from sessions.services import BookingRefused, check_slot
from tests.clock import TORONTO, at_clinic
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    CredentialFactory,
    InsuredTherapistFactory,
    ServiceFactory,
    TimeOffFactory,
    WorkingHoursFactory,
    bookable_therapist,
)
from therapists.credentials.models import CredentialStatus
from therapists.models import Therapist

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)  # Tuesday 07:00 in Toronto (UTC-5)
DAY = date(2026, 12, 2)  # Wednesday
WEDNESDAY = 2
SUNDAY = 6
SPRING_FORWARD = date(2026, 3, 8)  # 02:00 EST jumps to 03:00 EDT
FALL_BACK = date(2026, 11, 1)  # 02:00 EDT falls back to 01:00 EST


def starts(slots: list[Slot]) -> list[datetime]:
    return [slot.start for slot in slots]


def wall_clock(slots: list[Slot]) -> list[str]:
    return [f"{slot.start.astimezone(TORONTO):%H:%M}" for slot in slots]


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


# Time off


@time_machine.travel(NOW, tick=False)
def test_available_slots_exclude_time_off():
    service = ServiceFactory(duration_minutes=60)
    therapist = working(service, (time(9), time(12)))
    TimeOffFactory(therapist=therapist, start=at_clinic(DAY, 10), end=at_clinic(DAY, 10, 30))

    slots = slots_for(service, therapist)

    assert starts(slots) == [
        at_clinic(DAY, 9, 0),
        at_clinic(DAY, 10, 30),
        at_clinic(DAY, 10, 45),
        at_clinic(DAY, 11, 0),
    ]


@time_machine.travel(NOW, tick=False)
def test_available_slots_exclude_slots_time_off_partly_overlaps():
    service = ServiceFactory(duration_minutes=30)
    therapist = working(service, (time(9), time(12)))
    TimeOffFactory(therapist=therapist, start=at_clinic(DAY, 10, 5), end=at_clinic(DAY, 10, 20))

    slots = slots_for(service, therapist)

    assert starts(slots) == [
        at_clinic(DAY, 9, 0),
        at_clinic(DAY, 9, 15),
        at_clinic(DAY, 9, 30),
        at_clinic(DAY, 10, 30),
        at_clinic(DAY, 10, 45),
        at_clinic(DAY, 11, 0),
        at_clinic(DAY, 11, 15),
        at_clinic(DAY, 11, 30),
    ]


@time_machine.travel(NOW, tick=False)
def test_available_slots_exclude_time_off_spanning_days():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service, start=time(9), end=time(11))
    TimeOffFactory(
        therapist=therapist, start=at_clinic(DAY, 0), end=at_clinic(DAY + timedelta(days=1), 10)
    )

    slots = slots_for(service, therapist, days=3)

    third = DAY + timedelta(days=2)
    assert starts(slots) == [
        at_clinic(DAY + timedelta(days=1), 10, 0),
        at_clinic(third, 9, 0),
        at_clinic(third, 9, 15),
        at_clinic(third, 9, 30),
        at_clinic(third, 9, 45),
        at_clinic(third, 10, 0),
    ]


# Appointments and buffers


@time_machine.travel(NOW, tick=False)
def test_available_slots_adjacent_to_an_appointment_offered():
    service = ServiceFactory(duration_minutes=60)
    therapist = working(service, (time(9), time(12)))
    AppointmentFactory(therapist=therapist, service=service, start=at_clinic(DAY, 10))

    slots = slots_for(service, therapist)

    assert starts(slots) == [at_clinic(DAY, 9), at_clinic(DAY, 11)]


@time_machine.travel(NOW, tick=False)
def test_available_slots_keep_an_appointments_buffer_free():
    long_session = ServiceFactory(name="Long session", duration_minutes=90, buffer_minutes=15)
    service = ServiceFactory(duration_minutes=30)
    therapist = working(service, (time(9), time(12)))
    AppointmentFactory(therapist=therapist, service=long_session, start=at_clinic(DAY, 9))

    slots = slots_for(service, therapist)

    assert starts(slots) == [
        at_clinic(DAY, 10, 45),
        at_clinic(DAY, 11, 0),
        at_clinic(DAY, 11, 15),
        at_clinic(DAY, 11, 30),
    ]


@time_machine.travel(NOW, tick=False)
def test_available_slots_leave_room_for_the_new_sessions_buffer():
    short_session = ServiceFactory(name="Short session", duration_minutes=30)
    service = ServiceFactory(duration_minutes=60, buffer_minutes=15)
    therapist = working(service, (time(9), time(12)))
    AppointmentFactory(therapist=therapist, service=short_session, start=at_clinic(DAY, 11))

    slots = slots_for(service, therapist)

    assert starts(slots) == [
        at_clinic(DAY, 9, 0),
        at_clinic(DAY, 9, 15),
        at_clinic(DAY, 9, 30),
        at_clinic(DAY, 9, 45),
    ]


@time_machine.travel(NOW, tick=False)
def test_available_slots_ignore_cancelled_appointments():
    service = ServiceFactory(duration_minutes=60)
    therapist = working(service, (time(9), time(11)))
    AppointmentFactory(
        therapist=therapist,
        service=service,
        start=at_clinic(DAY, 10),
        status=AppointmentStatus.CANCELLED,
    )

    slots = slots_for(service, therapist)

    assert starts(slots) == [
        at_clinic(DAY, 9, 0),
        at_clinic(DAY, 9, 15),
        at_clinic(DAY, 9, 30),
        at_clinic(DAY, 9, 45),
        at_clinic(DAY, 10, 0),
    ]


@time_machine.travel(NOW, tick=False)
def test_available_slots_ignore_other_therapists_appointments():
    service = ServiceFactory(duration_minutes=60)
    therapist = working(service, (time(9), time(10, 30)))
    other = working(service, (time(9), time(10, 30)))
    AppointmentFactory(therapist=other, service=service, start=at_clinic(DAY, 9))

    slots = slots_for(service, therapist)

    assert starts(slots) == [at_clinic(DAY, 9, 0), at_clinic(DAY, 9, 15), at_clinic(DAY, 9, 30)]


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
    [
        pytest.param(CredentialStatus.PENDING, date(2020, 1, 1), date(2030, 1, 1), id="pending"),
        pytest.param(CredentialStatus.REJECTED, date(2020, 1, 1), date(2030, 1, 1), id="rejected"),
        pytest.param(CredentialStatus.VERIFIED, date(2020, 1, 1), date(2026, 11, 30), id="expired"),
        pytest.param(
            CredentialStatus.VERIFIED, date(2020, 1, 1), date(2026, 12, 1), id="expires-before-day"
        ),
        pytest.param(
            CredentialStatus.VERIFIED, date(2026, 12, 3), date(2030, 1, 1), id="issued-after-day"
        ),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_available_slots_empty_without_a_licence_valid_that_day(status, issued_on, expires_on):
    service = ServiceFactory(duration_minutes=60)
    therapist = InsuredTherapistFactory(services=[service])
    WorkingHoursFactory(therapist=therapist, weekday=WEDNESDAY, start=time(9), end=time(17))
    CredentialFactory(
        therapist=therapist, status=status, issued_on=issued_on, expires_on=expires_on
    )

    slots = slots_for(service, therapist)

    assert slots == []


@time_machine.travel(NOW, tick=False)
def test_available_slots_empty_without_any_licence():
    service = ServiceFactory(duration_minutes=60)
    therapist = InsuredTherapistFactory(services=[service])
    WorkingHoursFactory(therapist=therapist, weekday=WEDNESDAY, start=time(9), end=time(17))

    slots = slots_for(service, therapist)

    assert slots == []


# Availability agrees with the booking check


def busy_clinic(service: Service, day: date) -> list[Therapist]:
    """Three therapists whose day holds every kind of blocked time."""
    long_session = ServiceFactory(name="Long session", duration_minutes=90, buffer_minutes=15)
    weekday = day.weekday()
    night_owl = working(service, (time(0), time(5)), (time(20), time(23, 30)), weekday=weekday)
    split = working(
        service, (time(9), time(12)), (time(11), time(14)), (time(15), time(18)), weekday=weekday
    )
    regular = working(service, (time(8), time(18)), weekday=weekday)
    AppointmentFactory(therapist=night_owl, service=long_session, start=at_clinic(day, 3))
    AppointmentFactory(therapist=split, service=long_session, start=at_clinic(day, 10))
    TimeOffFactory(therapist=split, start=at_clinic(day, 12, 10), end=at_clinic(day, 12, 40))
    AppointmentFactory(
        therapist=regular,
        service=service,
        start=at_clinic(day, 9),
        status=AppointmentStatus.CANCELLED,
    )
    AppointmentFactory(therapist=regular, service=service, start=at_clinic(day, 13, 15))
    TimeOffFactory(therapist=regular, start=at_clinic(day, 16), end=at_clinic(day, 23))
    return [night_owl, split, regular]


def accepted_starts(client, therapist: Therapist, service: Service, day: date) -> list[datetime]:
    """Every instant of the local day, 15 minutes apart, that check_slot accepts."""
    accepted = []
    instant = datetime.combine(day, time(0), tzinfo=TORONTO).astimezone(UTC)
    day_end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=TORONTO)
    while instant < day_end:
        try:
            check_slot(
                client=client,
                therapist=therapist,
                service=service,
                start=instant,
                now=timezone.now(),
            )
        except BookingRefused:
            pass
        else:
            accepted.append(instant)
        instant += timedelta(minutes=15)
    return accepted


@pytest.mark.parametrize(
    ("now", "day"),
    [
        pytest.param(NOW, DAY, id="ordinary-day"),
        pytest.param(datetime(2026, 3, 1, 12, tzinfo=UTC), SPRING_FORWARD, id="spring-forward"),
        pytest.param(datetime(2026, 10, 25, 12, tzinfo=UTC), FALL_BACK, id="fall-back"),
    ],
)
def test_check_slot_accepts_exactly_the_available_slots(now, day):
    with time_machine.travel(now, tick=False):
        service = ServiceFactory(duration_minutes=45, buffer_minutes=15)
        therapists = busy_clinic(service, day)
        client = ClientFactory()

        slots = slots_for(service, *therapists, day=day)

        assert slots != []
        for therapist in therapists:
            offered = [slot.start for slot in slots if slot.therapist_id == therapist.pk]
            assert accepted_starts(client, therapist, service, day) == offered


@time_machine.travel(NOW, tick=False)
def test_every_available_slot_passes_check_slot():
    service = ServiceFactory(duration_minutes=45, buffer_minutes=15)
    therapists = busy_clinic(service, DAY)
    by_id = {therapist.pk: therapist for therapist in therapists}
    client = ClientFactory()
    slots = slots_for(service, *therapists)

    ends = [
        check_slot(
            client=client,
            therapist=by_id[slot.therapist_id],
            service=service,
            start=slot.start,
            now=timezone.now(),
        )
        for slot in slots
    ]

    assert ends == [slot.end for slot in slots]


# Query count


def one_therapist_one_day(service: Service) -> tuple[list[int], int]:
    return [bookable_therapist(service).pk], 1


def five_busy_therapists_two_weeks(service: Service) -> tuple[list[int], int]:
    therapists = [bookable_therapist(service) for _ in range(5)]
    for index, therapist in enumerate(therapists):
        CredentialFactory(
            therapist=therapist, issued_on=date(2010, 1, 1), expires_on=date(2020, 1, 1)
        )
        for offset in range(0, 14, 2):
            day = DAY + timedelta(days=offset)
            AppointmentFactory(therapist=therapist, service=service, start=at_clinic(day, 10))
        TimeOffFactory(
            therapist=therapist,
            start=at_clinic(DAY + timedelta(days=index + 1), 13),
            end=at_clinic(DAY + timedelta(days=index + 1), 15),
        )
    return [therapist.pk for therapist in therapists], 14


@pytest.mark.parametrize("arrange", [one_therapist_one_day, five_busy_therapists_two_weeks])
@time_machine.travel(NOW, tick=False)
def test_available_slots_query_count_constant(arrange, django_assert_num_queries):
    service = ServiceFactory(duration_minutes=60)
    therapist_ids, days = arrange(service)

    with django_assert_num_queries(4):
        slots = available_slots(
            service=service, therapist_ids=therapist_ids, first_day=DAY, days=days, now=NOW
        )

    assert {slot.therapist_id for slot in slots} == set(therapist_ids)
    assert len({slot.start.astimezone(TORONTO).date() for slot in slots}) == days
