"""Cancelling one session of a series, or it and all that follow (service, API and page)."""

import pytest

from clinic.messaging.models import MessageState
from sessions.models import Appointment, AppointmentStatus
from sessions.series import NOT_A_SERIES, appointment_series_book, series_cancel_following
from sessions.services import ActionRefused
from tests.api import api_as
from tests.clock import frozen_at
from tests.factories import AppointmentFactory, DeskFactory
from tests.pages import html, http_as
from tests.sessions.desk.series import NOW, wednesday
from tests.sessions.planning import kinds
from tests.sessions.web import APPOINTMENTS_URL

pytestmark = pytest.mark.django_db
frozen = frozen_at(NOW)
BOOKED, CANCELLED = AppointmentStatus.BOOKED, AppointmentStatus.CANCELLED


@pytest.fixture
def series(service, therapist, client_user):
    """Four weekly sessions booked at the desk: their appointments, by start."""
    booking = appointment_series_book(
        client=client_user,
        therapist=therapist,
        service=service,
        start=wednesday(0),
        every_weeks=1,
        count=4,
        by=DeskFactory(),
    )
    return booking.appointments


def statuses() -> list[str]:
    return list(Appointment.objects.order_by("start").values_list("status", flat=True))


def test_cancel_following_cancels_this_and_the_later_ones(series):
    desk = DeskFactory()

    count = series_cancel_following(appointment=series[1], by=desk, reason="Moving away")

    assert count == 3
    assert statuses() == [BOOKED, CANCELLED, CANCELLED, CANCELLED]
    for appointment in series[1:]:
        appointment.refresh_from_db()
        assert (appointment.cancelled_by, appointment.cancellation_reason) == (desk, "Moving away")
        assert ("cancellation", "email") in kinds(appointment, state=MessageState.PENDING)
    assert ("cancellation", "email") not in kinds(series[0], state=MessageState.PENDING)


def test_cancel_following_leaves_an_already_cancelled_one_alone(series):
    series_cancel_following(appointment=series[3], by=DeskFactory())

    count = series_cancel_following(appointment=series[2], by=DeskFactory())

    assert count == 1
    assert statuses() == [BOOKED, BOOKED, CANCELLED, CANCELLED]


def test_cancel_following_is_refused_to_the_client(series):
    with pytest.raises(ActionRefused):
        series_cancel_following(appointment=series[0], by=series[0].client)

    assert statuses() == [BOOKED] * 4


def test_cancel_following_of_a_session_outside_a_series_is_refused(service, therapist):
    appointment = AppointmentFactory(therapist=therapist, service=service, start=wednesday(0))

    with pytest.raises(ActionRefused) as refused:
        series_cancel_following(appointment=appointment, by=DeskFactory())

    assert str(refused.value) == NOT_A_SERIES


def test_api_cancel_following_for_the_desk(series):
    response = api_as(DeskFactory()).post(
        f"{APPOINTMENTS_URL}{series[2].pk}/cancel/", {"following": True}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == CANCELLED
    assert statuses() == [BOOKED, BOOKED, CANCELLED, CANCELLED]


def test_api_cancel_following_by_the_client_is_a_400_cancelling_nothing(series):
    response = api_as(series[0].client).post(
        f"{APPOINTMENTS_URL}{series[0].pk}/cancel/", {"following": True}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "following": ["Only the front desk and clinic admins cancel the rest of a series."]
    }
    assert statuses() == [BOOKED] * 4


def test_cancel_page_offers_the_following_ones_to_the_desk_only(series):
    url = f"/appointments/{series[0].pk}/cancel/"

    desk_page = http_as(DeskFactory()).get(url)
    client_page = http_as(series[0].client).get(url)

    assert 'value="following"' in html(desk_page)
    assert 'value="following"' not in html(client_page)


def test_cancel_page_cancels_the_following_ones_and_says_how_many(series):
    http = http_as(DeskFactory())

    response = http.post(
        f"/appointments/{series[1].pk}/cancel/", {"scope": "following"}, follow=True
    )

    assert statuses() == [BOOKED, CANCELLED, CANCELLED, CANCELLED]
    assert [str(message) for message in response.context["messages"]] == [
        "3 appointments are cancelled."
    ]


def test_cancel_page_cancels_this_one_only_by_default(series):
    http = http_as(DeskFactory())

    response = http.post(f"/appointments/{series[1].pk}/cancel/", {"reason": ""}, follow=True)

    assert statuses() == [BOOKED, CANCELLED, BOOKED, BOOKED]
    assert [str(message) for message in response.context["messages"]] == [
        "The appointment is cancelled."
    ]
