"""Booking through the API: the 201, and each refusal with its status and message."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from sessions.models import Appointment
from sessions.services import SLOT_TAKEN
from tests.api import api_as
from tests.factories import (
    AppointmentFactory,
    CredentialFactory,
    InsuredTherapistFactory,
    ServiceFactory,
    bookable_therapist,
)
from tests.sessions.web import APPOINTMENTS_URL, frozen, therapist_user, utc
from therapists.credentials.models import CredentialStatus

pytestmark = pytest.mark.django_db


@frozen
def test_book_returns_201_with_the_appointment(service, therapist, client_user):
    response = api_as(client_user).post(
        APPOINTMENTS_URL,
        {"therapist": therapist.pk, "service": service.pk, "start": "2026-12-02T10:00:00-05:00"},
        format="json",
    )

    appointment = Appointment.objects.get()
    assert response.status_code == 201
    assert response.json() == {
        "id": appointment.pk,
        "client": client_user.pk,
        "therapist": therapist.pk,
        "service": service.pk,
        "start": "2026-12-02T10:00:00-05:00",
        "end": "2026-12-02T11:00:00-05:00",
        "status": "booked",
    }
    assert (appointment.start, appointment.end) == (utc(2, 15), utc(2, 16))


@frozen
def test_book_with_a_utc_start_is_the_same_instant(service, therapist, client_user):
    response = api_as(client_user).post(
        APPOINTMENTS_URL,
        {"therapist": therapist.pk, "service": service.pk, "start": "2026-12-02T15:00:00Z"},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["start"] == "2026-12-02T10:00:00-05:00"


@frozen
def test_book_an_overlapping_time_is_a_409_with_detail(service, therapist, client_user):
    AppointmentFactory(therapist=therapist, service=service, start=utc(2, 15))

    response = api_as(client_user).post(
        APPOINTMENTS_URL,
        {"therapist": therapist.pk, "service": service.pk, "start": "2026-12-02T10:30:00-05:00"},
        format="json",
    )

    assert response.status_code == 409
    assert response.json() == {"detail": SLOT_TAKEN}
    assert Appointment.objects.count() == 1


@frozen
def test_book_while_the_client_has_another_session_is_a_409(service, therapist, client_user):
    elsewhere = bookable_therapist(service)
    AppointmentFactory(client=client_user, therapist=elsewhere, service=service, start=utc(2, 15))

    response = api_as(client_user).post(
        APPOINTMENTS_URL,
        {"therapist": therapist.pk, "service": service.pk, "start": "2026-12-02T10:00:00-05:00"},
        format="json",
    )

    assert response.status_code == 409
    assert response.json() == {"detail": "You already have a session at that time."}


@pytest.mark.parametrize(
    ("start", "errors"),
    [
        (
            "2026-12-02T10:10:00-05:00",
            {"start": ["Sessions start on the 15-minute grid of the clinic's clock."]},
        ),
        (
            "2026-12-01T11:00:00-05:00",
            {"start": ["Sessions must be booked at least 2 hours ahead."]},
        ),
        ("2027-02-01T10:00:00-05:00", {"start": ["Sessions can be booked at most 60 days ahead."]}),
        (
            "2026-12-02T16:30:00-05:00",
            {"start": ["That time is outside the therapist's working hours."]},
        ),
        (
            "2026-12-02T07:00:00-05:00",
            {"start": ["That time is outside the therapist's working hours."]},
        ),
        ("9999-12-31T22:00:00-05:00", {"start": ["Enter a date between 1900 and 2200."]}),
        (
            "tomorrow at ten",
            {
                "start": [
                    "Datetime has wrong format. Use one of these formats instead: "
                    "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."
                ]
            },
        ),
    ],
)
@frozen
def test_book_a_refused_time_is_a_400_naming_start(service, therapist, client_user, start, errors):
    response = api_as(client_user).post(
        APPOINTMENTS_URL,
        {"therapist": therapist.pk, "service": service.pk, "start": start},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == errors
    assert Appointment.objects.count() == 0


@pytest.mark.parametrize("missing", ["therapist", "service", "start"])
@frozen
def test_book_without_a_field_is_a_400_naming_it(service, therapist, client_user, missing):
    payload = {"therapist": therapist.pk, "service": service.pk, "start": "2026-12-02T10:00:00Z"}
    del payload[missing]

    response = api_as(client_user).post(APPOINTMENTS_URL, payload, format="json")

    assert response.status_code == 400
    assert response.json() == {missing: ["This field is required."]}


@frozen
def test_book_with_malformed_json_is_a_400(client_user):
    response = api_as(client_user).post(
        APPOINTMENTS_URL, data="{'therapist': 1", content_type="application/json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["detail"]
    assert response.json()["detail"].startswith("JSON parse error")


@frozen
def test_book_unknown_service_and_therapist_name_both_fields(client_user):
    response = api_as(client_user).post(
        APPOINTMENTS_URL,
        {"therapist": 999999, "service": 999999, "start": "2026-12-02T10:00:00-05:00"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"therapist": ["Unknown therapist."], "service": ["Unknown service."]}


@frozen
def test_book_a_service_the_therapist_does_not_offer_is_a_400(therapist, client_user):
    other = ServiceFactory(name="Cupping", duration_minutes=45)

    response = api_as(client_user).post(
        APPOINTMENTS_URL,
        {"therapist": therapist.pk, "service": other.pk, "start": "2026-12-02T10:00:00-05:00"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"service": ["This therapist does not offer that service."]}


@pytest.mark.parametrize(
    "credential",
    [
        {"status": CredentialStatus.PENDING},
        {"status": CredentialStatus.REJECTED},
        {"issued_on": date(2020, 1, 1), "expires_on": date(2026, 12, 1)},
    ],
    ids=["pending", "rejected", "expired"],
)
@frozen
def test_book_a_non_bookable_therapist_is_a_400(service, client_user, credential):
    therapist = InsuredTherapistFactory(services=[service])
    CredentialFactory(therapist=therapist, **credential)

    response = api_as(client_user).post(
        APPOINTMENTS_URL,
        {"therapist": therapist.pk, "service": service.pk, "start": "2026-12-02T10:00:00-05:00"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"therapist": ["This therapist can't be booked for that date."]}
    assert Appointment.objects.count() == 0


@frozen
def test_book_without_credentials_is_a_401(service, therapist):
    response = APIClient().post(
        APPOINTMENTS_URL,
        {"therapist": therapist.pk, "service": service.pk, "start": "2026-12-02T10:00:00-05:00"},
        format="json",
    )

    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert Appointment.objects.count() == 0


@frozen
def test_book_by_a_therapist_is_a_403(service, therapist):
    response = api_as(therapist_user()).post(
        APPOINTMENTS_URL,
        {"therapist": therapist.pk, "service": service.pk, "start": "2026-12-02T10:00:00-05:00"},
        format="json",
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "Only clients and the front desk book sessions."}
    assert Appointment.objects.count() == 0
