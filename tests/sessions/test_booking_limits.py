"""Against hoarding: a client holds at most BOOKING_MAX_UPCOMING upcoming sessions they
booked themselves, and books or moves at most BOOKING_RATE_PER_HOUR times an hour. The desk
booking for a client is exempt from both."""

from datetime import timedelta

import pytest

from sessions.models import Appointment, AppointmentStatus
from sessions.series import appointment_series_book
from sessions.services import (
    BookingRefused,
    TooManyChanges,
    appointment_book,
    appointment_cancel,
    appointment_reschedule,
)
from tests.clock import frozen_at
from tests.factories import AppointmentFactory, ClientFactory, DeskFactory
from tests.sessions.web import NOW, utc

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)

UPCOMING_LIMIT = (
    "You can hold at most 4 upcoming sessions booked online at once. "
    "Cancel one, or call the clinic to book more."
)


def hour(day: int, at: int):
    """The UTC instant of `at` o'clock in Toronto on December `day` (UTC-5)."""
    return utc(day, at + 5)


def book(client_user, therapist, service, start, **kwargs) -> Appointment:
    return appointment_book(
        client=client_user, therapist=therapist, service=service, start=start, **kwargs
    )


def holding(client_user, therapist, service, count: int, **fields) -> list[Appointment]:
    """`count` upcoming sessions of the client, one a day from Thursday at 09:00."""
    return [
        AppointmentFactory(
            client=client_user,
            therapist=therapist,
            service=service,
            start=hour(3 + day, 9),
            **fields,
        )
        for day in range(count)
    ]


def test_the_settings_default_to_four_upcoming_and_twenty_an_hour(settings):
    assert (settings.BOOKING_MAX_UPCOMING, settings.BOOKING_RATE_PER_HOUR) == (4, 20)


# Upcoming sessions


def test_a_fifth_upcoming_booking_is_refused_saying_the_limit(service, therapist, client_user):
    for day in (3, 4, 5, 6):
        book(client_user, therapist, service, hour(day, 10))

    with pytest.raises(BookingRefused) as refused:
        book(client_user, therapist, service, hour(7, 10))

    assert (refused.value.field, refused.value.message) == ("start", UPCOMING_LIMIT)
    assert Appointment.objects.count() == 4


def test_a_cancelled_session_frees_a_place_under_the_limit(service, therapist, client_user):
    first, *_ = [book(client_user, therapist, service, hour(day, 10)) for day in (3, 4, 5, 6)]
    appointment_cancel(appointment=first, by=client_user)

    appointment = book(client_user, therapist, service, hour(7, 10))

    assert appointment.status == AppointmentStatus.BOOKED


@pytest.mark.parametrize(
    ("status", "first_start"),
    [
        pytest.param(AppointmentStatus.COMPLETED, utc(1, 13), id="past"),
        pytest.param(AppointmentStatus.CANCELLED, hour(3, 9), id="cancelled"),
    ],
)
def test_sessions_that_are_not_upcoming_do_not_count(
    service, therapist, client_user, status, first_start
):
    for days in range(4):
        start = first_start + timedelta(days=days if first_start > NOW else -days)
        AppointmentFactory(
            client=client_user, therapist=therapist, service=service, start=start, status=status
        )

    appointment = book(client_user, therapist, service, hour(7, 10))

    assert appointment.status == AppointmentStatus.BOOKED


def test_a_request_awaiting_approval_counts(service, therapist, client_user):
    holding(client_user, therapist, service, 4, status=AppointmentStatus.PENDING_APPROVAL)

    with pytest.raises(BookingRefused, match="at most 4 upcoming sessions"):
        book(client_user, therapist, service, hour(7, 10))


def test_sessions_the_desk_booked_do_not_count(service, therapist, client_user):
    holding(client_user, therapist, service, 4, booked_by=DeskFactory())

    appointment = book(client_user, therapist, service, hour(7, 10))

    assert appointment.booked_by is None


def test_the_desk_books_for_a_client_at_the_limit(service, therapist, client_user):
    holding(client_user, therapist, service, 4)
    desk = DeskFactory()

    appointment = book(client_user, therapist, service, hour(7, 10), by=desk)

    assert appointment.booked_by == desk


def test_the_desk_books_a_series_for_a_client_at_the_limit(service, therapist, client_user):
    holding(client_user, therapist, service, 4)

    booking = appointment_series_book(
        client=client_user,
        therapist=therapist,
        service=service,
        start=hour(7, 10),
        every_weeks=1,
        count=3,
        by=DeskFactory(),
    )

    assert len(booking.appointments) == 3


def test_a_limit_of_zero_is_off(settings, service, therapist, client_user):
    settings.BOOKING_MAX_UPCOMING = 0
    holding(client_user, therapist, service, 6)

    appointment = book(client_user, therapist, service, hour(10, 10))

    assert appointment.status == AppointmentStatus.BOOKED


def test_moving_a_session_at_the_limit_is_allowed(service, therapist, client_user):
    sessions = holding(client_user, therapist, service, 4)

    moved = appointment_reschedule(appointment=sessions[0], by=client_user, start=hour(7, 10))

    assert moved.start == hour(7, 10)


# Bookings and moves per hour


@pytest.fixture
def three_an_hour(settings):
    settings.BOOKING_RATE_PER_HOUR = 3
    settings.BOOKING_MAX_UPCOMING = 0


def test_a_booking_past_the_hourly_rate_is_refused_with_when_to_retry(
    three_an_hour, frozen, service, therapist, client_user
):
    book(client_user, therapist, service, hour(3, 10))
    frozen.shift(timedelta(minutes=10))
    book(client_user, therapist, service, hour(4, 10))
    frozen.shift(timedelta(minutes=10))
    book(client_user, therapist, service, hour(5, 10))

    with pytest.raises(TooManyChanges) as refused:
        book(client_user, therapist, service, hour(6, 10))

    assert refused.value.message == (
        "You can book or move sessions at most 3 times an hour. Please try again in 40 minutes."
    )
    assert refused.value.retry_after == 40 * 60
    assert Appointment.objects.count() == 3


def test_one_more_is_allowed_once_the_first_is_an_hour_old(
    three_an_hour, frozen, service, therapist, client_user
):
    for day in (3, 4, 5):
        book(client_user, therapist, service, hour(day, 10))
    frozen.shift(timedelta(minutes=59, seconds=59))
    with pytest.raises(TooManyChanges) as refused:
        book(client_user, therapist, service, hour(6, 10))
    frozen.shift(timedelta(seconds=1))

    appointment = book(client_user, therapist, service, hour(6, 10))

    assert refused.value.retry_after == 1
    assert appointment.status == AppointmentStatus.BOOKED


def test_cancelling_does_not_give_back_a_booking_of_the_hour(
    three_an_hour, service, therapist, client_user
):
    for day in (3, 4, 5):
        appointment_cancel(
            appointment=book(client_user, therapist, service, hour(day, 10)), by=client_user
        )

    with pytest.raises(TooManyChanges):
        book(client_user, therapist, service, hour(6, 10))


def test_moves_count_and_are_refused_past_the_rate(three_an_hour, service, therapist, client_user):
    appointment = book(client_user, therapist, service, hour(3, 10))
    appointment_reschedule(appointment=appointment, by=client_user, start=hour(3, 11))
    appointment_reschedule(appointment=appointment, by=client_user, start=hour(3, 12))

    with pytest.raises(TooManyChanges):
        appointment_reschedule(appointment=appointment, by=client_user, start=hour(3, 13))
    with pytest.raises(TooManyChanges):
        book(client_user, therapist, service, hour(4, 10))

    assert Appointment.objects.get().start == hour(3, 12)


def test_the_desk_is_not_rate_limited_nor_counted(three_an_hour, service, therapist, client_user):
    desk = DeskFactory()
    appointment = book(client_user, therapist, service, hour(3, 10), by=desk)
    for at in (11, 12, 13, 14):
        appointment_reschedule(appointment=appointment, by=desk, start=hour(3, at))

    for day in (4, 5, 6):
        book(client_user, therapist, service, hour(day, 10))

    assert Appointment.objects.count() == 4


def test_another_clients_changes_do_not_count(three_an_hour, service, therapist, client_user):
    other = ClientFactory()
    for day in (3, 4, 5):
        book(other, therapist, service, hour(day, 10))

    appointment = book(client_user, therapist, service, hour(6, 10))

    assert appointment.client == client_user


def test_a_rate_of_zero_is_off(settings, service, therapist, client_user):
    settings.BOOKING_RATE_PER_HOUR = 0
    settings.BOOKING_MAX_UPCOMING = 0

    for day in range(3, 28):
        book(client_user, therapist, service, hour(day, 10))

    assert Appointment.objects.count() == 25
