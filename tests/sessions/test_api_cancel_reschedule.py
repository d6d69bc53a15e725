"""Cancelling and rescheduling through the API, and the answers when either is refused."""

import pytest

from sessions.models import AppointmentStatus
from sessions.services import SLOT_TAKEN
from tests.api import api_as
from tests.factories import AppointmentFactory
from tests.sessions.web import APPOINTMENTS_URL, frozen, serialized, utc

pytestmark = pytest.mark.django_db


@frozen
def test_cancel_frees_the_slot_and_returns_the_appointment(service, therapist, client_user):
    appointment = AppointmentFactory(
        client=client_user, therapist=therapist, service=service, start=utc(3, 15)
    )

    response = api_as(client_user).post(
        f"{APPOINTMENTS_URL}{appointment.pk}/cancel/", {"reason": "Feeling better"}, format="json"
    )

    appointment.refresh_from_db()
    assert response.status_code == 200
    assert response.json() == {**serialized(appointment), "status": "cancelled"}
    assert appointment.status == AppointmentStatus.CANCELLED
    assert (appointment.cancelled_by, appointment.cancellation_reason) == (
        client_user,
        "Feeling better",
    )
    assert appointment.late_cancellation is False


@frozen
def test_cancel_without_a_body_works(service, therapist, client_user):
    appointment = AppointmentFactory(
        client=client_user, therapist=therapist, service=service, start=utc(3, 15)
    )

    response = api_as(client_user).post(f"{APPOINTMENTS_URL}{appointment.pk}/cancel/")

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


@frozen
def test_cancel_inside_a_day_is_a_late_cancellation(service, therapist, client_user):
    appointment = AppointmentFactory(
        client=client_user, therapist=therapist, service=service, start=utc(2, 14)
    )

    response = api_as(client_user).post(f"{APPOINTMENTS_URL}{appointment.pk}/cancel/")

    appointment.refresh_from_db()
    assert response.status_code == 200
    assert appointment.late_cancellation is True


@frozen
def test_cancel_twice_is_a_400_with_detail(service, therapist, client_user):
    appointment = AppointmentFactory(
        client=client_user,
        therapist=therapist,
        service=service,
        start=utc(3, 15),
        status=AppointmentStatus.CANCELLED,
    )

    response = api_as(client_user).post(f"{APPOINTMENTS_URL}{appointment.pk}/cancel/")

    assert response.status_code == 400
    assert response.json() == {"detail": "This appointment is cancelled."}


@frozen
def test_cancel_a_started_session_is_a_400(service, therapist, client_user):
    appointment = AppointmentFactory(
        client=client_user, therapist=therapist, service=service, start=utc(1, 15)
    )

    response = api_as(client_user).post(f"{APPOINTMENTS_URL}{appointment.pk}/cancel/")

    appointment.refresh_from_db()
    assert response.status_code == 400
    assert response.json() == {"detail": "This session has already started."}
    assert appointment.status == AppointmentStatus.BOOKED


@frozen
def test_reschedule_moves_the_appointment(service, therapist, client_user):
    appointment = AppointmentFactory(
        client=client_user, therapist=therapist, service=service, start=utc(3, 15)
    )

    response = api_as(client_user).post(
        f"{APPOINTMENTS_URL}{appointment.pk}/reschedule/",
        {"start": "2026-12-03T10:30:00-05:00"},
        format="json",
    )

    appointment.refresh_from_db()
    assert response.status_code == 200
    assert response.json() == {
        **serialized(appointment),
        "start": "2026-12-03T10:30:00-05:00",
        "end": "2026-12-03T11:30:00-05:00",
    }
    assert (appointment.start, appointment.end, appointment.blocked_until) == (
        utc(3, 15, 30),
        utc(3, 16, 30),
        utc(3, 16, 30),
    )


@frozen
def test_reschedule_onto_a_taken_time_is_a_409_and_keeps_the_old_time(
    service, therapist, client_user
):
    appointment = AppointmentFactory(
        client=client_user, therapist=therapist, service=service, start=utc(3, 15)
    )
    AppointmentFactory(therapist=therapist, service=service, start=utc(4, 15))

    response = api_as(client_user).post(
        f"{APPOINTMENTS_URL}{appointment.pk}/reschedule/",
        {"start": "2026-12-04T10:30:00-05:00"},
        format="json",
    )

    appointment.refresh_from_db()
    assert response.status_code == 409
    assert response.json() == {"detail": SLOT_TAKEN}
    assert appointment.start == utc(3, 15)


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({}, {"start": ["This field is required."]}),
        (
            {"start": "2026-12-03T10:05:00-05:00"},
            {"start": ["Sessions start on the 15-minute grid of the clinic's clock."]},
        ),
        (
            {"start": "2026-12-03T20:00:00-05:00"},
            {"start": ["That time is outside the therapist's working hours."]},
        ),
    ],
)
@frozen
def test_reschedule_to_a_refused_time_is_a_400_naming_start(
    service, therapist, client_user, payload, errors
):
    appointment = AppointmentFactory(
        client=client_user, therapist=therapist, service=service, start=utc(3, 15)
    )

    response = api_as(client_user).post(
        f"{APPOINTMENTS_URL}{appointment.pk}/reschedule/", payload, format="json"
    )

    appointment.refresh_from_db()
    assert response.status_code == 400
    assert response.json() == errors
    assert appointment.start == utc(3, 15)


@frozen
def test_reschedule_a_cancelled_appointment_is_a_400(service, therapist, client_user):
    appointment = AppointmentFactory(
        client=client_user,
        therapist=therapist,
        service=service,
        start=utc(3, 15),
        status=AppointmentStatus.CANCELLED,
    )

    response = api_as(client_user).post(
        f"{APPOINTMENTS_URL}{appointment.pk}/reschedule/",
        {"start": "2026-12-03T11:00:00-05:00"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "This appointment is cancelled."}
