"""A therapist's email settings: whether they get an email for each new booking."""

import pytest
from django.contrib.messages import get_messages
from pytest_django.asserts import assertContains

from tests.factories import TherapistFactory
from tests.pages import http_as

pytestmark = pytest.mark.django_db

URL = "/therapists/me/preferences/"


def test_the_page_shows_new_booking_emails_on_by_default():
    therapist = TherapistFactory()

    response = http_as(therapist.user).get(URL)

    assertContains(response, "<title>Email settings", count=1)
    assertContains(
        response,
        '<input type="checkbox" name="booking_emails" class="checkboxinput form-check-input" '
        'aria-describedby="id_booking_emails_helptext" id="id_booking_emails" checked>',
        count=1,
        html=True,
    )


def test_turning_them_off_saves_and_says_so():
    therapist = TherapistFactory()

    response = http_as(therapist.user).post(URL, {})

    therapist.refresh_from_db()
    assert (response.status_code, response.headers["Location"]) == (302, URL)
    assert therapist.booking_emails is False
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Your email settings are saved."
    ]


def test_turning_them_back_on():
    therapist = TherapistFactory(booking_emails=False)

    http_as(therapist.user).post(URL, {"booking_emails": "on"})

    therapist.refresh_from_db()
    assert therapist.booking_emails is True


def test_the_profile_page_links_to_them():
    therapist = TherapistFactory()

    response = http_as(therapist.user).get("/therapists/me/")

    assertContains(response, f'href="{URL}">Email settings</a>', count=1)
