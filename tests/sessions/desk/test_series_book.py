"""Booking a series at the desk: the free occurrences booked, the others skipped with why and
the next time the desk can book that day."""

from datetime import date

import pytest

from clinic.messaging.models import MessageState
from sessions.models import Appointment, AppointmentSeries, AppointmentStatus
from sessions.series import Occurrence, appointment_series_book, series_preview
from sessions.services import SLOT_TAKEN, ActionRefused, BookingRefused
from tests.clock import at_clinic, frozen_at
from tests.factories import AppointmentFactory, DeskFactory
from tests.sessions.desk.series import NOW, conflicts, wednesday
from tests.sessions.planning import kinds

pytestmark = pytest.mark.django_db
frozen = frozen_at(NOW)

AWAY = "The therapist is away at that time."
TOO_FAR = "Sessions can be booked at most 60 days ahead."


def book_series(client, therapist, service, *, by, start=None, every_weeks=1, count=4):
    return appointment_series_book(
        client=client,
        therapist=therapist,
        service=service,
        start=start or wednesday(0),
        every_weeks=every_weeks,
        count=count,
        by=by,
    )


def test_series_books_every_week_at_the_same_time(service, therapist, client_user):
    desk = DeskFactory()

    booking = book_series(client_user, therapist, service, by=desk)

    series = AppointmentSeries.objects.get()
    assert [appointment.start for appointment in booking.appointments] == [
        wednesday(0),
        wednesday(1),
        wednesday(2),
        wednesday(3),
    ]
    assert booking.skipped == []
    assert (series.every_weeks, series.count, series.created_by) == (1, 4, desk)
    assert (
        list(Appointment.objects.order_by("start").values_list("series", "booked_by", "status"))
        == [(series.pk, desk.pk, AppointmentStatus.BOOKED)] * 4
    )


def test_series_every_two_weeks_skips_the_weeks_between(service, therapist, client_user):
    booking = book_series(client_user, therapist, service, by=DeskFactory(), every_weeks=2, count=3)

    assert [appointment.start for appointment in booking.appointments] == [
        wednesday(0),
        wednesday(2),
        wednesday(4),
    ]


def test_series_skips_the_times_that_are_not_free_and_offers_the_next(
    service, therapist, client_user
):
    conflicts(therapist, service)

    booking = book_series(client_user, therapist, service, by=DeskFactory(), count=10)

    assert [appointment.start for appointment in booking.appointments] == [
        wednesday(weeks) for weeks in (0, 3, 4, 5, 6, 7, 8)
    ]
    assert booking.skipped == [
        Occurrence(wednesday(1), SLOT_TAKEN, next_free=wednesday(1, 11)),
        Occurrence(wednesday(2), AWAY, next_free=wednesday(2, 12)),
        Occurrence(wednesday(9), TOO_FAR, next_free=None),
    ]


def test_next_free_time_is_one_the_client_is_free_for(service, therapist, client_user):
    conflicts(therapist, service)
    AppointmentFactory(client=client_user, start=wednesday(1, 11), end=wednesday(1, 12))

    booking = book_series(client_user, therapist, service, by=DeskFactory(), count=2)

    assert booking.skipped == [Occurrence(wednesday(1), SLOT_TAKEN, next_free=wednesday(1, 12))]


def test_next_free_time_waives_the_minimum_notice_as_the_desk_does(service, therapist, client_user):
    nine_today = at_clinic(date(2026, 12, 1), 9)

    booking = book_series(
        client_user, therapist, service, by=DeskFactory(), start=nine_today, count=2
    )

    # 09:45 began a slot ago and is inside the usual notice, but the desk may still book it.
    next_free = at_clinic(date(2026, 12, 1), 9, 45)
    assert booking.skipped == [
        Occurrence(nine_today, "That time has already passed.", next_free=next_free)
    ]
    assert [appointment.start for appointment in booking.appointments] == [
        at_clinic(date(2026, 12, 8), 9)
    ]


def test_series_plans_each_sessions_messages(service, therapist, client_user):
    booking = book_series(client_user, therapist, service, by=DeskFactory(), count=2)

    for appointment in booking.appointments:
        assert ("confirmation", "email") in kinds(appointment, state=MessageState.PENDING)


def test_series_crossing_the_spring_change_keeps_the_local_time(
    frozen, service, therapist, client_user
):
    frozen.move_to(at_clinic(date(2027, 3, 1), 10))

    booking = book_series(
        client_user,
        therapist,
        service,
        by=DeskFactory(),
        start=at_clinic(date(2027, 3, 10), 10),
        count=2,
    )

    assert [appointment.start.isoformat() for appointment in booking.appointments] == [
        "2027-03-10T15:00:00+00:00",  # 10:00 EST
        "2027-03-17T14:00:00+00:00",  # 10:00 EDT
    ]


def test_series_crossing_the_autumn_change_keeps_the_local_time(
    frozen, service, therapist, client_user
):
    frozen.move_to(at_clinic(date(2026, 10, 20), 10))

    booking = book_series(
        client_user,
        therapist,
        service,
        by=DeskFactory(),
        start=at_clinic(date(2026, 10, 28), 10),
        count=2,
    )

    assert [appointment.start.isoformat() for appointment in booking.appointments] == [
        "2026-10-28T14:00:00+00:00",  # 10:00 EDT
        "2026-11-04T15:00:00+00:00",  # 10:00 EST
    ]


def test_nothing_free_keeps_nothing_and_says_why(service, therapist, client_user):
    for weeks in (0, 1):
        AppointmentFactory(therapist=therapist, service=service, start=wednesday(weeks))
    before = Appointment.objects.count()

    with pytest.raises(BookingRefused) as refused:
        book_series(client_user, therapist, service, by=DeskFactory(), count=2)

    assert (refused.value.field, refused.value.message) == (
        "start",
        f"None of the sessions could be booked. {SLOT_TAKEN}",
    )
    assert AppointmentSeries.objects.count() == 0
    assert Appointment.objects.count() == before


@pytest.mark.parametrize(
    ("every_weeks", "count", "field"),
    [(0, 4, "every_weeks"), (9, 4, "every_weeks"), (1, 1, "count"), (1, 27, "count")],
)
def test_series_shape_is_refused_outside_its_bounds(
    service, therapist, client_user, every_weeks, count, field
):
    with pytest.raises(BookingRefused) as refused:
        book_series(
            client_user, therapist, service, by=DeskFactory(), every_weeks=every_weeks, count=count
        )

    assert refused.value.field == field
    assert AppointmentSeries.objects.count() == 0


def test_only_the_desk_and_admins_book_a_series(service, therapist, client_user):
    with pytest.raises(ActionRefused) as refused:
        book_series(client_user, therapist, service, by=client_user)

    assert str(refused.value) == "Only the front desk and clinic admins book a series."
    assert AppointmentSeries.objects.count() == 0


def test_preview_gives_the_reasons_booking_would(service, therapist, client_user):
    conflicts(therapist, service)

    preview = series_preview(
        client=client_user,
        therapist=therapist,
        service=service,
        start=wednesday(0),
        every_weeks=1,
        count=4,
    )

    assert preview == [
        Occurrence(wednesday(0)),
        Occurrence(wednesday(1), SLOT_TAKEN),
        Occurrence(wednesday(2), AWAY),
        Occurrence(wednesday(3)),
    ]
    assert Appointment.objects.filter(client=client_user).count() == 0


@pytest.mark.parametrize("count", [2, 6])
def test_preview_of_free_dates_takes_the_same_queries_whatever_their_number(
    django_assert_num_queries, service, therapist, client_user, count
):
    with django_assert_num_queries(6):
        series_preview(
            client=client_user,
            therapist=therapist,
            service=service,
            start=wednesday(0),
            every_weeks=1,
            count=count,
        )
