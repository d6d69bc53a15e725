"""The JSON API contract under /api/v1/, as a client program sees it."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from clinic.accounts.models import Role
from sessions.models import Appointment, AppointmentStatus
from sessions.services import SLOT_TAKEN
from tests.api import api_as
from tests.factories import (
    PASSWORD,
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    CredentialFactory,
    InsuredTherapistFactory,
    ServiceFactory,
    TherapistFactory,
    UserFactory,
    bookable_therapist,
)
from therapists.credentials.models import CredentialStatus
from therapists.models import Modality

pytestmark = pytest.mark.django_db

# Tuesday 1 December 2026, 10:00 in Toronto (UTC-5).
NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
frozen = time_machine.travel(NOW, tick=False)

TOKEN_URL = "/api/v1/auth/token/"
SERVICES_URL = "/api/v1/services/"
THERAPISTS_URL = "/api/v1/therapists/"
AVAILABILITY_URL = "/api/v1/availability/"
APPOINTMENTS_URL = "/api/v1/appointments/"


def utc(day: int, hour: int, minute: int = 0, month: int = 12, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def therapist_user():
    return UserFactory(role=Role.THERAPIST)


@pytest.fixture
def service():
    return ServiceFactory(name="Trigger point therapy", duration_minutes=60, price="110.00")


@pytest.fixture
def therapist(service):
    return bookable_therapist(service)


@pytest.fixture
def client_user():
    return ClientFactory()


# Tokens


def test_token_with_right_password_returns_a_working_token(client_user):
    api = APIClient()

    response = api.post(
        TOKEN_URL, {"email": client_user.email, "password": PASSWORD}, format="json"
    )
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    listing = api.get(APPOINTMENTS_URL)

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=client_user).key}
    assert listing.status_code == 200


def test_token_email_is_case_insensitive(client_user):
    response = APIClient().post(
        TOKEN_URL, {"email": client_user.email.upper(), "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=client_user).key}


def test_token_with_wrong_password_is_refused_with_a_message(client_user):
    response = APIClient().post(
        TOKEN_URL, {"email": client_user.email, "password": "not-the-password"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "The email or password is not right."}
    assert Token.objects.count() == 0


def test_token_for_unknown_email_gives_the_same_answer_as_a_wrong_password():
    response = APIClient().post(
        TOKEN_URL, {"email": "nobody@example.org", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "The email or password is not right."}


def test_token_with_malformed_json_is_a_400():
    response = APIClient().post(TOKEN_URL, data='{"email": ', content_type="application/json")

    assert response.status_code == 400
    assert list(response.json()) == ["detail"]
    assert response.json()["detail"].startswith("JSON parse error")


def test_token_with_missing_fields_names_each_field():
    response = APIClient().post(TOKEN_URL, {}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "email": ["This field is required."],
        "password": ["This field is required."],
    }


def test_bad_token_is_a_401():
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = api.get(APPOINTMENTS_URL)

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


# Services and therapists


def test_services_lists_active_services_with_their_price():
    thirty = ServiceFactory(name="Trigger point therapy", duration_minutes=30, price="60.00")
    ninety = ServiceFactory(name="Trigger point therapy", duration_minutes=90, price="150.00")
    ServiceFactory(name="Retired", duration_minutes=45, active=False)

    response = APIClient().get(SERVICES_URL)

    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "id": thirty.pk,
            "name": "Trigger point therapy",
            "duration_minutes": 30,
            "price": "60.00",
        },
        {
            "id": ninety.pk,
            "name": "Trigger point therapy",
            "duration_minutes": 90,
            "price": "150.00",
        },
    ]


@frozen
def test_therapists_lists_only_bookable_therapists_with_modalities(service):
    bookable = bookable_therapist(service)
    bookable.display_name = "Maya Lindqvist"
    bookable.modalities = [Modality.TRIGGER_POINT, Modality.PNF]
    bookable.save()
    CredentialFactory(therapist__display_name="Pending", status=CredentialStatus.PENDING)
    CredentialFactory(therapist__display_name="Rejected", status=CredentialStatus.REJECTED)
    CredentialFactory(
        therapist__display_name="Expired",
        issued_on=date(2020, 1, 1),
        expires_on=date(2026, 11, 30),
    )
    TherapistFactory(display_name="Unlicensed")
    inactive = bookable_therapist(service)
    inactive.user.is_active = False
    inactive.user.save()

    response = APIClient().get(THERAPISTS_URL)

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": bookable.pk,
                "name": "Maya Lindqvist",
                "modalities": ["Trigger point therapy", "PNF stretching"],
            }
        ],
    }


# Availability


@frozen
def test_availability_lists_slots_sorted_by_start_with_offsets(service):
    first = bookable_therapist(service, start=time(9), end=time(10, 30))
    second = bookable_therapist(service, start=time(9), end=time(10, 30))

    response = APIClient().get(
        AVAILABILITY_URL, {"service": service.pk, "start": "2026-12-02", "days": 1}
    )

    assert response.status_code == 200
    assert response.json() == {
        "slots": [
            {
                "therapist": therapist.pk,
                "start": f"2026-12-02T{start}:00-05:00",
                "end": f"2026-12-02T{end}:00-05:00",
            }
            for start, end in [("09:00", "10:00"), ("09:15", "10:15"), ("09:30", "10:30")]
            for therapist in (first, second)
        ]
    }


@frozen
def test_availability_for_one_therapist_leaves_out_the_others(service):
    chosen = bookable_therapist(service, start=time(9), end=time(10))
    bookable_therapist(service, start=time(9), end=time(10))

    response = APIClient().get(
        AVAILABILITY_URL,
        {"service": service.pk, "start": "2026-12-02", "days": 2, "therapist": chosen.pk},
    )

    assert response.status_code == 200
    assert response.json() == {
        "slots": [
            {
                "therapist": chosen.pk,
                "start": "2026-12-02T09:00:00-05:00",
                "end": "2026-12-02T10:00:00-05:00",
            },
            {
                "therapist": chosen.pk,
                "start": "2026-12-03T09:00:00-05:00",
                "end": "2026-12-03T10:00:00-05:00",
            },
        ]
    }


@frozen
def test_availability_leaves_out_booked_time(service):
    therapist = bookable_therapist(service, start=time(9), end=time(11))
    AppointmentFactory(therapist=therapist, service=service, start=utc(2, 15))  # 10:00 local

    response = APIClient().get(
        AVAILABILITY_URL, {"service": service.pk, "start": "2026-12-02", "therapist": therapist.pk}
    )

    assert [slot["start"] for slot in response.json()["slots"]] == ["2026-12-02T09:00:00-05:00"]


@frozen
def test_availability_of_a_non_bookable_therapist_is_empty(service):
    pending = InsuredTherapistFactory(services=[service])
    CredentialFactory(therapist=pending, status=CredentialStatus.PENDING)

    response = APIClient().get(
        AVAILABILITY_URL, {"service": service.pk, "start": "2026-12-02", "therapist": pending.pk}
    )

    assert response.status_code == 200
    assert response.json() == {"slots": []}


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({"days": 32}, {"days": ["Ensure this value is less than or equal to 31."]}),
        ({"days": 0}, {"days": ["Ensure this value is greater than or equal to 1."]}),
        ({"days": "many"}, {"days": ["A valid integer is required."]}),
        (
            {"start": "2026-13-01"},
            {"start": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]},
        ),
        (
            {"start": ""},
            {"start": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]},
        ),
        ({"service": 999999}, {"service": ["Unknown service."]}),
        ({"service": "thirty"}, {"service": ["Unknown service."]}),
        ({"therapist": 999999}, {"therapist": ["Unknown therapist."]}),
        ({"therapist": "maya"}, {"therapist": ["Unknown therapist."]}),
    ],
)
@frozen
def test_availability_with_bad_query_is_a_400_naming_the_field(service, query, errors):
    params = {"service": service.pk, "start": "2026-12-02", "days": 1, **query}

    response = APIClient().get(AVAILABILITY_URL, params)

    assert response.status_code == 400
    assert response.json() == errors


def test_availability_without_service_or_start_names_both():
    response = APIClient().get(AVAILABILITY_URL)

    assert response.status_code == 400
    assert response.json() == {
        "service": ["This field is required."],
        "start": ["This field is required."],
    }


@pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01"])
@frozen
def test_availability_at_the_ends_of_the_calendar_is_a_400_not_a_500(service, start):
    response = APIClient().get(
        AVAILABILITY_URL, {"service": service.pk, "start": start, "days": 31}
    )

    assert response.status_code == 400
    assert response.json() == {"start": ["Choose a date within a year of today."]}


# Booking


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
        ("9999-12-31T22:00:00-05:00", {"start": ["Datetime value out of range."]}),
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


@pytest.mark.parametrize("booker", [therapist_user, AdminFactory], ids=["therapist", "admin"])
@frozen
def test_book_by_someone_not_a_client_is_a_403(service, therapist, booker):
    response = api_as(booker()).post(
        APPOINTMENTS_URL,
        {"therapist": therapist.pk, "service": service.pk, "start": "2026-12-02T10:00:00-05:00"},
        format="json",
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "Only clients can book sessions."}
    assert Appointment.objects.count() == 0


# Listing and reading appointments


def serialized(appointment: Appointment) -> dict:
    local = timedelta(hours=-5)
    return {
        "id": appointment.pk,
        "client": appointment.client_id,
        "therapist": appointment.therapist_id,
        "service": appointment.service_id,
        "start": (appointment.start + local).replace(tzinfo=None).isoformat() + "-05:00",
        "end": (appointment.end + local).replace(tzinfo=None).isoformat() + "-05:00",
        "status": appointment.status,
    }


@pytest.fixture
def three_appointments(service):
    """Two therapists, two clients: client A with therapist A twice, client B with therapist B."""
    therapist_a, therapist_b = bookable_therapist(service), bookable_therapist(service)
    client_a, client_b = ClientFactory(), ClientFactory()
    early = AppointmentFactory(
        client=client_a, therapist=therapist_a, service=service, start=utc(2, 15)
    )
    late = AppointmentFactory(
        client=client_a, therapist=therapist_a, service=service, start=utc(9, 15)
    )
    other = AppointmentFactory(
        client=client_b, therapist=therapist_b, service=service, start=utc(5, 15)
    )
    return {
        "client_a": client_a,
        "client_b": client_b,
        "therapist_a": therapist_a,
        "therapist_b": therapist_b,
        "early": early,
        "late": late,
        "other": other,
    }


def test_list_shows_a_client_their_own_newest_first(three_appointments):
    data = three_appointments

    response = api_as(data["client_a"]).get(APPOINTMENTS_URL)

    assert response.status_code == 200
    assert response.json() == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [serialized(data["late"]), serialized(data["early"])],
    }


def test_list_shows_a_therapist_their_schedule(three_appointments):
    data = three_appointments

    response = api_as(data["therapist_b"].user).get(APPOINTMENTS_URL)

    assert response.status_code == 200
    assert response.json()["results"] == [serialized(data["other"])]


def test_list_shows_an_admin_everything_newest_first(three_appointments):
    data = three_appointments

    response = api_as(AdminFactory()).get(APPOINTMENTS_URL)

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [
        data["late"].pk,
        data["other"].pk,
        data["early"].pk,
    ]


def test_list_is_paginated_in_pages_of_fifty(service):
    client = ClientFactory()
    therapist = bookable_therapist(service)
    for day in range(51):
        AppointmentFactory(
            client=client, therapist=therapist, service=service, start=utc(1, 15) + timedelta(day)
        )

    first = api_as(client).get(APPOINTMENTS_URL)
    second = api_as(client).get(APPOINTMENTS_URL, {"page": 2})

    assert (first.json()["count"], len(first.json()["results"])) == (51, 50)
    assert first.json()["next"] == "http://testserver/api/v1/appointments/?page=2"
    assert first.json()["previous"] is None
    assert second.json()["results"] == [serialized(Appointment.objects.order_by("start")[0])]
    assert second.json()["previous"] == "http://testserver/api/v1/appointments/"


def test_list_without_credentials_is_a_401():
    response = APIClient().get(APPOINTMENTS_URL)

    assert response.status_code == 401


def test_detail_shows_the_appointment(three_appointments):
    data = three_appointments

    response = api_as(data["client_a"]).get(f"{APPOINTMENTS_URL}{data['early'].pk}/")

    assert response.status_code == 200
    assert response.json() == serialized(data["early"])


def test_detail_of_someone_elses_appointment_is_a_404(three_appointments):
    data = three_appointments

    response = api_as(data["client_a"]).get(f"{APPOINTMENTS_URL}{data['other'].pk}/")

    assert response.status_code == 404
    assert response.json() == {"detail": "No Appointment matches the given query."}


# Cancel and reschedule


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


# The schema


def test_schema_describes_every_api_path():
    response = APIClient().get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    assert sorted(response.json()["paths"]) == [
        "/api/v1/appointments/",
        "/api/v1/appointments/{id}/",
        "/api/v1/appointments/{id}/cancel/",
        "/api/v1/appointments/{id}/note/",
        "/api/v1/appointments/{id}/note/addenda/",
        "/api/v1/appointments/{id}/note/sign/",
        "/api/v1/appointments/{id}/reschedule/",
        "/api/v1/auth/token/",
        "/api/v1/availability/",
        "/api/v1/clients/{client_id}/intake/",
        "/api/v1/clients/{client_id}/notes/",
        "/api/v1/clients/{client_id}/outcomes/",
        "/api/v1/clients/{client_id}/suggestions/",
        "/api/v1/intake/",
        "/api/v1/me/close/",
        "/api/v1/me/export/",
        "/api/v1/services/",
        "/api/v1/therapists/",
        "/api/v1/therapists/{id}/",
    ]


def test_schema_describes_the_booking_request_and_the_token_exchange():
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()

    booking = schema["paths"]["/api/v1/appointments/"]["post"]
    token = schema["paths"]["/api/v1/auth/token/"]["post"]
    assert sorted(schema["components"]["schemas"]["AppointmentCreate"]["properties"]) == [
        "service",
        "start",
        "therapist",
    ]
    assert list(booking["responses"]) == ["201", "409", "400", "401", "403"]
    assert sorted(schema["components"]["schemas"]["TokenRequest"]["properties"]) == [
        "email",
        "otp",
        "password",
    ]
    assert schema["components"]["schemas"]["TokenRequest"]["required"] == ["email", "password"]
    assert list(token["responses"]) == ["200", "400", "429"]


def test_schema_is_served_as_yaml_by_default():
    response = APIClient().get("/api/schema/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oai.openapi; charset=utf-8"
    assert response.content.startswith(b"openapi: 3.0.3\n")
