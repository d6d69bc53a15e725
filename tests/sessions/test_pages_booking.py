"""Booking on the site: the confirmation page, and each refusal shown on it."""

import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from sessions.models import Appointment
from sessions.services import SLOT_TAKEN
from tests.clock import frozen_at
from tests.factories import AppointmentFactory, CredentialFactory, InsuredTherapistFactory
from tests.pages import html
from tests.sessions.web import NOW, rows, utc
from therapists.credentials.models import CredentialStatus

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)


def choice_query(therapist, service, start: str = "2026-12-02T15:00:00+00:00") -> dict:
    return {"therapist": therapist.pk, "service": service.pk, "start": start}


def test_confirm_page_shows_the_choice(signed_in, service, maya):
    response = signed_in.get("/appointments/new/", choice_query(maya, service))

    assert response.status_code == 200
    assert re.findall(r'<dd class="col-sm-8">(.+?)</dd>', html(response)) == [
        "Maya Lindqvist",
        'Trigger point therapy (60 min) &middot; <span id="price">CAD 110.00</span>',
        "Wed 2 Dec 2026, 10:00",
    ]
    assertContains(response, '<input type="hidden" name="start" value="2026-12-02T15:00:00+00:00">')


def test_confirm_page_without_a_choice_offers_to_choose(signed_in):
    response = signed_in.get("/appointments/new/")

    assert response.status_code == 200
    assertContains(response, "Choose a therapist and a time", count=1)
    assertNotContains(response, "Book this session")


def test_booking_redirects_to_my_appointments_which_shows_it(signed_in, service, maya):
    response = signed_in.post("/appointments/new/", choice_query(maya, service), follow=True)

    appointment = Appointment.objects.get()
    assert response.redirect_chain == [("/appointments/", 302)]
    assert rows(response, "upcoming") == [appointment.pk]
    assert (appointment.start, appointment.end) == (utc(2, 15), utc(2, 16))
    assertContains(
        response,
        "Booked: Trigger point therapy (60 min) with Maya Lindqvist on Wed 2 Dec 2026, 10:00.",
        count=1,
    )
    assertContains(response, "Wed 2 Dec 2026, 10:00</strong>&ndash;11:00", count=1)


def test_booking_a_taken_slot_rerenders_with_the_error(signed_in, service, maya):
    AppointmentFactory(therapist=maya, service=service, start=utc(2, 15))

    response = signed_in.post(
        "/appointments/new/", choice_query(maya, service, "2026-12-02T15:30:00+00:00")
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {"start": [SLOT_TAKEN]}
    assertContains(response, f"<div>{SLOT_TAKEN}</div>", count=1, status_code=400)
    assert Appointment.objects.count() == 1


def test_booking_too_soon_rerenders_with_the_error(signed_in, service, maya):
    response = signed_in.post(
        "/appointments/new/", choice_query(maya, service, "2026-12-01T16:00:00+00:00")
    )

    assert response.status_code == 400
    assertContains(
        response,
        "<div>Sessions must be booked at least 2 hours ahead.</div>",
        count=1,
        status_code=400,
    )
    assert Appointment.objects.count() == 0


def test_booking_a_non_bookable_therapist_rerenders_with_the_error(signed_in, service):
    pending = InsuredTherapistFactory(services=[service])
    CredentialFactory(therapist=pending, status=CredentialStatus.PENDING)

    response = signed_in.post("/appointments/new/", choice_query(pending, service))

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "therapist": ["This therapist can't be booked for that date."]
    }
    assert Appointment.objects.count() == 0


@pytest.mark.parametrize(
    ("start", "error"),
    [
        ("soon", "Enter a valid date/time."),
        ("9999-12-31T22:00:00-05:00", "Enter a valid date/time."),
        ("", "This field is required."),
    ],
)
def test_booking_with_a_malformed_time_is_a_400(signed_in, service, maya, start, error):
    response = signed_in.post("/appointments/new/", choice_query(maya, service, start))

    assert response.status_code == 400
    assert response.context["form"].errors == {"start": [error]}
