"""Booking: what a booking saves, and when it may start: grid, notice, horizon, hours, DST."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from sessions.models import Appointment, AppointmentStatus
from sessions.services import BookingRefused, check_slot
from tests.clock import TORONTO, at_clinic
from tests.factories import ClientFactory, ServiceFactory, WorkingHoursFactory, bookable_therapist
from tests.sessions.booking import DAY, NOW, SUNDAY, WEDNESDAY, book, refusal

pytestmark = pytest.mark.django_db

OFF_GRID = "Sessions start on the 15-minute grid of the clinic's clock."
OUTSIDE_HOURS = "That time is outside the therapist's working hours."


# A booking that passes


@time_machine.travel(NOW, tick=False)
def test_book_free_slot_creates_a_booked_appointment():
    service = ServiceFactory(duration_minutes=60, buffer_minutes=15)
    therapist = bookable_therapist(service)
    client = ClientFactory()

    appointment = book(client, therapist, service, at_clinic(DAY, 10))

    saved = Appointment.objects.get()
    assert saved.pk == appointment.pk
    assert (saved.client, saved.therapist, saved.service) == (client, therapist, service)
    assert saved.status == AppointmentStatus.BOOKED
    assert saved.start == datetime(2026, 12, 2, 15, tzinfo=UTC)
    assert saved.end == datetime(2026, 12, 2, 16, tzinfo=UTC)
    assert saved.blocked_until == datetime(2026, 12, 2, 16, 15, tzinfo=UTC)
    assert (saved.cancelled_by, saved.cancelled_at, saved.late_cancellation) == (None, None, False)


@time_machine.travel(NOW, tick=False)
def test_book_accepts_a_start_in_any_time_zone():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)

    appointment = book(
        ClientFactory(), therapist, service, datetime(2026, 12, 2, 10, tzinfo=TORONTO)
    )

    assert (appointment.start, appointment.end) == (
        datetime(2026, 12, 2, 15, tzinfo=UTC),
        datetime(2026, 12, 2, 16, tzinfo=UTC),
    )


# The grid


@pytest.mark.parametrize(
    "start",
    [
        pytest.param(at_clinic(DAY, 10, 7), id="10:07"),
        pytest.param(at_clinic(DAY, 10, 0, 30), id="10:00:30"),
        pytest.param(at_clinic(DAY, 10) + timedelta(microseconds=1), id="10:00+1us"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_book_off_the_grid_refused(start):
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)

    refused = refusal(ClientFactory(), therapist, service, start)

    assert refused == (BookingRefused, "start", OFF_GRID)


# Minimum notice and horizon


@time_machine.travel(NOW, tick=False)
def test_book_inside_the_minimum_notice_refused():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service, start=time(6), end=time(20))

    refused = refusal(ClientFactory(), therapist, service, NOW + timedelta(hours=1, minutes=45))

    assert refused == (BookingRefused, "start", "Sessions must be booked at least 2 hours ahead.")


@time_machine.travel(NOW, tick=False)
def test_book_exactly_at_the_minimum_notice_accepted():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service, start=time(6), end=time(20))

    appointment = book(ClientFactory(), therapist, service, NOW + timedelta(hours=2))

    assert appointment.start == datetime(2026, 12, 1, 14, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
def test_book_exactly_at_the_horizon_accepted():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service, start=time(6), end=time(20))

    appointment = book(ClientFactory(), therapist, service, NOW + timedelta(days=60))

    assert appointment.start == datetime(2027, 1, 30, 12, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
def test_book_just_past_the_horizon_refused():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service, start=time(6), end=time(20))

    refused = refusal(ClientFactory(), therapist, service, NOW + timedelta(days=60, minutes=15))

    assert refused == (BookingRefused, "start", "Sessions can be booked at most 60 days ahead.")


# Working hours


@pytest.mark.parametrize(
    "start",
    [
        pytest.param(at_clinic(DAY, 8, 45), id="before-the-day-starts"),
        pytest.param(at_clinic(DAY, 12, 30), id="overlapping-the-lunch-gap"),
        pytest.param(at_clinic(DAY, 13), id="inside-the-lunch-gap"),
        pytest.param(at_clinic(DAY, 16, 15), id="ending-after-the-day"),
        pytest.param(at_clinic(DAY, 17), id="at-the-end-of-the-day"),
        pytest.param(at_clinic(DAY + timedelta(days=1), 10), id="on-a-day-off"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_book_outside_working_hours_refused(start):
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service, weekdays=[], start=time(9), end=time(12))
    WorkingHoursFactory(therapist=therapist, weekday=WEDNESDAY, start=time(9), end=time(12))
    WorkingHoursFactory(therapist=therapist, weekday=WEDNESDAY, start=time(14), end=time(17))

    refused = refusal(ClientFactory(), therapist, service, start)

    assert refused == (BookingRefused, "start", OUTSIDE_HOURS)


@time_machine.travel(NOW, tick=False)
def test_book_session_ending_at_the_end_of_the_day_accepted():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)

    appointment = book(ClientFactory(), therapist, service, at_clinic(DAY, 16))

    assert appointment.end == at_clinic(DAY, 17)


@time_machine.travel(NOW, tick=False)
def test_book_buffer_running_past_the_end_of_the_day_refused():
    service = ServiceFactory(duration_minutes=60, buffer_minutes=15)
    therapist = bookable_therapist(service)

    refused = refusal(ClientFactory(), therapist, service, at_clinic(DAY, 16))

    assert refused == (BookingRefused, "start", OUTSIDE_HOURS)


@pytest.mark.parametrize(
    "second_interval",
    [
        pytest.param((time(12), time(17)), id="touching"),
        pytest.param((time(11), time(17)), id="overlapping"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_book_across_merged_intervals_accepted(second_interval):
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service, weekdays=[])
    WorkingHoursFactory(therapist=therapist, weekday=WEDNESDAY, start=time(9), end=time(12))
    WorkingHoursFactory(
        therapist=therapist, weekday=WEDNESDAY, start=second_interval[0], end=second_interval[1]
    )

    appointment = book(ClientFactory(), therapist, service, at_clinic(DAY, 11, 30))

    assert (appointment.start, appointment.end) == (at_clinic(DAY, 11, 30), at_clinic(DAY, 12, 30))


# Daylight saving time


@time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=UTC), tick=False)
def test_book_across_spring_forward_lasts_the_real_duration():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service, weekdays=[SUNDAY], start=time(0), end=time(5))

    appointment = book(
        ClientFactory(), therapist, service, datetime(2026, 3, 8, 6, 30, tzinfo=UTC)
    )  # 01:30 EST

    assert appointment.end == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    assert appointment.end.astimezone(TORONTO).time() == time(3, 30)  # EDT


@time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=UTC), tick=False)
def test_book_until_the_end_of_the_spring_forward_day_accepted():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service, weekdays=[SUNDAY], start=time(0), end=time(5))

    appointment = book(
        ClientFactory(), therapist, service, datetime(2026, 3, 8, 8, tzinfo=UTC)
    )  # 04:00 EDT

    assert appointment.end == datetime(2026, 3, 8, 9, tzinfo=UTC)  # 05:00 EDT


@time_machine.travel(datetime(2026, 10, 25, 12, tzinfo=UTC), tick=False)
def test_book_first_occurrence_of_the_repeated_hour_accepted():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service, weekdays=[SUNDAY], start=time(0), end=time(5))

    appointment = book(
        ClientFactory(), therapist, service, datetime(2026, 11, 1, 1, tzinfo=TORONTO)
    )

    appointment.refresh_from_db()
    assert (appointment.start, appointment.end) == (
        datetime(2026, 11, 1, 5, tzinfo=UTC),  # 01:00 EDT
        datetime(2026, 11, 1, 6, tzinfo=UTC),  # 01:00 EST
    )


@time_machine.travel(datetime(2026, 10, 25, 12, tzinfo=UTC), tick=False)
def test_check_slot_second_occurrence_of_the_repeated_hour_refused():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service, weekdays=[SUNDAY], start=time(0), end=time(5))
    second_one = datetime(2026, 11, 1, 1, fold=1, tzinfo=TORONTO)  # 01:00 EST, 06:00 UTC

    with pytest.raises(BookingRefused) as caught:
        check_slot(
            client=ClientFactory(),
            therapist=therapist,
            service=service,
            start=second_one,
            now=timezone.now(),
        )

    assert (caught.value.field, caught.value.message) == ("start", OFF_GRID)
