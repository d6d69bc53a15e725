"""The booking limits as the API and the pages answer them: the upcoming limit is a 400
naming it; too many bookings or moves in an hour a 429 (the API says when to retry)."""

from datetime import timedelta

import pytest
from pytest_django.asserts import assertContains

from sessions.models import Appointment
from tests.api import api_as
from tests.clock import frozen_at
from tests.factories import AppointmentFactory
from tests.sessions.web import APPOINTMENTS_URL, NOW, utc

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)

UPCOMING_LIMIT = (
    "You can hold at most 4 upcoming sessions booked online at once. "
    "Cancel one, or call the clinic to book more."
)
TOO_MANY = "You can book or move sessions at most 2 times an hour. Please try again in 45 minutes."


def holding(client_user, therapist, service, count: int) -> list[Appointment]:
    """`count` upcoming sessions the client booked, one a day from Thursday at 09:00."""
    return [
        AppointmentFactory(
            client=client_user, therapist=therapist, service=service, start=utc(3 + day, 14)
        )
        for day in range(count)
    ]


@pytest.fixture
def two_an_hour(settings, frozen, client_user, therapist, service):
    """The client booked twice, 15 and 10 minutes ago, with a limit of two an hour."""
    settings.BOOKING_RATE_PER_HOUR = 2
    frozen.shift(-timedelta(minutes=15))
    first = holding(client_user, therapist, service, 1)[0]
    frozen.shift(timedelta(minutes=5))
    AppointmentFactory(client=client_user, therapist=therapist, service=service, start=utc(8, 14))
    frozen.shift(timedelta(minutes=10))
    return first


def test_api_booking_over_the_upcoming_limit_is_a_400_saying_it(client_user, therapist, service):
    holding(client_user, therapist, service, 4)

    response = api_as(client_user).post(
        APPOINTMENTS_URL,
        {"therapist": therapist.pk, "service": service.pk, "start": "2026-12-09T10:00:00-05:00"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"start": [UPCOMING_LIMIT]}
    assert Appointment.objects.count() == 4


def test_api_booking_past_the_rate_is_a_429_with_retry_after(
    two_an_hour, client_user, therapist, service
):
    response = api_as(client_user).post(
        APPOINTMENTS_URL,
        {"therapist": therapist.pk, "service": service.pk, "start": "2026-12-09T10:00:00-05:00"},
        format="json",
    )

    assert response.status_code == 429
    assert response.json() == {"detail": TOO_MANY}
    assert response["Retry-After"] == str(45 * 60)
    assert Appointment.objects.count() == 2


def test_api_reschedule_past_the_rate_is_a_429_with_retry_after(two_an_hour, client_user):
    response = api_as(client_user).post(
        f"{APPOINTMENTS_URL}{two_an_hour.pk}/reschedule/",
        {"start": "2026-12-03T11:00:00-05:00"},
        format="json",
    )

    two_an_hour.refresh_from_db()
    assert response.status_code == 429
    assert response.json() == {"detail": TOO_MANY}
    assert response["Retry-After"] == str(45 * 60)
    assert two_an_hour.start == utc(3, 14)


def test_booking_page_over_the_upcoming_limit_is_a_400_saying_it(
    signed_in, client_user, therapist, service
):
    holding(client_user, therapist, service, 4)

    response = signed_in.post(
        "/appointments/new/",
        {"therapist": therapist.pk, "service": service.pk, "start": "2026-12-09T15:00:00+00:00"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {"start": [UPCOMING_LIMIT]}
    assertContains(response, "at most 4 upcoming sessions", count=1, status_code=400)


def test_booking_page_past_the_rate_is_a_429_with_the_message(
    two_an_hour, signed_in, therapist, service
):
    response = signed_in.post(
        "/appointments/new/",
        {"therapist": therapist.pk, "service": service.pk, "start": "2026-12-09T15:00:00+00:00"},
    )

    assert response.status_code == 429
    assert response.context["form"].errors == {"start": [TOO_MANY]}
    assertContains(response, TOO_MANY, count=1, status_code=429)
    assert Appointment.objects.count() == 2


def test_reschedule_page_past_the_rate_is_a_429_with_the_message(two_an_hour, signed_in):
    response = signed_in.post(
        f"/appointments/{two_an_hour.pk}/reschedule/", {"start": "2026-12-03T16:00:00+00:00"}
    )

    two_an_hour.refresh_from_db()
    assert response.status_code == 429
    assert response.context["form"].errors == {"__all__": [TOO_MANY]}
    assertContains(response, TOO_MANY, count=1, status_code=429)
    assert two_an_hour.start == utc(3, 14)
