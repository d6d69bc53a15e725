"""Listing and reading appointments through the API: who sees which, newest first."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from sessions.models import Appointment
from tests.api import api_as
from tests.factories import AdminFactory, AppointmentFactory, ClientFactory, bookable_therapist
from tests.sessions.web import APPOINTMENTS_URL, serialized, utc

pytestmark = pytest.mark.django_db


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
