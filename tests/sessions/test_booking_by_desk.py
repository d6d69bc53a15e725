"""The front desk books for a client: every rule but the minimum notice, and the same messages."""

from datetime import UTC, datetime, timedelta

import pytest

from clinic.messaging.models import Message
from sessions.models import Appointment, AppointmentStatus
from sessions.services import (
    ActionRefused,
    BookingRefused,
    SlotTaken,
    appointment_book,
)
from tests.api import api_as
from tests.clock import at_clinic, frozen_at
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    DeskFactory,
    ServiceFactory,
    TimeOffFactory,
    bookable_therapist,
)
from tests.sessions.booking import DAY, NOW

pytestmark = pytest.mark.django_db

# Tuesday 1 December, 10:07 in Toronto: a walk-in comes to the desk.
WALK_IN_NOW = datetime(2026, 12, 1, 15, 7, tzinfo=UTC)
TODAY = WALK_IN_NOW.date()

frozen = frozen_at(WALK_IN_NOW)


@pytest.fixture
def service():
    return ServiceFactory(duration_minutes=60, buffer_minutes=15)


@pytest.fixture
def therapist(service):
    return bookable_therapist(service)


@pytest.fixture
def desk():
    return DeskFactory()


def desk_books(desk, client, therapist, service, start, now=WALK_IN_NOW) -> Appointment:
    return appointment_book(
        client=client, therapist=therapist, service=service, start=start, by=desk, now=now
    )


def test_desk_books_a_walk_in_into_the_slot_that_has_just_begun(desk, therapist, service):
    client = ClientFactory()

    appointment = desk_books(desk, client, therapist, service, at_clinic(TODAY, 10))

    assert (appointment.client, appointment.booked_by) == (client, desk)
    assert appointment.status == AppointmentStatus.BOOKED
    assert appointment.start == at_clinic(TODAY, 10)


def test_desk_cannot_book_a_slot_already_past(desk, therapist, service):
    with pytest.raises(BookingRefused, match="^That time has already passed.$"):
        desk_books(desk, ClientFactory(), therapist, service, at_clinic(TODAY, 9, 45))

    assert Appointment.objects.count() == 0


def test_a_client_booking_for_themselves_keeps_the_minimum_notice(therapist, service):
    client = ClientFactory()

    with pytest.raises(BookingRefused, match="at least 2 hours ahead"):
        appointment_book(
            client=client,
            therapist=therapist,
            service=service,
            start=at_clinic(TODAY, 11),
            by=client,
            now=WALK_IN_NOW,
        )


@pytest.mark.parametrize("booker", [DeskFactory, AdminFactory], ids=["desk", "admin"])
def test_staff_bookings_keep_the_horizon(booker, therapist, service):
    with pytest.raises(BookingRefused, match="at most 60 days ahead"):
        desk_books(
            booker(), ClientFactory(), therapist, service, at_clinic(TODAY + timedelta(61), 10)
        )


def test_staff_bookings_keep_the_working_hours(desk, therapist, service):
    with pytest.raises(BookingRefused, match="outside the therapist's working hours"):
        desk_books(desk, ClientFactory(), therapist, service, at_clinic(TODAY, 16, 30))


def test_staff_bookings_keep_the_time_off(desk, therapist, service):
    TimeOffFactory(
        therapist=therapist, start=at_clinic(TODAY, 12), end=at_clinic(TODAY, 14), reason="Away"
    )

    with pytest.raises(BookingRefused, match="The therapist is away at that time."):
        desk_books(desk, ClientFactory(), therapist, service, at_clinic(TODAY, 12))


def test_staff_bookings_keep_the_buffer_after_a_session(desk, therapist, service):
    AppointmentFactory(therapist=therapist, service=service, start=at_clinic(TODAY, 11))

    # 12:00 is free of the 11:00 session itself, not of its 15-minute buffer.
    with pytest.raises(SlotTaken):
        desk_books(desk, ClientFactory(), therapist, service, at_clinic(TODAY, 12))


def test_staff_bookings_need_a_licensed_therapist(desk, service):
    expired = bookable_therapist(service, licence_expires=TODAY - timedelta(days=1))

    with pytest.raises(BookingRefused, match="can't be booked for that date"):
        desk_books(desk, ClientFactory(), expired, service, at_clinic(TODAY, 11))


def test_desk_booking_sends_the_client_the_same_confirmation(desk, therapist, service):
    client = ClientFactory()

    appointment = desk_books(desk, client, therapist, service, at_clinic(TODAY, 11))

    confirmation = Message.objects.get(kind="confirmation")
    assert (confirmation.recipient, confirmation.subject_id) == (client, appointment.pk)


def test_desk_booking_never_waits_for_approval(desk, therapist, service, settings):
    settings.NO_SHOW_APPROVAL_THRESHOLD = 1
    client = ClientFactory()
    AppointmentFactory(client=client, status=AppointmentStatus.NO_SHOW, start=NOW - timedelta(7))

    appointment = desk_books(desk, client, therapist, service, at_clinic(TODAY, 11))

    assert appointment.status == AppointmentStatus.BOOKED


@pytest.mark.parametrize("who", ["therapist", "other_client"])
def test_only_the_desk_and_admins_book_for_someone_else(who, therapist, service):
    by = {"therapist": therapist.user, "other_client": ClientFactory()}[who]

    with pytest.raises(ActionRefused, match="^Only the front desk and clinic admins book"):
        desk_books(by, ClientFactory(), therapist, service, at_clinic(DAY, 10))

    assert Appointment.objects.count() == 0


def test_desk_cannot_book_a_therapist_as_the_client(desk, therapist, service):
    other = bookable_therapist(service)

    with pytest.raises(ActionRefused, match="^Only clients can book sessions.$"):
        desk_books(desk, other.user, therapist, service, at_clinic(DAY, 10))


# The API


def booking_body(therapist, service, **extra) -> dict:
    return {
        "therapist": therapist.pk,
        "service": service.pk,
        "start": "2026-12-01T11:00:00-05:00",
        **extra,
    }


@pytest.mark.parametrize("booker", [DeskFactory, AdminFactory], ids=["desk", "admin"])
def test_api_staff_book_for_the_client_they_name(booker, therapist, service):
    client = ClientFactory()

    response = api_as(booker()).post(
        "/api/v1/appointments/", booking_body(therapist, service, client=client.pk), format="json"
    )

    assert response.status_code == 201
    assert response.json()["client"] == client.pk
    assert Appointment.objects.get().client == client


def test_api_staff_must_name_the_client(desk, therapist, service):
    response = api_as(desk).post(
        "/api/v1/appointments/", booking_body(therapist, service), format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"client": ["Choose the client to book for."]}


def test_api_staff_naming_someone_not_a_client_is_a_400(desk, therapist, service):
    response = api_as(desk).post(
        "/api/v1/appointments/",
        booking_body(therapist, service, client=therapist.user.pk),
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"client": ["Unknown client."]}


def test_api_a_client_naming_someone_else_is_refused_like_a_missing_id(therapist, service, frozen):
    frozen.move_to(NOW)
    client, other = ClientFactory(), ClientFactory()
    api = api_as(client)
    body = booking_body(therapist, service, start="2026-12-02T10:00:00-05:00")

    named_other = api.post("/api/v1/appointments/", body | {"client": other.pk}, format="json")
    named_missing = api.post("/api/v1/appointments/", body | {"client": 999_999}, format="json")

    assert (named_other.status_code, named_other.json()) == (400, {"client": ["Unknown client."]})
    assert named_missing.json() == named_other.json()
    assert Appointment.objects.count() == 0


def test_api_a_client_naming_themselves_books_for_themselves(therapist, service, frozen):
    frozen.move_to(NOW)
    client = ClientFactory()

    response = api_as(client).post(
        "/api/v1/appointments/",
        booking_body(therapist, service, client=client.pk, start="2026-12-02T10:00:00-05:00"),
        format="json",
    )

    assert response.status_code == 201
    assert Appointment.objects.get().booked_by is None


def test_api_staff_booking_an_overlap_is_a_409(desk, therapist, service):
    AppointmentFactory(therapist=therapist, service=service, start=at_clinic(TODAY, 11))

    response = api_as(desk).post(
        "/api/v1/appointments/",
        booking_body(therapist, service, client=ClientFactory().pk),
        format="json",
    )

    assert response.status_code == 409
