"""The desk's series pages: the preview, booking the free dates, the result, the offered time."""

import re

import pytest
from django.urls import reverse

from sessions.models import Appointment, AppointmentSeries
from sessions.services import SLOT_TAKEN
from tests.clock import frozen_at
from tests.factories import DeskFactory
from tests.pages import answer_of, html, http_as
from tests.sessions.desk.series import NOW, conflicts, series_body, wednesday

pytestmark = pytest.mark.django_db
frozen = frozen_at(NOW)
URL = "/desk/series/new/"


def previewed(response) -> list[str]:
    """Each previewed date's start, and whether it is free or why not."""
    items = re.findall(
        r'<li class="list-group-item[^"]*" data-start="([^"]+)">(.*?)</li>', html(response), re.S
    )
    return [(start, " ".join(re.sub(r"<[^>]+>", " ", text).split())) for start, text in items]


def test_preview_lists_each_date_and_whether_it_is_free(service, therapist, client_user):
    conflicts(therapist, service)

    response = http_as(DeskFactory()).get(URL, series_body(client_user, therapist, service))

    assert response.status_code == 200
    assert previewed(response) == [
        (wednesday(0).isoformat(), "Wed 2 Dec 2026, 10:00 Free"),
        (wednesday(1).isoformat(), f"Wed 9 Dec 2026, 10:00 Not free {SLOT_TAKEN}"),
        (
            wednesday(2).isoformat(),
            "Wed 16 Dec 2026, 10:00 Not free The therapist is away at that time.",
        ),
        (wednesday(3).isoformat(), "Wed 23 Dec 2026, 10:00 Free"),
    ]
    assert "Book the free ones (2 of 4)" in html(response)
    assert "Ava Chen" in html(response)
    assert AppointmentSeries.objects.count() == 0


def test_page_from_the_booking_page_previews_six_weekly_dates(service, therapist, client_user):
    body = series_body(client_user, therapist, service)
    del body["every_weeks"], body["count"]

    response = http_as(DeskFactory()).get(URL, body)

    assert [start for start, _ in previewed(response)] == [
        wednesday(weeks).isoformat() for weeks in range(6)
    ]


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"client": "0"}, "Unknown client."),
        ({"therapist": "nine"}, "Unknown therapist."),
        ({"start": "soon"}, "Enter a valid date/time."),
        ({"count": "40"}, "Ensure this value is less than or equal to 26."),
    ],
)
def test_bad_input_is_a_400_with_the_error(service, therapist, client_user, changes, error):
    body = {**series_body(client_user, therapist, service), **changes}

    response = http_as(DeskFactory()).get(URL, body)

    assert response.status_code == 400
    assert error in html(response)
    assert previewed(response) == []


def test_booking_the_free_ones_then_the_offered_time(service, therapist, client_user):
    conflicts(therapist, service)
    http = http_as(DeskFactory())

    booked = http.post(URL, series_body(client_user, therapist, service))
    series = AppointmentSeries.objects.get()
    result = http.get(booked.headers["Location"])

    assert answer_of(booked) == (302, reverse("desk-series-result", args=[series.pk]))
    assert [str(message) for message in result.context["messages"]] == ["Booked 2 of 4 sessions."]
    assert [appointment.start for appointment in result.context["appointments"]] == [
        wednesday(0),
        wednesday(3),
    ]
    assert "Book 11:00 that day instead" in html(result)
    assert "Book 12:00 that day instead" in html(result)

    offered = http.post(
        reverse("desk-series-book", args=[series.pk]), {"start": wednesday(1, 11).isoformat()}
    )
    after = http.get(offered.headers["Location"])

    assert list(series.appointments.order_by("start").values_list("start", flat=True)) == [
        wednesday(0),
        wednesday(1, 11),
        wednesday(3),
    ]
    assert "Book 11:00 that day instead" not in html(after)
    assert "Book 12:00 that day instead" in html(after)


def test_booking_a_second_time_the_same_day_is_refused(service, therapist, client_user):
    http = http_as(DeskFactory())
    http.post(URL, series_body(client_user, therapist, service, count=2))
    series = AppointmentSeries.objects.get()

    response = http.post(
        reverse("desk-series-book", args=[series.pk]), {"start": wednesday(0, 14).isoformat()}
    )

    assert response.status_code == 400
    assert "The series already has a session that day." in html(response)
    assert series.appointments.count() == 2


def test_booking_when_nothing_is_free_shows_why_and_keeps_nothing(service, therapist, client_user):
    therapist.services.clear()

    response = http_as(DeskFactory()).post(URL, series_body(client_user, therapist, service))

    assert response.status_code == 400
    assert (
        "None of the sessions could be booked. This therapist does not offer that service."
        in html(response)
    )
    assert AppointmentSeries.objects.count() == 0
    assert Appointment.objects.count() == 0


def test_unknown_series_is_a_404(service, therapist, client_user):
    response = http_as(DeskFactory()).get(reverse("desk-series-result", args=[999]))

    assert response.status_code == 404


@pytest.mark.parametrize("count", [2, 5])
def test_result_page_takes_the_same_queries_whatever_the_series_length(
    django_assert_num_queries, service, therapist, client_user, count
):
    http = http_as(DeskFactory())
    http.post(URL, series_body(client_user, therapist, service, count=count))
    url = reverse("desk-series-result", args=[AppointmentSeries.objects.get().pk])

    with django_assert_num_queries(5):
        response = http.get(url)

    assert len(response.context["appointments"]) == count


@pytest.mark.parametrize("count", [2, 5])
def test_preview_page_takes_the_same_queries_whatever_the_series_length(
    django_assert_num_queries, service, therapist, client_user, count
):
    http = http_as(DeskFactory())

    with django_assert_num_queries(12):
        response = http.get(URL, series_body(client_user, therapist, service, count=count))

    assert len(previewed(response)) == count
