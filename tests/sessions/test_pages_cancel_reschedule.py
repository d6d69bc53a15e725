"""Cancelling and rescheduling on the site, and the errors shown when either is refused."""

import pytest
import time_machine
from pytest_django.asserts import assertContains

from sessions.models import AppointmentStatus
from sessions.services import SLOT_TAKEN
from tests.clock import frozen_at
from tests.factories import AppointmentFactory
from tests.sessions.web import NOW, rows, slot_times, utc

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)


@pytest.fixture
def booked(client_user, service, maya):
    return AppointmentFactory(client=client_user, therapist=maya, service=service, start=utc(3, 15))


def test_cancel_page_shows_the_appointment(signed_in, booked):
    response = signed_in.get(f"/appointments/{booked.pk}/cancel/")

    assert response.status_code == 200
    assertContains(
        response,
        "<strong>Thu 3 Dec 2026, 10:00</strong> &middot; "
        "Trigger point therapy (60 min) with Maya Lindqvist",
        count=1,
    )


def test_cancel_page_cancels_and_returns_to_my_appointments(signed_in, booked):
    response = signed_in.post(
        f"/appointments/{booked.pk}/cancel/", {"reason": "Feeling better"}, follow=True
    )

    booked.refresh_from_db()
    assert response.redirect_chain == [("/appointments/", 302)]
    assert (booked.status, booked.cancellation_reason) == ("cancelled", "Feeling better")
    assert (rows(response, "upcoming"), rows(response, "past")) == ([], [booked.pk])
    assertContains(response, "The appointment is cancelled.", count=1)


def test_cancel_page_for_a_started_session_shows_the_error(signed_in, booked):
    with time_machine.travel(utc(3, 15, 30), tick=False):
        response = signed_in.post(f"/appointments/{booked.pk}/cancel/", {"reason": ""})

    booked.refresh_from_db()
    assert response.status_code == 400
    assertContains(response, "This session has already started.", count=1, status_code=400)
    assert booked.status == AppointmentStatus.BOOKED


def test_cancel_page_for_a_cancelled_appointment_shows_the_error(signed_in, booked):
    booked.status = AppointmentStatus.CANCELLED
    booked.save()

    response = signed_in.post(f"/appointments/{booked.pk}/cancel/", {"reason": ""})

    assert response.status_code == 400
    assertContains(response, "This appointment is cancelled.", count=1, status_code=400)


def test_reschedule_page_lists_the_free_times_of_the_chosen_day(signed_in, service, booked):
    response = signed_in.get(
        f"/appointments/{booked.pk}/reschedule/", {"service": service.pk, "date": "2026-12-03"}
    )

    assert response.status_code == 200
    assert [shown for _, shown in slot_times(response)] == ["09:00", "11:00"]
    assertContains(
        response, f'<form method="get" action="/appointments/{booked.pk}/reschedule/"', count=1
    )


def test_reschedule_page_moves_the_appointment(signed_in, booked):
    response = signed_in.post(
        f"/appointments/{booked.pk}/reschedule/",
        {"start": "2026-12-03T16:00:00+00:00"},
        follow=True,
    )

    booked.refresh_from_db()
    assert response.redirect_chain == [("/appointments/", 302)]
    assert (booked.start, booked.end) == (utc(3, 16), utc(3, 17))
    assertContains(response, "The appointment is moved to Thu 3 Dec 2026, 11:00.", count=1)
    assertContains(response, "Thu 3 Dec 2026, 11:00</strong>&ndash;12:00", count=1)


def test_reschedule_page_onto_a_taken_time_shows_the_error(signed_in, service, maya, booked):
    AppointmentFactory(therapist=maya, service=service, start=utc(4, 15))

    response = signed_in.post(
        f"/appointments/{booked.pk}/reschedule/", {"start": "2026-12-04T15:00:00+00:00"}
    )

    booked.refresh_from_db()
    assert response.status_code == 400
    assert response.context["form"].errors == {"__all__": [SLOT_TAKEN]}
    assertContains(response, f"<div>{SLOT_TAKEN}</div>", count=1, status_code=400)
    assert booked.start == utc(3, 15)


@pytest.mark.parametrize("start", ["later", "9999-12-31T22:00:00-05:00"])
def test_reschedule_page_with_a_malformed_time_shows_the_error(signed_in, booked, start):
    response = signed_in.post(f"/appointments/{booked.pk}/reschedule/", {"start": start})

    booked.refresh_from_db()
    assert response.status_code == 400
    assertContains(response, "<div>Enter a valid date/time.</div>", count=1, status_code=400)
    assert booked.start == utc(3, 15)
