"""GET /api/v1/calendar/: the clinic's calendar for the desk, a therapist's own for them."""

import pytest
from rest_framework.test import APIClient

from sessions.models import AppointmentStatus
from tests.factories import AppointmentFactory, ClientFactory, DeskFactory, bookable_therapist
from tests.sessions.desk.calendar import therapist_named
from tests.sessions.web import frozen, serialized, utc

pytestmark = pytest.mark.django_db

CALENDAR_URL = "/api/v1/calendar/"


def api_as(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def listed(appointment, client_name: str) -> dict:
    return {
        "id": appointment.pk,
        "therapist": appointment.therapist_id,
        "client": appointment.client_id,
        "client_name": client_name,
        "service": appointment.service_id,
        "start": serialized(appointment)["start"],
        "end": serialized(appointment)["end"],
        "status": appointment.status,
    }


@pytest.fixture
def day(service):
    """Two therapists' Wednesday 2 December: a booking each, one cancelled; and Thursday's."""
    ann = therapist_named("Ann Ash", service)
    bo = therapist_named("Bo Birch", service)
    ava = ClientFactory(first_name="Ava", last_name="Chen")
    return {
        "ann": ann,
        "bo": bo,
        "ann_booked": AppointmentFactory(
            client=ava, therapist=ann, service=service, start=utc(2, 15)
        ),
        "bo_cancelled": AppointmentFactory(
            client=ava,
            therapist=bo,
            service=service,
            start=utc(2, 14),
            status=AppointmentStatus.CANCELLED,
        ),
        "thursday": AppointmentFactory(
            client=ava, therapist=ann, service=service, start=utc(3, 15)
        ),
    }


@frozen
def test_the_desk_gets_every_therapist_and_appointment_of_the_day(day):
    response = api_as(DeskFactory()).get(CALENDAR_URL, {"start": "2026-12-02"})

    assert response.status_code == 200
    assert response.json() == {
        "therapists": [
            {"id": day["ann"].pk, "name": "Ann Ash"},
            {"id": day["bo"].pk, "name": "Bo Birch"},
        ],
        "appointments": [
            listed(day["bo_cancelled"], "Ava Chen"),
            listed(day["ann_booked"], "Ava Chen"),
        ],
    }


@frozen
def test_days_widen_the_span(day):
    response = api_as(DeskFactory()).get(CALENDAR_URL, {"start": "2026-12-02", "days": 2})

    assert [row["id"] for row in response.json()["appointments"]] == [
        day["bo_cancelled"].pk,
        day["ann_booked"].pk,
        day["thursday"].pk,
    ]


@frozen
def test_a_therapist_gets_only_their_own_column(day):
    response = api_as(day["bo"].user).get(CALENDAR_URL, {"start": "2026-12-02", "days": 2})

    assert response.json() == {
        "therapists": [{"id": day["bo"].pk, "name": "Bo Birch"}],
        "appointments": [listed(day["bo_cancelled"], "Ava Chen")],
    }


@frozen
@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({}, {"start": ["This field is required."]}),
        (
            {"start": ""},
            {"start": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]},
        ),
        (
            {"start": "2026-12-02", "days": 15},
            {"days": ["Ensure this value is less than or equal to 14."]},
        ),
        (
            {"start": "2026-12-02", "days": 0},
            {"days": ["Ensure this value is greater than or equal to 1."]},
        ),
        ({"start": "2026-12-02", "days": "two"}, {"days": ["A valid integer is required."]}),
        (
            {"start": "2026-02-30"},
            {"start": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]},
        ),
        ({"start": "2029-01-01"}, {"start": ["Choose a date within a year of today."]}),
    ],
)
def test_bad_values_are_a_400_that_names_the_field(query, errors):
    response = api_as(DeskFactory()).get(CALENDAR_URL, query)

    assert (response.status_code, response.json()) == (400, errors)


def test_clients_are_refused_and_the_anonymous_asked_to_sign_in():
    refused = api_as(ClientFactory()).get(CALENDAR_URL)
    anonymous = APIClient().get(CALENDAR_URL)

    assert (refused.status_code, refused.json()) == (
        403,
        {"detail": "The calendar is for the front desk and therapists."},
    )
    assert anonymous.status_code == 401


@frozen
@pytest.mark.parametrize("size", [1, 3])
def test_the_calendar_keeps_its_queries_whatever_its_size(service, size, django_assert_num_queries):
    for _ in range(size):
        therapist = bookable_therapist(service)
        for hour in range(size):
            AppointmentFactory(therapist=therapist, service=service, start=utc(2, 14 + hour))
    api = api_as(DeskFactory())

    with django_assert_num_queries(2):
        response = api.get(CALENDAR_URL, {"start": "2026-12-02"})

    assert (len(response.json()["therapists"]), len(response.json()["appointments"])) == (
        size,
        size * size,
    )
