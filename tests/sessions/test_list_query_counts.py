"""Lists of therapists and appointments, pages and API, cost the same queries however long."""

from datetime import UTC, datetime

import pytest

from sessions.models import Appointment, AppointmentStatus
from tests.api import token_for
from tests.clock import frozen_at
from tests.factories import AppointmentFactory, bookable_therapist
from tests.sessions.grid import blocks
from tests.sessions.web import NOW, rows, utc

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)


def many_clients_booked(therapist, service, count: int) -> list[Appointment]:
    """`count` appointments with the therapist on Wednesday 2 December, each a new client."""
    return [
        AppointmentFactory(therapist=therapist, service=service, start=utc(2, 14 + hour))
        for hour in range(count)
    ]


@pytest.mark.parametrize("count", [1, 5])
def test_therapist_list_queries_do_not_grow(client, service, django_assert_num_queries, count):
    for _ in range(count):
        bookable_therapist(service)

    with django_assert_num_queries(2):  # the therapists, and the services to filter by
        response = client.get("/therapists/")

    assert len(response.context["therapists"]) == count


@pytest.mark.parametrize("count", [1, 5])
def test_my_appointments_queries_do_not_grow(
    signed_in, client_user, service, django_assert_num_queries, count
):
    therapist = bookable_therapist(service)
    for day in range(count):
        AppointmentFactory(
            client=client_user, therapist=therapist, service=service, start=utc(3 + day, 15)
        )
        AppointmentFactory(
            client=client_user,
            therapist=therapist,
            service=service,
            start=datetime(2026, 11, 20 + day, 15, tzinfo=UTC),
            status=AppointmentStatus.COMPLETED,
        )

    # session, user, upcoming, past, and the client's current intake
    with django_assert_num_queries(5):
        response = signed_in.get("/appointments/")

    assert (len(rows(response, "upcoming")), len(rows(response, "past"))) == (count, count)


@pytest.mark.parametrize("count", [1, 5])
def test_schedule_queries_do_not_grow(client, maya, service, django_assert_num_queries, count):
    many_clients_booked(maya, service, count)
    client.force_login(maya.user)

    # with the session's second-factor device, the credentials to renew, and the four of
    # the booking calendar that shade the grid (hours, credentials, time off, buffers)
    with django_assert_num_queries(11):
        response = client.get("/schedule/", {"date": "2026-12-02", "view": "week"})

    assert len(blocks(response)) == count


@pytest.mark.parametrize("count", [1, 5])
def test_api_appointments_queries_do_not_grow(
    client, maya, service, django_assert_num_queries, count
):
    many_clients_booked(maya, service, count)
    token = token_for(maya.user)

    with django_assert_num_queries(3):
        response = client.get("/api/v1/appointments/", HTTP_AUTHORIZATION=f"Token {token}")

    assert response.json()["count"] == count


@pytest.mark.parametrize("count", [1, 5])
def test_api_therapists_queries_do_not_grow(client, service, django_assert_num_queries, count):
    for _ in range(count):
        bookable_therapist(service)

    with django_assert_num_queries(2):
        response = client.get("/api/v1/therapists/")

    assert response.json()["count"] == count
