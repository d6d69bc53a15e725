"""Starts at the ends of the calendar: a 400 with a clear message, never a 500.

A time without an offset late on 31 December 9999 has no UTC instant at all (it is out of
range); one that has an instant but lies more than a year away is refused before any
booking rule or series counts days from it.
"""

import pytest
from pytest_django.asserts import assertContains

from sessions.models import Appointment, AppointmentSeries
from sessions.series import appointment_series_book, series_book_occurrence
from sessions.services import BookingRefused, appointment_book
from tests.api import api_as
from tests.clock import frozen_at
from tests.factories import AppointmentFactory, DeskFactory
from tests.pages import http_as
from tests.sessions.web import APPOINTMENTS_URL, NOW, utc

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)

# Years no date field takes anywhere are refused before the booking rules are asked.
OUT_OF_RANGE = "Enter a date between 1900 and 2200."
NOT_NEAR = "Choose a time within a year of today."

# (start as sent, the API's message)
FAR_STARTS = [
    pytest.param("9999-12-31T23:00:00", OUT_OF_RANGE, id="naive-9999-no-utc-instant"),
    pytest.param("9999-12-31T23:59:59.999999", OUT_OF_RANGE, id="naive-last-instant"),
    pytest.param("9999-12-31T22:00:00-05:00", OUT_OF_RANGE, id="aware-9999-no-utc-instant"),
    pytest.param("9999-12-01T10:00:00", OUT_OF_RANGE, id="naive-9999"),
    pytest.param("9999-12-01T10:00:00Z", OUT_OF_RANGE, id="utc-9999"),
    pytest.param("0001-01-01T12:00:00", OUT_OF_RANGE, id="naive-year-1"),
    pytest.param("2028-01-05T10:00:00-05:00", NOT_NEAR, id="two-years-ahead"),
]


@pytest.fixture
def booked(client_user, service, therapist):
    return AppointmentFactory(
        client=client_user, therapist=therapist, service=service, start=utc(3, 15)
    )


# The API


@pytest.mark.parametrize(("start", "message"), FAR_STARTS)
def test_api_booking_a_far_start_is_a_400(client_user, service, therapist, start, message):
    response = api_as(client_user).post(
        APPOINTMENTS_URL,
        {"therapist": therapist.pk, "service": service.pk, "start": start},
        format="json",
    )

    assert (response.status_code, response.json()) == (400, {"start": [message]})
    assert Appointment.objects.count() == 0


@pytest.mark.parametrize(("start", "message"), FAR_STARTS)
def test_api_desk_booking_a_far_start_is_a_400(client_user, service, therapist, start, message):
    response = api_as(DeskFactory()).post(
        APPOINTMENTS_URL,
        {
            "client": client_user.pk,
            "therapist": therapist.pk,
            "service": service.pk,
            "start": start,
        },
        format="json",
    )

    assert (response.status_code, response.json()) == (400, {"start": [message]})


@pytest.mark.parametrize(("start", "message"), FAR_STARTS)
def test_api_rescheduling_to_a_far_start_is_a_400(client_user, booked, start, message):
    response = api_as(client_user).post(
        f"{APPOINTMENTS_URL}{booked.pk}/reschedule/", {"start": start}, format="json"
    )

    booked.refresh_from_db()
    assert (response.status_code, response.json()) == (400, {"start": [message]})
    assert booked.start == utc(3, 15)


@pytest.mark.parametrize(("start", "message"), FAR_STARTS)
def test_api_series_from_a_far_start_is_a_400(client_user, service, therapist, start, message):
    body = {
        "client": client_user.pk,
        "therapist": therapist.pk,
        "service": service.pk,
        "start": start,
        "every_weeks": 8,
        "count": 26,
    }

    response = api_as(DeskFactory()).post(f"{APPOINTMENTS_URL}series/", body, format="json")

    assert (response.status_code, response.json()) == (400, {"start": [message]})
    assert AppointmentSeries.objects.count() == 0


def test_api_a_start_without_an_offset_is_read_on_the_clinics_clock(
    client_user, service, therapist
):
    response = api_as(client_user).post(
        APPOINTMENTS_URL,
        {"therapist": therapist.pk, "service": service.pk, "start": "2026-12-02T10:00:00"},
        format="json",
    )

    assert response.status_code == 201
    assert Appointment.objects.get().start == utc(2, 15)


# Pages

PAGE_STARTS = [
    "9999-12-31T23:00:00",
    "9999-12-01T10:00:00+00:00",
    "0001-01-01T00:00:00+05:00",
    "2028-01-05T15:00:00+00:00",
]


@pytest.mark.parametrize("start", PAGE_STARTS)
def test_booking_page_with_a_far_start_is_a_400(signed_in, service, therapist, start):
    response = signed_in.post(
        "/appointments/new/", {"therapist": therapist.pk, "service": service.pk, "start": start}
    )

    assert response.status_code == 400
    assert len(response.context["form"].errors["start"]) == 1
    assert Appointment.objects.count() == 0


@pytest.mark.parametrize("start", PAGE_STARTS)
def test_reschedule_page_with_a_far_start_is_a_400(signed_in, booked, start):
    response = signed_in.post(f"/appointments/{booked.pk}/reschedule/", {"start": start})

    booked.refresh_from_db()
    assert response.status_code == 400
    assert booked.start == utc(3, 15)


def test_reschedule_page_two_years_ahead_says_why(signed_in, booked):
    response = signed_in.post(
        f"/appointments/{booked.pk}/reschedule/", {"start": "2028-01-05T15:00:00+00:00"}
    )

    assertContains(response, f"<div>{NOT_NEAR}</div>", count=1, status_code=400)


@pytest.mark.parametrize("start", PAGE_STARTS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_desk_series_page_from_a_far_start_is_a_400(client_user, service, therapist, start, method):
    body = {
        "client": client_user.pk,
        "therapist": therapist.pk,
        "service": service.pk,
        "start": start,
        "every_weeks": 8,
        "count": 26,
    }

    response = getattr(http_as(DeskFactory()), method)("/desk/series/new/", body)

    assert response.status_code == 400
    assert AppointmentSeries.objects.count() == 0


# The rules, for any caller


def test_a_series_from_a_far_start_is_refused_before_counting_weeks(
    client_user, service, therapist
):
    with pytest.raises(BookingRefused) as refused:
        appointment_series_book(
            client=client_user,
            therapist=therapist,
            service=service,
            start=utc(1, 10, year=9999),
            every_weeks=8,
            count=26,
            by=DeskFactory(),
        )

    assert (refused.value.field, refused.value.message) == ("start", NOT_NEAR)


def test_one_more_session_of_a_series_at_a_far_start_is_refused(client_user, service, therapist):
    desk = DeskFactory()
    first = appointment_book(
        client=client_user, therapist=therapist, service=service, start=utc(2, 15), by=desk
    )
    first.series = AppointmentSeries.objects.create(every_weeks=1, count=2, created_by=desk)
    first.save(update_fields=["series"])

    with pytest.raises(BookingRefused) as refused:
        series_book_occurrence(series=first.series, start=utc(1, 0, month=1, year=1), by=desk)

    assert refused.value.message == NOT_NEAR
