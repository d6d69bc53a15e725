"""Booking: every rule of appointment_book and check_slot, each refusal with its message."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from clinic.accounts.models import Role, User
from clinic.catalogue.models import Service
from sessions.models import Appointment, AppointmentStatus
from sessions.services import (
    ActionRefused,
    BookingRefused,
    SlotTaken,
    appointment_book,
    check_slot,
)
from tests.clock import TORONTO, at_clinic
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    CredentialFactory,
    InsuredTherapistFactory,
    ServiceFactory,
    TherapistFactory,
    TimeOffFactory,
    UserFactory,
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

OFF_GRID = "Sessions start on the 15-minute grid of the clinic's clock."
OUTSIDE_HOURS = "That time is outside the therapist's working hours."
AWAY = "The therapist is away at that time."
TAKEN = "That time has just been taken. Please choose another slot."
CLIENT_BUSY = "You already have a session at that time."
NOT_OFFERED = "This therapist does not offer that service."
NOT_BOOKABLE = "This therapist can't be booked for that date."


def book(client: User, therapist: Therapist, service: Service, start: datetime) -> Appointment:
    return appointment_book(client=client, therapist=therapist, service=service, start=start)


def refusal(client: User, therapist: Therapist, service: Service, start: datetime) -> tuple:
    """(exception type, field, message) of a refused booking, after checking nothing was saved."""
    count = Appointment.objects.count()
    with pytest.raises(BookingRefused) as caught:
        book(client, therapist, service, start)
    assert Appointment.objects.count() == count
    return type(caught.value), caught.value.field, caught.value.message


def licensed(service: Service, **credential) -> Therapist:
    """A therapist working 09:00-17:00 on Wednesdays, with the given licence."""
    therapist = InsuredTherapistFactory(services=[service])
    WorkingHoursFactory(therapist=therapist, weekday=WEDNESDAY, start=time(9), end=time(17))
    CredentialFactory(therapist=therapist, **credential)
    return therapist


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


# Time off


@pytest.mark.parametrize(
    ("away_from", "away_until"),
    [
        pytest.param((9, 0), (17, 0), id="whole-day"),
        pytest.param((10, 30), (11, 30), id="second-half"),
        pytest.param((9, 30), (10, 15), id="first-quarter"),
        pytest.param((10, 20), (10, 25), id="inside"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_book_during_time_off_refused(away_from, away_until):
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)
    TimeOffFactory(
        therapist=therapist, start=at_clinic(DAY, *away_from), end=at_clinic(DAY, *away_until)
    )

    refused = refusal(ClientFactory(), therapist, service, at_clinic(DAY, 10))

    assert refused == (BookingRefused, "start", AWAY)


@time_machine.travel(NOW, tick=False)
def test_book_buffer_running_into_time_off_refused():
    service = ServiceFactory(duration_minutes=60, buffer_minutes=15)
    therapist = bookable_therapist(service)
    TimeOffFactory(therapist=therapist, start=at_clinic(DAY, 11), end=at_clinic(DAY, 12))

    refused = refusal(ClientFactory(), therapist, service, at_clinic(DAY, 10))

    assert refused == (BookingRefused, "start", AWAY)


@time_machine.travel(NOW, tick=False)
def test_book_next_to_time_off_accepted():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)
    TimeOffFactory(therapist=therapist, start=at_clinic(DAY, 9), end=at_clinic(DAY, 10))
    TimeOffFactory(therapist=therapist, start=at_clinic(DAY, 11), end=at_clinic(DAY, 12))

    appointment = book(ClientFactory(), therapist, service, at_clinic(DAY, 10))

    assert (appointment.start, appointment.end) == (at_clinic(DAY, 10), at_clinic(DAY, 11))


# The therapist's other appointments


@pytest.mark.parametrize(
    "start",
    [
        pytest.param(at_clinic(DAY, 10), id="same-time"),
        pytest.param(at_clinic(DAY, 10, 30), id="starting-inside"),
        pytest.param(at_clinic(DAY, 9, 15), id="ending-inside"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_book_overlapping_the_therapists_appointment_refused(start):
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)
    book(ClientFactory(), therapist, service, at_clinic(DAY, 10))

    refused = refusal(ClientFactory(), therapist, service, start)

    assert refused == (SlotTaken, "start", TAKEN)


@time_machine.travel(NOW, tick=False)
def test_book_adjacent_appointments_accepted():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)
    book(ClientFactory(), therapist, service, at_clinic(DAY, 10))

    before = book(ClientFactory(), therapist, service, at_clinic(DAY, 9))
    after = book(ClientFactory(), therapist, service, at_clinic(DAY, 11))

    assert (before.end, after.start) == (at_clinic(DAY, 10), at_clinic(DAY, 11))
    assert Appointment.objects.filter(therapist=therapist).count() == 3


@time_machine.travel(NOW, tick=False)
def test_book_inside_the_previous_appointments_buffer_refused():
    long_session = ServiceFactory(name="Long session", duration_minutes=90, buffer_minutes=15)
    service = ServiceFactory(duration_minutes=30)
    therapist = bookable_therapist(long_session, service)
    book(ClientFactory(), therapist, long_session, at_clinic(DAY, 10))  # blocks until 11:45

    refused = refusal(ClientFactory(), therapist, service, at_clinic(DAY, 11, 30))

    assert refused == (SlotTaken, "start", TAKEN)


@time_machine.travel(NOW, tick=False)
def test_book_right_after_the_previous_appointments_buffer_accepted():
    long_session = ServiceFactory(name="Long session", duration_minutes=90, buffer_minutes=15)
    service = ServiceFactory(duration_minutes=30)
    therapist = bookable_therapist(long_session, service)
    book(ClientFactory(), therapist, long_session, at_clinic(DAY, 10))

    appointment = book(ClientFactory(), therapist, service, at_clinic(DAY, 11, 45))

    assert appointment.start == at_clinic(DAY, 11, 45)


@time_machine.travel(NOW, tick=False)
def test_book_buffer_running_into_the_next_appointment_refused():
    short_session = ServiceFactory(name="Short session", duration_minutes=30)
    service = ServiceFactory(duration_minutes=60, buffer_minutes=15)
    therapist = bookable_therapist(short_session, service)
    book(ClientFactory(), therapist, short_session, at_clinic(DAY, 11))

    refused = refusal(ClientFactory(), therapist, service, at_clinic(DAY, 10))

    assert refused == (SlotTaken, "start", TAKEN)


@time_machine.travel(NOW, tick=False)
def test_book_buffer_ending_as_the_next_subject_times_accepted():
    short_session = ServiceFactory(name="Short session", duration_minutes=30)
    service = ServiceFactory(duration_minutes=60, buffer_minutes=15)
    therapist = bookable_therapist(short_session, service)
    book(ClientFactory(), therapist, short_session, at_clinic(DAY, 11))

    appointment = book(ClientFactory(), therapist, service, at_clinic(DAY, 9, 45))

    assert appointment.blocked_until == at_clinic(DAY, 11)


@time_machine.travel(NOW, tick=False)
def test_book_over_a_cancelled_appointment_accepted():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)
    AppointmentFactory(
        therapist=therapist,
        service=service,
        start=at_clinic(DAY, 10),
        status=AppointmentStatus.CANCELLED,
    )

    appointment = book(ClientFactory(), therapist, service, at_clinic(DAY, 10))

    assert appointment.status == AppointmentStatus.BOOKED
    assert Appointment.objects.live().count() == 1


# The client's other appointments


@time_machine.travel(NOW, tick=False)
def test_book_overlapping_the_clients_session_with_another_therapist_refused():
    service = ServiceFactory(duration_minutes=60)
    first, second = bookable_therapist(service), bookable_therapist(service)
    client = ClientFactory()
    book(client, first, service, at_clinic(DAY, 10))

    refused = refusal(client, second, service, at_clinic(DAY, 10, 30))

    assert refused == (SlotTaken, "start", CLIENT_BUSY)


@time_machine.travel(NOW, tick=False)
def test_book_client_sessions_back_to_back_accepted():
    long_session = ServiceFactory(name="Long session", duration_minutes=60, buffer_minutes=15)
    service = ServiceFactory(duration_minutes=60)
    first, second = bookable_therapist(long_session), bookable_therapist(service)
    client = ClientFactory()
    book(client, first, long_session, at_clinic(DAY, 10))  # the buffer is the therapist's time

    appointment = book(client, second, service, at_clinic(DAY, 11))

    assert appointment.start == at_clinic(DAY, 11)


@time_machine.travel(NOW, tick=False)
def test_book_over_the_clients_cancelled_session_accepted():
    service = ServiceFactory(duration_minutes=60)
    first, second = bookable_therapist(service), bookable_therapist(service)
    client = ClientFactory()
    AppointmentFactory(
        client=client,
        therapist=first,
        service=service,
        start=at_clinic(DAY, 10),
        status=AppointmentStatus.CANCELLED,
    )

    appointment = book(client, second, service, at_clinic(DAY, 10))

    assert appointment.therapist == second


# Service


@time_machine.travel(NOW, tick=False)
def test_book_service_the_therapist_does_not_offer_refused():
    offered = ServiceFactory(duration_minutes=60)
    other = ServiceFactory(name="Deep tissue", duration_minutes=60)
    therapist = bookable_therapist(offered)

    refused = refusal(ClientFactory(), therapist, other, at_clinic(DAY, 10))

    assert refused == (BookingRefused, "service", NOT_OFFERED)


@time_machine.travel(NOW, tick=False)
def test_book_inactive_service_refused():
    service = ServiceFactory(duration_minutes=60, active=False)
    therapist = bookable_therapist(service)

    refused = refusal(ClientFactory(), therapist, service, at_clinic(DAY, 10))

    assert refused == (BookingRefused, "service", NOT_OFFERED)


# Licence and account


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
def test_book_therapist_without_a_licence_valid_that_day_refused(status, issued_on, expires_on):
    service = ServiceFactory(duration_minutes=60)
    therapist = licensed(service, status=status, issued_on=issued_on, expires_on=expires_on)

    refused = refusal(ClientFactory(), therapist, service, at_clinic(DAY, 10))

    assert refused == (BookingRefused, "therapist", NOT_BOOKABLE)


@time_machine.travel(NOW, tick=False)
def test_book_therapist_without_any_licence_refused():
    service = ServiceFactory(duration_minutes=60)
    therapist = InsuredTherapistFactory(services=[service])
    WorkingHoursFactory(therapist=therapist, weekday=WEDNESDAY, start=time(9), end=time(17))

    refused = refusal(ClientFactory(), therapist, service, at_clinic(DAY, 10))

    assert refused == (BookingRefused, "therapist", NOT_BOOKABLE)


@time_machine.travel(NOW, tick=False)
def test_book_on_the_day_the_licence_expires_accepted():
    service = ServiceFactory(duration_minutes=60)
    therapist = licensed(service, issued_on=date(2020, 1, 1), expires_on=DAY)

    appointment = book(ClientFactory(), therapist, service, at_clinic(DAY, 16))

    assert appointment.start == at_clinic(DAY, 16)


@time_machine.travel(NOW, tick=False)
def test_book_therapist_with_a_renewed_licence_accepted():
    service = ServiceFactory(duration_minutes=60)
    therapist = licensed(service, issued_on=date(2020, 1, 1), expires_on=date(2026, 11, 30))
    CredentialFactory(
        therapist=therapist, issued_on=date(2026, 11, 30), expires_on=date(2027, 11, 30)
    )

    appointment = book(ClientFactory(), therapist, service, at_clinic(DAY, 10))

    assert appointment.therapist == therapist


@time_machine.travel(NOW, tick=False)
def test_book_therapist_with_an_inactive_account_refused():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)
    User.objects.filter(pk=therapist.user_id).update(is_active=False)
    therapist.refresh_from_db()

    refused = refusal(ClientFactory(), therapist, service, at_clinic(DAY, 10))

    assert refused == (BookingRefused, "therapist", NOT_BOOKABLE)


# Who may book


@pytest.mark.parametrize(
    "make_user",
    [
        pytest.param(lambda: UserFactory(role=Role.THERAPIST), id="therapist"),
        pytest.param(AdminFactory, id="admin"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_book_by_someone_other_than_a_client_refused(make_user):
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)

    with pytest.raises(ActionRefused) as caught:
        book(make_user(), therapist, service, at_clinic(DAY, 10))

    assert str(caught.value) == "Only clients can book sessions."
    assert Appointment.objects.count() == 0


# The database's own guard (PostgreSQL exclusion constraints)


def constraint_refusing(**appointment) -> str:
    """The name of the constraint that refuses writing this appointment."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        AppointmentFactory(**appointment)
    return caught.value.__cause__.diag.constraint_name


@pytest.mark.postgres
@time_machine.travel(NOW, tick=False)
def test_database_refuses_overlapping_live_appointments_of_a_therapist():
    service = ServiceFactory(duration_minutes=60, buffer_minutes=15)
    therapist = TherapistFactory()
    AppointmentFactory(therapist=therapist, service=service, start=at_clinic(DAY, 10))

    name = constraint_refusing(therapist=therapist, service=service, start=at_clinic(DAY, 11))

    assert name == "appointment_therapist_no_overlap"


@pytest.mark.postgres
@time_machine.travel(NOW, tick=False)
def test_database_refuses_overlapping_live_appointments_of_a_client():
    service = ServiceFactory(duration_minutes=60)
    client = ClientFactory()
    AppointmentFactory(client=client, service=service, start=at_clinic(DAY, 10))

    name = constraint_refusing(client=client, service=service, start=at_clinic(DAY, 10, 30))

    assert name == "appointment_client_no_overlap"


@pytest.mark.postgres
@time_machine.travel(NOW, tick=False)
def test_database_accepts_an_appointment_over_a_cancelled_one():
    service = ServiceFactory(duration_minutes=60)
    therapist = TherapistFactory()
    client = ClientFactory()
    AppointmentFactory(
        client=client,
        therapist=therapist,
        service=service,
        start=at_clinic(DAY, 10),
        status=AppointmentStatus.CANCELLED,
    )

    AppointmentFactory(
        client=client, therapist=therapist, service=service, start=at_clinic(DAY, 10)
    )

    assert Appointment.objects.filter(therapist=therapist).count() == 2
