"""Finding a therapist: the list of bookable therapists and each one's free times."""

import re
from datetime import datetime, time

import pytest
from pytest_django.asserts import assertContains

from tests.clock import frozen_at
from tests.factories import (
    AppointmentFactory,
    CredentialFactory,
    InsuredTherapistFactory,
    ServiceFactory,
    TherapistFactory,
    bookable_therapist,
)
from tests.pages import html
from tests.sessions.web import NOW, slot_times, utc
from therapists.credentials.models import CredentialStatus

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)


def test_therapist_list_shows_only_bookable_therapists_with_modalities(client, maya):
    CredentialFactory(therapist__display_name="Liam Pending", status=CredentialStatus.PENDING)
    CredentialFactory(
        therapist__display_name="Hannah Expired",
        issued_on=datetime(2020, 1, 1).date(),
        expires_on=datetime(2026, 11, 30).date(),
    )
    TherapistFactory(display_name="Noah Unlicensed")

    response = client.get("/therapists/")

    assert response.status_code == 200
    assert re.findall(r'<a href="/therapists/(\d+)/">([^<]+)</a>', html(response)) == [
        (str(maya.pk), "Maya Lindqvist")
    ]
    assert re.findall(r'<li class="list-inline-item[^"]*">([^<]+)</li>', html(response)) == [
        "Trigger point therapy",
        "PNF stretching",
    ]


def test_therapist_list_without_bookable_therapists_says_so(client):
    CredentialFactory(status=CredentialStatus.PENDING)

    response = client.get("/therapists/")

    assertContains(response, "No therapist can be booked at the moment.", count=1)


def test_therapist_page_lists_free_slots_of_the_chosen_day(client, service, maya):
    AppointmentFactory(therapist=maya, service=service, start=utc(2, 15))  # 10:00-11:00

    response = client.get(f"/therapists/{maya.pk}/", {"service": service.pk, "date": "2026-12-02"})

    assert response.status_code == 200
    assert slot_times(response) == [
        ("2026-12-02T14:00:00+00:00", "09:00"),
        ("2026-12-02T16:00:00+00:00", "11:00"),
    ]
    assertContains(response, "Free times on Wed 2 Dec 2026 (clinic time):", count=1)
    assertContains(response, '<form method="get" action="/appointments/new/" id="slot-form">')


def test_therapist_page_shows_today_after_the_minimum_notice_by_default(client, service):
    therapist = bookable_therapist(service, start=time(9), end=time(14))

    response = client.get(f"/therapists/{therapist.pk}/")

    assert [shown for _, shown in slot_times(response)] == [
        "12:00",
        "12:15",
        "12:30",
        "12:45",
        "13:00",
    ]
    assertContains(response, "Free times on Tue 1 Dec 2026 (clinic time):", count=1)


def test_therapist_page_for_a_day_without_free_times_says_so(client, service, maya):
    response = client.get(f"/therapists/{maya.pk}/", {"service": service.pk, "date": "2026-12-01"})

    assert slot_times(response) == []
    assertContains(response, "No free times on this day. Try another day.", count=1)


def test_therapist_page_for_a_longer_service_fits_it_in_the_hours(client, maya):
    ninety = ServiceFactory(name="Trigger point therapy", duration_minutes=90, buffer_minutes=15)
    maya.services.add(ninety)

    response = client.get(f"/therapists/{maya.pk}/", {"service": ninety.pk, "date": "2026-12-02"})

    # 90 minutes and a 15-minute buffer: the last start is 10:15, to be done by 12:00.
    assert [shown for _, shown in slot_times(response)] == [
        "09:00",
        "09:15",
        "09:30",
        "09:45",
        "10:00",
        "10:15",
    ]


@pytest.mark.parametrize("date", ["2026-02-30", "next week", "9999-12-31"])
def test_therapist_page_with_a_bad_date_shows_the_first_free_day(client, service, maya, date):
    response = client.get(f"/therapists/{maya.pk}/", {"service": service.pk, "date": date})

    assert response.status_code == 200
    assertContains(response, "Free times on Wed 2 Dec 2026 (clinic time):", count=1)


def test_therapist_page_of_a_non_bookable_therapist_is_a_404(client, service):
    pending = InsuredTherapistFactory(services=[service])
    CredentialFactory(therapist=pending, status=CredentialStatus.PENDING)

    response = client.get(f"/therapists/{pending.pk}/")

    assert response.status_code == 404
