"""A client who signed up books once their email address is confirmed; the desk may book
for them before."""

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains

from sessions.models import Appointment
from sessions.services import EMAIL_UNCONFIRMED
from tests.api import api_as
from tests.clock import frozen_at
from tests.factories import ClientFactory, DeskFactory
from tests.sessions.web import APPOINTMENTS_URL, NOW

pytestmark = pytest.mark.django_db

START = "2026-12-02T10:00:00-05:00"

frozen = frozen_at(NOW)


@pytest.fixture
def unconfirmed():
    return ClientFactory(email_confirmed_at=None)


def book_through_the_api(user, therapist, service, **extra):
    body = {"therapist": therapist.pk, "service": service.pk, "start": START, **extra}
    return api_as(user).post(APPOINTMENTS_URL, body, format="json")


def test_an_unconfirmed_client_is_refused_by_the_api_with_the_way_out(
    unconfirmed, therapist, service
):
    response = book_through_the_api(unconfirmed, therapist, service)

    assert (response.status_code, response.json()) == (400, {"email": [EMAIL_UNCONFIRMED]})
    assert Appointment.objects.exists() is False


def test_an_unconfirmed_client_is_refused_on_the_booking_page(client, unconfirmed, maya, service):
    client.force_login(unconfirmed)

    response = client.post(
        "/appointments/new/",
        {"therapist": maya.pk, "service": service.pk, "start": "2026-12-02T15:00:00+00:00"},
    )

    assert response.context["form"].non_field_errors() == [EMAIL_UNCONFIRMED]
    assertContains(response, "Confirm your email address", status_code=400)
    assert Appointment.objects.exists() is False


def test_once_confirmed_the_client_books(unconfirmed, therapist, service):
    unconfirmed.email_confirmed_at = timezone.now()
    unconfirmed.save()

    response = book_through_the_api(unconfirmed, therapist, service)

    assert response.status_code == 201


def test_the_desk_books_for_an_unconfirmed_client(unconfirmed, therapist, service):
    response = book_through_the_api(DeskFactory(), therapist, service, client=unconfirmed.pk)

    assert response.status_code == 201
    assert Appointment.objects.get().client == unconfirmed
